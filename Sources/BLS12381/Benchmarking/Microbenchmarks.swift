import CBLS12381Field

/// Kernels of the internal arithmetic for `etherkeep bench bls` (R9: `package`, not public).
///
/// Each runs `iterations` dependent operations on fixed public inputs and returns a value derived
/// from the result, so the optimiser cannot drop the work.
package enum BLSMicrobenchmarks {
    /// Which Fp kernel `CBLS12381Field` chose on this CPU.
    package static var fieldKernel: String {
        ek_fp_mulx_available() != 0
            ? "C, x86-64 mulx/adcx/adox (ETHERKEEP_BLS_PORTABLE=1 forces the portable one)"
            : "C, portable unsigned __int128"
    }

    private static let sample = Constants.g1GeneratorX
    private static let scalar = Scalar(l0: 0x0123_4567_89ab_cdef, l1: 0xfedc_ba98_7654_3210,
                                       l2: 0x0f1e_2d3c_4b5a_6978, l3: 0x1122_3344_5566_7788)

    package static func fpMultiply(iterations: Int) -> UInt64 {
        var x = sample, y = Constants.g1GeneratorY
        for _ in 0..<iterations { x = x * y; y = y + x }
        return x.l0 ^ y.l0
    }

    package static func fpInverse(iterations: Int) -> UInt64 {
        var x = sample
        for _ in 0..<iterations { x = x.inverted() + .one }
        return x.l0
    }

    package static func g1Multiply(iterations: Int) -> UInt64 {
        var p = G1Curve.generator
        for _ in 0..<iterations { p = p.multiplied(by: scalar) }
        return p.x.l0
    }

    package static func g2Multiply(iterations: Int) -> UInt64 {
        var p = G2Curve.generator
        for _ in 0..<iterations { p = p.multiplied(by: scalar) }
        return p.x.c0.l0
    }

    package static func hashToG2(iterations: Int, message: [UInt8]) -> UInt64 {
        var acc: UInt64 = 0
        for i in 0..<iterations { acc ^= HashToG2.hash(message + [UInt8(truncatingIfNeeded: i)], dst: BLS.ciphersuite).x.c0.l0 }
        return acc
    }

    package static func pairing(iterations: Int) -> UInt64 {
        var acc: UInt64 = 0
        for _ in 0..<iterations { acc ^= Pairing.pairing(G1Curve.generator, G2Curve.generator).c0.c0.c0.l0 }
        return acc
    }
}

/// The phases of one Sign and one Verify, timed separately by `etherkeep bench bls --profile`
/// to show where the time goes.
package enum BLSPhases {
    /// A phase's name and a closure running it once on fixed public inputs.
    package static func verifyPhases(publicKey: [UInt8], message: [UInt8], signature: [UInt8]) throws -> [(String, () -> UInt64)] {
        let pk = try G1Point(encoded: publicKey)
        let sig = try G2Point(encoded: signature)
        let h = HashToG2.hash(message, dst: BLS.ciphersuite)
        let u = HashToG2.hashToField(message, dst: BLS.ciphersuite, count: 2)
        let pairs = [(pk, h), (-G1Curve.generator, sig)].map { p, q in
            let a = p.toAffine(), b = q.toAffine()
            return MillerLoop.Pair(p: (a.x, a.y), q: (b.x, b.y))
        }
        let f = MillerLoop.run(pairs)
        let mapped = HashToG2.mapToCurve(u[0]) + HashToG2.mapToCurve(u[1])
        let sigX = sig.toAffine().x
        return [
            ("decode pk: sqrt in Fp", { (pk.x.squared() * pk.x + G1Curve.b).squareRoot().root.l0 }),
            ("decode pk: G1 subgroup check", { pk.isInSubgroupVartime ? 1 : 0 }),
            ("decode sig: sqrt in Fp2", { (sigX.squared() * sigX + G2Curve.b).squareRootVartime().root.c0.l0 }),
            ("decode sig: G2 subgroup check", { sig.isInSubgroupVartime ? 1 : 0 }),
            ("hash: expand_message + hash_to_field", { HashToG2.hashToField(message, dst: BLS.ciphersuite, count: 2)[0].c0.l0 }),
            ("hash: map_to_curve x2 (SSWU + isogeny)", { HashToG2.mapToCurve(u[0]).x.c0.l0 ^ HashToG2.mapToCurve(u[1]).x.c0.l0 }),
            ("hash: clear_cofactor", { mapped.clearingCofactor().x.c0.l0 }),
            ("pairing: Miller loop, 2 pairs", { MillerLoop.run(pairs).c0.c0.c0.l0 }),
            ("pairing: final exponentiation", { FinalExponentiation.apply(f).c0.c0.c0.l0 }),
        ]
    }

    package static func signPhases(message: [UInt8]) -> [(String, () -> UInt64)] {
        let h = HashToG2.hash(message, dst: BLS.ciphersuite)
        let scalar = Scalar(l0: 0x0123_4567_89ab_cdef, l1: 0xfedc_ba98_7654_3210, l2: 0x0f1e_2d3c_4b5a_6978, l3: 0x1122_3344_5566_7788)
        let s = h.multipliedInG2(by: scalar)
        return [
            ("hash_to_G2", { HashToG2.hash(message, dst: BLS.ciphersuite).x.c0.l0 }),
            ("G2 scalar multiplication (constant-time, GLS)", { h.multipliedInG2(by: scalar).x.c0.l0 }),
            ("compress (to affine + encode)", { UInt64(s.encoded()[5]) }),
        ]
    }
}
