import Crypto

/// A BLS secret key: a scalar in [1, r) of the Ethereum ciphersuite.
///
/// The 32 big-endian bytes live in swift-crypto's `SymmetricKey`, whose storage is wiped when the
/// last reference goes (R6). The type is a class so copies share that one storage; it has no
/// description, no mirror and no `Codable`. Scalars decoded for an operation live on the stack
/// only for its duration — a best effort: Swift gives no guarantee that registers and stack
/// slots are cleared.
///
/// Signing and public-key derivation are constant-time in the key.
public final class SecretKey: Sendable {
    private let storage: SymmetricKey

    /// The key from its 32-byte big-endian encoding.
    ///
    /// - Throws: ``BLSError/Code/invalidLength`` unless 32 bytes; ``BLSError/Code/invalidSecretKey``
    ///   when the value is zero or not below r (checked in constant time).
    public init(bytes: some Collection<UInt8>) throws(BLSError) {
        guard bytes.count == 32 else {
            throw BLSError(.invalidLength, "secret key: expected 32 bytes, got \(bytes.count)")
        }
        let key = SymmetricKey(data: Array(bytes))
        let valid = key.withUnsafeBytes { raw in
            let (scalar, canonical) = Scalar.fromBigEndian(raw)
            return canonical & !scalar.isZero
        }
        // The verdict is public: the key is accepted or refused.
        guard Declassify.isTrue(valid) else { throw BLSError(.invalidSecretKey, "secret key: must be in [1, r)") }
        storage = key
    }

    /// A fresh uniformly random key from the system's secure random source.
    public static func random() -> SecretKey {
        var generator = SystemRandomNumberGenerator()
        while true {
            // Rejection sampling on 255 bits (r > 2^254, so fewer than half the draws are rejected).
            var bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            bytes[0] &= 0x7f
            defer { for i in bytes.indices { bytes[i] = 0 } }
            if let key = try? SecretKey(bytes: bytes) { return key }
        }
    }

    @inline(__always)
    private func withScalar<R>(_ body: (Scalar) -> R) -> R {
        storage.withUnsafeBytes { body(Scalar.fromBigEndian($0).0) }
    }

    /// SkToPk: the public key `[sk] G1`. Constant-time in the key.
    public func publicKey() -> PublicKey {
        withScalar { PublicKey(point: G1Curve.generator.multiplied(by: $0)) }
    }

    /// Sign (CoreSign of the POP scheme): `[sk] hash_to_G2(message)`. Constant-time in the key.
    public func sign(_ message: some Collection<UInt8>) -> Signature {
        let h = HashToG2.hash(message, dst: BLS.ciphersuite)
        return withScalar { Signature(point: h.multipliedInG2(by: $0)) }
    }

    /// Lends the 32-byte big-endian encoding, for writing the key somewhere encrypted.
    public func withSerializedBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes(body)
    }
}

extension SecretKey: CustomReflectable {
    /// An empty mirror, so `dump` and debuggers print nothing of the key.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
