"""Reads a COSE_Sign1 attestation document independently of EtherKeep (cbor2 + cryptography).

Reads {"document": hex, "root_pem": str} on stdin. Checks the ES384 signature over
Sig_structure = ["Signature1", protected, h'', payload] with the leaf certificate's key, and that
the leaf is signed by the given root. Prints {"signature_valid", "chain_valid", "module_id",
"pcr0", "nonce", "public_key", "user_data"} (hex where bytes).
"""
import json
import sys

import cbor2
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def main():
    request = json.load(sys.stdin)
    message = cbor2.loads(bytes.fromhex(request["document"]))
    if isinstance(message, cbor2.CBORTag):
        message = message.value
    protected, _unprotected, payload, signature = message
    document = cbor2.loads(payload)
    leaf = x509.load_der_x509_certificate(document["certificate"])
    root = x509.load_pem_x509_certificate(request["root_pem"].encode())
    to_be_signed = cbor2.dumps(["Signature1", protected, b"", payload])
    r, s = int.from_bytes(signature[:48], "big"), int.from_bytes(signature[48:], "big")
    try:
        leaf.public_key().verify(encode_dss_signature(r, s), to_be_signed, ec.ECDSA(hashes.SHA384()))
        signature_valid = True
    except InvalidSignature:
        signature_valid = False
    try:
        leaf.verify_directly_issued_by(root)
        chain_valid = True
    except (InvalidSignature, ValueError, TypeError):
        chain_valid = False
    hexed = lambda value: value.hex() if value is not None else None
    json.dump({
        "signature_valid": signature_valid, "chain_valid": chain_valid, "module_id": document["module_id"],
        "pcr0": document["pcrs"][0].hex(), "nonce": hexed(document.get("nonce")),
        "public_key": hexed(document.get("public_key")), "user_data": hexed(document.get("user_data")),
    }, sys.stdout)


if __name__ == "__main__":
    main()
