#!/usr/bin/env python3
"""Independent check of signed voluntary exits and BLS-to-execution changes for EtherKeep's tests.

Reads JSON from stdin: {"cases": [{"kind": "exit"|"change", "json": <the signed message object as
EtherKeep writes it>, "pubkey": hex (exits only), "fork_version": hex, "genesis_validators_root": hex}]}.
Writes {"valid": [bool, ...]}. SSZ roots are computed here with hashlib; signatures are verified
with blspy (blst, PopSchemeMPL = the Ethereum ciphersuite).
"""
import hashlib
import json
import sys

from blspy import G1Element, G2Element, PopSchemeMPL


def h(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def merkleize(chunks):
    chunks = list(chunks)
    while len(chunks) & (len(chunks) - 1):
        chunks.append(b"\0" * 32)
    while len(chunks) > 1:
        chunks = [h(chunks[i] + chunks[i + 1]) for i in range(0, len(chunks), 2)]
    return chunks[0]


def vector_root(data: bytes) -> bytes:
    data = data + b"\0" * (-len(data) % 32)
    return merkleize([data[i:i + 32] for i in range(0, len(data), 32)])


def uint64(value: int) -> bytes:
    return value.to_bytes(8, "little") + b"\0" * 24


def domain(domain_type: bytes, fork_version: bytes, gvr: bytes) -> bytes:
    return domain_type + merkleize([vector_root(fork_version), gvr])[:28]


def check(case) -> bool:
    msg = case["json"]["message"]
    fork_version = bytes.fromhex(case["fork_version"])
    gvr = bytes.fromhex(case["genesis_validators_root"])
    if case["kind"] == "exit":
        root = merkleize([uint64(int(msg["epoch"])), uint64(int(msg["validator_index"]))])
        dom = domain(bytes.fromhex("04000000"), fork_version, gvr)
        pubkey = bytes.fromhex(case["pubkey"])
    else:
        pubkey = bytes.fromhex(msg["from_bls_pubkey"][2:])
        address = bytes.fromhex(msg["to_execution_address"][2:])
        root = merkleize([uint64(int(msg["validator_index"])), vector_root(pubkey), vector_root(address)])
        dom = domain(bytes.fromhex("0a000000"), fork_version, gvr)
    signing_root = merkleize([root, dom])
    signature = bytes.fromhex(case["json"]["signature"][2:])
    return PopSchemeMPL.verify(G1Element.from_bytes(pubkey), signing_root, G2Element.from_bytes(signature))


def main() -> None:
    request = json.load(sys.stdin)
    json.dump({"valid": [check(c) for c in request["cases"]]}, sys.stdout)


if __name__ == "__main__":
    main()
