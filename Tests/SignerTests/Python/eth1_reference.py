"""eth-account's signatures for the eth1 signer's differential test.

stdin: {"key": hex, "messages": [hex], "typed": [EIP-712 document]}
stdout: {"messages": [hex r||s||v], "typed": [hex r||s||v]}
"""
import json
import sys

from eth_account import Account
from eth_account.messages import encode_defunct, encode_typed_data

request = json.load(sys.stdin)
key = request["key"]
messages = [Account.sign_message(encode_defunct(hexstr=m), key).signature.hex() for m in request["messages"]]
typed = [Account.sign_message(encode_typed_data(full_message=t), key).signature.hex() for t in request["typed"]]
json.dump({"messages": messages, "typed": typed}, sys.stdout)
