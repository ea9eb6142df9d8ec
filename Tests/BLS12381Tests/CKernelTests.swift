@testable import BLS12381
import Foundation
import CBLS12381Field
import Testing

/// Differential tests of the C field kernels (`CBLS12381Field`: the mulx/adcx/adox assembly, the
/// portable `__int128` C, and the dispatcher) against the pure-Swift Montgomery product, which
/// ``DifferentialTests`` checks against Python integers. Edge inputs (0, 1, R, p - 1, values just
/// below p, limbs all ones) and random ones.
@Suite struct CKernelTests {
    private var rng = SystemRandomNumberGenerator()

    private static let p: [UInt64] = [Fp.p0, Fp.p1, Fp.p2, Fp.p3, Fp.p4, Fp.p5]

    /// p - k for a small k (k >= 1), as raw limbs.
    private static func pMinus(_ k: UInt64) -> Fp {
        var limbs = p
        var borrow: UInt64 = 0
        (limbs[0], borrow) = subtractWithBorrow(limbs[0], k, 0)
        for i in 1..<6 { (limbs[i], borrow) = subtractWithBorrow(limbs[i], 0, borrow) }
        return Fp(l0: limbs[0], l1: limbs[1], l2: limbs[2], l3: limbs[3], l4: limbs[4], l5: limbs[5])
    }

    /// A uniformly random reduced element (rejection sampling on 381 bits).
    private mutating func randomFp() -> Fp {
        while true {
            let x = Fp(l0: rng.next(), l1: rng.next(), l2: rng.next(), l3: rng.next(), l4: rng.next(),
                       l5: rng.next() & 0x1fff_ffff_ffff_ffff)
            if x.isBelowModulus.isTrue { return x }
        }
    }

    /// A reduced element with many all-ones limbs (stresses the carry chains).
    private mutating func carryHeavyFp() -> Fp {
        let ones: UInt64 = ~0
        let pick = { (bits: UInt64, i: Int, random: UInt64) -> UInt64 in bits >> UInt64(i) & 1 == 1 ? ones : random }
        while true {
            let bits = rng.next() as UInt64
            let x = Fp(l0: pick(bits, 0, rng.next()), l1: pick(bits, 1, rng.next()), l2: pick(bits, 2, rng.next()),
                       l3: pick(bits, 3, rng.next()), l4: pick(bits, 4, rng.next()),
                       l5: (rng.next() as UInt64) & 0x1fff_ffff_ffff_ffff)
            if x.isBelowModulus.isTrue { return x }
        }
    }

    private static var edges: [Fp] {
        [Fp.zero, Fp(l0: 1, l1: 0, l2: 0, l3: 0, l4: 0, l5: 0), Fp.one, Constants.rSquared,
         pMinus(1), pMinus(2), pMinus(3), pMinus(0xffff), pMinus(1 << 32), pMinus(~0 >> 1),
         Fp(l0: ~0, l1: ~0, l2: ~0, l3: ~0, l4: ~0, l5: 0x1a01_11ea_397f_e699),
         Fp(l0: 0, l1: 0, l2: 0, l3: 0, l4: 0, l5: 0x1a01_11ea_397f_e699),
         Fp(l0: ~0, l1: 0, l2: ~0, l3: 0, l4: ~0, l5: 0)]
    }

    private typealias Kernel = (UnsafeMutablePointer<UInt64>, UnsafePointer<UInt64>, UnsafePointer<UInt64>) -> Void

    private static func run(_ kernel: Kernel, _ a: Fp, _ b: Fp) -> Fp {
        var a = a, b = b, r = Fp.zero
        Fp.withLimbs(&r) { r in Fp.withLimbs(&a) { a in Fp.withLimbs(&b) { b in kernel(r, a, b) } } }
        return r
    }

    private static func same(_ x: Fp, _ y: Fp) -> Bool {
        (x.l0, x.l1, x.l2, x.l3, x.l4, x.l5) == (y.l0, y.l1, y.l2, y.l3, y.l4, y.l5)
    }

    private static var kernels: [(String, Kernel)] {
        var list: [(String, Kernel)] = [("portable", { ek_fp_mul_portable($0, $1, $2) }),
                                        ("dispatched", { ek_fp_mul($0, $1, $2) }),
                                        ("square", { r, a, _ in ek_fp_sqr(r, a) })]
        #if arch(x86_64)
        if ek_fp_mulx_available() != 0 { list.append(("mulx", { ek_fp_mul_mulx($0, $1, $2) })) }
        #endif
        return list
    }

