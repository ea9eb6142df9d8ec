"""Recovers signers with eth-account, independently of EtherKeep's own recovery code.

stdin: {"transactions": ["0x<raw signed tx>"], "messages": [{"message": "0x<bytes>", "signature": "0x.."}],
        "typedData": [{"data": {<eth_signTypedData_v4 JSON>}, "signature": "0x.."}]}
stdout: {"transactions": ["0x<sender>"], "messages": ["0x<signer>"], "typedData": ["0x<signer>"]}
"""
import json
import sys

from eth_account import Account
from eth_account.messages import encode_defunct, encode_typed_data


def main():
    req = json.load(sys.stdin)
    out = {
        "transactions": [Account.recover_transaction(raw) for raw in req.get("transactions", [])],
        "messages": [
            Account.recover_message(encode_defunct(primitive=bytes.fromhex(m["message"][2:])), signature=m["signature"])
            for m in req.get("messages", [])
        ],
        "typedData": [
            Account.recover_message(encode_typed_data(full_message=t["data"]), signature=t["signature"])
            for t in req.get("typedData", [])
        ],
    }
    json.dump(out, sys.stdout)


main()
