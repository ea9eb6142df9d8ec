import Foundation
import Vault

/// Made-up keys for vault tests: distinct public keys, a deposit entry, a record with known parts.
enum TestKeys {
    static func pubkey(_ i: Int, tag: Int = 0) -> String {
        String(format: "%08x%08x", tag, i) + String(repeating: "cd", count: 40)
    }

    static func deposit(_ pubkey: String, padding: Int = 0) -> String {
        let entry: [String: Any] = ["pubkey": pubkey, "amount": 32_000_000_000, "network_name": "mainnet", "pad": String(repeating: "p", count: padding)]
        return (try! JSONSerialization.data(withJSONObject: [entry], options: [.sortedKeys])).base64EncodedString()
    }

    static func newKey(_ i: Int, tag: Int = 0, padding: Int = 0) -> Vault.NewKey {
        let pk = pubkey(i, tag: tag)
        return Vault.NewKey(
            pubkey: pk, chain: "mainnet", datetime: "2026-11-21T06:00:00Z", depositJSONBase64: deposit(pk, padding: padding),
            record: VaultRecord(keystore: Array(#"{"keystore":\#(i)}"#.utf8), password: Array("password-\(i)".utf8), mnemonic: Array("abandon \(i)".utf8)))
    }

    static func tempDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("etherkeep-vault-\(UUID().uuidString)").path
        return path
    }

    /// The password part of a record, for checking a round trip.
    static func password(_ record: VaultRecord) throws -> String {
        try record.withParts { _, password, _ in String(decoding: password, as: UTF8.self) }
    }
}