    @Test func layoutOfFpIsALimbArray() {
        #expect(MemoryLayout<Fp>.size == 48 && MemoryLayout<Fp>.stride == 48 && MemoryLayout<Fp>.alignment == 8)
        var x = Fp(l0: 1, l1: 2, l2: 3, l3: 4, l4: 5, l5: 6)
        let limbs = Fp.withLimbs(&x) { Array(UnsafeBufferPointer(start: $0, count: 6)) }
        #expect(limbs == [1, 2, 3, 4, 5, 6])
    }

    @Test func tableEntriesAreReadByIndex() {
        // Points are runs of plain limbs, so a table is one contiguous run (ek_select_entry's view).
        #expect(MemoryLayout<G1Point>.size == 144 && MemoryLayout<G1Point>.stride == 144)
        #expect(MemoryLayout<G2Point>.size == 288 && MemoryLayout<G2Point>.stride == 288)
        var g1Table = [G1Point.identity, G1Curve.generator]
        var g2Table = [G2Point.identity, G2Curve.generator]
        for i in 2..<17 {
            g1Table.append(g1Table[i - 1] + G1Curve.generator)
            g2Table.append(g2Table[i - 1] + G2Curve.generator)
        }
        for i in 0..<17 {
            let g1 = G1Point.constantTimeEntry(of: g1Table, at: UInt64(i)), g2 = G2Point.constantTimeEntry(of: g2Table, at: UInt64(i))
            // Limb for limb the same entry, not merely the same point.
            #expect(g1.x.constantTimeEquals(g1Table[i].x).isTrue && g1.y.constantTimeEquals(g1Table[i].y).isTrue
                    && g1.z.constantTimeEquals(g1Table[i].z).isTrue, "G1 entry \(i)")
            #expect(g2.x.constantTimeEquals(g2Table[i].x).isTrue && g2.y.constantTimeEquals(g2Table[i].y).isTrue
                    && g2.z.constantTimeEquals(g2Table[i].z).isTrue, "G2 entry \(i)")
        }
        let past = G2Point.constantTimeEntry(of: g2Table, at: 17)
        #expect(past.x.isZero.isTrue && past.y.isZero.isTrue && past.z.isZero.isTrue)
        #expect(G2Point.constantTimeEntry(of: [], at: 0).isIdentity.isTrue)
    }

    @Test func kernelsMatchTheSwiftReferenceOnEdges() {
        for (name, kernel) in Self.kernels {
            for a in Self.edges {
                for b in Self.edges {
                    let operandB = name == "square" ? a : b
                    let expected = Fp.montgomeryMultiplySwift(a, operandB)
                    #expect(Self.same(Self.run(kernel, a, b), expected), "\(name) on edge inputs \(a.l0) \(b.l0)")
                }
            }
        }
    }

    @Test mutating func kernelsMatchTheSwiftReferenceOnRandomInputs() {
        for i in 0..<20_000 {
            let a = i % 3 == 0 ? carryHeavyFp() : randomFp()
            let b = i % 5 == 0 ? carryHeavyFp() : randomFp()
            for (name, kernel) in Self.kernels {
                let operandB = name == "square" ? a : b
                let expected = Fp.montgomeryMultiplySwift(a, operandB)
                let got = Self.run(kernel, a, b)
                if !Self.same(got, expected) {
                    Issue.record("\(name) differs from the Swift reference on case \(i)")
                    return
                }
            }
        }
    }

    @Test mutating func lazyFp2ProductMatchesKaratsubaOnTheSwiftReference() {
        // The reference: Karatsuba over the pure-Swift Montgomery product.
        func reference(_ a: Fp2, _ b: Fp2) -> Fp2 {
            let v0 = Fp.montgomeryMultiplySwift(a.c0, b.c0), v1 = Fp.montgomeryMultiplySwift(a.c1, b.c1)
            return Fp2(c0: v0 - v1, c1: Fp.montgomeryMultiplySwift(a.c0 + a.c1, b.c0 + b.c1) - v0 - v1)
        }
        #expect(MemoryLayout<Fp2>.size == 96 && MemoryLayout<Fp2>.stride == 96)
        var cases: [(Fp2, Fp2)] = []
        for x in Self.edges { for y in Self.edges { cases.append((Fp2(c0: x, c1: y), Fp2(c0: y, c1: x))) } }
        for i in 0..<10_000 {
            let a = Fp2(c0: i % 3 == 0 ? carryHeavyFp() : randomFp(), c1: randomFp())
            let b = Fp2(c0: randomFp(), c1: i % 4 == 0 ? carryHeavyFp() : Self.edges[i % Self.edges.count])
            cases.append((a, b))
        }
        for (i, (a, b)) in cases.enumerated() {
            let got = Fp2.lazyMultiply(a, b), expected = reference(a, b)
            if !(Self.same(got.c0, expected.c0) && Self.same(got.c1, expected.c1)) {
                Issue.record("lazy Fp2 product differs on case \(i)")
                return
            }
            #expect(Self.same(Fp2.karatsubaMultiply(a, b).c0, expected.c0))
        }
    }

    @Test mutating func lazyFp2SquareMatchesTheSwiftReference() {
        // The reference: complex squaring over the pure-Swift Montgomery product.
        func reference(_ a: Fp2) -> Fp2 {
            let c1 = Fp.montgomeryMultiplySwift(a.c0, a.c1)
            return Fp2(c0: Fp.montgomeryMultiplySwift(a.c0 + a.c1, a.c0 - a.c1), c1: c1 + c1)
        }
        var cases: [Fp2] = []
        for x in Self.edges { for y in Self.edges { cases.append(Fp2(c0: x, c1: y)) } }
        for i in 0..<10_000 {
            cases.append(Fp2(c0: i % 3 == 0 ? carryHeavyFp() : randomFp(), c1: i % 5 == 0 ? Self.edges[i % Self.edges.count] : randomFp()))
        }
        for (i, a) in cases.enumerated() {
            let got = Fp2.lazySquare(a), expected = reference(a)
            if !(Self.same(got.c0, expected.c0) && Self.same(got.c1, expected.c1)) {
                Issue.record("lazy Fp2 square differs on case \(i)")
                return
            }
            #expect(Self.same(a.complexSquared().c0, expected.c0) && Self.same(a.complexSquared().c1, expected.c1))
        }
    }

    @Test mutating func wideProductAndReductionMatchThePortableC() {
        #if arch(x86_64)
        guard ek_fp_mulx_available() != 0 else { return }
        for i in 0..<10_000 {
            var a = i % 2 == 0 ? randomFp() : carryHeavyFp(), b = i < 13 * 13 ? Self.edges[i % 13] : randomFp()
            var wide1 = [UInt64](repeating: 0, count: 12), wide2 = wide1
            var r1 = Fp.zero, r2 = Fp.zero
            Fp.withLimbs(&a) { a in Fp.withLimbs(&b) { b in
                ek_fp_mul_wide_portable(&wide1, a, b)
                ek_fp_mul_wide_mulx(&wide2, a, b)
            } }
            Fp.withLimbs(&r1) { ek_fp_redc_portable($0, wide1) }
            Fp.withLimbs(&r2) { ek_fp_redc_mulx($0, wide1) }
            let expected = Fp.montgomeryMultiplySwift(a, b)
            if wide1 != wide2 || !Self.same(r1, expected) || !Self.same(r2, expected) {
                Issue.record("wide product or reduction differs on case \(i)")
                return
            }
        }
        #endif
    }

    @Test func outputsAreReduced() {
        // (p - 1)^2 and friends: the final conditional subtraction must leave a value below p.
        for (name, kernel) in Self.kernels {
            for a in Self.edges {
                #expect(Self.run(kernel, a, Self.pMinus(1)).isBelowModulus.isTrue, "\(name)")
            }
        }
    }

    @Test func dispatchIsTheDocumentedChoice() {
        #if arch(x86_64)
        // On x86-64 with BMI2 + ADX (and no ETHERKEEP_BLS_PORTABLE=1) the mulx path is chosen.
        let forced = Environment.portableForced
        if !forced { #expect(ek_fp_mulx_available() == Int32(CPU.hasBMI2AndADX ? 1 : 0)) }
        #endif
    }
}

private enum Environment {
    static var portableForced: Bool {
        guard let value = getenv("ETHERKEEP_BLS_PORTABLE") else { return false }
        return value.pointee == UInt8(ascii: "1")
    }
}

#if arch(x86_64)
private enum CPU {
    /// From /proc/cpuinfo (an independent reading of the same cpuid bits), Linux only.
    static var hasBMI2AndADX: Bool {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flags = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
        let set = Set(flags.split(separator: " ").map(String.init))
        return set.contains("bmi2") && set.contains("adx")
    }
}
#endif
