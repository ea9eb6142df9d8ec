"""Reads a keygen key table back without EtherKeep's code: boto3 for DynamoDB and KMS, hashlib
and pycryptodome for the EIP-2335 keystore, py_ecc for BLS, and EIP-2333/BIP-39 written out here
from the specs. For every row: decrypt the record (KMS), decrypt the keystore with its password,
check the public key, verify the deposit signature, and re-derive the key from the mnemonic.

usage: read_table.py ENDPOINT_URL TABLE     stdout: {"rows": [{...checks...}]}
"""
import base64
import hashlib
import hmac
import json
import sys
import unicodedata

import boto3
from Crypto.Cipher import AES
from py_ecc.bls import G2ProofOfPossession as bls

R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001


def sha256(b):
    return hashlib.sha256(b).digest()


def hkdf_expand(prk, info, length):
    out, t, i = b"", b"", 1
    while len(out) < length:
        t = hmac.new(prk, t + info + bytes([i]), hashlib.sha256).digest()
        out += t
        i += 1
    return out[:length]


def hkdf_mod_r(ikm, key_info=b""):  # EIP-2333 HKDF_mod_r
    salt, sk = b"BLS-SIG-KEYGEN-SALT-", 0
    while sk == 0:
        salt = sha256(salt)
        prk = hmac.new(salt, ikm + b"\x00", hashlib.sha256).digest()
        sk = int.from_bytes(hkdf_expand(prk, key_info + (48).to_bytes(2, "big"), 48), "big") % R
    return sk


def ikm_to_lamport_sk(ikm, salt):
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    okm = hkdf_expand(prk, b"", 8160)
    return [okm[i:i + 32] for i in range(0, 8160, 32)]


def derive_child_sk(parent, index):
    salt, ikm = index.to_bytes(4, "big"), parent.to_bytes(32, "big")
    lamport = ikm_to_lamport_sk(ikm, salt) + ikm_to_lamport_sk(bytes(b ^ 0xFF for b in ikm), salt)
    return hkdf_mod_r(sha256(b"".join(sha256(x) for x in lamport)))


def derive_path(seed, path):
    sk = hkdf_mod_r(seed)
    for index in path:
        sk = derive_child_sk(sk, index)
    return sk


# EIP-2333 test case 0, a fact from the spec: the derivation above must reproduce it.
assert hkdf_mod_r(bytes.fromhex(
    "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04"
)) == 6083874454709270928345386274498605044986640685124978867557563392430687146096


def bip39_seed(mnemonic):
    words = unicodedata.normalize("NFKD", mnemonic).encode()
    return hashlib.pbkdf2_hmac("sha512", words, b"mnemonic", 2048, 64)


def keystore_secret(keystore, password):  # EIP-2335 decryption
    kdf, crypto = keystore["crypto"]["kdf"], keystore["crypto"]
    pw = bytes(c for c in unicodedata.normalize("NFKD", password).encode()
               if not (c < 0x20 or c == 0x7F))
    p = kdf["params"]
    if kdf["function"] == "scrypt":
        key = hashlib.scrypt(pw, salt=bytes.fromhex(p["salt"]), n=p["n"], r=p["r"], p=p["p"], dklen=p["dklen"], maxmem=2**31 - 1)
    else:
        key = hashlib.pbkdf2_hmac("sha256", pw, bytes.fromhex(p["salt"]), p["c"], p["dklen"])
    message = bytes.fromhex(crypto["cipher"]["message"])
    assert sha256(key[16:32] + message).hex() == crypto["checksum"]["message"], "keystore checksum"
    iv = bytes.fromhex(crypto["cipher"]["params"]["iv"])
    return AES.new(key[:16], AES.MODE_CTR, initial_value=iv, nonce=b"").decrypt(message)


def hash_tree_root_deposit_message(pubkey, credentials, amount):
    chunks = [sha256(pubkey + b"\x00" * 16), credentials, amount.to_bytes(8, "little") + b"\x00" * 24, b"\x00" * 32]
    return sha256(sha256(chunks[0] + chunks[1]) + sha256(chunks[2] + chunks[3]))


def deposit_signature_valid(d):
    pubkey, creds = bytes.fromhex(d["pubkey"]), bytes.fromhex(d["withdrawal_credentials"])
    fork_data_root = sha256(bytes.fromhex(d["fork_version"]) + b"\x00" * 28 + b"\x00" * 32)
    domain = bytes.fromhex("03000000") + fork_data_root[:28]
    message_root = hash_tree_root_deposit_message(pubkey, creds, int(d["amount"]))
    assert message_root.hex() == d["deposit_message_root"], "deposit_message_root"
    return bls.Verify(pubkey, sha256(message_root + domain), bytes.fromhex(d["signature"]))


def main():
    endpoint, table = sys.argv[1], sys.argv[2]
    ddb = boto3.client("dynamodb", endpoint_url=endpoint)
    kms = boto3.client("kms", endpoint_url=endpoint)
    items, start = [], None
    while True:
        page = ddb.scan(TableName=table, **({"ExclusiveStartKey": start} if start else {}))
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    rows = []
    for item in items:
        blob = base64.b64decode(item["encrypted_key_password_mnemonic_b64"]["S"])
        record = json.loads(kms.decrypt(CiphertextBlob=blob)["Plaintext"])
        keystore = json.loads(base64.b64decode(record["keystore_b64"]))
        password = base64.b64decode(record["password_b64"]).decode()
        mnemonic = base64.b64decode(record["mnemonic_b64"]).decode()
        secret = keystore_secret(keystore, password)
        pubkey = item["pubkey"]["S"]
        index = int(keystore["path"].split("/")[3])
        rederived = derive_path(bip39_seed(mnemonic), [12381, 3600, index, 0, 0])
        deposits = json.loads(base64.b64decode(item["deposit_json_b64"]["S"]))
        rows.append({
            "pubkey": pubkey,
            "web3signer_uuid": item["web3signer_uuid"]["S"],
            "active": item["active"]["BOOL"],
            "chain": item["chain"]["S"],
            "datetime": item["datetime"]["S"],
            "path": keystore["path"],
            "keystore_pubkey_matches": keystore["pubkey"] == pubkey and bls.SkToPk(int.from_bytes(secret, "big")).hex() == pubkey,
            "deposit_count": len(deposits),
            "deposit_pubkey_matches": deposits[0]["pubkey"] == pubkey,
            "deposit_signature_valid": deposit_signature_valid(deposits[0]),
            "withdrawal_credentials": deposits[0]["withdrawal_credentials"],
            "amount": deposits[0]["amount"],
            "network_name": deposits[0]["network_name"],
            "rederived_matches": rederived == int.from_bytes(secret, "big"),
            "mnemonic_words": len(mnemonic.split()),
            "mnemonic": hashlib.sha256(mnemonic.encode()).hexdigest(),  # fingerprint only, never the words
            "password_length": len(password),
        })
    json.dump({"rows": rows}, sys.stdout)


main()
