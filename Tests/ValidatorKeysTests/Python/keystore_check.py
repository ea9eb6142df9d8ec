#!/usr/bin/env python3
"""Independent EIP-2335 keystore decryption for EtherKeep's differential tests.

Reads JSON from stdin: {"cases": [{"keystore": <keystore JSON object>, "password": str}]}.
Writes JSON to stdout: {"secrets": [hex or null]} (null: checksum mismatch).
Uses only hashlib (scrypt, pbkdf2_hmac, sha256) and the `cryptography` package (AES-128-CTR),
and normalises passwords as EIP-2335 says (NFKD, C0/C1/DEL control codes removed).
"""
import hashlib
import json
import sys
import unicodedata

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def normalise(password: str) -> bytes:
    text = unicodedata.normalize("NFKD", password)
    return "".join(c for c in text if not (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F)).encode("utf-8")


def decrypt(keystore: dict, password: str):
    crypto = keystore["crypto"]
    kdf = crypto["kdf"]
    params = kdf["params"]
    salt = bytes.fromhex(params["salt"])
    pw = normalise(password)
    if kdf["function"] == "scrypt":
        n, r, p = params["n"], params["r"], params["p"]
        dk = hashlib.scrypt(pw, salt=salt, n=n, r=r, p=p, dklen=params["dklen"], maxmem=2 * 128 * n * r * p + (1 << 20))
    elif kdf["function"] == "pbkdf2":
        assert params["prf"] == "hmac-sha256"
        dk = hashlib.pbkdf2_hmac("sha256", pw, salt, params["c"], params["dklen"])
    else:
        raise ValueError("unknown kdf " + kdf["function"])
    message = bytes.fromhex(crypto["cipher"]["message"])
    if hashlib.sha256(dk[16:32] + message).hexdigest() != crypto["checksum"]["message"]:
        return None
    iv = bytes.fromhex(crypto["cipher"]["params"]["iv"])
    decryptor = Cipher(algorithms.AES(dk[:16]), modes.CTR(iv)).decryptor()
    return (decryptor.update(message) + decryptor.finalize()).hex()


def main() -> None:
    request = json.load(sys.stdin)
    json.dump({"secrets": [decrypt(c["keystore"], c["password"]) for c in request["cases"]]}, sys.stdout)


if __name__ == "__main__":
    main()
