import AWSClients
import AWSTestSupport
import Foundation
import Testing

@testable import Vault

/// Mnemonics kept out of the signer's reach: with a mnemonic cipher, a row's record (what a signer
/// decrypts) has an empty `mnemonic_b64`, and the mnemonic is in `encrypted_mnemonic_b64` under the
/// second key, which the record's key cannot open. Rows written without one are unchanged.
@Suite struct MnemonicApartTests {
    static func mnemonic(_ record: VaultRecord) throws -> String {
        try record.withParts { _, _, m in String(decoding: m, as: UTF8.self) }
    }

    @Test func embeddedVaultKeepsTheMnemonicApart() async throws {
        let directory = DataDirectory(explicit: TestKeys.tempDirectory())
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        let plain = try directory.openVault()
        let apart = Vault(
            store: plain.store, cipher: plain.cipher, mnemonicCipher: try LocalMasterKeyCipher(path: directory.path + "/mnemonic.key"))
        let rows = try await apart.add([TestKeys.newKey(1)])
        let row = try #require(rows.first)
        let blob = try #require(row.encryptedMnemonicBase64.flatMap { Data(base64Encoded: $0) })

        // What a signer gets: keystore and password, no mnemonic.
        let stored = try #require(try await apart.store.row(pubkey: row.pubkey))
        #expect(stored.encryptedMnemonicBase64 == row.encryptedMnemonicBase64)
        let record = try await plain.record(of: stored)
        #expect(try Self.mnemonic(record).isEmpty)
        #expect(try TestKeys.password(record) == "password-1")
        // The record's key cannot open the mnemonic.
        await #expect(throws: VaultError(.cipher, "")) { _ = try await plain.cipher.decrypt(Array(blob), pubkey: row.pubkey, context: nil) }
        // Recovery needs the mnemonic key, and gives the mnemonic.
        await #expect(throws: VaultError(.invalidRow, "")) { _ = try await plain.recoverMnemonic(pubkey: row.pubkey) }
        #expect(try Self.mnemonic(try await apart.recoverMnemonic(pubkey: row.pubkey)) == "abandon 1")

        // Without a mnemonic cipher: the reference's layout, mnemonic inside the record.
        let referenceRow = try #require(try await plain.add([TestKeys.newKey(2)]).first)
        #expect(referenceRow.encryptedMnemonicBase64 == nil)
        #expect(try Self.mnemonic(try await plain.record(of: referenceRow)) == "abandon 2")
        #expect(try Self.mnemonic(try await apart.recoverMnemonic(pubkey: referenceRow.pubkey)) == "abandon 2")
    }

    @Test(.enabled(if: Moto.shouldRun)) func dynamoDBWithASecondKMSKey() async throws {
        try await DynamoDBVaultTests.withVault { vault, ddb, kms, table in
            let mnemonicKey = try await kms.createKey().keyID
            let apart = Vault(
                store: vault.store, cipher: vault.cipher, mnemonicCipher: KMSVaultCipher(kms: kms, keyID: mnemonicKey, bindToPublicKey: true))
            let row = try #require(try await apart.add([TestKeys.newKey(3)]).first)
            let item = try #require(try await ddb.getItem(table: table, key: row.key))
            #expect(item["encrypted_mnemonic_b64"]?.string == row.encryptedMnemonicBase64)
            let stored = try #require(try await vault.store.row(pubkey: row.pubkey))
            #expect(try Self.mnemonic(try await vault.record(of: stored)).isEmpty)
            #expect(try Self.mnemonic(try await apart.recoverMnemonic(pubkey: row.pubkey)) == "abandon 3")
        }
    }
}
