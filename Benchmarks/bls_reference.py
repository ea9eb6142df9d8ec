#!/usr/bin/env python3
"""blst (through blspy's PopSchemeMPL, the Ethereum ciphersuite) doing the work of
`etherkeep bench bls`, for a side-by-side comparison in the same run.

Reads {"samples", "messages": [hex], ...} as JSON on stdin; prints {name: median ns/op}.
Operations blspy does not expose (raw field and point arithmetic) are left out.
"""
import json
import statistics
import sys
import time

from blspy import G1Element, G2Element, PopSchemeMPL, PrivateKey

DST = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"


def median_ns(samples, per_sample, body):
    times = []
    for _ in range(samples):
        start = time.perf_counter_ns()
        for _ in range(per_sample):
            body()
        times.append((time.perf_counter_ns() - start) / per_sample)
    return statistics.median(times)


def main():
    req = json.load(sys.stdin)
    samples = req["samples"]
    msg = bytes.fromhex(req["message"])
    sks = [PrivateKey.from_bytes(bytes.fromhex(k)) for k in req["secret_keys"]]
    sk = sks[0]
    pk_bytes = bytes(sk.get_g1())
    sig_bytes = bytes(PopSchemeMPL.sign(sk, msg))
    g1, g2 = G1Element.generator(), G2Element.generator()
    sigs = [PopSchemeMPL.sign(k, msg) for k in sks]
    pks_bytes = [bytes(k.get_g1()) for k in sks]
    agg_bytes = bytes(PopSchemeMPL.aggregate(sigs))
    batch_msgs = [bytes.fromhex(m) for m in req["batch_messages"]]
    batch = [(k.get_g1(), m, PopSchemeMPL.sign(k, m)) for k, m in zip(sks, batch_msgs)]

    def verify_batch_one_by_one():
        for pk, m, sig in batch:
            assert PopSchemeMPL.verify(pk, m, sig)

    def verify_from_bytes():
        assert PopSchemeMPL.verify(G1Element.from_bytes(pk_bytes), msg, G2Element.from_bytes(sig_bytes))

    def fast_aggregate_verify_from_bytes():
        pks = [G1Element.from_bytes(b) for b in pks_bytes]
        assert PopSchemeMPL.fast_aggregate_verify(pks, msg, G2Element.from_bytes(agg_bytes))

    out = {
        "sk_to_pk": median_ns(samples, 20, sk.get_g1),
        "hash_to_g2": median_ns(samples, 20, lambda: G2Element.from_message(msg, DST)),
        "sign": median_ns(samples, 20, lambda: PopSchemeMPL.sign(sk, msg)),
        "verify": median_ns(samples, 10, verify_from_bytes),
        "pairing": median_ns(samples, 10, lambda: g1.pair(g2)),
        "aggregate_64": median_ns(samples, 10, lambda: PopSchemeMPL.aggregate(sigs)),
        "fast_aggregate_verify_64": median_ns(samples, 5, fast_aggregate_verify_from_bytes),
        "batch_verify_64": median_ns(samples, 1, verify_batch_one_by_one),
    }
    import importlib.metadata as md
    out["version"] = md.version("blspy")
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
