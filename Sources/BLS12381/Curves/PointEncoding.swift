/// The ZCash serialisation of BLS12-381 points, used by Ethereum for keys and signatures
/// (https://github.com/zkcrypto/pairing/tree/master/src/bls12_381#serialization).
///
/// The three high bits of the first byte are flags: 0x80 compressed, 0x40 point at infinity,
/// 0x20 "y is the lexicographically larger root" (compressed only). Fp2 elements are written
/// c1 then c0. Decoding checks every flag combination, field range, the curve equation and
/// subgroup membership; the identity decodes only from its exact canonical encoding.
enum PointEncoding {
    static let compressionFlag: UInt8 = 0x80
    static let infinityFlag: UInt8 = 0x40
    static let signFlag: UInt8 = 0x20

    /// Checks the flags of a point at infinity: only the right flags, and every other bit zero.
    static func decodeInfinity(_ bytes: [UInt8], compressed: Bool, what: String) throws(BLSError) {
        let expected: UInt8 = compressed ? compressionFlag | infinityFlag : infinityFlag
        guard bytes[0] == expected, bytes.dropFirst().allSatisfy({ $0 == 0 }) else {
            throw BLSError(.invalidEncoding, "\(what): infinity flag set but the encoding is not the canonical identity")
        }
    }

    /// Splits the flags off the first byte and checks they fit the expected form.
    static func flags(of bytes: [UInt8], compressed: Bool, what: String) throws(BLSError)
        -> (infinity: Bool, sign: Bool)
    {
        let first = bytes[0]
        guard (first & compressionFlag != 0) == compressed else {
            throw BLSError(.invalidEncoding, compressed
                ? "\(what): compression flag not set on a compressed encoding"
                : "\(what): compression flag set on an uncompressed encoding")
        }
        let infinity = first & infinityFlag != 0
        let sign = first & signFlag != 0
        if infinity {
            try decodeInfinity(bytes, compressed: compressed, what: what)
        } else if sign && !compressed {
            throw BLSError(.invalidEncoding, "\(what): sign flag set on an uncompressed encoding")
        }
        return (infinity, sign)
    }

    /// Reads the Fp element at `offset`, masking the flag bits when it is the first one.
    static func fieldElement(_ bytes: [UInt8], at offset: Int, what: String) throws(BLSError) -> Fp {
        var chunk = Array(bytes[offset..<offset + 48])
        if offset == 0 { chunk[0] &= 0x1f }
        guard let value = Fp.fromBigEndian(chunk) else {
            throw BLSError(.invalidEncoding, "\(what): coordinate is not below the field modulus")
        }
        return value
    }

    static func setFlags(_ bytes: inout [UInt8], compressed: Bool, infinity: Bool, sign: Bool) {
        if compressed { bytes[0] |= compressionFlag }
        if infinity { bytes[0] |= infinityFlag }
        if sign { bytes[0] |= signFlag }
    }
}

extension ProjectivePoint where Curve == G1Curve {
    /// Decodes a 48-byte compressed or 96-byte uncompressed G1 point, checking that it is on the
    /// curve and in G1. The identity is accepted (callers that must refuse it do so).
    init(encoded bytes: [UInt8], what: String = "G1 point") throws(BLSError) {
        guard bytes.count == 48 || bytes.count == 96 else {
            throw BLSError(.invalidLength, "\(what): expected 48 or 96 bytes, got \(bytes.count)")
        }
        let compressed = bytes.count == 48
        let (infinity, sign) = try PointEncoding.flags(of: bytes, compressed: compressed, what: what)
        if infinity { self = .identity; return }
        let x = try PointEncoding.fieldElement(bytes, at: 0, what: what)
        let y: Fp
        if compressed {
            let (root, isSquare) = (x.squared() * x + G1Curve.b).squareRoot()
            guard isSquare.isTrue else { throw BLSError(.notOnCurve, "\(what): x is not the abscissa of a curve point") }
            y = Fp.select(root, -root, Choice(mask: root.isLexicographicallyLargest.mask ^ (sign ? ~0 : 0)))
        } else {
            y = try PointEncoding.fieldElement(bytes, at: 48, what: what)
        }
        let point = G1Point(affineX: x, y: y)
        guard point.isOnCurve.isTrue else { throw BLSError(.notOnCurve, "\(what): not on the curve") }
        guard point.isInSubgroupVartime else { throw BLSError(.notInSubgroup, "\(what): not in the G1 subgroup") }
        self = point
    }

