import AWSClients
import AWSCore
import AWSTestSupport
import Crypto
import Foundation
import Testing

@testable import Vault

/// The vault on DynamoDB with the KMS cipher, against moto_server.
@Suite(.enabled(if: Moto.shouldRun)) struct DynamoDBVaultTests {
    /// A fresh reference-schema table and KMS key; the table is deleted afterwards.
    static func withVault(
        bind: Bool = false, endpoint: String? = nil,
        _ body: (Vault, DynamoDBClient, KMSClient, String) async throws -> Void
    ) async throws {
        try await Moto.withContext { direct in
            let ddb = try DynamoDBClient(context: direct)
            let kms = try KMSClient(context: direct)
            let table = Moto.uniqueName("etherkeep-keys")
            try await ddb.createTable(name: table, partitionKey: "web3signer_uuid", sortKey: "pubkey")
            let keyID = try await kms.createKey().keyID
            do {
                if let endpoint {
                    try await Moto.withContext(endpoint: endpoint, retryPolicy: RetryPolicy(maxAttempts: 3, baseDelay: 0.01, maxBackoff: 0.05, totalTimeout: 30, attemptTimeout: 8)) { proxied in
                        let vault = Vault(
                            store: DynamoDBVaultStore(ddb: try DynamoDBClient(context: proxied), table: table),
                            cipher: KMSVaultCipher(kms: try KMSClient(context: proxied), keyID: keyID, bindToPublicKey: bind))
                        try await body(vault, ddb, kms, table)
                    }
                } else {
                    let vault = Vault(store: DynamoDBVaultStore(ddb: ddb, table: table), cipher: KMSVaultCipher(kms: kms, keyID: keyID, bindToPublicKey: bind))
                    try await body(vault, ddb, kms, table)
                }
            } catch {
                try? await ddb.deleteTable(name: table)
                throw error
            }
            try await ddb.deleteTable(name: table)
        }
    }

    @Test func writeAssignListActivateDecrypt() async throws {
        try await Self.withVault { vault, ddb, _, table in
            let rows = try await vault.add((0..<3).map { TestKeys.newKey($0) })
            // The item is exactly the §4 row, with no EtherKeep attribute when not bound.
            let item = try #require(try await ddb.getItem(table: table, key: ["web3signer_uuid": .s("none"), "pubkey": .s(rows[0].pubkey)]))
            #expect(Set(item.keys) == ["web3signer_uuid", "pubkey", "active", "chain", "datetime", "deposit_json_b64", "encrypted_key_password_mnemonic_b64"])
            #expect(item["active"] == .bool(true))

            let signer = "5f0e2a9c-7b1d-4e3a-8c6f-2d9b1a0e4c7d"
            _ = try await vault.assign(pubkey: rows[2].pubkey, to: signer)
            #expect(try await ddb.getItem(table: table, key: ["web3signer_uuid": .s("none"), "pubkey": .s(rows[2].pubkey)]) == nil)
            #expect(try await vault.activeRows(signer: signer).map(\.pubkey) == [rows[2].pubkey])
            _ = try await vault.setActive(false, pubkey: rows[2].pubkey)
            #expect(try await vault.activeRows(signer: signer).isEmpty)
            _ = try await vault.setActive(true, pubkey: rows[2].pubkey)
            let assigned = try #require(try await vault.activeRows(signer: signer).first)
            #expect(try TestKeys.password(try await vault.record(of: assigned)) == "password-2")
            await #expect(throws: VaultError(.notFound, "")) { try await vault.assign(pubkey: TestKeys.pubkey(99), to: signer) }

            // Deleted: the item is gone; a delete under another signer deletes nothing.
            let deleted = try await vault.delete(pubkey: rows[2].pubkey)
            #expect(deleted.web3signerUUID == signer)
            #expect(try await ddb.getItem(table: table, key: ["web3signer_uuid": .s(signer), "pubkey": .s(rows[2].pubkey)]) == nil)
            await #expect(throws: VaultError(.conflict, "")) { try await vault.store.delete(pubkey: rows[0].pubkey, signer: signer) }
            await #expect(throws: VaultError(.notFound, "")) { try await vault.delete(pubkey: rows[2].pubkey) }
            #expect(try await vault.rows().map(\.pubkey).sorted() == [rows[0].pubkey, rows[1].pubkey].sorted())
        }
    }

    /// A row as the reference keygen writes it: KMS Encrypt of the JSON record, no context.
    @Test func readsRowsWrittenByTheReferenceKeygen() async throws {
        try await Self.withVault { vault, ddb, kms, table in
            let keyID = try #require((vault.cipher as? KMSVaultCipher)?.keyID)
            let json = #"{"keystore_b64":"a2V5c3RvcmU=","password_b64":"cGFzc3dvcmQ=","mnemonic_b64":"YWJhbmRvbg=="}"#
            let ciphertext = try await kms.encrypt(keyID: keyID, plaintext: SymmetricKey(data: Array(json.utf8)))
            let pubkey = TestKeys.pubkey(1, tag: 7)
            try await ddb.putItem(table: table, item: [
                "web3signer_uuid": .s("none"), "pubkey": .s(pubkey), "active": .bool(true), "chain": .s("mainnet"),
                "datetime": .s("2024-01-01T00:00:00.000000"), "deposit_json_b64": .s(TestKeys.deposit(pubkey)),
                "encrypted_key_password_mnemonic_b64": .s(Data(ciphertext).base64EncodedString()),
            ])
            let row = try #require(try await vault.activeRows(signer: "none").first)
            try (try await vault.record(of: row)).withParts { keystore, password, mnemonic in
                #expect(String(decoding: keystore, as: UTF8.self) == "keystore")
                #expect(String(decoding: password, as: UTF8.self) == "password")
                #expect(String(decoding: mnemonic, as: UTF8.self) == "abandon")
            }
        }
    }

    @Test func encryptionContextBindsTheRecordToItsKey() async throws {
        try await Self.withVault(bind: true) { vault, ddb, _, table in
            let row = try #require(try await vault.add([TestKeys.newKey(0)]).first)
            #expect(row.encryptionContext == ["pubkey": row.pubkey])
            let item = try #require(try await ddb.getItem(table: table, key: row.key))
            #expect(item["encryption_context"] == .s(#"{"pubkey":"\#(row.pubkey)"}"#))
            #expect(try TestKeys.password(try await vault.record(of: row)) == "password-0")
            // The ciphertext moved to another row does not decrypt.
            let moved = await #expect(throws: VaultError(.cipher, "")) {
                try await vault.cipher.decrypt(row.ciphertext, pubkey: TestKeys.pubkey(5), context: ["pubkey": TestKeys.pubkey(5)])
            }
            // The wrapped KMS error keeps its AWS code.
            #expect(moved?.awsCode == "InvalidCiphertextException", "\(String(describing: moved))")
        }
    }

    /// The signer's key-cache data key: KMS GenerateDataKey bound to its purpose; it unwraps for
    /// that purpose only.
    @Test func dataKeysUnwrapForTheirPurposeOnly() async throws {
        try await Self.withVault(bind: true) { vault, _, _, _ in
            let (key, wrapped) = try await vault.cipher.newDataKey(purpose: "etherkeep/signer-key-cache/none")
            #expect(key.bitCount == 256 && !wrapped.isEmpty)
            let opened = try await vault.cipher.openDataKey(wrapped, purpose: "etherkeep/signer-key-cache/none")
            #expect(opened == key)
            await #expect(throws: VaultError(.cipher, "")) {
                _ = try await vault.cipher.openDataKey(wrapped, purpose: "etherkeep/signer-key-cache/another")
            }
        }
    }

    /// 600 rows of about 2.5 KiB (≈ 1.5 MiB under one signer): listing must follow every page.
    @Test func listsEveryPageOfAMoreThanOneMiBTable() async throws {
        try await Self.withVault { vault, ddb, _, table in
            var total = 0
            for chunk in 0..<6 {
                total += try await vault.add((0..<100).map { TestKeys.newKey($0, tag: chunk, padding: 1800) }).count
            }
            #expect(total == 600)
            _ = try await vault.setActive(false, pubkey: TestKeys.pubkey(3, tag: 2))
            let active = try await vault.activeRows(signer: "none")
            #expect(active.count == 599)
            #expect(Set(active.map(\.pubkey)).count == 599)
            let pages = try await ddb.query(table: table, keyCondition: DynamoDBExpression("web3signer_uuid = :s", values: [":s": .s("none")]))
            #expect(pages.pageCount >= 2, "the table is over 1 MiB, so Query pages")
            let assigned = try await vault.assign(pubkey: TestKeys.pubkey(99, tag: 5), to: "signer-a")
            #expect(assigned.web3signerUUID == "signer-a")
            print("vault paging: 600 rows, query took \(pages.pageCount) pages")
        }
    }

    @Test func aFailedLargeBatchLeavesNoRow() async throws {
        try await Self.withVault { vault, _, _, _ in
            _ = try await vault.add([TestKeys.newKey(150)])
            // 160 rows = two transactions; the second holds a key already present and fails,
            // so the first one's 100 rows are taken back.
            await #expect(throws: VaultError(.alreadyExists, "")) { try await vault.add((0..<160).map { TestKeys.newKey($0) }) }
            #expect(try await vault.rows().map(\.pubkey) == [TestKeys.pubkey(150)])
        }
    }

    @Test func aBatchFailingThroughFaultsLeavesNoRow() async throws {
        let upstream = try #require(Moto.url)
        try await FaultProxy.withProxy(upstream: upstream) { proxy, url in
            try await Self.withVault(endpoint: url) { vault, ddb, _, table in
                // KMS Encrypt of 3 records passes; every TransactWriteItems attempt then fails.
                proxy.script([.pass, .pass, .pass] + Array(repeating: .serverError, count: 3))
                await #expect(throws: VaultError(.aws, "")) { try await vault.add((0..<3).map { TestKeys.newKey($0) }) }
                #expect(proxy.targets.suffix(3).allSatisfy { $0 == "DynamoDB_20120810.TransactWriteItems" })
                let afterFailure = try await ddb.scan(table: table).items
                #expect(afterFailure.isEmpty)
                // And through throttling that clears, the same batch goes in.
                proxy.script([.pass, .pass, .pass, .throttle, .drop])
                let added = try await vault.add((0..<3).map { TestKeys.newKey($0) })
                #expect(added.count == 3)
                let afterRetry = try await ddb.scan(table: table).items
                #expect(afterRetry.count == 3)
            }
        }
    }
}
