/// hash_to_curve for G2, suite BLS12381G2_XMD:SHA-256_SSWU_RO_ (RFC 9380 section 8.8.2).
enum HashToG2 {
    /// L = ceil((ceil(log2(p)) + k) / 8) = 64 bytes per field element (k = 128).
    private static let L = 64

    /// hash_to_field (RFC 9380 section 5.2) with m = 2: `count` elements of Fp2.
    static func hashToField(_ msg: some Collection<UInt8>, dst: [UInt8], count: Int) -> [Fp2] {
        // 1. len_in_bytes = count * m * L
        let uniform_bytes = ExpandMessageXMD.expand(msg, dst: dst, lenInBytes: count * 2 * L)
        return uniform_bytes.withUnsafeBytes { bytes in
            (0..<count).map { i in
                // e_j = OS2IP(substr(uniform_bytes, L * (j + i * m), L)) mod p
                let e0 = Fp.fromBigEndianWide(UnsafeRawBufferPointer(rebasing: bytes[(L * 2 * i)..<(L * (2 * i + 1))]))
                let e1 = Fp.fromBigEndianWide(UnsafeRawBufferPointer(rebasing: bytes[(L * (2 * i + 1))..<(L * (2 * i + 2))]))
                return Fp2(c0: e0, c1: e1)
            }
        }
    }

    /// hash_to_curve(msg): two field elements, mapped, added, and the cofactor cleared.
    static func hash(_ msg: some Collection<UInt8>, dst: [UInt8]) -> G2Point {
        let u = hashToField(msg, dst: dst, count: 2)
        let Q0 = mapToCurve(u[0])
        let Q1 = mapToCurve(u[1])
        return (Q0 + Q1).clearingCofactor()
    }

    /// encode_to_curve (the _NU_ suite): one field element, mapped, cofactor cleared.
    static func encode(_ msg: some Collection<UInt8>, dst: [UInt8]) -> G2Point {
        mapToCurve(hashToField(msg, dst: dst, count: 1)[0]).clearingCofactor()
    }

    /// map_to_curve: simplified SWU onto the isogenous curve E2', then the 3-isogeny to E2.
    static func mapToCurve(_ u: Fp2) -> G2Point {
        let (x, y) = SimplifiedSWU.map(u)
        return Isogeny.map(x: x, y: y)
    }
}
