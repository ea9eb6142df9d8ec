public import BLS12381
public import ConsensusTypes
import EthereumCore
import Foundation
import Secrets
import ValidatorKeys
package import Vault

/// A key that could not be loaded: where it came from (a file path or a vault public key) and why.
/// Never holds a secret.
public struct KeyLoadFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public let source: String
    public let reason: String
    /// The key's public key, when the source names it (a vault row, a keystore's `pubkey`): a
    /// reload keeps a held key whose source still lists it but failed to load this time.
    public let pubkey: BLSPubkey?
    /// Whether the whole source could not be read (the vault unreachable, a folder unreadable):
    /// a reload then changes nothing.
    public let wholeSource: Bool

    public init(source: String, reason: String, pubkey: BLSPubkey? = nil, wholeSource: Bool = false) {
        self.source = source
        self.reason = reason
        self.pubkey = pubkey
        self.wholeSource = wholeSource
    }
    public var description: String { "\(source): \(reason)" }
}

/// A key found but not yet decrypted: its source and the work that decrypts it (a keystore KDF,
/// the slow part, run later on every core by ``KeyLoader/decryptAll(_:)``).
public struct PendingKey: Sendable {
    /// Where the key comes from, for the report.
    public let source: String
    let expectedPubkey: [UInt8]?
    /// A vault row's identity, so that the decrypted key can go into the ``KeyCache``.
    let cacheTag: KeyCache.Tag?
    /// Whether `decrypt` opens a ``KeyCache`` entry (or reuses a loaded key) rather than the row.
    let fromCache: Bool
    /// See ``KeyRing/Entry/identity``.
    let identity: String?
    let derivationPath: String?
    /// Whether the key manager API may not delete it (keys from files).
    let readonly: Bool
    let decrypt: @Sendable () throws -> SecretKey

    init(source: String, expectedPubkey: [UInt8]?, cacheTag: KeyCache.Tag? = nil, fromCache: Bool = false, identity: String? = nil,
         derivationPath: String? = nil, readonly: Bool = true, decrypt: @escaping @Sendable () throws -> SecretKey) {
        self.source = source
        self.expectedPubkey = expectedPubkey
        self.cacheTag = cacheTag
        self.fromCache = fromCache
        self.identity = identity
        self.derivationPath = derivationPath
        self.readonly = readonly
        self.decrypt = decrypt
    }
}

/// What ``KeyLoader/decryptAll(_:)`` returns: the keys, the failures, and the vault keys with
/// their cache tags (for writing a new ``KeyCache``).
public struct DecryptedKeys: Sendable {
    /// The keys, each with its public key (computed once, when the key was checked).
    public let entries: [(pubkey: BLSPubkey, entry: KeyRing.Entry)]
    /// The keys alone.
    public var keys: [SecretKey] { entries.map(\.entry.key) }
    public let failures: [KeyLoadFailure]
    /// Vault keys by row identity, each with whether it came from the cache.
    package let vaultKeys: [(tag: KeyCache.Tag, key: SecretKey, fromCache: Bool)]
}

/// Finds and decrypts the signer's keys. Each source returns its pending keys and the failures
/// it met already; ``decryptAll(_:)`` then decrypts every pending key in parallel. A key that
/// fails is reported by source and reason, and the others still load.
public enum KeyLoader {
    /// The active rows of the vault assigned to `signer`; each row's record is decrypted by the
    /// vault cipher (KMS or the local master key) now, its keystore and password are taken out,
    /// and the record (which also holds the mnemonic) is released at once: the mnemonic is
    /// never decoded and never kept.
    ///
    /// A row whose key `cache` holds (same row, same ciphertext) is not decrypted: its pending key
    /// opens the cache entry instead.
    ///
    /// A row whose key `held` already holds (same identity: same row, same ciphertext) is reused
    /// as it is (a reload).
    package static func vault(
        _ vault: Vault, signer: String, cache: KeyCache.Opened? = nil, held: [String: KeyRing.Entry] = [:]
    ) async -> (pending: [PendingKey], failures: [KeyLoadFailure]) {
        let rows: [KeyRow]
        do {
            rows = try await vault.activeRows(signer: signer)
        } catch {
            return ([], [KeyLoadFailure(source: "vault (signer \(signer))", reason: error.reason, wholeSource: true)])
        }
        var pending: [PendingKey] = []
        var failures: [KeyLoadFailure] = []
        await withTaskGroup(of: Result<PendingKey, KeyLoadFailure>.self) { group in
            var next = 0
            /// Starts the decryption of the next row that needs one; rows whose key is held or
            /// cached on the way become pending keys at once. A loop, not recursion: a restart
            /// from the cache passes every row here in one call (100,000 rows overflowed the stack).
            func add() {
                while next < rows.count {
                    let row = rows[next]
                    next += 1
                    let tag = KeyCache.Tag(row)
                    let source = "vault pubkey 0x\(row.pubkey)"
                    if let entry = held[tag.identity] {
                        pending.append(PendingKey(
                            source: source, expectedPubkey: try? Hex.decode(row.pubkey), cacheTag: tag, fromCache: true, identity: tag.identity,
                            derivationPath: entry.derivationPath, readonly: false) { entry.key })
                    } else if let cached = cache?.key(for: tag) {
                        // Checked against the row's public key in `decryptAll`, like any decrypted key.
                        pending.append(PendingKey(
                            source: source + " (key cache)", expectedPubkey: try? Hex.decode(row.pubkey), cacheTag: tag,
                            fromCache: true, identity: tag.identity, readonly: false) { cached })
                    } else {
                        group.addTask { await vaultKey(vault, row) }
                        return
                    }
                }
            }
            for _ in 0..<min(16, rows.count) { add() }
            for await result in group {
                switch result {
                case .success(let key): pending.append(key)
                case .failure(let failure): failures.append(failure)
                }
                add()
            }
        }
        return (pending, failures)
    }

