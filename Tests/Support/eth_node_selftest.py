#!/usr/bin/env python3
"""Checks scripts/eth_node.py as a node, over HTTP, with transactions signed by eth-account.

    python3 Tests/Support/eth_node_selftest.py [URL]

With URL (scripts/test passes $ETHERKEEP_ETH_NODE_URL) it checks that node; without, it starts
its own on a free port and stops it. Exits non-zero on the first failed check. Takes about 2 s.
Each run uses fresh keys, so it may run against a node that tests use too.
"""

import json
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from eth_account import Account
from eth_utils import keccak

ETHER = 10**18
GWEI = 10**9
CONCURRENT_SENDS = 50
checks = 0


class RPCFailure(Exception):
    def __init__(self, error):
        super().__init__(f"{error['code']}: {error['message']}")
        self.code, self.message = error["code"], error["message"]


def post(url, payload):
    request = urllib.request.Request(url, json.dumps(payload).encode(),
                                     {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def rpc(url, method, *params):
    response = post(url, {"jsonrpc": "2.0", "id": 1, "method": method, "params": list(params)})
    if "error" in response:
        raise RPCFailure(response["error"])
    return response["result"]


def check(condition, what):
    global checks
    if not condition:
        raise AssertionError(what)
    checks += 1


def expect_error(url, code, text, method, *params):
    try:
        result = rpc(url, method, *params)
    except RPCFailure as e:
        check(e.code == code and text in e.message, f"{method}: error {code} '{text}', got {e}")
        return
    raise AssertionError(f"{method}: expected error '{text}', got result {result}")


def funded_account(url, wei):
    account = Account.create()
    rpc(url, "etherkeep_fund", account.address, hex(wei))
    check(int(rpc(url, "eth_getBalance", account.address, "latest"), 16) == wei, "funded balance")
    return account


def send(url, account, tx):
    raw = account.sign_transaction(tx).raw_transaction
    tx_hash = rpc(url, "eth_sendRawTransaction", "0x" + raw.hex())
    check(tx_hash == "0x" + keccak(raw).hex(), "transaction hash is keccak(raw)")
    return tx_hash


def check_kinds(url, chain_id):
    """Legacy, EIP-155, EIP-2930 and EIP-1559 transfers: mined, fields and balances exact."""
    account = funded_account(url, 10 * ETHER)
    to = Account.create().address
    base = {"to": to, "gas": 30000, "value": 1234}  # the access list costs 4,300 gas
    kinds = [
        ("0x0", {"gasPrice": GWEI}),                                       # legacy, no chain id
        ("0x0", {"gasPrice": GWEI, "chainId": chain_id}),                  # EIP-155
        ("0x1", {"gasPrice": GWEI, "chainId": chain_id, "accessList": [
            {"address": to, "storageKeys": ["0x" + "00" * 31 + "01"]}]}),  # EIP-2930
        ("0x2", {"maxFeePerGas": 2 * GWEI, "maxPriorityFeePerGas": GWEI // 2,
                 "chainId": chain_id}),                                    # EIP-1559
    ]
    balance = 10 * ETHER
    for nonce, (kind, fees) in enumerate(kinds):
        check(rpc(url, "eth_getTransactionCount", account.address, "pending") == hex(nonce),
              "pending nonce")
        tx_hash = send(url, account, dict(base, nonce=nonce, **fees))
        receipt = rpc(url, "eth_getTransactionReceipt", tx_hash)
        check(receipt["status"] == "0x1" and receipt["type"] == kind, f"type {kind} receipt")
        check(receipt["from"] == account.address and receipt["to"] == to, "receipt from/to")
        check(len(receipt["logsBloom"]) == 2 + 512, "receipt logsBloom is 256 bytes")
        tx = rpc(url, "eth_getTransactionByHash", tx_hash)
        check(tx["type"] == kind and tx["nonce"] == hex(nonce) and tx["value"] == hex(1234),
              f"type {kind} transaction")
        check(tx["blockNumber"] == receipt["blockNumber"] and tx["input"] == "0x", "tx block, input")
        if kind != "0x0" or "chainId" in fees:
            check(tx["chainId"] == hex(chain_id), "transaction chainId")
        balance -= 1234 + int(receipt["gasUsed"], 16) * int(receipt["effectiveGasPrice"], 16)
        check(int(rpc(url, "eth_getBalance", account.address, "latest"), 16) == balance,
              "balance after transfer")
    check(int(rpc(url, "eth_getBalance", to, "latest"), 16) == 4 * 1234, "recipient balance")
    return account


def check_rejections(url, chain_id, account):
    """Errors a node gives, as JSON-RPC error objects."""
    nonce = int(rpc(url, "eth_getTransactionCount", account.address, "pending"), 16)
    tx = {"to": account.address, "gas": 21000, "value": 1, "chainId": chain_id,
          "maxFeePerGas": 2 * GWEI, "maxPriorityFeePerGas": GWEI}

    def raw(**changes):
        return "0x" + account.sign_transaction(dict(tx, **changes)).raw_transaction.hex()

    expect_error(url, -32000, "nonce too low", "eth_sendRawTransaction", raw(nonce=nonce - 1))
    expect_error(url, -32000, "insufficient funds", "eth_sendRawTransaction",
                 raw(nonce=nonce, value=100 * ETHER))
    expect_error(url, -32000, "invalid chain id", "eth_sendRawTransaction",
                 raw(nonce=nonce, chainId=1))
    expect_error(url, -32000, "max fee per gas less than block base fee", "eth_sendRawTransaction",
                 raw(nonce=nonce, maxFeePerGas=1, maxPriorityFeePerGas=1))
    expect_error(url, -32000, "intrinsic gas too low", "eth_sendRawTransaction",
                 raw(nonce=nonce, gas=20000))
    expect_error(url, -32000, "invalid raw transaction", "eth_sendRawTransaction", "0x1234")
    expect_error(url, -32602, "invalid params", "eth_sendRawTransaction", "not hex")
    expect_error(url, -32601, "eth_noSuchMethod", "eth_noSuchMethod")
    check(rpc(url, "eth_getTransactionCount", account.address, "pending") == hex(nonce),
          "rejections leave the nonce")
    batch = post(url, [{"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []},
                       {"jsonrpc": "2.0", "id": 2, "method": "eth_noSuchMethod", "params": []}])
    check(batch[0]["result"] == hex(chain_id) and batch[1]["error"]["code"] == -32601, "batch")


def check_nonce_gap(url, chain_id):
    """A transaction after a nonce gap waits (pending, no receipt) until the gap is filled."""
    account = funded_account(url, ETHER)
    tx = {"to": account.address, "gas": 21000, "value": 1, "chainId": chain_id, "gasPrice": GWEI}
    second = send(url, account, dict(tx, nonce=1))
    pending = rpc(url, "eth_getTransactionByHash", second)
    check(pending["blockNumber"] is None and pending["nonce"] == "0x1", "held transaction pending")
    check(rpc(url, "eth_getTransactionReceipt", second) is None, "held transaction has no receipt")
    check(rpc(url, "eth_getTransactionCount", account.address, "pending") == "0x0",
          "held transaction is not in the pending nonce")
    send(url, account, dict(tx, nonce=0))
    check(rpc(url, "eth_getTransactionReceipt", second)["status"] == "0x1", "held then mined")
    check(rpc(url, "eth_getTransactionCount", account.address, "latest") == "0x2", "both mined")


def check_concurrent_sends(url, chain_id):
    """CONCURRENT_SENDS raw transactions from one account at once, consecutive nonces."""
    account = funded_account(url, ETHER)
    raws = [account.sign_transaction({"to": account.address, "gas": 21000, "value": n,
                                      "nonce": n, "chainId": chain_id, "maxFeePerGas": 2 * GWEI,
                                      "maxPriorityFeePerGas": GWEI}).raw_transaction
            for n in range(CONCURRENT_SENDS)]
    results, start = [None] * len(raws), threading.Barrier(len(raws))

    def worker(n):
        start.wait()
        try:
            results[n] = rpc(url, "eth_sendRawTransaction", "0x" + raws[n].hex())
        except Exception as e:
            results[n] = e

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(len(raws))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for n, result in enumerate(results):
        check(result == "0x" + keccak(raws[n]).hex(), f"concurrent send {n}: {result}")
        check(rpc(url, "eth_getTransactionReceipt", result)["status"] == "0x1", f"mined {n}")
    check(rpc(url, "eth_getTransactionCount", account.address, "latest") == hex(len(raws)),
          "all concurrent sends mined")


def check_reads(url, account):
    head = int(rpc(url, "eth_blockNumber"), 16)
    check(head > 0 and rpc(url, "eth_gasPrice").startswith("0x"), "blockNumber, gasPrice")
    check(int(rpc(url, "eth_maxPriorityFeePerGas"), 16) > 0, "maxPriorityFeePerGas")
    history = rpc(url, "eth_feeHistory", "0x4", "latest", [25, 75])
    check(history["oldestBlock"] == hex(head - 3) and len(history["baseFeePerGas"]) == 5
          and len(history["gasUsedRatio"]) == 4 and len(history["reward"]) == 4, "feeHistory")
    tx = {"from": account.address, "to": account.address, "value": "0x1"}
    check(rpc(url, "eth_estimateGas", tx) == hex(21000), "estimateGas")
    check(rpc(url, "eth_call", tx, "latest") == "0x", "call")
    check(len(rpc(url, "eth_accounts")) == 10, "accounts")
    check(rpc(url, "net_version") == str(int(rpc(url, "eth_chainId"), 16)), "net_version")


def run(url):
    chain_id = int(rpc(url, "eth_chainId"), 16)
    account = check_kinds(url, chain_id)
    check_rejections(url, chain_id, account)
    check_nonce_gap(url, chain_id)
    check_concurrent_sends(url, chain_id)
    check_reads(url, account)
    return chain_id


def main():
    began = time.monotonic()
    node = None
    if len(sys.argv) > 1:
        url = sys.argv[1]
    else:
        script = Path(__file__).resolve().parents[2] / "scripts" / "eth_node.py"
        node = subprocess.Popen([sys.executable, str(script), "--port", "0"],
                                stdout=subprocess.PIPE, text=True)
        url = node.stdout.readline().split()[1]
    try:
        chain_id = run(url)
    finally:
        if node:
            node.terminate()
            node.wait(10)
    print(f"eth_node_selftest: {checks} checks ok against {url} (chain id {chain_id}) "
          f"in {time.monotonic() - began:.1f} s")


if __name__ == "__main__":
    main()
