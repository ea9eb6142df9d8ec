"""Reference results from eth-account for EthereumTransactions' differential test.

stdin: {"transactions": [{"key", "tx", "swiftRaw"}], "messages": [{"key", "message"}],
        "typedData": [{"key", "data"}]}
stdout: {"transactions": [{"raw", "hash", "swiftSender"}], "messages": [{"signature"}],
         "typedData": [{"signature"}]}
All byte strings are 0x-hex. `swiftSender` is the sender eth-account recovers from the raw
transaction the Swift side produced, so decoding is checked in both directions.
"""
import json
import sys

from eth_account import Account
from eth_account.messages import encode_defunct


def hx(b):
    h = bytes(b).hex()
    return h if h.startswith("0x") else "0x" + h


def main():
    req = json.load(sys.stdin)
    out = {"transactions": [], "messages": [], "typedData": []}
    for item in req.get("transactions", []):
        tx = item["tx"]
        # eth-account infers legacy from the fields and refuses an explicit type 0.
        if tx.get("type") in (0, "0x0"):
            del tx["type"]
        # eth-account only knows the `data` spelling of JSON-RPC's `input`.
        if "input" in tx:
            tx["data"] = tx.pop("input")
        signed = Account.sign_transaction(tx, item["key"])
        out["transactions"].append({
            "raw": hx(signed.raw_transaction),
            "hash": hx(signed.hash),
            "swiftSender": Account.recover_transaction(item["swiftRaw"]),
        })
    for item in req.get("messages", []):
        message = encode_defunct(primitive=bytes.fromhex(item["message"][2:]))
        out["messages"].append({"signature": hx(Account.sign_message(message, item["key"]).signature)})
    for item in req.get("typedData", []):
        signed = Account.sign_typed_data(item["key"], full_message=item["data"])
        out["typedData"].append({"signature": hx(signed.signature)})
    json.dump(out, sys.stdout)


main()