    private static func vaultKey(_ vault: Vault, _ row: KeyRow) async -> Result<PendingKey, KeyLoadFailure> {
        let source = "vault pubkey 0x\(row.pubkey)"
        let pubkey = (try? Hex.decode(row.pubkey, count: 48)).map { BLSPubkey(unchecked: $0) }
        do {
            let tag = KeyCache.Tag(row)
            let (keystore, password) = try await {
                let record = try await vault.record(of: row)
                return try record.withKeystore { keystore, password in
                    (try Keystore(json: Data(keystore)), KeystorePassword(utf8: SecretBytes(copying: password)))
                }
            }()
            let expected = try? Hex.decode(row.pubkey)
            return .success(PendingKey(
                source: source, expectedPubkey: expected, cacheTag: tag, identity: tag.identity, derivationPath: keystore.path, readonly: false
            ) {
                try keystore.decryptSecretKey(password: password)
            })
        } catch let error as VaultError {
            return .failure(KeyLoadFailure(source: source, reason: error.reason, pubkey: pubkey))
        } catch let error as ValidatorKeysError {
            return .failure(KeyLoadFailure(source: source, reason: error.reason, pubkey: pubkey))
        } catch {
            return .failure(KeyLoadFailure(source: source, reason: "\(error)", pubkey: pubkey))
        }
    }

    /// Decrypts every pending key, as many at a time as there are cores.
    public static func decryptAll(_ pending: [PendingKey]) async -> DecryptedKeys {
        let parallelism = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var entries: [(pubkey: BLSPubkey, entry: KeyRing.Entry)] = []
        var failures: [KeyLoadFailure] = []
        var vaultKeys: [(tag: KeyCache.Tag, key: SecretKey, fromCache: Bool)] = []
        await withTaskGroup(of: (PendingKey, Result<(BLSPubkey, SecretKey), KeyLoadFailure>).self) { group in
            var next = 0
            func add() {
                guard next < pending.count else { return }
                let item = pending[next]
                next += 1
                group.addTask { (item, decrypt(item)) }
            }
            for _ in 0..<min(parallelism, pending.count) { add() }
            for await (item, result) in group {
                switch result {
                case .success(let (pubkey, key)):
                    entries.append((pubkey, KeyRing.Entry(
                        key: key, source: item.source, identity: item.identity, derivationPath: item.derivationPath, readonly: item.readonly)))
                    if let tag = item.cacheTag { vaultKeys.append((tag, key, item.fromCache)) }
                case .failure(let failure):
                    failures.append(failure)
                }
                add()
            }
        }
        return DecryptedKeys(entries: entries, failures: failures, vaultKeys: vaultKeys)
    }

    private static func decrypt(_ item: PendingKey) -> Result<(BLSPubkey, SecretKey), KeyLoadFailure> {
        let named = item.expectedPubkey.flatMap { $0.count == 48 ? BLSPubkey(unchecked: $0) : nil }
        func failure(_ reason: String) -> Result<(BLSPubkey, SecretKey), KeyLoadFailure> {
            .failure(KeyLoadFailure(source: item.source, reason: reason, pubkey: named))
        }
        do {
            let key = try item.decrypt()
            let pubkey = key.publicKey().compressed
            if let expected = item.expectedPubkey, pubkey != expected {
                return failure("the decrypted key is not the key of this public key")
            }
            return .success((BLSPubkey(unchecked: pubkey), key))
        } catch let error as ValidatorKeysError {
            return failure(error.reason)
        } catch let error as SignerError {
            return failure(error.reason)
        } catch {
            return failure("\(error)")
        }
    }
}
