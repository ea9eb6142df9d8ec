import Foundation
import Testing

@testable import Vault

/// The embedded default: SQLite store and local master key in a temporary data directory.
@Suite struct SQLiteVaultTests {
    @Test func batchWriteListAssignActivate() async throws {
        let dir = DataDirectory(explicit: TestKeys.tempDirectory())
        defer { try? FileManager.default.removeItem(atPath: dir.path) }
        let vault = try dir.openVault()
        let written = try await vault.add((0..<3).map { TestKeys.newKey($0) })
        #expect(written.allSatisfy { $0.web3signerUUID == "none" && $0.active && $0.encryptionContext == nil })
        #expect(try await vault.activeRows(signer: "none").count == 3)

        let signer = "9b2c3e6a-1f1e-4c55-9d0c-4f1d6a2b7e10"
        let assigned = try await vault.assign(pubkey: "0x" + TestKeys.pubkey(1).uppercased(), to: signer)
        #expect(assigned.web3signerUUID == signer)
        #expect(try await vault.activeRows(signer: signer).map(\.pubkey) == [TestKeys.pubkey(1)])
        #expect(try await vault.activeRows(signer: "none").count == 2)
        _ = try await vault.setActive(false, pubkey: TestKeys.pubkey(1))
        #expect(try await vault.activeRows(signer: signer).isEmpty)
        #expect(try await vault.rows(signer: signer).count == 1)
        _ = try await vault.setActive(true, pubkey: TestKeys.pubkey(1))
        #expect(try await vault.activeRows(signer: signer).count == 1)

        // Reopened with the same directory: the master key is read back and records decrypt.
        let reopened = try dir.openVault()
        let row = try #require(try await reopened.rows(signer: signer).first)
        #expect(try TestKeys.password(try await reopened.record(of: row)) == "password-1")
    }

    @Test func deleteRemovesThatRowOnly() async throws {
        let dir = DataDirectory(explicit: TestKeys.tempDirectory())
        defer { try? FileManager.default.removeItem(atPath: dir.path) }
        let vault = try dir.openVault()
        _ = try await vault.add((0..<2).map { TestKeys.newKey($0) })
        let deleted = try await vault.delete(pubkey: "0x" + TestKeys.pubkey(0))
        #expect(deleted.pubkey == TestKeys.pubkey(0) && deleted.web3signerUUID == "none")
        #expect(try await vault.rows().map(\.pubkey) == [TestKeys.pubkey(1)])
        await #expect(throws: VaultError(.notFound, "")) { try await vault.delete(pubkey: TestKeys.pubkey(0)) }
        // The store deletes a row only under the signer it names: a row that moved is a conflict.
        await #expect(throws: VaultError(.conflict, "")) { try await vault.store.delete(pubkey: TestKeys.pubkey(1), signer: "another") }
        #expect(try await vault.rows().count == 1)
        // The key can be written again.
        _ = try await vault.add([TestKeys.newKey(0)])
        #expect(try await vault.rows().count == 2)
    }

