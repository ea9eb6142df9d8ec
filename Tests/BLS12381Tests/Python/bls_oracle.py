#!/usr/bin/env python3
"""Independent oracle for the BLS12-381 differential tests.

Reads one JSON request on stdin and writes one JSON answer on stdout. Field arithmetic uses
Python integers; signatures use blspy (blst) PopSchemeMPL, which is the Ethereum ciphersuite
BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_, and py_ecc (the consensus specs' reference) for a
cross-check of both.
"""
import json
import sys

P = 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab


def field(req):
    out = []
    for a_hex, b_hex, wide_hex in req["cases"]:
        a, b, wide = int(a_hex, 16), int(b_hex, 16), int(wide_hex, 16)
        sqrt = pow(a, (P + 1) // 4, P)
        out.append({
            "mul": "%096x" % (a * b % P),
            "add": "%096x" % ((a + b) % P),
            "sub": "%096x" % ((a - b) % P),
            "neg": "%096x" % (-a % P),
            "inv": "%096x" % (pow(a, P - 2, P)),
            "is_square": sqrt * sqrt % P == a,
            "wide": "%096x" % (wide % P),
        })
    return out


def blspy_cases(req):
    from blspy import PopSchemeMPL, PrivateKey, G1Element, G2Element
    out = []
    for case in req["cases"]:
        sk = PrivateKey.from_bytes(bytes.fromhex(case["sk"]))
        msg = bytes.fromhex(case["msg"])
        theirs = PopSchemeMPL.sign(sk, msg)
        ours = G2Element.from_bytes(bytes.fromhex(case["our_sig"]))
        pk = G1Element.from_bytes(bytes.fromhex(case["our_pk"]))
        out.append({
            "pk": bytes(sk.get_g1()).hex(),
            "sig": bytes(theirs).hex(),
            "verifies_ours": PopSchemeMPL.verify(pk, msg, ours),
            "verifies_tampered": PopSchemeMPL.verify(pk, msg + b"\x01", ours),
        })
    agg = req.get("aggregate")
    result = {"cases": out}
    if agg:
        sigs = [G2Element.from_bytes(bytes.fromhex(s)) for s in agg["sigs"]]
        pks = [G1Element.from_bytes(bytes.fromhex(k)) for k in agg["pks"]]
        result["aggregate"] = bytes(PopSchemeMPL.aggregate(sigs)).hex()
        result["fast_aggregate_verify"] = PopSchemeMPL.fast_aggregate_verify(
            pks, bytes.fromhex(agg["msg"]), G2Element.from_bytes(bytes.fromhex(agg["our_aggregate"])))
    return result


def py_ecc_cases(req):
    from py_ecc.bls import G2ProofOfPossession as bls
    out = []
    for case in req["cases"]:
        sk = int(case["sk"], 16)
        msg = bytes.fromhex(case["msg"])
        out.append({"pk": bls.SkToPk(sk).hex(), "sig": bls.Sign(sk, msg).hex()})
    return out


def main():
    req = json.load(sys.stdin)
    handler = {"field": field, "blspy": blspy_cases, "py_ecc": py_ecc_cases}[req["op"]]
    json.dump(handler(req), sys.stdout)


if __name__ == "__main__":
    main()
