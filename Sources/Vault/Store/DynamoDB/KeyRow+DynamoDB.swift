package import AWSClients

/// The key row as a DynamoDB item, attribute for attribute (DESIGN.md §4).
extension KeyRow {
    var item: DynamoDBItem {
        var item: DynamoDBItem = [
            "web3signer_uuid": .s(web3signerUUID), "pubkey": .s(pubkey), "active": .bool(active), "chain": .s(chain),
            "datetime": .s(datetime), "deposit_json_b64": .s(depositJSONBase64),
            "encrypted_key_password_mnemonic_b64": .s(encryptedKeyPasswordMnemonicBase64),
        ]
        if let encryptionContext { item["encryption_context"] = .s(SQLiteVaultStore.encode(encryptionContext)) }
        if let encryptedMnemonicBase64 { item["encrypted_mnemonic_b64"] = .s(encryptedMnemonicBase64) }
        return item
    }

    var key: DynamoDBItem { ["web3signer_uuid": .s(web3signerUUID), "pubkey": .s(pubkey)] }

    /// Reads an item; other attributes are ignored.
    ///
    /// - Throws: ``VaultError/Code/invalidRow`` naming a missing or mistyped attribute.
    package init(item: DynamoDBItem) throws(VaultError) {
        func s(_ name: String) throws(VaultError) -> String {
            guard let v = item[name]?.string else { throw VaultError(.invalidRow, "item lacks string attribute \(name)") }
            return v
        }
        // The reference writes BOOL; tolerate a missing `active` as active, as the reference signer does.
        let active: Bool
        switch item["active"] {
        case .bool(let b)?: active = b
        case nil: active = true
        default: throw VaultError(.invalidRow, "attribute active is not a BOOL")
        }
        try self.init(
            web3signerUUID: try s("web3signer_uuid"), pubkey: try s("pubkey"), active: active, chain: try s("chain"),
            datetime: try s("datetime"), depositJSONBase64: try s("deposit_json_b64"),
            encryptedKeyPasswordMnemonicBase64: try s("encrypted_key_password_mnemonic_b64"),
            encryptionContext: try item["encryption_context"]?.string.map(SQLiteVaultStore.decode),
            encryptedMnemonicBase64: item["encrypted_mnemonic_b64"]?.string)
    }
}
