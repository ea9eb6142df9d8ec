/// Kernels of the internal arithmetic for `etherkeep bench bls` (R9: `package`, not public).
///
/// Each runs `iterations` dependent operations on fixed public inputs and returns a value derived
/// from the result, so the optimiser cannot drop the work.
package enum BLSMicrobenchmarks {
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
