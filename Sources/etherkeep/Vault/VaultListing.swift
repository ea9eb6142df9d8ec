import Foundation
import Vault

/// How `vault list` prints rows: the public columns only (never the encrypted record).
enum VaultListing {
    static func table(_ rows: [KeyRow]) -> String {
        var lines = ["pubkey  web3signer_uuid  active  chain  datetime"]
        for r in rows {
            lines.append("0x\(r.pubkey)  \(r.web3signerUUID)  \(r.active)  \(r.chain)  \(r.datetime)")
        }
        lines.append("\(rows.count) key(s)")
        return lines.joined(separator: "\n")
    }

    static func json(_ rows: [KeyRow]) -> String {
        let objects: [[String: Any]] = rows.map {
            ["pubkey": $0.pubkey, "web3signer_uuid": $0.web3signerUUID, "active": $0.active, "chain": $0.chain, "datetime": $0.datetime]
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