    /// The 48-byte compressed (or 96-byte uncompressed) encoding.
    func encoded(compressed: Bool = true) -> [UInt8] {
        var affine = toAffine()
        Declassify.publish(&affine)  // the encoding is published; the projective form is not
        let (ax, ay, infinity) = affine
        if infinity.isTrue {
            var out = [UInt8](repeating: 0, count: compressed ? 48 : 96)
            PointEncoding.setFlags(&out, compressed: compressed, infinity: true, sign: false)
            return out
        }
        var out = ax.bigEndianBytes()
        if !compressed { out += ay.bigEndianBytes() }
        PointEncoding.setFlags(&out, compressed: compressed, infinity: false,
                               sign: compressed && ay.isLexicographicallyLargest.isTrue)
        return out
    }
}

extension ProjectivePoint where Curve == G2Curve {
    /// Decodes a 96-byte compressed or 192-byte uncompressed G2 point, checking that it is on the
    /// curve and in G2. The identity is accepted.
    init(encoded bytes: [UInt8], what: String = "G2 point") throws(BLSError) {
        guard bytes.count == 96 || bytes.count == 192 else {
            throw BLSError(.invalidLength, "\(what): expected 96 or 192 bytes, got \(bytes.count)")
        }
        let compressed = bytes.count == 96
        let (infinity, sign) = try PointEncoding.flags(of: bytes, compressed: compressed, what: what)
        if infinity { self = .identity; return }
        let x = Fp2(c0: try PointEncoding.fieldElement(bytes, at: 48, what: what),
                    c1: try PointEncoding.fieldElement(bytes, at: 0, what: what))
        let y: Fp2
        if compressed {
            let (root, isSquare) = (x.squared() * x + G2Curve.b).squareRootVartime()
            guard isSquare else { throw BLSError(.notOnCurve, "\(what): x is not the abscissa of a curve point") }
            y = Fp2.select(root, -root, Choice(mask: root.isLexicographicallyLargest.mask ^ (sign ? ~0 : 0)))
        } else {
            y = Fp2(c0: try PointEncoding.fieldElement(bytes, at: 144, what: what),
                    c1: try PointEncoding.fieldElement(bytes, at: 96, what: what))
        }
        let point = G2Point(affineX: x, y: y)
        guard point.isOnCurve.isTrue else { throw BLSError(.notOnCurve, "\(what): not on the curve") }
        guard point.isInSubgroupVartime else { throw BLSError(.notInSubgroup, "\(what): not in the G2 subgroup") }
        self = point
    }

    /// The 96-byte compressed (or 192-byte uncompressed) encoding.
    func encoded(compressed: Bool = true) -> [UInt8] {
        var affine = toAffine()
        Declassify.publish(&affine)  // the encoding is published; the projective form is not
        let (ax, ay, infinity) = affine
        if infinity.isTrue {
            var out = [UInt8](repeating: 0, count: compressed ? 96 : 192)
            PointEncoding.setFlags(&out, compressed: compressed, infinity: true, sign: false)
            return out
        }
        var out = ax.c1.bigEndianBytes() + ax.c0.bigEndianBytes()
        if !compressed { out += ay.c1.bigEndianBytes() + ay.c0.bigEndianBytes() }
        PointEncoding.setFlags(&out, compressed: compressed, infinity: false,
                               sign: compressed && ay.isLexicographicallyLargest.isTrue)
        return out
    }
}
