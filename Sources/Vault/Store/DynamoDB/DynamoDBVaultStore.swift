package import AWSClients
import AWSCore

/// The AWS store: the reference key table in DynamoDB (`web3signer_uuid` partition key, `pubkey`
/// sort key).
///
/// Batches of up to 100 rows go in one `TransactWriteItems`. Larger batches are written 100 at a
/// time and, if a later part fails, the parts already written are deleted again, so a failed
/// batch leaves no row (DynamoDB has no transaction over 100 items; during the write, readers may
/// briefly see part of a large batch). Reads follow every page.
package struct DynamoDBVaultStore: VaultStore {
    let ddb: DynamoDBClient
    package let table: String
    static let notExists = DynamoDBExpression("attribute_not_exists(pubkey)")
    static let exists = DynamoDBExpression("attribute_exists(pubkey)")

    package init(ddb: DynamoDBClient, table: String) {
        self.ddb = ddb
        self.table = table
    }

    package func insert(_ rows: [KeyRow]) async throws(VaultError) {
        guard Set(rows.map(\.pubkey)).count == rows.count else { throw VaultError(.alreadyExists, "the batch holds a public key twice") }
        var written: [[KeyRow]] = []
        var start = 0
        while start < rows.count {
            let chunk = Array(rows[start..<min(start + 100, rows.count)])
            start += chunk.count
            do {
                try await ddb.transactWrite(chunk.map { .put(table: table, item: $0.item, condition: Self.notExists) })
                written.append(chunk)
            } catch {
                for done in written.reversed() {
                    try? await ddb.transactWrite(done.map { .delete(table: table, key: $0.key, condition: Self.exists) })
                }
                if error.awsCode == "TransactionCanceledException" {
                    throw VaultError(.alreadyExists, "a public key of the batch is already in table \(table); nothing was written")
                }
                throw Self.map(error, "writing the batch")
            }
        }
    }

    package func row(pubkey: String) async throws(VaultError) -> KeyRow? {
        let pages: DynamoDBClient.Pages
        do {
            pages = try await ddb.scan(table: table, filter: DynamoDBExpression("pubkey = :p", values: [":p": .s(pubkey)]))
        } catch {
            throw Self.map(error, "finding pubkey")
        }
        guard pages.items.count <= 1 else { throw VaultError(.conflict, "pubkey \(pubkey.prefix(12))… appears under several signers") }
        return try pages.items.first.map { item throws(VaultError) in try KeyRow(item: item) }
    }

    package func rows(signer: String) async throws(VaultError) -> [KeyRow] {
        let pages: DynamoDBClient.Pages
        do {
            pages = try await ddb.query(table: table, keyCondition: DynamoDBExpression("web3signer_uuid = :s", values: [":s": .s(signer)]))
        } catch {
            throw Self.map(error, "listing rows of \(signer)")
        }
        var rows: [KeyRow] = []
        for item in pages.items { rows.append(try KeyRow(item: item)) }
        return rows
    }

    package func allRows() async throws(VaultError) -> [KeyRow] {
        let pages: DynamoDBClient.Pages
        do { pages = try await ddb.scan(table: table) } catch { throw Self.map(error, "listing rows") }
        var rows: [KeyRow] = []
        for item in pages.items { rows.append(try KeyRow(item: item)) }
        return rows
    }

    package func reassign(_ row: KeyRow, to signer: String) async throws(VaultError) {
        var moved = row
        moved.web3signerUUID = signer
        let unchanged = DynamoDBExpression(
            "attribute_exists(pubkey) AND active = :a AND encrypted_key_password_mnemonic_b64 = :c",
            values: [":a": .bool(row.active), ":c": .s(row.encryptedKeyPasswordMnemonicBase64)])
        do {
            try await ddb.transactWrite([
                .delete(table: table, key: row.key, condition: unchanged),
                .put(table: table, item: moved.item, condition: Self.notExists),
            ])
        } catch {
            throw Self.map(error, "assigning pubkey \(row.pubkey.prefix(12))… to \(signer)")
        }
    }

    package func setActive(_ active: Bool, pubkey: String, signer: String) async throws(VaultError) {
        do {
            _ = try await ddb.updateItem(
                table: table, key: ["web3signer_uuid": .s(signer), "pubkey": .s(pubkey)],
                update: DynamoDBExpression("SET active = :a", values: [":a": .bool(active)]), condition: Self.exists)
        } catch {
            throw Self.map(error, "setting active on pubkey \(pubkey.prefix(12))…")
        }
    }

    package func delete(pubkey: String, signer: String) async throws(VaultError) {
        do {
            try await ddb.deleteItem(table: table, key: ["web3signer_uuid": .s(signer), "pubkey": .s(pubkey)], condition: Self.exists)
        } catch {
            throw Self.map(error, "deleting pubkey \(pubkey.prefix(12))…")
        }
    }

    static func map(_ error: AWSError, _ what: String) -> VaultError {
        switch error.awsCode {
        case "ConditionalCheckFailedException", "TransactionCanceledException":
            return VaultError(.conflict, "\(what): a condition failed (the row exists already or changed); nothing was written")
        default:
            return VaultError(.aws, "\(what): \(error)", awsCode: error.awsCode)
        }
    }
}
