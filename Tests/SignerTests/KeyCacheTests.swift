import BLS12381
import Crypto
import Foundation
@testable import Signer
import Synchronization
import Testing
import Vault

/// Fast restart: the key cache serves the vault's keys without their KDF, and never a key whose
/// row changed, went away, or whose entry was tampered with.
struct KeyCacheTests {
    /// Loads the vault's unassigned keys as `etherkeep signer` does at start: ``KeySources`` with
    /// the key cache at `path` (read, then written again when anything changed).
    private func start(_ vault: Vault, cache path: String) async -> KeySources.Loaded {
        let source = KeySources.VaultSource(vault: vault, signer: KeyRow.unassigned, cachePath: path, name: "embedded")
        return await KeySources(vault: source).load(logger: RunningSigner.quietLogger)
    }

    private func pubkeys(_ loaded: KeySources.Loaded) -> Set<String> { Set(loaded.entries.map { "0x\($0.pubkey)" }) }

    /// 100,000 rows whose keys are already held pass through the loader without a stack that
    /// grows per row (the cache and reload paths once recursed per row and overflowed it).
    @Test func aHundredThousandHeldRowsLoadWithoutRecursion() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("etherkeep-rows-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let vault = try DataDirectory(explicit: directory).openVault(creating: true)
        let key = try SecretKey(bytes: Array(repeating: 0, count: 31) + [9])
        let entry = KeyRing.Entry(key: key, source: "test", identity: nil, derivationPath: nil, readonly: false)
        var rows: [KeyRow] = []
        var held: [String: KeyRing.Entry] = [:]
        for index in 0..<100_000 {
            let pubkey = String(format: "%096x", index)
            let row = try KeyRow(
                pubkey: pubkey, chain: "hoodi", datetime: "2026-12-01T00:00:00Z", depositJSONBase64: "",
                encryptedKeyPasswordMnemonicBase64: Data("row \(index)".utf8).base64EncodedString())
            rows.append(row)
            held[KeyCache.Tag(row).identity] = entry
        }
        try await vault.store.insert(rows)
        let found = await KeyLoader.vault(vault, signer: "none", held: held)
        #expect(found.pending.count == 100_000 && found.failures.isEmpty)
        let allHeld = found.pending.allSatisfy { $0.fromCache }
        #expect(allHeld)
    }

    @Test func restartReadsEveryKeyFromTheCacheAndNothingStale() async throws {
        let test = try await TestVault(keys: 4)
        defer { test.remove() }
        let embedded = try test.vault()
        let cipher = CountingCipher(embedded.cipher)
        let vault = Vault(store: embedded.store, cipher: cipher)
        let path = KeyCache.path(directory: test.directory, signer: KeyRow.unassigned)

        // First start: every row decrypted (vault cipher, then the keystore's KDF); the cache written.
        let first = await start(vault, cache: path)
        #expect(first.failures.isEmpty && first.entries.count == 4 && first.decrypted == 4 && cipher.decrypted == 4)
        #expect(pubkeys(first) == Set(test.pubkeys))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // The file holds ciphertext only: no secret key in the clear, as hex or base64.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (_, entry) in first.entries {
            let bytes = entry.key.withSerializedBytes { Data($0) }
            #expect(!text.contains(bytes.map { String(format: "%02x", $0) }.joined()) && !text.contains(bytes.base64EncodedString()))
        }

        // Restart: every key from the cache, not one row decrypted by the vault cipher.
        let second = await start(vault, cache: path)
        #expect(second.failures.isEmpty && second.decrypted == 0 && cipher.decrypted == 4)
        #expect(pubkeys(second) == Set(test.pubkeys))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(text.utf8), "an unchanged vault rewrote the cache")

        // A row changed (the same key's record encrypted again: another ciphertext): that key
        // comes from its row, the others from the cache, and the cache follows the new row.
        let changed = try await vault.delete(pubkey: test.pubkeys[1])
        _ = try await vault.add([Vault.NewKey(
            pubkey: changed.pubkey, chain: changed.chain, datetime: changed.datetime, depositJSONBase64: changed.depositJSONBase64,
            record: try await vault.record(of: changed))])
        let reencrypted = try #require(try await vault.row(pubkey: changed.pubkey))
        #expect(reencrypted.encryptedKeyPasswordMnemonicBase64 != changed.encryptedKeyPasswordMnemonicBase64)
        let decryptedBefore = cipher.decrypted
        let third = await start(vault, cache: path)
        #expect(third.failures.isEmpty && third.decrypted == 1 && pubkeys(third) == Set(test.pubkeys), "\(third.failures)")
        #expect(cipher.decrypted == decryptedBefore + 1)
        let fourth = await start(vault, cache: path)
        #expect(fourth.decrypted == 0 && pubkeys(fourth) == Set(test.pubkeys))

