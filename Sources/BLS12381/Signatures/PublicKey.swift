/// A validated BLS public key: a G1 point that is on the curve, in the subgroup, and not the
/// identity (KeyValidate). Unvalidated bytes never become a `PublicKey` (R7).
public struct PublicKey: Sendable, Hashable {
    let point: G1Point
    /// The 48-byte compressed encoding.
    public let compressed: [UInt8]

    init(point: G1Point) {
        self.point = point
        self.compressed = point.encoded()
    }

    /// Decodes and validates a public key (KeyValidate): 48 compressed or 96 uncompressed bytes.
    /// Not constant-time (public data). Checks subgroup membership.
    ///
    /// - Throws: a ``BLSError`` naming the failed check; the identity is refused with
    ///   ``BLSError/Code/identityPublicKey``.
    public init(bytes: some Collection<UInt8>) throws(BLSError) {
        let point = try G1Point(encoded: Array(bytes), what: "public key")
        guard !point.isIdentity.isTrue else {
            throw BLSError(.identityPublicKey, "public key: the point at infinity is not a valid key")
        }
        self.init(point: point)
    }

    /// The 96-byte uncompressed encoding.
    public var uncompressed: [UInt8] { point.encoded(compressed: false) }

    /// The sum of public keys (for FastAggregateVerify).
    ///
    /// - Throws: ``BLSError/Code/emptyInput`` for an empty list; ``BLSError/Code/identityPublicKey``
    ///   if the keys cancel out.
    public static func aggregate(_ keys: [PublicKey]) throws(BLSError) -> PublicKey {
        guard let first = keys.first else { throw BLSError(.emptyInput, "aggregate of no public keys") }
        let sum = keys.dropFirst().reduce(first.point) { $0 + $1.point }
        guard !sum.isIdentity.isTrue else {
            throw BLSError(.identityPublicKey, "aggregate public key is the point at infinity")
        }
        return PublicKey(point: sum)
    }

    public static func == (a: PublicKey, b: PublicKey) -> Bool { a.compressed == b.compressed }
    public func hash(into hasher: inout Hasher) { hasher.combine(compressed) }
}

/// A BLS signature: a G2 point on the curve and in the subgroup (the identity is a valid encoding
/// and simply fails verification).
public struct Signature: Sendable, Hashable {
    let point: G2Point
    /// The 96-byte compressed encoding.
    public let compressed: [UInt8]

    init(point: G2Point) {
        self.point = point
        self.compressed = point.encoded()
    }

    /// Decodes a signature: 96 compressed or 192 uncompressed bytes, with subgroup check.
    /// Not constant-time (public data).
    public init(bytes: some Collection<UInt8>) throws(BLSError) {
        self.init(point: try G2Point(encoded: Array(bytes), what: "signature"))
    }

    /// The 192-byte uncompressed encoding.
    public var uncompressed: [UInt8] { point.encoded(compressed: false) }

    public static func == (a: Signature, b: Signature) -> Bool { a.compressed == b.compressed }
    public func hash(into hasher: inout Hasher) { hasher.combine(compressed) }
}
