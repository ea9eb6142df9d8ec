"""The enclave wallet's answers checked with eth-account, independently of EtherKeep's code.

stdin:  {"transactions": ["0x<raw signed tx>"], "keys": ["<64 hex secret key>"]}
stdout: {"transactions": [{"from": "0x…", "hash": "0x…", "type": n, "chainId": n, "nonce": n, "to": "0x…",
          "value": "<wei>", "gas": n, "gasPrice"/"maxFeePerGas"/"maxPriorityFeePerGas": "<wei>", "data": "0x…"}],
         "addresses": ["0x<EIP-55 address of each key>"]}
"""
import json
import sys

from eth_account import Account
from eth_account._utils.legacy_transactions import Transaction as LegacyTransaction
from eth_account.typed_transactions import TypedTransaction
from eth_utils import keccak
from hexbytes import HexBytes


def decode(raw_hex):
    raw = HexBytes(raw_hex)
    if raw[0] < 0x80:
        fields = TypedTransaction.from_bytes(raw).as_dict()
    else:
        fields = LegacyTransaction.from_bytes(raw).as_dict()
        fields["type"] = 0
        v = fields["v"]
        fields["chainId"] = (v - 35) // 2 if v >= 35 else None
    out = {
        "from": Account.recover_transaction(raw_hex),
        "hash": "0x" + keccak(raw).hex(),
        "type": fields["type"],
        "chainId": fields["chainId"],
        "nonce": fields["nonce"],
        "to": "0x" + bytes(fields["to"]).hex(),
        "value": str(fields["value"]),
        "gas": fields["gas"],
        "data": "0x" + bytes(fields["data"]).hex(),
    }
    for name in ("gasPrice", "maxFeePerGas", "maxPriorityFeePerGas"):
        if name in fields:
            out[name] = str(fields[name])
    return out


def main():
    request = json.load(sys.stdin)
    json.dump({
        "transactions": [decode(raw) for raw in request.get("transactions", [])],
        "addresses": [Account.from_key(bytes.fromhex(key)).address for key in request.get("keys", [])],
    }, sys.stdout)


main()
