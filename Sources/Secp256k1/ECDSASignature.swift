import CSecp256k1

/// An ECDSA signature (r, s) with 1 ≤ r, s < n, as two 32-byte big-endian integers.
///
/// Public data; nothing here is constant-time.
public struct ECDSASignature: Hashable, Sendable {
    public let r: [UInt8]
    public let s: [UInt8]

    init(validatedR r: [UInt8], s: [UInt8]) {
        self.r = r
        self.s = s
    }

    /// Takes r and s (each at most 32 big-endian bytes, leading zeros allowed).
    ///
    /// - Throws: ``Secp256k1Error/Code-swift.struct/invalidSignature`` unless 1 ≤ r, s < n.
    public init(r: some Collection<UInt8>, s: some Collection<UInt8>) throws(Secp256k1Error) {
        self.r = try Self.scalar(r, name: "r")
        self.s = try Self.scalar(s, name: "s")
    }

    /// Takes the 64-byte compact form r ‖ s.
    public init(compact: some Collection<UInt8>) throws(Secp256k1Error) {
        let b = Array(compact)
        guard b.count == 64 else { throw Secp256k1Error(.invalidSignature, "a compact signature is 64 bytes, got \(b.count)") }
        try self.init(r: b[0..<32], s: b[32..<64])
    }

    /// r ‖ s.
    public var compact: [UInt8] { r + s }

    /// Whether s ≤ ⌊n/2⌋ (EIP-2), by exact integer comparison.
    public var isLowS: Bool { compareVartime(s, halfCurveOrder) <= 0 }

    /// The same signature with s replaced by n − s when s > ⌊n/2⌋ (EIP-2). Both verify under the
    /// same key; the recovery id of the normalised one is flipped.
    public var lowSNormalized: ECDSASignature {
        isLowS ? self : ECDSASignature(validatedR: r, s: subtractVartime(curveOrder, s))
    }

    var libsecp256k1: secp256k1_ecdsa_signature {
        var sig = secp256k1_ecdsa_signature()
        let ok = secp256k1_ecdsa_signature_parse_compact(Context.shared.pointer, &sig, compact)
        precondition(ok == 1, "a validated signature failed to parse")  // invariant: r and s were checked to be in [1, n) when the value was built
        return sig
    }

    /// Left-pads to 32 bytes and checks 1 ≤ value < n.
    static func scalar(_ bytes: some Collection<UInt8>, name: String) throws(Secp256k1Error) -> [UInt8] {
        let trimmed = Array(bytes.drop(while: { $0 == 0 }))
        guard trimmed.count <= 32 else { throw Secp256k1Error(.invalidSignature, "\(name) is longer than 32 bytes") }
        let padded = [UInt8](repeating: 0, count: 32 - trimmed.count) + trimmed
        guard !trimmed.isEmpty else { throw Secp256k1Error(.invalidSignature, "\(name) is zero") }
        guard compareVartime(padded, curveOrder) < 0 else {
            throw Secp256k1Error(.invalidSignature, "\(name) is not below the curve order")
        }
        return padded
    }
}

/// An ECDSA signature with the recovery id that identifies R among the candidate points.
///
/// `recoveryID` bit 0 is the parity of R.y and bit 1 says whether R.x = r + n (practically never).
/// Ethereum's `yParity` is the recovery id when it is 0 or 1.
public struct RecoverableSignature: Hashable, Sendable {
    public let signature: ECDSASignature
    public let recoveryID: UInt8

    /// - Throws: ``Secp256k1Error/Code-swift.struct/invalidSignature`` for a recovery id above 3.
    public init(signature: ECDSASignature, recoveryID: UInt8) throws(Secp256k1Error) {
        guard recoveryID <= 3 else { throw Secp256k1Error(.invalidSignature, "recovery id \(recoveryID) is not 0–3") }
        self.signature = signature
        self.recoveryID = recoveryID
    }

    init(signature: ECDSASignature, validatedRecoveryID: UInt8) {
        self.signature = signature
        self.recoveryID = validatedRecoveryID
    }

    /// Recovers the public key that produced this signature over `digest` (SEC 1 §4.1.6).
    ///
    /// - Throws: ``Secp256k1Error/Code-swift.struct/recoveryFailed`` when no key results, or
    ///   ``Secp256k1Error/Code-swift.struct/invalidDigest``.
    public func recoverPublicKey(digest: some Collection<UInt8>) throws(Secp256k1Error) -> PublicKey {
        let msg = Array(digest)
        guard msg.count == 32 else { throw Secp256k1Error(.invalidDigest, "a digest is 32 bytes, got \(msg.count)") }
        let ctx = Context.shared.pointer
        var sig = secp256k1_ecdsa_recoverable_signature()
        guard secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, signature.compact, Int32(recoveryID)) == 1 else {
            throw Secp256k1Error(.invalidSignature, "signature does not parse")
        }
        var pk = secp256k1_pubkey()
        guard secp256k1_ecdsa_recover(ctx, &pk, &sig, msg) == 1 else {
            throw Secp256k1Error(.recoveryFailed, "no public key recovers from this signature and digest")
        }
        return PublicKey(validated: pk)
    }
}
