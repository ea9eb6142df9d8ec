#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
package import EnclaveProtocol
import Synchronization
package import Vault

/// The enclave's key table: the rows the parent sent (it read them from DynamoDB; the enclave has
/// no network). Read-only here — a reload replaces them all; writes are refused.
package final class ParentRowsStore: VaultStore {
    private let rows = Mutex<[String: KeyRow]>([:])
    /// The `web3signer_uuid` every row is filed under (the parent sent only this signer's rows).
    package let signer: String

    package init(signer: String) {
        self.signer = signer
    }

    /// Replaces the table with `messages`.
    ///
    /// - Throws: ``VaultError/Code/invalidRow`` naming the first row that is not a vault row.
    package func replace(with messages: [VaultRowMessage]) throws(VaultError) {
        var table: [String: KeyRow] = [:]
        for message in messages {
            let row = try KeyRow(
                web3signerUUID: signer, pubkey: message.pubkey, active: message.active, chain: message.chain, datetime: message.datetime,
                depositJSONBase64: "", encryptedKeyPasswordMnemonicBase64: Data(message.encryptedRecord).base64EncodedString(),
                encryptionContext: message.encryptionContext)
            guard table.updateValue(row, forKey: row.pubkey) == nil else { throw VaultError(.invalidRow, "pubkey \(row.pubkey.prefix(12))… came twice") }
        }
        rows.withLock { $0 = table }
    }

    package var count: Int { rows.withLock { $0.count } }

    package func row(pubkey: String) async throws(VaultError) -> KeyRow? { rows.withLock { $0[pubkey] } }

    package func rows(signer: String) async throws(VaultError) -> [KeyRow] {
        signer == self.signer ? try await allRows() : []
    }

    package func allRows() async throws(VaultError) -> [KeyRow] { rows.withLock { $0.values.sorted { $0.pubkey < $1.pubkey } } }

    package func insert(_ rows: [KeyRow]) async throws(VaultError) { throw Self.readOnly }
    package func reassign(_ row: KeyRow, to signer: String) async throws(VaultError) { throw Self.readOnly }
    package func setActive(_ active: Bool, pubkey: String, signer: String) async throws(VaultError) { throw Self.readOnly }
    package func delete(pubkey: String, signer: String) async throws(VaultError) { throw Self.readOnly }

    static var readOnly: VaultError { VaultError(.conflict, "the enclave's key table is read-only: rows change in DynamoDB, and reach the enclave by a reload") }
}

extension VaultRowMessage {
    /// A vault row as the parent sends it: the public columns and the record still KMS-encrypted
    /// (the inverse of ``ParentRowsStore/replace(with:)``).
    package init(_ row: KeyRow) {
        self.init(
            pubkey: row.pubkey, active: row.active, chain: row.chain, datetime: row.datetime, encryptedRecord: row.ciphertext,
            encryptionContext: row.encryptionContext)
    }
}
