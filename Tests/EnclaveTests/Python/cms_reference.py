"""KMS-shaped CiphertextForRecipient (CMS EnvelopedData, RFC 5652 §6) for the Enclave differential test.

An independent implementation: `cryptography` does RSAES-OAEP and AES-256-CBC with PKCS#7 padding,
`asn1crypto` builds the CMS structures (DER), and a small TLV rewriter re-emits them as BER the way
KMS sends them (indefinite lengths, the encrypted content as a constructed [0] of OCTET STRING
chunks), or more loosely still. Every output is read back with asn1crypto as a self-check.

stdin:  {"spki": hex SubjectPublicKeyInfo DER,
         "cases": [{"plaintext": hex, "form": "der" | "ber" | "ber-all" | "ber-long", "chunk": int,
                    "variant": {...}}]}
stdout: {"results": [hex]}

form: "der" definite lengths; "ber" KMS's shape (ContentInfo, [0], EnvelopedData, EncryptedContentInfo
and encryptedContent indefinite, content in `chunk`-byte pieces); "ber-all" every constructed node
indefinite, every OCTET STRING longer than `chunk` split into chunks, the content's with a nested
constructed chunk; "ber-long" definite lengths in non-minimal long form.

variant (each key optional; all for negative tests): content_type, encrypted_content_type,
key_transport, content_encryption (dotted OIDs); oaep_hash, oaep_mgf_hash ("sha1", "sha256",
"sha384"); oaep_params_absent, hash_params_absent, explicit_empty_label (bool); oaep_label (hex);
iv_length, version, ktri_version (int); second_recipient, unprotected_attrs (bool);
bad_padding ("zero", "long", "inconsistent"); trailing (hex).
"""
import copy
import hashlib
import json
import os
import sys

from asn1crypto import algos, cms, core
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asym
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

HASHES = {"sha1": hashes.SHA1, "sha256": hashes.SHA256, "sha384": hashes.SHA384}


def digest_algorithm(name):
    return {"algorithm": name, "parameters": core.Null()}


def content(plaintext, v):
    """AES-256-CBC under a fresh key and IV, PKCS#7 padded (or deliberately badly padded)."""
    key, iv = os.urandom(32), os.urandom(16)
    bad = v.get("bad_padding")
    if bad is None:
        padder = padding.PKCS7(128).padder()
        padded = padder.update(plaintext) + padder.finalize()
    else:
        n = 16 - len(plaintext) % 16
        pad = {"zero": bytes(n - 1) + b"\x00", "long": bytes([17]) * n, "inconsistent": bytes([n ^ 1]) * (n - 1) + bytes([n])}[bad]
        # One byte short of a block: claim two bytes of padding over a byte that is not 2.
        padded = plaintext[:-1] + b"\x03\x02" if bad == "inconsistent" and n == 1 else plaintext + pad
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return key, iv, encryptor.update(padded) + encryptor.finalize()


def envelope(public_key, spki, plaintext, v):
    key, iv, ciphertext = content(plaintext, v)
    hash_name, mgf_name = v.get("oaep_hash", "sha256"), v.get("oaep_mgf_hash", "sha256")
    label = bytes.fromhex(v.get("oaep_label", ""))
    oaep = asym.OAEP(mgf=asym.MGF1(HASHES[mgf_name]()), algorithm=HASHES[hash_name](), label=label or None)
    params = {
        "hash_algorithm": digest_algorithm(hash_name),
        "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": digest_algorithm(mgf_name)},
    }
    if label:
        params["p_source_algorithm"] = {"algorithm": "p_specified", "parameters": label}
    key_encryption = {"algorithm": "rsaes_oaep"}
    if not v.get("oaep_params_absent"):
        key_encryption["parameters"] = algos.RSAESOAEPParams(params)
    ktri = cms.KeyTransRecipientInfo({
        "version": "v2",
        # KMS puts the SHA-256 of the recipient's SubjectPublicKeyInfo here.
        "rid": cms.RecipientIdentifier({"subject_key_identifier": hashlib.sha256(spki).digest()}),
        "key_encryption_algorithm": cms.KeyEncryptionAlgorithm(key_encryption),
        "encrypted_key": public_key.encrypt(key, oaep),
    })
    enveloped = cms.EnvelopedData({
        "version": "v2",
        "recipient_infos": [cms.RecipientInfo({"ktri": ktri})],
        "encrypted_content_info": {
            "content_type": "data",
            "content_encryption_algorithm": {"algorithm": "aes256_cbc", "parameters": iv},
            "encrypted_content": ciphertext,
        },
    })
    return cms.ContentInfo({"content_type": "enveloped_data", "content": enveloped}).dump(force=True)


