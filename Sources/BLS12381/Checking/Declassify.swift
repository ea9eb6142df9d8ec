/// The places where a value computed from a secret becomes public, named so that the
/// constant-time check can see them (libsecp256k1's `secp256k1_declassify`).
///
/// `scripts/check-constant-time` runs key derivation, SkToPk and Sign under valgrind's memcheck
/// with the secret's bytes marked undefined: every branch and memory address computed from them is
/// reported. Some results are published anyway, and code may branch on them once they are: a key's
/// validity, whether an EIP-2333 reduction gave zero, whether a keystore's checksum matched, a
/// public key's or signature's affine coordinates. Each such place calls ``publish(_:)``, which does nothing unless the checker has
/// installed ``hook`` (marking the bytes defined again). In production the hook is `nil`.
package enum Declassify {
    /// Set once by the checker (`Tests/ConstantTime`) before any work, never otherwise.
    nonisolated(unsafe) package static var hook: ((UnsafeRawBufferPointer) -> Void)? = nil

    /// Marks `value`'s bytes as public for the checker (a no-op in production).
    @inline(__always)
    package static func publish<T>(_ value: inout T) {
        guard let hook else { return }
        withUnsafeBytes(of: &value) { hook($0) }
    }

    /// Whether `word` is zero, as the one bit that is published: computed without a branch,
    /// published, then returned. For verdicts that are public by nature (a checksum mismatch, a
    /// zero reduction), never for the word itself.
    package static func isZero(_ word: UInt64) -> Bool { isTrue(.isZero(word)) }

    /// The outcome of `choice`, published (see ``isZero(_:)``).
    static func isTrue(_ choice: Choice) -> Bool {
        var mask = choice.mask
        publish(&mask)
        return mask != 0
    }
}
