import BLS12381
public import ConsensusTypes
import EthereumCore
public import Foundation
public import Logging
import Secrets
public import SlashingProtection
import Synchronization
public import ValidatorKeys
import Vault

/// Changes the signer's keys while it runs: reloads from the ``KeySources`` (`POST /reload`),
/// and imports, lists and deletes keystores (the keymanager API, `/eth/v1/keystores`).
///
/// One change runs at a time (a reload, an import, a delete), so that none undoes another. Every
/// key is registered with slashing protection before it can sign.
public final class KeyManager: Sendable {
    public let ring: KeyRing
    let sources: KeySources
    package let store: any SlashingProtectionStore
    /// The network name written into the vault rows of imported keys.
    let chain: String
    let logger: Logger
    let metrics: SignerMetrics?
    private let exclusive = Exclusive()
    private let state: Mutex<State>

    private struct State {
        var reload = ReloadStatus(status: .idle, lastOperationTime: nil, lastError: nil)
        /// Keys that failed at the last load (`/healthcheck`).
        var failures: Int
    }

    /// - Parameters:
    ///   - ring: the keys loaded at start, from `sources`.
    ///   - failures: how many keys failed to load at start.
    ///   - chain: the network name for imported keys' vault rows.
    package init(
        ring: KeyRing, sources: KeySources, store: any SlashingProtectionStore, failures: Int, chain: String, logger: Logger,
        metrics: SignerMetrics?
    ) {
        self.ring = ring
        self.sources = sources
        self.store = store
        self.chain = chain
        self.logger = logger
        self.metrics = metrics
        state = Mutex(State(failures: failures))
        metrics?.keys(loaded: ring.count, failed: failures)
    }

    /// How many keys failed at the last load.
    public var failures: Int { state.withLock { $0.failures } }