# A TLV tree: [identifier byte, children list] (constructed) or [identifier byte, content bytes].
def parse(data, at=0):
    tag, first = data[at], data[at + 1]
    at += 2
    if first & 0x80:
        n = first & 0x7F
        length, at = int.from_bytes(data[at:at + n], "big"), at + n
    else:
        length = first
    body, end = data[at:at + length], at + length
    if tag & 0x20:
        children, i = [], 0
        while i < len(body):
            child, i = parse(body, i)
            children.append(child)
        return [tag, children], end
    return [tag, bytes(body)], end


def oid(dotted):
    return core.ObjectIdentifier(dotted).contents


def integer(value):
    return core.Integer(value).contents


def apply(tree, v):
    enveloped = tree[1][1][1][0]
    recipients, eci = enveloped[1][1], enveloped[1][2]
    ktri = recipients[1][0]
    if "content_type" in v:
        tree[1][0][1] = oid(v["content_type"])
    if "version" in v:
        enveloped[1][0][1] = integer(v["version"])
    if "ktri_version" in v:
        ktri[1][0][1] = integer(v["ktri_version"])
    if "key_transport" in v:
        ktri[1][2][1][0][1] = oid(v["key_transport"])
    if v.get("hash_params_absent"):  # asn1crypto always writes NULL; RFC 4055 §2.1 allows leaving it out
        params = ktri[1][2][1][1][1]
        params[0][1][0][1].pop()
        params[1][1][0][1][1][1].pop()
    if v.get("explicit_empty_label"):
        p_source = [0xA2, [[0x30, [[0x06, oid("1.2.840.113549.1.1.9")], [0x04, b""]]]]]
        ktri[1][2][1][1][1].append(p_source)
    if v.get("second_recipient"):
        recipients[1].append(copy.deepcopy(ktri))
    if "encrypted_content_type" in v:
        eci[1][0][1] = oid(v["encrypted_content_type"])
    if "content_encryption" in v:
        eci[1][1][1][0][1] = oid(v["content_encryption"])
    if "iv_length" in v:
        iv = eci[1][1][1][1][1]
        eci[1][1][1][1][1] = (iv * 2)[: v["iv_length"]]
    if v.get("unprotected_attrs"):
        attribute = [0x30, [[0x06, oid("1.2.3.4")], [0x31, [[0x05, b""]]]]]
        enveloped[1].append([0xA1, [attribute]])


def length(n, long_form=False):
    if n < 0x80 and not long_form:
        return bytes([n])
    raw = n.to_bytes(max(2, (n.bit_length() + 7) // 8), "big") if long_form else n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def chunked(tag, body, chunk, nested):
    pieces = [body[i:i + chunk] for i in range(0, len(body), chunk)] or [b""]
    if nested and len(pieces) > 2:  # a constructed chunk inside the constructed string (X.690 §8.7.3.2)
        inner = b"".join(b"\x04" + length(len(p)) + p for p in pieces[1:3])
        parts = [b"\x04" + length(len(pieces[0])) + pieces[0], b"\x24\x80" + inner + b"\x00\x00"]
        parts += [b"\x04" + length(len(p)) + p for p in pieces[3:]]
    else:
        parts = [b"\x04" + length(len(p)) + p for p in pieces]
    return bytes([tag | 0x20]) + b"\x80" + b"".join(parts) + b"\x00\x00"


KMS_INDEFINITE = {(), (1,), (1, 0), (1, 0, 2)}


def emit(node, form, chunk, path=()):
    tag, body = node
    if path == (1, 0, 2, 2) and form in ("ber", "ber-all"):
        return chunked(tag, body, chunk, nested=form == "ber-all")
    if isinstance(body, list):
        inner = b"".join(emit(c, form, chunk, path + (i,)) for i, c in enumerate(body))
        if form == "ber-all" or (form == "ber" and path in KMS_INDEFINITE):
            return bytes([tag]) + b"\x80" + inner + b"\x00\x00"
        return bytes([tag]) + length(len(inner), form == "ber-long") + inner
    if form == "ber-all" and tag in (0x04, 0x80) and len(body) > chunk:
        return chunked(tag, body, chunk, nested=False)
    return bytes([tag]) + length(len(body), form == "ber-long") + body


def main():
    request = json.load(sys.stdin)
    spki = bytes.fromhex(request["spki"])
    public_key = serialization.load_der_public_key(spki)
    results = []
    for case in request["cases"]:
        v = case.get("variant", {})
        der = envelope(public_key, spki, bytes.fromhex(case["plaintext"]), v)
        tree, end = parse(der)
        assert end == len(der)
        apply(tree, v)
        out = emit(tree, case.get("form", "ber"), max(1, case.get("chunk", 1024)))
        # Self-check: asn1crypto reads the BER back to the same structure (it cannot read an
        # indefinite-length RecipientInfo, so "ber-all" is left to the TLV rewriter).
        if not v and case.get("form", "ber") != "ber-all":
            assert cms.ContentInfo.load(out).native == cms.ContentInfo.load(der).native
        results.append((out + bytes.fromhex(v.get("trailing", ""))).hex())
    json.dump({"results": results}, sys.stdout)


main()
