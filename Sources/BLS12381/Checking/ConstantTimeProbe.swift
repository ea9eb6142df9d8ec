/// The secret-dependent paths of key derivation and signing, on a key the caller has marked
/// secret, for `scripts/check-constant-time`: run under valgrind's memcheck with the key's bytes
/// marked undefined, every branch and every memory address computed from them is reported (the
/// technique of Langley's ctgrind, as libsecp256k1's `ctime_tests` use it).
///
/// What comes out is published anyway, so the probe marks it public (`declassify`) at the point
/// where it stops depending on how it was computed: the key's validity verdict (one bit), and the
/// affine coordinates of the public key and of the signature (the projective ones still carry
/// the ladder's history). Everything before those points runs on secret data: the scalar's
/// decoding and range check, the G1 multiplication of SkToPk, the GLS decomposition and the G2
/// ladder of Sign, and the field inversion that normalises each result.
package enum ConstantTimeProbe {
    /// SkToPk and Sign of `message` with the key in `key`, as ``SecretKey`` computes them.
    ///
    /// - Parameters:
    ///   - key: the 32-byte big-endian key, marked secret by the caller.
    ///   - declassify: marks bytes as public (valgrind's `VALGRIND_MAKE_MEM_DEFINED`).
    /// - Returns: the compressed public key (48 bytes) and signature (96 bytes), or `nil` when the
    ///   key is not in [1, r).
    package static func run(
        key: UnsafeRawBufferPointer, message: [UInt8], declassify: (UnsafeRawBufferPointer) -> Void
    ) -> (publicKey: [UInt8], signature: [UInt8])? {
        guard key.count == 32 else { return nil }
        let h = HashToG2.hash(message, dst: BLS.ciphersuite)  // the message is public
        let (scalar, canonical) = Scalar.fromBigEndian(key)
        var valid = (canonical & !scalar.isZero).mask
        withUnsafeBytes(of: &valid) { declassify($0) }
        guard valid != 0 else { return nil }

        var publicKey = G1Curve.generator.multiplied(by: scalar).toAffine()
        withUnsafeBytes(of: &publicKey) { declassify($0) }
        var signature = h.multipliedInG2(by: scalar).toAffine()
        withUnsafeBytes(of: &signature) { declassify($0) }
        return (G1Point(affineX: publicKey.x, y: publicKey.y).encoded(),
                G2Point(affineX: signature.x, y: signature.y).encoded())
    }
}
