#!/usr/bin/env python3
"""A real EVM node for the tests: eth-tester's py-evm backend behind HTTP JSON-RPC 2.0.

    python3 scripts/eth_node.py --host 127.0.0.1 --port 0

prints one line `ready http://HOST:PORT chain_id=131277322940537` on stdout once it listens (port 0
picks a free port) and exits 0 on SIGTERM or SIGINT. Single and batch requests are served as an
execution node would (hex quantities, camelCase fields, JSON-RPC error objects). Each transaction is
mined into a block of its own as soon as it is executable (eth-tester's auto-mining).

The chain id is 131277322940537, fixed by eth-tester (`MainnetTesterPosChain.chain_id`; there is no
option to set it) and checked on every raw transaction, as a node would. The VM is Prague's.

Methods come from web3.py's `EthereumTesterProvider`, except these, which are done here because
the provider does not behave as a node for them:
- eth_sendRawTransaction: checks the chain id of EIP-155 and typed transactions (py-evm does not),
  answers geth's error texts ("nonce too low", "insufficient funds for gas * price + value", ...),
  and keeps a transaction whose nonce is ahead of its sender's (a nonce gap) until the gap is
  filled, as a transaction pool does: concurrent sends with consecutive nonces may arrive in any
  order. Such a held transaction is returned by eth_getTransactionByHash with a null blockNumber.
- eth_feeHistory: eth-tester's returns the wrong blocks in reverse order and no rewards.
- net_version: the chain id in decimal (the provider says "1").
- eth_call, eth_estimateGas: a missing `from` is eth-tester's first account (as with the provider
  in web3.py); eth-tester cannot run them from the zero address.

TEST ONLY, not a standard method: `etherkeep_fund` [address, wei] sends `wei` (hex quantity) to
`address` from eth-tester's first pre-funded account and returns the transaction hash (mined).
"""

import argparse
import json
import re
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# SIGTERM exits cleanly (status 0) from here on, also while the imports below take their second.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

from eth_bloom import BloomFilter
from eth_tester import EthereumTester, PyEVMBackend
from eth_tester.exceptions import BlockNotFound, TransactionFailed
from eth_tester.exceptions import ValidationError as InputError
from eth_utils import is_address, to_checksum_address
from eth_utils.exceptions import ValidationError as EVMRejection
from web3.providers.eth_tester import EthereumTesterProvider
from web3.providers.eth_tester.middleware import (
    request_formatters,
    result_formatters,
    transaction_result_formatter,
    transaction_result_remapper,
)

# The most transactions held for one sender behind a nonce gap (geth's account slots).
MAX_HELD_PER_SENDER = 64

# py-evm's rejection texts, prefixed with geth's (clients match on these).
GETH_PREFIXES = [
    ("does not have enough balance", "insufficient funds for gas * price + value"),
    ("cannot afford txn gas", "insufficient funds for gas * price + value"),
    ("lower than block's base fee", "max fee per gas less than block base fee"),
    ("Insufficient gas", "intrinsic gas too low"),
    ("exceeds gas limit", "exceeds block gas limit"),
    ("ignature", "invalid sender"),
]


class RPCError(Exception):
    def __init__(self, code, message, data=None):
        super().__init__(message)
        self.code, self.message, self.data = code, message, data

    def body(self):
        error = {"code": self.code, "message": self.message}
        if self.data is not None:
            error["data"] = self.data
        return error


