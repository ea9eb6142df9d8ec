"""Keystore V3 round trips through eth-account (eth-keyfile) for the differential test.

stdin: {"decrypt": [{"keystore": {...}, "password": str}],
        "encrypt": [{"key": hex, "password": str, "kdf": "scrypt"|"pbkdf2", "iterations": int}]}
stdout: {"decrypted": [hex], "encrypted": [keystore]}
"""
import json
import sys

from eth_account import Account


def main():
    req = json.load(sys.stdin)
    out = {
        "decrypted": ["0x" + bytes(Account.decrypt(i["keystore"], i["password"])).hex() for i in req["decrypt"]],
        "encrypted": [Account.encrypt(i["key"], i["password"], kdf=i["kdf"], iterations=i["iterations"]) for i in req["encrypt"]],
    }
    json.dump(out, sys.stdout)


main()
