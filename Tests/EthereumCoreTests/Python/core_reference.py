"""Reference values for EthereumCore's differential test, from PyPI libraries.

Reads one JSON object on stdin: {"keccak": [hex...], "rlp": [nested lists of hex strings...],
"addresses": [hex...]}; writes {"keccak": [hex...], "rlp": [hex...], "addresses": [eip55...]}.
Keccak-256 from pycryptodome, RLP from `rlp` (pyrlp), EIP-55 from eth-utils.
"""
import json
import sys

import rlp
from Crypto.Hash import keccak
from eth_utils import to_checksum_address


def to_item(x):
    return [to_item(i) for i in x] if isinstance(x, list) else bytes.fromhex(x)


def main():
    req = json.load(sys.stdin)
    out = {
        "keccak": [keccak.new(digest_bits=256, data=bytes.fromhex(h)).hexdigest() for h in req["keccak"]],
        "rlp": [rlp.encode(to_item(x)).hex() for x in req["rlp"]],
        "addresses": [to_checksum_address("0x" + h) for h in req["addresses"]],
    }
    json.dump(out, sys.stdout)


main()
