public import BLS12381
public import ConsensusTypes

/// The signer's keys: BLS secret keys by public key, fixed at start.
///
/// Secret keys live only in ``BLS12381/SecretKey`` (zeroised storage); this type has no
/// description of its own and never hands a key out. Signing is constant-time in the key.
public final class KeyRing: Sendable {
    private let keys: [BLSPubkey: SecretKey]
    /// The public keys, sorted by their bytes.
    public let pubkeys: [BLSPubkey]

    /// Holds `keys`; a key given twice is kept once.
    public init(_ keys: [SecretKey]) {
        var byPubkey: [BLSPubkey: SecretKey] = [:]
        for key in keys { byPubkey[BLSPubkey(unchecked: key.publicKey().compressed)] = key }
        self.keys = byPubkey
        self.pubkeys = byPubkey.keys.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    }

    /// Holds `entries`, whose public keys the caller computed from their keys (``KeyLoader``
    /// does, when it checks each key); a key given twice is kept once.
    public init(keyed entries: [(pubkey: BLSPubkey, key: SecretKey)]) {
        var byPubkey: [BLSPubkey: SecretKey] = [:]
        for (pubkey, key) in entries { byPubkey[pubkey] = key }
        self.keys = byPubkey
        self.pubkeys = byPubkey.keys.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    }

    /// The number of keys.
    public var count: Int { keys.count }

    /// Whether a key with this public key is loaded.
    public func contains(_ pubkey: BLSPubkey) -> Bool { keys[pubkey] != nil }

    /// Signs a 32-byte signing root with the key of `pubkey` (`nil` when there is none).
    public func sign(_ signingRoot: Root, with pubkey: BLSPubkey) -> BLS12381.Signature? {
        keys[pubkey]?.sign(signingRoot.bytes)
    }
}
