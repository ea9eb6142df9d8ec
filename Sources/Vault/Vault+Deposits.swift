import EthereumCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Vault {
    /// A launchpad deposit file of `rows`: the JSON list of every row's one deposit_data entry, in order.
    ///
    /// - Throws: ``VaultError/Code/invalidRow`` naming the row whose `deposit_json_b64` is not a
    ///   base64 one-element JSON list.
    package static func depositFile(_ rows: [KeyRow]) throws(VaultError) -> [UInt8] {
        var entries: [AnyJSON] = []
        for row in rows {
            guard let data = Data(base64Encoded: row.depositJSONBase64),
                let list = (try? AnyJSON.parse(data))?.arrayValue, list.count == 1
            else {
                throw VaultError(.invalidRow, "deposit_json_b64 of pubkey \(row.pubkey.prefix(12))… is not a one-element JSON list")
            }
            entries.append(list[0])
        }
        return AnyJSON.array(entries).encodedSorted()
    }
}
