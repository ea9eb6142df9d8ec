import Foundation

/// The key table and its encryption: a ``VaultStore`` (DynamoDB or SQLite) and a ``VaultCipher``
/// (KMS or the local master key).
///
/// Operations: write a batch of new keys all-or-nothing; list the active rows assigned to a
/// signer, across every page; assign rows to a signer; activate and deactivate; decrypt a row.
package struct Vault: Sendable {
    package let store: any VaultStore
    package let cipher: any VaultCipher

    package init(store: any VaultStore, cipher: any VaultCipher) {
        self.store = store
        self.cipher = cipher
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

    /// Encrypts every record, then writes every row (unassigned, active) in one all-or-nothing batch.
    ///
    /// - Throws: ``VaultError`` naming the bad field or the failed step; nothing is written then.
    package func add(_ keys: [NewKey]) async throws(VaultError) -> [KeyRow] {
        var rows: [KeyRow] = []
        for key in keys {
            let pubkey = try KeyRow.normalizePubkey(key.pubkey)
            let (ciphertext, context) = try await cipher.encrypt(key.record, pubkey: pubkey)
            rows.append(
                try KeyRow(
                    pubkey: pubkey, chain: key.chain, datetime: key.datetime, depositJSONBase64: key.depositJSONBase64,
                    encryptedKeyPasswordMnemonicBase64: Data(ciphertext).base64EncodedString(), encryptionContext: context))
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

    /// Sets `active` on the key `pubkey`.
    package func setActive(_ active: Bool, pubkey: String) async throws(VaultError) -> KeyRow {
        var row = try await existing(pubkey)
        try await store.setActive(active, pubkey: row.pubkey, signer: row.web3signerUUID)
        row.active = active
        return row
    }

    /// Decrypts a row's record.
    package func record(of row: KeyRow) async throws(VaultError) -> VaultRecord {
        try await cipher.decrypt(row.ciphertext, pubkey: row.pubkey, context: row.encryptionContext)
    }

    private func existing(_ pubkey: String) async throws(VaultError) -> KeyRow {
        let normalized = try KeyRow.normalizePubkey(pubkey)
        guard let row = try await store.row(pubkey: normalized) else {
            throw VaultError(.notFound, "no key with pubkey \(normalized.prefix(12))… in the vault")
        }
        return row
    }
}