        // A row deleted from the vault is not loaded from the cache, and the cache drops it.
        _ = try await vault.delete(pubkey: test.pubkeys[2])
        let fifth = await start(vault, cache: path)
        #expect(fifth.failures.isEmpty && fifth.decrypted == 0 && pubkeys(fifth) == Set(test.pubkeys).subtracting([test.pubkeys[2]]))
        #expect(cipher.decrypted == decryptedBefore + 1)
        #expect(await KeyCache.open(path: path, cipher: vault.cipher, signer: KeyRow.unassigned).0?.count == 3)

        // A deactivated row likewise.
        _ = try await vault.setActive(false, pubkey: test.pubkeys[0])
        let sixth = await start(vault, cache: path)
        #expect(sixth.decrypted == 0 && pubkeys(sixth) == [test.pubkeys[1], test.pubkeys[3]])
        #expect(await KeyCache.open(path: path, cipher: vault.cipher, signer: KeyRow.unassigned).0?.count == 2)
    }

    @Test func aTamperedOrForeignCacheIsIgnoredAndRebuilt() async throws {
        let test = try await TestVault(keys: 2)
        defer { test.remove() }
        let vault = try test.vault()
        let path = KeyCache.path(directory: test.directory, signer: "none")
        #expect(await start(vault, cache: path).decrypted == 2)

        // One entry's ciphertext altered: that key is decrypted from its row, the other still cached.
        var file = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
        var entries = file["entries"] as? [String: [String: String]] ?? [:]
        let victim = try #require(entries.keys.sorted().first)
        var sealed = try #require(Data(base64Encoded: entries[victim]?["sealed"] ?? ""))
        sealed[20] ^= 1
        entries[victim]?["sealed"] = sealed.base64EncodedString()
        file["entries"] = entries
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: path))
        let tampered = await start(vault, cache: path)
        #expect(tampered.failures.isEmpty && pubkeys(tampered) == Set(test.pubkeys) && tampered.decrypted == 1)

        // Another vault's master key cannot unwrap the data key: every key from the rows.
        let other = try await TestVault(keys: 1)
        defer { other.remove() }
        try FileManager.default.removeItem(atPath: other.directory + "/master.key")
        try FileManager.default.copyItem(atPath: path, toPath: KeyCache.path(directory: other.directory, signer: "none"))
        let otherCipher = try LocalMasterKeyCipher(path: other.directory + "/master.key")
        let foreign = await KeyCache.open(path: KeyCache.path(directory: other.directory, signer: "none"), cipher: otherCipher, signer: "none")
        #expect(foreign.0 == nil && foreign.1.contains("does not unwrap"), "\(foreign.1)")

        // A cache made for another signer UUID does not open for this one (the data key's purpose).
        let otherSigner = await KeyCache.open(path: path, cipher: vault.cipher, signer: "0b7f9c1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b")
        #expect(otherSigner.0 == nil)
        // Garbage is no cache.
        try Data("{\"version\": 9}".utf8).write(to: URL(fileURLWithPath: path))
        let unread = await KeyCache.open(path: path, cipher: vault.cipher, signer: "none")
        #expect(unread.0 == nil && unread.1.contains("not a version 1"), "\(unread.1)")
        let garbage = await start(vault, cache: path)
        #expect(garbage.decrypted == 2 && pubkeys(garbage) == Set(test.pubkeys))
        #expect(await KeyCache.open(path: path, cipher: vault.cipher, signer: "none").0?.count == 2)
    }
}

/// The vault's own cipher, counting the records it decrypts: a load served by the key cache
/// decrypts none. Everything else is the wrapped cipher's.
private final class CountingCipher: VaultCipher {
    private let base: any VaultCipher
    private let count = Mutex(0)

    init(_ base: any VaultCipher) { self.base = base }

    /// Records decrypted so far.
    var decrypted: Int { count.withLock { $0 } }
    var name: String { base.name }

    func encrypt(_ record: VaultRecord, pubkey: String) async throws(VaultError) -> (ciphertext: [UInt8], context: [String: String]?) {
        try await base.encrypt(record, pubkey: pubkey)
    }

    func decrypt(_ ciphertext: [UInt8], pubkey: String, context: [String: String]?) async throws(VaultError) -> VaultRecord {
        count.withLock { $0 += 1 }
        return try await base.decrypt(ciphertext, pubkey: pubkey, context: context)
    }

    func newDataKey(purpose: String) async throws(VaultError) -> (key: SymmetricKey, wrapped: [UInt8]) {
        try await base.newDataKey(purpose: purpose)
    }

    func openDataKey(_ wrapped: [UInt8], purpose: String) async throws(VaultError) -> SymmetricKey {
        try await base.openDataKey(wrapped, purpose: purpose)
    }
}