    @Test func masterKeyFileIsPrivateAndChecked() async throws {
        let dir = DataDirectory(explicit: TestKeys.tempDirectory())
        defer { try? FileManager.default.removeItem(atPath: dir.path) }
        _ = try dir.openVault()
        let attributes = try FileManager.default.attributesOfItem(atPath: dir.masterKeyPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((attributes[.size] as? Int) == 32)
        #expect((try FileManager.default.attributesOfItem(atPath: dir.path)[.posixPermissions] as? Int) == 0o700)
        chmod(dir.masterKeyPath, 0o644)
        #expect(throws: VaultError(.masterKey, "")) { try dir.openVault() }
        chmod(dir.masterKeyPath, 0o600)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: dir.masterKeyPath))
        chmod(dir.masterKeyPath, 0o600)
        #expect(throws: VaultError(.masterKey, "")) { try dir.openVault() }
    }

    @Test func failedBatchWritesNothing() async throws {
        let dir = DataDirectory(explicit: TestKeys.tempDirectory())
        defer { try? FileManager.default.removeItem(atPath: dir.path) }
        let vault = try dir.openVault()
        _ = try await vault.add([TestKeys.newKey(0)])
        await #expect(throws: VaultError(.alreadyExists, "")) {
            try await vault.add([TestKeys.newKey(1), TestKeys.newKey(2), TestKeys.newKey(0)])
        }
        await #expect(throws: VaultError(.alreadyExists, "")) { try await vault.add([TestKeys.newKey(5), TestKeys.newKey(5)]) }
        #expect(try await vault.rows().map(\.pubkey) == [TestKeys.pubkey(0)])
        var bad = TestKeys.newKey(7)
        bad.pubkey = "0x1234"
        do {
            _ = try await vault.add([TestKeys.newKey(6), bad])
            Issue.record("a short pubkey was accepted")
        } catch {
            #expect(error.reason == "pubkey must be 48 bytes of hex (96 digits), got 4 characters")
        }
        #expect(try await vault.rows().count == 1)
    }

    @Test func recordsAreBoundToTheirKeyAndMasterKey() async throws {
        let dir = DataDirectory(explicit: TestKeys.tempDirectory())
        let other = DataDirectory(explicit: TestKeys.tempDirectory())
        defer {
            try? FileManager.default.removeItem(atPath: dir.path)
            try? FileManager.default.removeItem(atPath: other.path)
        }
        let vault = try dir.openVault()
        let row = try #require(try await vault.add([TestKeys.newKey(0)]).first)
        // Another row's public key (associated data) or another master key: no plaintext.
        await #expect(throws: VaultError(.cipher, "")) {
            try await vault.cipher.decrypt(row.ciphertext, pubkey: TestKeys.pubkey(9), context: nil)
        }
        await #expect(throws: VaultError(.cipher, "")) { try await other.openVault().record(of: row) }
        var tampered = row.ciphertext
        tampered[20] ^= 1
        await #expect(throws: VaultError(.cipher, "")) { try await vault.cipher.decrypt(tampered, pubkey: row.pubkey, context: nil) }
    }

    @Test func depositFileListsEveryRow() async throws {
        let dir = DataDirectory(explicit: TestKeys.tempDirectory())
        defer { try? FileManager.default.removeItem(atPath: dir.path) }
        let vault = try dir.openVault()
        let rows = try await vault.add((0..<2).map { TestKeys.newKey($0) })
        let file = try Vault.depositFile(rows)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(file)) as? [[String: Any]])
        #expect(list.compactMap { $0["pubkey"] as? String } == rows.map(\.pubkey))
    }

    /// `depositFile` writes (with `JSONEncoder`, no longer `JSONSerialization`) the very bytes
    /// `JSONSerialization` wrote for deposit entries, from compact and from spaced input.
    @Test func depositFileIsWhatJSONSerializationWrote() async throws {
        let dir = DataDirectory(explicit: TestKeys.tempDirectory())
        defer { try? FileManager.default.removeItem(atPath: dir.path) }
        let vault = try dir.openVault()
        var rows = try await vault.add((0..<2).map { TestKeys.newKey($0) })
        let spaced = #"[{"pubkey": "a1b2", "withdrawal_credentials": "00ff", "amount": 32000000000, "signature": "c3d4", "deposit_message_root": "e5", "deposit_data_root": "f6", "fork_version": "10000910", "network_name": "hoodi", "deposit_cli_version": "1.3.1/x"}]"#
        rows.append(try KeyRow(
            pubkey: rows[0].pubkey, chain: "hoodi", datetime: rows[0].datetime, depositJSONBase64: Data(spaced.utf8).base64EncodedString(),
            encryptedKeyPasswordMnemonicBase64: rows[0].encryptedKeyPasswordMnemonicBase64))
        let entries = try rows.map { row in
            let data = try #require(Data(base64Encoded: row.depositJSONBase64))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [Any])[0]
        }
        let expected = try JSONSerialization.data(withJSONObject: entries, options: [.sortedKeys])
        #expect(String(decoding: try Vault.depositFile(rows), as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    @Test func dataDirectoryResolution() {
        #expect(DataDirectory(explicit: "/x", environment: ["ETHERKEEP_HOME": "/y", "HOME": "/h"]).path == "/x")
        #expect(DataDirectory(explicit: nil, environment: ["ETHERKEEP_HOME": "/y", "HOME": "/h"]).path == "/y")
        #expect(DataDirectory(explicit: nil, environment: ["HOME": "/h"]).path == "/h/.etherkeep")
    }
}
