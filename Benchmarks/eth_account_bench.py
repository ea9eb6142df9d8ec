"""eth-account side of `etherkeep bench accounts`: the same work, timed in the same run.

stdin: {"key": hex, "tx": {...}, "iterations": int, "keccakMiB": int, "smallHashes": int}
stdout: {"raw": hex, "txPerSecond": float, "keccakMBPerSecond": float, "smallHashesPerSecond": float,
         "backend": str, "versions": {...}}
"""
import json
import sys
import time
from importlib.metadata import version

from eth_account import Account
from eth_hash.auto import keccak
from eth_keys import KeyAPI


def main():
    req = json.load(sys.stdin)
    key, tx, n = req["key"], req["tx"], req["iterations"]
    signed = Account.sign_transaction(tx, key)
    start = time.perf_counter()
    for _ in range(n):
        Account.sign_transaction(tx, key)
    tx_rate = n / (time.perf_counter() - start)

    block = bytes(range(256)) * 4096  # 1 MiB
    start = time.perf_counter()
    for _ in range(req["keccakMiB"]):
        keccak(block)
    mb_rate = req["keccakMiB"] * len(block) / 1e6 / (time.perf_counter() - start)

    small = bytes(32)
    start = time.perf_counter()
    for _ in range(req["smallHashes"]):
        keccak(small)
    small_rate = req["smallHashes"] / (time.perf_counter() - start)

    json.dump({
        "raw": "0x" + bytes(signed.raw_transaction).hex().removeprefix("0x"),
        "txPerSecond": tx_rate,
        "keccakMBPerSecond": mb_rate,
        "smallHashesPerSecond": small_rate,
        "backend": type(KeyAPI().backend).__name__,
        "versions": {p: version(p) for p in ("eth-account", "eth-keys", "eth-hash", "pycryptodome", "coincurve")},
    }, sys.stdout)


main()