    /// Whether the vault answers within 2 s (`/healthcheck`); `nil` when keys come from files only.
    /// A vault that is locked or slow counts as down: a probe must not wait for it.
    public func vaultReachable() async -> Bool? {
        guard let vault = sources.vault?.vault else { return nil }
        // Raced in unstructured tasks: a query stuck on a lock cannot be cancelled, and a task
        // group would wait for it.
        return await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let answered = Mutex(false)
            let answer: @Sendable (Bool) -> Void = { up in
                if answered.withLock({ done in defer { done = true }; return !done }) { continuation.resume(returning: up) }
            }
            Task {
                do {
                    _ = try await vault.store.row(pubkey: String(repeating: "0", count: 96))
                    answer(true)
                } catch {
                    answer(false)
                }
            }
            Task {
                try? await Task.sleep(for: .seconds(2))
                answer(false)
            }
        }
    }

    // MARK: - Reload

    /// Web3Signer's reload status (`GET /reload`).
    public struct ReloadStatus: Sendable {
        public enum Status: String, Sendable { case idle, running, completed, completedWithErrors = "completed_with_errors", failed }
        public var status: Status
        public var lastOperationTime: Date?
        public var lastError: String?
    }

    /// The current or last reload.
    public var reloadStatus: ReloadStatus { state.withLock { $0.reload } }

    /// Starts a reload in the background (`POST /reload`).
    ///
    /// - Returns: `false` when one is running already (409).
    public func startReload() -> Bool {
        let started = state.withLock { state -> Bool in
            guard state.reload.status != .running else { return false }
            state.reload = ReloadStatus(status: .running, lastOperationTime: Date(), lastError: nil)
            return true
        }
        guard started else { return false }
        Task { await self.reload() }
        return true
    }

    /// Reads every source again and makes the ring what they now hold: new and changed keys
    /// (their KDF runs only for what changed), removed, deactivated, reassigned and deleted
    /// ones gone. A key that failed to load this time but is still listed keeps signing. When a
    /// whole source cannot be read (the vault down), nothing changes and the reload `failed`.
    @discardableResult
    public func reload() async -> ReloadStatus {
        state.withLock { state in
            if state.reload.status != .running { state.reload = ReloadStatus(status: .running, lastOperationTime: Date(), lastError: nil) }
        }
        let status = await exclusive.run { () async -> ReloadStatus in
            let loaded = await sources.load(held: ring, logger: logger)
            if let down = loaded.failures.first(where: \.wholeSource) {
                return ReloadStatus(status: .failed, lastOperationTime: Date(), lastError: "Reload failed: \(down.description); no key changed")
            }
            var entries = loaded.entries
            let loadedKeys = Set(entries.map(\.pubkey))
            for failure in loaded.failures {
                if let pubkey = failure.pubkey, !loadedKeys.contains(pubkey), let held = ring.entry(pubkey) { entries.append((pubkey, held)) }
            }
            let added = entries.map(\.pubkey).filter { !ring.contains($0) }
            do throws(SlashingProtectionError) {
                try await store.register(added)
            } catch {
                return ReloadStatus(
                    status: .failed, lastOperationTime: Date(), lastError: "Reload failed: registering keys with slashing protection: \(error.reason)")
            }
            let before = Set(ring.pubkeys)
            ring.replaceAll(with: entries)
            let removed = before.subtracting(entries.map(\.pubkey))
            state.withLock { $0.failures = loaded.failures.count }
            metrics?.keys(loaded: ring.count, failed: loaded.failures.count)
            logger.notice("keys reloaded", metadata: [
                "loaded": "\(ring.count)", "added": "\(added.count)", "removed": "\(removed.count)", "failed": "\(loaded.failures.count)",
                "decrypted": "\(loaded.decrypted)",
            ])
            if loaded.failures.isEmpty { return ReloadStatus(status: .completed, lastOperationTime: Date(), lastError: nil) }
            return ReloadStatus(
                status: .completedWithErrors, lastOperationTime: Date(),
                lastError: "Reload completed with \(loaded.failures.count) signer loading error(s)")
        }
        metrics?.reload(outcome: status.status.rawValue)
        state.withLock { $0.reload = status }
        return status
    }

    // MARK: - Keymanager API

    /// A listed key (`GET /eth/v1/keystores`).
    public struct ListedKey: Sendable {
        public let pubkey: BLSPubkey
        public let derivationPath: String?
        public let readonly: Bool
    }

    /// Every key loaded, sorted by public key.
    public func list() -> [ListedKey] {
        ring.entries.map { ListedKey(pubkey: $0.pubkey, derivationPath: $0.entry.derivationPath, readonly: $0.entry.readonly) }
    }

    /// One keystore's import outcome, in the keymanager API's words.
    public enum ImportStatus: Sendable, Equatable {
        case imported, duplicate
        case error(String)
    }

    /// Imports keystores (`POST /eth/v1/keystores`): each is decrypted with its password (every
    /// core), `slashingProtection` (an EIP-3076 interchange) is merged first, all or nothing, for
    /// the keys that decrypted only (another validator's history in it is left out),
    /// then the keys are registered with slashing protection, written to the vault (assigned to
    /// this signer) and loaded. A keystore that does not decrypt is `error` and nothing of it is
    /// kept; a key already loaded, or already active in the vault for this signer, is `duplicate`.
    ///
    /// - Parameters:
    ///   - keystores: EIP-2335 keystore JSON documents.
    ///   - passwords: one per keystore, in order (the caller checked the counts).
    public func importKeystores(
        _ keystores: [[UInt8]], passwords: [KeystorePassword], slashingProtection: [UInt8]?
    ) async -> [ImportStatus] {
        guard let vaultSource = sources.vault else {
            return keystores.map { _ in .error("this signer reads no vault to keep imported keys in") }
        }
        return await exclusive.run { () async -> [ImportStatus] in
            var statuses = [ImportStatus](repeating: .error("not decrypted"), count: keystores.count)
            var pending: [(index: Int, key: PendingKey, json: [UInt8])] = []
            for (index, json) in keystores.enumerated() {
                do throws(ValidatorKeysError) {
                    let keystore = try Keystore(json: Data(json))
                    let password = passwords[index]
                    pending.append((index, PendingKey(
                        source: "keystore \(index)", expectedPubkey: keystore.pubkey, derivationPath: keystore.path, readonly: false
                    ) { try keystore.decryptSecretKey(password: password) }, json))
                } catch {
                    statuses[index] = .error("keystore \(index): \(error.reason)")
                }
            }
            // Decrypted on every core; each result comes back under its source, "keystore N".
            let decryptedKeys = await KeyLoader.decryptAll(pending.map(\.key))
            var results: [String: Result<(BLSPubkey, KeyRing.Entry), KeyLoadFailure>] = [:]
            for (pubkey, entry) in decryptedKeys.entries { results[entry.source] = .success((pubkey, entry)) }
            for failure in decryptedKeys.failures { results[failure.source] = .failure(failure) }
            var keys: [(index: Int, pubkey: BLSPubkey, entry: KeyRing.Entry, json: [UInt8], password: KeystorePassword)] = []
            var decrypted: Set<BLSPubkey> = []
            for item in pending {
                switch results[item.key.source] {
                case .success(let (pubkey, entry))?:
                    decrypted.insert(pubkey)
                    if keys.contains(where: { $0.pubkey == pubkey }) || ring.contains(pubkey) {
                        statuses[item.index] = .duplicate
                    } else {
                        keys.append((item.index, pubkey, entry, item.json, passwords[item.index]))
                    }
                case .failure(let failure)?: statuses[item.index] = .error("keystore \(item.index): \(failure.reason)")
                case nil: break
                }
            }
            if let slashingProtection {
                do throws(SlashingProtectionError) {
                    var interchange = try Interchange(json: slashingProtection)
                    guard interchange.genesisValidatorsRoot == store.genesisValidatorsRoot else {
                        throw SlashingProtectionError(
                            .genesisValidatorsRootMismatch,
                            "the interchange is for genesis_validators_root 0x\(interchange.genesisValidatorsRoot), not this signer's 0x\(store.genesisValidatorsRoot)")
                    }
                    // Only the history of keys this request proved it holds (their keystore
                    // decrypted): an interchange naming another validator must not raise its bounds.
                    interchange.data.removeAll { !decrypted.contains($0.pubkey) }
                    if !interchange.data.isEmpty { _ = try await store.importInterchange(interchange) }
                } catch {
                    return keystores.map { _ in .error("slashing_protection: \(error.reason); nothing was imported") }
                }
            }
            guard !keys.isEmpty else { return statuses }
            do throws(SlashingProtectionError) {
                try await store.register(keys.map(\.pubkey))
            } catch {
                for key in keys { statuses[key.index] = .error("registering with slashing protection: \(error.reason)") }
                return statuses
            }
            let vault = vaultSource.vault
            var newKeys: [(index: Int, pubkey: BLSPubkey, entry: KeyRing.Entry, new: Vault.NewKey)] = []
            var loaded: [(pubkey: BLSPubkey, entry: KeyRing.Entry)] = []
            for key in keys {
                let hex = Hex.encode(key.pubkey.bytes, prefix: false)
                do throws(VaultError) {
                    if let row = try await vault.row(pubkey: hex) {
                        // Same public key, same secret key: the row already holds a keystore for it.
                        if row.web3signerUUID == vaultSource.signer, row.active {
                            statuses[key.index] = .duplicate
                            continue
                        }
                        guard row.web3signerUUID == vaultSource.signer || row.web3signerUUID == KeyRow.unassigned else {
                            statuses[key.index] = .error("0x\(hex) is assigned to signer \(row.web3signerUUID) in the vault")
                            continue
                        }
                        var current = try await vault.assign(pubkey: hex, to: vaultSource.signer)
                        if !current.active { current = try await vault.setActive(true, pubkey: hex) }
                        loaded.append((key.pubkey, key.entry.from(vault: KeyCache.Tag(current))))
                        statuses[key.index] = .imported
                        continue
                    }
                    let record = key.password.withBytes { VaultRecord(keystore: key.json, password: $0, mnemonic: []) }
                    newKeys.append((key.index, key.pubkey, key.entry, Vault.NewKey(
                        pubkey: hex, chain: chain, datetime: Date().formatted(.iso8601), depositJSONBase64: "", record: record)))
                } catch {
                    statuses[key.index] = .error("vault: \(error.reason)")
                }
            }
            if !newKeys.isEmpty {
                do throws(VaultError) {
                    let rows = try await vault.add(newKeys.map(\.new), signer: vaultSource.signer)
                    for (key, row) in zip(newKeys, rows) {
                        loaded.append((key.pubkey, key.entry.from(vault: KeyCache.Tag(row))))
                        statuses[key.index] = .imported
                    }
                } catch {
                    for key in newKeys { statuses[key.index] = .error("vault: \(error.reason); not imported") }
                }
            }
            ring.insert(loaded)
            metrics?.keys(loaded: ring.count, failed: failures)
            logger.notice("keystores imported", metadata: ["imported": "\(loaded.count)", "requested": "\(keystores.count)"])
            return statuses
        }
    }

    /// One key's delete outcome, in the keymanager API's words.
    public enum DeleteStatus: Sendable, Equatable {
        case deleted, notActive, notFound
        case error(String)

        public var name: String {
            switch self {
            case .deleted: "deleted"
            case .notActive: "not_active"
            case .notFound: "not_found"
            case .error: "error"
            }
        }
    }

    /// Deletes keys (`DELETE /eth/v1/keystores`): each vault key's row is deactivated (the
    /// record, with its mnemonic, stays), then the key leaves the ring and every request still
    /// holding it finishes; only then is the slashing protection of the `deleted` and
    /// `not_active` keys exported. That history stays in the store: a key imported again can
    /// never repeat what it signed. Keys from files are read-only (`error`).
    ///
    /// - Returns: one status per public key, and the EIP-3076 interchange (JSON).
    /// - Throws: ``SignerError`` (`storage`/`unavailable`) when the slashing protection cannot
    ///   be read; the keys are deleted by then.
    public func delete(_ pubkeys: [BLSPubkey]) async throws(SignerError) -> ([DeleteStatus], [UInt8]) {
        let outcome = await exclusive.run { () async -> ([DeleteStatus], SignerError?, [UInt8]) in
            var statuses: [DeleteStatus] = []
            var removed: [BLSPubkey] = []
            for pubkey in pubkeys {
                let hex = Hex.encode(pubkey.bytes, prefix: false)
                if let entry = ring.entry(pubkey) {
                    guard !entry.readonly else {
                        statuses.append(.error("loaded from \(entry.source), which the key manager does not change: remove it there and POST /reload"))
                        continue
                    }
                    if let vault = sources.vault?.vault {
                        do throws(VaultError) {
                            _ = try await vault.setActive(false, pubkey: hex)
                        } catch {
                            statuses.append(.error("the vault row was not deactivated (\(error.reason)); the key still signs"))
                            continue
                        }
                    }
                    ring.remove([pubkey])
                    removed.append(pubkey)
                    statuses.append(.deleted)
                    continue
                }
                do throws(SlashingProtectionError) {
                    let known = try await store.status(pubkeys: [pubkey])
                    statuses.append(known.isEmpty ? .notFound : .notActive)
                } catch {
                    statuses.append(.error("slashing protection: \(error.reason)"))
                }
            }
            // No signature of a deleted key is made after this point (requests holding one finish first).
            await ring.drain(removed)
            metrics?.keys(loaded: ring.count, failed: failures)
            if !removed.isEmpty { logger.notice("keys deleted", metadata: ["deleted": "\(removed.count)"]) }
            var exported: [BLSPubkey] = []
            for (pubkey, status) in zip(pubkeys, statuses) where (status == .deleted || status == .notActive) && !exported.contains(pubkey) {
                exported.append(pubkey)
            }
            do throws(SlashingProtectionError) {
                let interchange = try await store.exportInterchange(pubkeys: exported)
                return (statuses, nil, interchange.json())
            } catch {
                return (statuses, SignerError(error.code == .unavailable ? .unavailable : .storage, "slashing protection export: \(error.reason)"), [])
            }
        }
        if let error = outcome.1 { throw error }
        return (outcome.0, outcome.2)
    }
}

extension KeyRing.Entry {
    /// The same key, now known as the vault row `tag` (a reload reuses it while the row is unchanged).
    func from(vault tag: KeyCache.Tag) -> KeyRing.Entry {
        KeyRing.Entry(key: key, source: "vault pubkey 0x\(tag.pubkey)", identity: tag.identity, derivationPath: derivationPath, readonly: false)
    }
}

/// Runs one operation at a time, in arrival order.
actor Exclusive {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<R: Sendable>(_ body: @Sendable () async -> R) async -> R {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        } else {
            busy = true
        }
        let result = await body()
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        return result
    }
}