def wire(value):
    """eth-tester's Python values as JSON-RPC: integers as hex quantities, bytes as hex data."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, float)):
        return value
    if isinstance(value, int):
        return hex(value)
    if isinstance(value, (bytes, bytearray)):
        return "0x" + bytes(value).hex()
    if isinstance(value, dict):
        return {k: wire(v) for k, v in value.items()}
    return [wire(v) for v in value]


def quantity(value, name):
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if isinstance(value, str) and value.startswith("0x") and len(value) > 2:
        try:
            return int(value, 16)
        except ValueError:
            pass
    raise RPCError(-32602, f"invalid params: {name} must be a hex quantity")


def hex_bytes(value, name):
    if isinstance(value, str) and value.startswith("0x"):
        try:
            return bytes.fromhex(value[2:])
        except ValueError:
            pass
    raise RPCError(-32602, f"invalid params: {name} must be hex data")


class Node:
    def __init__(self):
        self.tester = EthereumTester(PyEVMBackend())
        self.provider = EthereumTesterProvider(self.tester)
        self.chain_id = self.tester.backend.chain.chain_id
        self.funder = self.tester.get_accounts()[0]
        self.lock = threading.Lock()
        # Transactions behind a nonce gap: sender (bytes) -> {nonce: py-evm transaction}.
        self.held = {}
        self.own = {
            "eth_chainId": lambda p: hex(self.chain_id),
            "net_version": lambda p: str(self.chain_id),
            "eth_sendRawTransaction": self.send_raw_transaction,
            "eth_getTransactionByHash": self.get_transaction_by_hash,
            "eth_feeHistory": self.fee_history,
            "eth_getTransactionReceipt": self.get_transaction_receipt,
            "etherkeep_fund": self.fund,
        }

    def call(self, method, params):
        if not isinstance(method, str):
            raise RPCError(-32600, "invalid request: method must be a string")
        if not isinstance(params, list):
            raise RPCError(-32602, "invalid params: params must be an array")
        with self.lock:
            try:
                if method in self.own:
                    return self.own[method](params)
                return self.provided(method, params)
            except RPCError:
                raise
            except BlockNotFound:
                raise RPCError(-32000, "header not found")
            except TransactionFailed as e:  # "execution reverted: <reason>", or b'' for none
                message = str(e.args[0]) if e.args else ""
                raise RPCError(3, message.removesuffix(": b''") or "execution reverted")
            except EVMRejection as e:
                raise RPCError(-32000, geth_text(str(e)))
            except (InputError, TypeError, ValueError, KeyError, IndexError) as e:
                raise RPCError(-32602, f"invalid params: {e}")

    def provided(self, method, params):
        """A method as web3.py's provider serves it, with its request and result formatting."""
        if method in ("eth_call", "eth_estimateGas", "eth_createAccessList") and params:
            if not isinstance(params[0], dict):
                raise RPCError(-32602, "invalid params: transaction must be an object")
            tx = dict(params[0])
            tx.setdefault("from", self.funder)
            if "input" in tx:
                tx.setdefault("data", tx["input"])
                del tx["input"]
            params = [tx] + params[1:]
        if method in request_formatters:
            params = request_formatters[method](params)
        response = self.provider.make_request(method, params)
        if "error" in response:
            raise RPCError(response["error"]["code"], response["error"]["message"])
        result = response["result"]
        if method in result_formatters:
            result = result_formatters[method](result)
        result = wire(result)
        if isinstance(result, dict) and method in TRANSACTION_METHODS:
            result = node_transaction(result)
        if isinstance(result, dict) and method in BLOCK_METHODS:
            result = node_block(result)
        return result

    # eth_sendRawTransaction

    def send_raw_transaction(self, params):
        raw = hex_bytes(params[0] if params else None, "transaction")
        if not raw:
            raise RPCError(-32000, "typed transaction too short")
        if raw[0] == 3:  # EIP-4844 with its sidecar: eth-tester unwraps it; no pool here
            return self.provided("eth_sendRawTransaction", params)
        try:
            tx = self.tester.backend.chain.get_transaction_builder().decode(raw)
            sender = tx.sender
        except EVMRejection as e:
            raise RPCError(-32000, geth_text(str(e)))
        except Exception as e:
            raise RPCError(-32000, f"invalid raw transaction: {e}")
        if tx.chain_id is not None and tx.chain_id != self.chain_id:
            raise RPCError(-32000, f"invalid chain id for signer: have {tx.chain_id} want {self.chain_id}")
        if tx.gas < tx.intrinsic_gas:  # py-evm checks typed transactions only while executing
            raise RPCError(-32000, f"intrinsic gas too low: have {tx.gas}, want {tx.intrinsic_gas}")
        state_nonce = self.tester.get_nonce(to_checksum_address(sender), "pending")
        if tx.nonce < state_nonce:
            address = to_checksum_address(sender)
            raise RPCError(-32000, f"nonce too low: address {address}, tx: {tx.nonce} state: {state_nonce}")
        if tx.nonce > state_nonce:
            held = self.held.setdefault(sender, {})
            if tx.nonce in held and held[tx.nonce].hash == tx.hash:
                raise RPCError(-32000, "already known")
            if tx.nonce not in held and len(held) >= MAX_HELD_PER_SENDER:
                raise RPCError(-32000, "txpool is full")
            held[tx.nonce] = tx
            return "0x" + tx.hash.hex()
        tx_hash = self.tester.send_raw_transaction("0x" + raw.hex())
        self.release_held(sender)
        return tx_hash

    def release_held(self, sender):
        """Sends the held transactions whose nonce gap has just been filled."""
        held = self.held.get(sender, {})
        nonce = self.tester.get_nonce(to_checksum_address(sender), "pending")
        while nonce in held:
            tx = held.pop(nonce)
            try:
                self.tester.send_raw_transaction("0x" + tx.encode().hex())
            except Exception as e:  # a node drops it from its pool likewise
                print(f"eth_node: dropped held transaction 0x{tx.hash.hex()}: {e}", file=sys.stderr)
                break
            nonce += 1
        for stale in [n for n in held if n < nonce]:
            del held[stale]
        if not held:
            self.held.pop(sender, None)

    def held_transaction(self, tx_hash):
        for held in self.held.values():
            for tx in held.values():
                if "0x" + tx.hash.hex() == tx_hash.lower():
                    return tx
        return None

    def get_transaction_by_hash(self, params):
        tx = self.held_transaction(params[0]) if params and isinstance(params[0], str) else None
        if tx is None:
            return self.provided("eth_getTransactionByHash", params)
        view = {
            "type": hex(tx.type_id or 0), "hash": "0x" + tx.hash.hex(), "nonce": hex(tx.nonce),
            "blockHash": None, "blockNumber": None, "transactionIndex": None,
            "from": to_checksum_address(tx.sender),
            "to": to_checksum_address(tx.to) if tx.to else None,
            "value": hex(tx.value), "gas": hex(tx.gas), "input": "0x" + tx.data.hex(),
            "r": hex(tx.r), "s": hex(tx.s),
        }
        if tx.type_id is None:
            view.update(gasPrice=hex(tx.gas_price), v=hex(tx.v))
            if tx.chain_id is not None:
                view["chainId"] = hex(tx.chain_id)
            return view
        view.update(chainId=hex(tx.chain_id), v=hex(tx.y_parity), yParity=hex(tx.y_parity))
        view["accessList"] = [
            {"address": to_checksum_address(a), "storageKeys": ["0x%064x" % k for k in keys]}
            for a, keys in tx.access_list
        ]
        if tx.type_id == 1:
            view["gasPrice"] = hex(tx.gas_price)
        else:
            view.update(maxFeePerGas=hex(tx.max_fee_per_gas),
                        maxPriorityFeePerGas=hex(tx.max_priority_fee_per_gas),
                        gasPrice=hex(tx.max_fee_per_gas))
        return view

    def get_transaction_receipt(self, params):
        receipt = self.provided("eth_getTransactionReceipt", params)
        if isinstance(receipt, dict):
            receipt.pop("state_root", None)  # b"\x01": eth-tester's; post-Byzantium has status only
            bloom = BloomFilter()
            for log in receipt.get("logs", []):
                bloom.add(bytes.fromhex(log["address"][2:]))
                for topic in log.get("topics", []):
                    bloom.add(bytes.fromhex(topic[2:]))
            receipt["logsBloom"] = "0x%0512x" % int(bloom)
        return receipt

    # eth_feeHistory, as geth answers it

    def fee_history(self, params):
        if len(params) < 2:
            raise RPCError(-32602, "invalid params: blockCount and newestBlock are required")
        count = quantity(params[0], "blockCount")
        latest = self.tester.get_block_by_number("latest")["number"]
        newest = params[1]
        if newest in ("latest", "pending", "safe", "finalized"):
            newest = latest
        elif newest == "earliest":
            newest = 0
        else:
            newest = quantity(newest, "newestBlock")
            if newest > latest:
                raise RPCError(-32000, f"request beyond head block: requested {newest}, head {latest}")
        percentiles = params[2] if len(params) > 2 and params[2] is not None else None
        if percentiles is not None:
            if not all(isinstance(p, (int, float)) and 0 <= p <= 100 for p in percentiles) \
                    or percentiles != sorted(percentiles):
                raise RPCError(-32602, "invalid reward percentiles")
        count = min(count, 1024, newest + 1)
        oldest = newest - count + 1
        result = {"oldestBlock": hex(oldest), "baseFeePerGas": [], "gasUsedRatio": []}
        rewards = []
        for number in range(oldest, newest + 1):
            block = self.tester.get_block_by_number(number, full_transactions=percentiles is not None)
            result["baseFeePerGas"].append(hex(block["base_fee_per_gas"]))
            result["gasUsedRatio"].append(block["gas_used"] / block["gas_limit"])
            if percentiles is not None:
                rewards.append([hex(r) for r in self.block_rewards(block, percentiles)])
        if count > 0:
            following = "pending" if newest == latest else newest + 1
            next_fee = self.tester.get_block_by_number(following)["base_fee_per_gas"]
            result["baseFeePerGas"].append(hex(next_fee))
        if percentiles is not None:
            result["reward"] = rewards
        return result

    def block_rewards(self, block, percentiles):
        """The effective priority fee at each percentile of the block's gas (geth's feeHistory)."""
        base_fee = block["base_fee_per_gas"]
        tips = []
        for tx in block["transactions"]:
            receipt = self.tester.get_transaction_receipt(tx["hash"])
            tips.append((receipt["effective_gas_price"] - base_fee, receipt["gas_used"]))
        if not tips:
            return [0] * len(percentiles)
        tips.sort()
        rewards, index, used = [], 0, tips[0][1]
        for p in percentiles:
            threshold = int(block["gas_used"] * p / 100)
            while used < threshold and index < len(tips) - 1:
                index += 1
                used += tips[index][1]
            rewards.append(tips[index][0])
        return rewards

    # etherkeep_fund (test only)

    def fund(self, params):
        if len(params) != 2 or not isinstance(params[0], str) or not is_address(params[0]):
            raise RPCError(-32602, "invalid params: etherkeep_fund takes [address, wei]")
        wei = quantity(params[1], "wei")
        return self.tester.send_transaction(
            {"from": self.funder, "to": to_checksum_address(params[0]), "value": wei, "gas": 21000}
        )


