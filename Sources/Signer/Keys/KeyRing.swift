public import BLS12381
public import ConsensusTypes
import Synchronization

/// The signer's keys: BLS secret keys by public key. Keys are added and removed while the signer
/// runs (`POST /reload`, the keymanager API).
///
/// Secret keys live only in ``BLS12381/SecretKey`` (zeroised storage); this type has no
/// description of its own and never hands a key out: a request takes a ``Lease`` on one key
/// for its whole flow (key check, slashing check, signature). A key removed while a lease is
/// held finishes that request and signs nothing after; ``drain(_:)`` waits for those leases, so
/// that whoever removed a key knows when it can sign no more.
public final class KeyRing: Sendable {
    /// One loaded key and what is known of where it came from (never a secret).
    public struct Entry: Sendable {
        let key: SecretKey
        /// What the key was loaded from (a file path or `vault`), for the keymanager API and logs.
        public let source: String
        /// The identity of the material it was decrypted from (a vault row's fingerprint, a
        /// keystore file's digest), so that a reload skips the KDF of what did not change; `nil`
        /// when the key is cheap to load again.
        public let identity: String?
        /// The EIP-2334 derivation path from the keystore, when it gave one.
        public let derivationPath: String?
        /// Whether the key manager API may not delete it (keys from files: remove the file).
        public let readonly: Bool

        init(key: SecretKey, source: String, identity: String?, derivationPath: String?, readonly: Bool) {
            self.key = key
            self.source = source
            self.identity = identity
            self.derivationPath = derivationPath
            self.readonly = readonly
        }
    }

    private struct State {
        var entries: [BLSPubkey: Entry] = [:]
        /// Requests in flight per key (leases not yet released).
        var leases: [BLSPubkey: Int] = [:]
    }

    private let state: Mutex<State>

    /// Holds `keys` (from no particular source, read-write); a key given twice is kept once.
    public convenience init(_ keys: [SecretKey]) {
        self.init(keyed: keys.map { (BLSPubkey(unchecked: $0.publicKey().compressed), $0) })
    }

    /// Holds `entries`, whose public keys the caller computed from their keys (``KeyLoader``
    /// does, when it checks each key); a key given twice is kept once.
    public convenience init(keyed entries: [(pubkey: BLSPubkey, key: SecretKey)]) {
        self.init(entries: entries.map { ($0.pubkey, Entry(key: $0.key, source: "", identity: nil, derivationPath: nil, readonly: false)) })
    }

    /// Holds `entries` (what ``KeySources/load(held:logger:)`` found); a key given twice is kept once.
    public init(entries: [(pubkey: BLSPubkey, entry: Entry)]) {
        var byPubkey: [BLSPubkey: Entry] = [:]
        for (pubkey, entry) in entries { byPubkey[pubkey] = entry }
        state = Mutex(State(entries: byPubkey))
    }

    /// The number of keys.
    public var count: Int { state.withLock { $0.entries.count } }

    /// The public keys, sorted by their bytes.
    public var pubkeys: [BLSPubkey] {
        state.withLock { Array($0.entries.keys) }.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    }

    /// Every key's public key and entry, sorted by public key.
    public var entries: [(pubkey: BLSPubkey, entry: Entry)] {
        state.withLock { $0.entries.map { ($0.key, $0.value) } }.sorted { $0.pubkey.bytes.lexicographicallyPrecedes($1.pubkey.bytes) }
    }

    /// Whether a key with this public key is loaded.
    public func contains(_ pubkey: BLSPubkey) -> Bool { state.withLock { $0.entries[pubkey] != nil } }

    /// The entry of `pubkey`, if loaded.
    public func entry(_ pubkey: BLSPubkey) -> Entry? { state.withLock { $0.entries[pubkey] } }

    /// Signs a 32-byte signing root with the key of `pubkey` (`nil` when there is none).
    public func sign(_ signingRoot: Root, with pubkey: BLSPubkey) -> BLS12381.Signature? {
        state.withLock { $0.entries[pubkey]?.key }?.sign(signingRoot.bytes)
    }

    /// A request's hold on one key: it signs with the key it found when taken, even if the key is
    /// removed meanwhile. ``release()`` it when the request is done.
    public struct Lease: Sendable {
        let ring: KeyRing
        let pubkey: BLSPubkey
        let key: SecretKey

        /// The BLS signature of a 32-byte signing root.
        public func sign(_ signingRoot: Root) -> BLS12381.Signature { key.sign(signingRoot.bytes) }

        /// Ends the hold; a ``drain(_:)`` waiting on this key may then return.
        public func release() {
            ring.state.withLock { state in
                let left = (state.leases[pubkey] ?? 1) - 1
                state.leases[pubkey] = left > 0 ? left : nil
            }
        }
    }

    /// A lease on the key of `pubkey`, or `nil` when it is not loaded.
    public func lease(_ pubkey: BLSPubkey) -> Lease? {
        state.withLock { state in
            guard let entry = state.entries[pubkey] else { return nil }
            state.leases[pubkey, default: 0] += 1
            return Lease(ring: self, pubkey: pubkey, key: entry.key)
        }
    }

    /// Adds keys, or replaces the entries of keys already held.
    public func insert(_ added: [(pubkey: BLSPubkey, entry: Entry)]) {
        state.withLock { state in for (pubkey, entry) in added { state.entries[pubkey] = entry } }
    }

    /// Removes keys; requests that hold a lease on one finish with it (see ``drain(_:)``).
    ///
    /// - Returns: the public keys that were loaded and are now removed.
    @discardableResult
    public func remove(_ pubkeys: [BLSPubkey]) -> [BLSPubkey] {
        state.withLock { state in pubkeys.filter { state.entries.removeValue(forKey: $0) != nil } }
    }

    /// Replaces every entry at once (a reload): keys not in `entries` stop signing new requests.
    public func replaceAll(with entries: [(pubkey: BLSPubkey, entry: Entry)]) {
        var byPubkey: [BLSPubkey: Entry] = [:]
        for (pubkey, entry) in entries { byPubkey[pubkey] = entry }
        state.withLock { $0.entries = byPubkey }
    }

    /// Waits until no request holds a lease on any of `pubkeys` (checked every millisecond).
    /// After ``remove(_:)`` and this, those keys have made their last signature.
    public func drain(_ pubkeys: [BLSPubkey]) async {
        while !Task.isCancelled, state.withLock({ state in pubkeys.contains { state.leases[$0] != nil } }) {
            try? await Task.sleep(for: .milliseconds(1))
        }
    }
}
