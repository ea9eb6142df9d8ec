import BLS12381
import CMalloc
public import ConsensusTypes
import Foundation
public import Logging
package import Vault

/// Where the signer's keys come from: the vault (rows assigned to one signer), a folder of
/// EIP-2335 keystores, a folder of Web3Signer key files. Read at start and by every reload.
public struct KeySources: Sendable {
    /// The vault and the signer whose active rows are loaded.
    package struct VaultSource: Sendable {
        package let vault: Vault
        /// The signer UUID (`none`: the unassigned rows of the embedded vault).
        package let signer: String
        /// Where the ``KeyCache`` lives, or `nil` with `--no-key-cache`.
        package let cachePath: String?
        /// A name for logs: `embedded` or `dynamodb:TABLE`.
        package let name: String

        package init(vault: Vault, signer: String, cachePath: String?, name: String) {
            self.vault = vault
            self.signer = signer
            self.cachePath = cachePath
            self.name = name
        }
    }

    package var vault: VaultSource?
    /// `--keystores-path` and where its passwords are.
    public var keystores: (path: String, passwords: KeyLoader.KeystorePasswords)?
    /// `--key-store-path`.
    public var keyConfigs: String?

    package init(vault: VaultSource? = nil, keystores: (path: String, passwords: KeyLoader.KeystorePasswords)? = nil, keyConfigs: String? = nil) {
        self.vault = vault
        self.keystores = keystores
        self.keyConfigs = keyConfigs
    }

    /// What one load found.
    public struct Loaded: Sendable {
        public let entries: [(pubkey: BLSPubkey, entry: KeyRing.Entry)]
        public let failures: [KeyLoadFailure]
        /// How many keys went through their KDF (the rest came from the key cache or were held).
        public let decrypted: Int
    }

    /// Reads every source and decrypts what it must, on every core; logs one line per step.
    ///
    /// - Parameter held: the keys loaded so far (a reload): a key whose material is unchanged
    ///   (same vault row ciphertext, same keystore and password bytes) is kept as it is, without
    ///   its KDF. At start (`held` empty) the vault's ``KeyCache`` is read instead, and written
    ///   again when anything changed.
    public func load(held ring: KeyRing? = nil, logger: Logger) async -> Loaded {
        var held: [String: KeyRing.Entry] = [:]
        for (_, entry) in ring?.entries ?? [] { if let identity = entry.identity { held[identity] = entry } }
        var entries: [(pubkey: BLSPubkey, entry: KeyRing.Entry)] = []
        var failures: [KeyLoadFailure] = []
        var decrypted = 0
        if let vault {
            let loaded = await loadVault(vault, held: held, readCache: ring == nil, logger: logger)
            entries += loaded.entries
            failures += loaded.failures
            decrypted += loaded.decrypted
        }
        var pending: [PendingKey] = []
        if let keystores {
            let started = ContinuousClock.now
            let found = KeyLoader.keystoreDirectory(keystores.path, passwords: keystores.passwords, held: held)
            pending += found.pending
            failures += found.failures
            logger.info("keystores read", metadata: [
                "path": "\(keystores.path)", "keys": "\(found.pending.count)", "failed": "\(found.failures.count)",
                "ms": "\((ContinuousClock.now - started).milliseconds)",
            ])
        }
        if let keyConfigs {
            let started = ContinuousClock.now
            let found = KeyLoader.keyConfigDirectory(keyConfigs, held: held)
            pending += found.pending
            failures += found.failures
            logger.info("key configuration files read", metadata: [
                "path": "\(keyConfigs)", "keys": "\(found.pending.count)", "failed": "\(found.failures.count)",
                "ms": "\((ContinuousClock.now - started).milliseconds)",
            ])
        }
        let started = ContinuousClock.now
        let files = await KeyLoader.decryptAll(pending)
        entries += files.entries
        failures += files.failures
        decrypted += pending.count { !$0.fromCache }
        for failure in failures {
            logger.warning("key not loaded", metadata: ["source": "\(failure.source)", "reason": "\(failure.reason)"])
        }
        logger.info("keys decrypted", metadata: [
            "loaded": "\(entries.count)", "failed": "\(failures.count)", "cores": "\(ProcessInfo.processInfo.activeProcessorCount)",
            "ms": "\((ContinuousClock.now - started).milliseconds)",
        ])
        // Loading parsed every record, keystore and cache entry: hand that memory back to the
        // system, so that the resident size is what the keys hold (100,000 keys: 417 → 273 MiB,
        // `etherkeep bench signer-memory`).
        malloc_trim(0)
        return Loaded(entries: entries, failures: failures, decrypted: decrypted)
    }

    /// The vault's keys: rows read, keys taken from what is held or the key cache where possible,
    /// the others decrypted on every core; then, when a key was decrypted the slow way or the
    /// cache is stale, a new cache written.
    private func loadVault(_ source: VaultSource, held: [String: KeyRing.Entry], readCache: Bool, logger: Logger) async -> Loaded {
        let started = ContinuousClock.now
        var cache: KeyCache.Opened?
        var cacheState = source.cachePath == nil ? "off (--no-key-cache)" : "not read (reload)"
        if readCache, let cachePath = source.cachePath {
            (cache, cacheState) = await KeyCache.open(path: cachePath, cipher: source.vault.cipher, signer: source.signer)
        }
        let found = await KeyLoader.vault(source.vault, signer: source.signer, cache: cache, held: held)
        logger.info("vault read", metadata: [
            "source": "\(source.name)", "signer_uuid": "\(source.signer)", "keys": "\(found.pending.count)",
            "failed": "\(found.failures.count)", "key_cache": "\(cacheState)", "ms": "\((ContinuousClock.now - started).milliseconds)",
        ])
        let decrypting = ContinuousClock.now
        let decrypted = await KeyLoader.decryptAll(found.pending)
        let reused = decrypted.vaultKeys.count { $0.fromCache }
        logger.info("vault keys decrypted", metadata: [
            "loaded": "\(decrypted.keys.count)", "from_cache": "\(reused)", "failed": "\(decrypted.failures.count)",
            "ms": "\((ContinuousClock.now - decrypting).milliseconds)",
        ])
        let heldVaultKeys = held.keys.count { $0.hasPrefix("vault:") }
        let stale = readCache ? cache?.count != decrypted.vaultKeys.count : heldVaultKeys != decrypted.vaultKeys.count
        if let cachePath = source.cachePath, reused != decrypted.vaultKeys.count || stale {
            let writing = ContinuousClock.now
            do {
                try await KeyCache.write(
                    path: cachePath, cipher: source.vault.cipher, signer: source.signer, keys: decrypted.vaultKeys.map { ($0.tag, $0.key) })
                logger.info("key cache written", metadata: [
                    "path": "\(cachePath)", "keys": "\(decrypted.vaultKeys.count)", "ms": "\((ContinuousClock.now - writing).milliseconds)",
                ])
            } catch {
                logger.warning("key cache not written; the next start decrypts every key", metadata: ["reason": "\(error.reason)"])
            }
        }
        return Loaded(entries: decrypted.entries, failures: found.failures + decrypted.failures, decrypted: found.pending.count - reused)
    }
}
