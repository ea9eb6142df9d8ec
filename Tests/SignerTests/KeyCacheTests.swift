import BLS12381
import Foundation
@testable import Signer
import Testing
import Vault

/// Fast restart: the key cache serves the vault's keys without their KDF, and never a key whose
/// row changed, went away, or whose entry was tampered with.
struct KeyCacheTests {
    /// Loads the vault's unassigned keys through the cache at `path`, as `etherkeep signer` does,
    /// and writes a new cache when anything changed.
    private func load(_ vault: Vault, path: String) async throws -> (ring: KeyRing, fromCache: Int, state: String, keys: [SecretKey]) {
        let (cache, state) = await KeyCache.open(path: path, cipher: vault.cipher, signer: "none")
        let found = await KeyLoader.vault(vault, signer: "none", cache: cache)
        let decrypted = await KeyLoader.decryptAll(found.pending)
        #expect(found.failures.isEmpty && decrypted.failures.isEmpty, "\(found.failures + decrypted.failures)")
        let fromCache = decrypted.vaultKeys.count { $0.fromCache }
        if fromCache != decrypted.vaultKeys.count || cache?.count != decrypted.vaultKeys.count {
            try await KeyCache.write(path: path, cipher: vault.cipher, signer: "none", keys: decrypted.vaultKeys.map { ($0.tag, $0.key) })
        }
        return (KeyRing(decrypted.keys), fromCache, state, decrypted.keys)
    }

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
        let vault = try test.vault()
        let path = KeyCache.path(directory: test.directory, signer: "none")

        let first = try await load(vault, path: path)
        #expect(first.fromCache == 0 && first.state == "no cache file" && first.ring.count == 4)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // The file holds ciphertext only: no secret key in the clear, as hex or base64.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for key in first.keys {
            let bytes = key.withSerializedBytes { Data($0) }
            #expect(!text.contains(bytes.map { String(format: "%02x", $0) }.joined()) && !text.contains(bytes.base64EncodedString()))
        }

        let second = try await load(vault, path: path)
        #expect(second.fromCache == 4 && second.state == "opened")
        #expect(second.ring.pubkeys == first.ring.pubkeys)

        // A deactivated row is not loaded from the cache; the cache is rewritten without it.
        let gone = String(test.pubkeys[1].dropFirst(2))
        _ = try await vault.setActive(false, pubkey: gone)
        let third = try await load(vault, path: path)
        #expect(third.ring.count == 3 && third.fromCache == 3)
        #expect(!third.ring.pubkeys.map { "\($0)" }.contains(gone))
        let fourth = try await load(vault, path: path)
        #expect(fourth.fromCache == 3)
    }

    @Test func aTamperedOrForeignCacheIsIgnoredAndRebuilt() async throws {
        let test = try await TestVault(keys: 2)
        defer { test.remove() }
        let vault = try test.vault()
        let path = KeyCache.path(directory: test.directory, signer: "none")
        _ = try await load(vault, path: path)

        // One entry's ciphertext altered: that key is decrypted from its row, the other still cached.
        var file = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
        var entries = file["entries"] as? [String: [String: String]] ?? [:]
        let victim = try #require(entries.keys.sorted().first)
        var sealed = try #require(Data(base64Encoded: entries[victim]?["sealed"] ?? ""))
        sealed[20] ^= 1
        entries[victim]?["sealed"] = sealed.base64EncodedString()
        file["entries"] = entries
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: path))
        let tampered = try await load(vault, path: path)
        #expect(tampered.ring.count == 2 && tampered.fromCache == 1)

        // Another vault's master key cannot unwrap the data key: every key from the rows.
        let other = try await TestVault(keys: 1)
        defer { other.remove() }
        try FileManager.default.removeItem(atPath: other.directory + "/master.key")
        try FileManager.default.copyItem(atPath: path, toPath: KeyCache.path(directory: other.directory, signer: "none"))
        let foreign = try await KeyCache.open(
            path: KeyCache.path(directory: other.directory, signer: "none"),
            cipher: try LocalMasterKeyCipher(path: other.directory + "/master.key"), signer: "none")
        #expect(foreign.0 == nil && foreign.1.contains("does not unwrap"), "\(foreign.1)")

        // A cache made for another signer UUID does not open for this one (the data key's purpose).
        let otherSigner = await KeyCache.open(path: path, cipher: vault.cipher, signer: "0b7f9c1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b")
        #expect(otherSigner.0 == nil)
        // Garbage is no cache.
        try Data("{\"version\": 9}".utf8).write(to: URL(fileURLWithPath: path))
        let garbage = try await load(vault, path: path)
        #expect(garbage.fromCache == 0 && garbage.ring.count == 2 && garbage.state.contains("not a version 1"))
    }
}
