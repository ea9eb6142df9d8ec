"""NFKD and NFKC by Python's unicodedata (what ethstaker-deposit-cli and python-mnemonic use).

stdin: JSON list of texts, each a list of code points; stdout: JSON list of [nfkd, nfkc], each a
list of code points, plus the Unicode version of the tables."""
import json
import sys
import unicodedata

texts = ["".join(map(chr, t)) for t in json.load(sys.stdin)]
json.dump({
    "unicode": unicodedata.unidata_version,
    "results": [[[ord(c) for c in unicodedata.normalize(form, t)] for form in ("NFKD", "NFKC")] for t in texts],
}, sys.stdout)