TRANSACTION_METHODS = {
    "eth_getTransactionByHash",
    "eth_getTransactionByBlockHashAndIndex",
    "eth_getTransactionByBlockNumberAndIndex",
}
BLOCK_METHODS = {"eth_getBlockByHash", "eth_getBlockByNumber"}


def node_transaction(tx):
    """A transaction object (web3.py's key names, wire values) as a node returns it."""
    tx = transaction_result_formatter(transaction_result_remapper(tx))
    if "y_parity" in tx:
        tx["yParity"] = tx.pop("y_parity")
    if tx.get("type") == "0x0" and "chainId" not in tx and int(tx["v"], 16) >= 35:
        tx["chainId"] = hex((int(tx["v"], 16) - 35) // 2)  # EIP-155: v = chainId * 2 + 35 + y
    return tx


def node_block(block):
    """A block object as a node returns it: full transactions formatted, a 256-byte logsBloom."""
    block["logsBloom"] = "0x%0512x" % int(block["logsBloom"], 16)
    block["transactions"] = [
        node_transaction(tx) if isinstance(tx, dict) else tx for tx in block["transactions"]
    ]
    return block


def geth_text(message):
    """A py-evm rejection as geth words it (its prefix, then py-evm's text)."""
    nonce = re.search(r"Invalid transaction nonce: Expected (\d+), but got (\d+)", message)
    if nonce:
        low = int(nonce.group(2)) < int(nonce.group(1))
        return f"nonce too {'low' if low else 'high'}: {message}"
    for needle, prefix in GETH_PREFIXES:
        if needle in message:
            return f"{prefix}: {message}"
    return message


def answer(node, request):
    """The response object to one JSON-RPC request, or None for a notification."""
    if not isinstance(request, dict) or request.get("jsonrpc") != "2.0" or "method" not in request:
        return {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "invalid request"}}
    is_notification = "id" not in request
    response = {"jsonrpc": "2.0", "id": request.get("id")}
    try:
        response["result"] = node.call(request["method"], request.get("params", []))
    except RPCError as e:
        response["error"] = e.body()
    except Exception as e:  # a bug here or in eth-tester: an error object, never a dead server
        print(f"eth_node: {request.get('method')}: {type(e).__name__}: {e}", file=sys.stderr)
        response["error"] = {"code": -32603, "message": f"internal error: {type(e).__name__}: {e}"}
    return None if is_notification else response


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    node = None  # set in main

    def do_POST(self):
        try:
            body = self.read_body()
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return self.send_json({"jsonrpc": "2.0", "id": None,
                                   "error": {"code": -32700, "message": "parse error"}})
        if isinstance(payload, list):
            if not payload:
                return self.send_json({"jsonrpc": "2.0", "id": None,
                                       "error": {"code": -32600, "message": "empty batch"}})
            responses = [r for r in (answer(self.node, q) for q in payload) if r is not None]
            return self.send_json(responses) if responses else self.send_json(None)
        return self.send_json(answer(self.node, payload))

    def do_GET(self):
        self.send_json({"jsonrpc": "2.0", "id": None,
                        "error": {"code": -32600, "message": "JSON-RPC requests are POSTs"}}, status=405)

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline().strip():  # trailers, then the empty line
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size + 2)[:size])
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def send_json(self, value, status=200):
        body = b"" if value is None else json.dumps(value).encode()
        self.send_response(status if value is not None or status != 200 else 204)
        if body:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # quiet: one line per request would drown the test log
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # 50+ clients connect at once in the tests

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that hung up
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8545, help="0 picks a free port")
    args = parser.parse_args()
    Handler.node = Node()
    server = Server((args.host, args.port), Handler)
    host, port = server.server_address[:2]
    print(f"ready http://{host}:{port} chain_id={Handler.node.chain_id}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
