#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The key table and its encryption: a ``VaultStore`` (DynamoDB or SQLite) and a ``VaultCipher``
/// (KMS or the local master key).
///
/// Operations: write a batch of new keys all-or-nothing; list the active rows assigned to a
/// signer, across every page; assign rows to a signer; activate and deactivate; delete a row;
/// decrypt a row.
package struct Vault: Sendable {
    package let store: any VaultStore
    package let cipher: any VaultCipher
    /// When set, new rows keep their mnemonic apart: encrypted under this cipher into
    /// `encrypted_mnemonic_b64`, with `mnemonic_b64` left empty in the record the signer decrypts.
    package let mnemonicCipher: (any VaultCipher)?

    package init(store: any VaultStore, cipher: any VaultCipher, mnemonicCipher: (any VaultCipher)? = nil) {
        self.store = store
        self.cipher = cipher
        self.mnemonicCipher = mnemonicCipher
    }

    /// A key to add: the row's public fields and its secret record.
    package struct NewKey: Sendable {
        package var pubkey: String
        package var chain: String
        package var datetime: String
        package var depositJSONBase64: String
        package var record: VaultRecord

        package init(pubkey: String, chain: String, datetime: String, depositJSONBase64: String, record: VaultRecord) {
            self.pubkey = pubkey
            self.chain = chain
            self.datetime = datetime
            self.depositJSONBase64 = depositJSONBase64
            self.record = record
        }
    }

    /// Encrypts every record, then writes every row (active, assigned to `signer`: by default
    /// unassigned) in one all-or-nothing batch.
    ///
    /// - Throws: ``VaultError`` naming the bad field or the failed step; nothing is written then.
    package func add(_ keys: [NewKey], signer: String = KeyRow.unassigned) async throws(VaultError) -> [KeyRow] {
        var rows: [KeyRow] = []
        for key in keys {
            let pubkey = try KeyRow.normalizePubkey(key.pubkey)
            var record = key.record
            var encryptedMnemonic: String?
            if let mnemonicCipher {
                let (withoutMnemonic, mnemonicOnly) = try key.record.splittingMnemonic()
                record = withoutMnemonic
                encryptedMnemonic = Data(try await mnemonicCipher.encrypt(mnemonicOnly, pubkey: pubkey).ciphertext).base64EncodedString()
            }
            let (ciphertext, context) = try await cipher.encrypt(record, pubkey: pubkey)
            rows.append(
                try KeyRow(
                    web3signerUUID: signer, pubkey: pubkey, chain: key.chain, datetime: key.datetime, depositJSONBase64: key.depositJSONBase64,
                    encryptedKeyPasswordMnemonicBase64: Data(ciphertext).base64EncodedString(), encryptionContext: context,
                    encryptedMnemonicBase64: encryptedMnemonic))
        }
        try await store.insert(rows)
        return rows
    }

    /// The rows assigned to `signer` that are `active`, across every page.
    package func activeRows(signer: String) async throws(VaultError) -> [KeyRow] {
        try await store.rows(signer: try KeyRow.checkSigner(signer)).filter(\.active)
    }

    /// Every row, or every row of `signer` (active or not).
    package func rows(signer: String? = nil) async throws(VaultError) -> [KeyRow] {
        if let signer { return try await store.rows(signer: try KeyRow.checkSigner(signer)) }
        return try await store.allRows()
    }

    /// Assigns the key `pubkey` to `signer` (delete and put in one transaction on DynamoDB).
    ///
    /// - Returns: the row as now stored.
    package func assign(pubkey: String, to signer: String) async throws(VaultError) -> KeyRow {
        let row = try await existing(pubkey)
        let signer = try KeyRow.checkSigner(signer)
        guard row.web3signerUUID != signer else { return row }
        try await store.reassign(row, to: signer)
        var moved = row
        moved.web3signerUUID = signer
        return moved
    }

    /// The row of `pubkey` (hex, optional `0x`), or `nil` when the table has none.
    package func row(pubkey: String) async throws(VaultError) -> KeyRow? {
        try await store.row(pubkey: try KeyRow.normalizePubkey(pubkey))
    }

    /// Sets `active` on the key `pubkey`.
    package func setActive(_ active: Bool, pubkey: String) async throws(VaultError) -> KeyRow {
        var row = try await existing(pubkey)
        try await store.setActive(active, pubkey: row.pubkey, signer: row.web3signerUUID)
        row.active = active
        return row
    }

    /// Deletes the row of the key `pubkey` (hex, optional `0x`) from the table. A signer that
    /// held the key stops signing with it at its next reload.
    ///
    /// - Returns: the row as it was stored.
    /// - Throws: ``VaultError``: `notFound` when the table has no such row; `conflict` when it
    ///   moved to another signer meanwhile (nothing was deleted).
    package func delete(pubkey: String) async throws(VaultError) -> KeyRow {
        let row = try await existing(pubkey)
        try await store.delete(pubkey: row.pubkey, signer: row.web3signerUUID)
        return row
    }

    /// Decrypts a row's record.
    package func record(of row: KeyRow) async throws(VaultError) -> VaultRecord {
        try await cipher.decrypt(row.ciphertext, pubkey: row.pubkey, context: row.encryptionContext)
    }

    /// The mnemonic of the key `pubkey`, for recovery: from `encrypted_mnemonic_b64` through
    /// ``mnemonicCipher`` when the row keeps it apart, else from the row's own record.
    ///
    /// - Returns: a record whose `mnemonic_b64` holds the mnemonic.
    /// - Throws: ``VaultError``: `notFound`; `invalidRow` when the row keeps its mnemonic apart and
    ///   no mnemonic key was given; `cipher` when the key does not open it.
    package func recoverMnemonic(pubkey: String) async throws(VaultError) -> VaultRecord {
        let row = try await existing(pubkey)
        guard let encrypted = row.encryptedMnemonicBase64, let blob = Data(base64Encoded: encrypted) else {
            return try await record(of: row)
        }
        guard let mnemonicCipher else {
            throw VaultError(.invalidRow, "pubkey \(row.pubkey.prefix(12))… keeps its mnemonic under a separate key: give that key")
        }
        // A KMS mnemonic key binds each blob to its public key (see Vault.add).
        let context = mnemonicCipher.name == "kms" ? ["pubkey": row.pubkey] : nil
        return try await mnemonicCipher.decrypt(Array(blob), pubkey: row.pubkey, context: context)
    }

    private func existing(_ pubkey: String) async throws(VaultError) -> KeyRow {
        let normalized = try KeyRow.normalizePubkey(pubkey)
        guard let row = try await store.row(pubkey: normalized) else {
            throw VaultError(.notFound, "no key with pubkey \(normalized.prefix(12))… in the vault")
        }
        return row
    }
}
