#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One row of the key table, exactly as the reference keygen writes it (DESIGN.md §4).
///
/// | attribute | type | value |
/// |---|---|---|
/// | `web3signer_uuid` | S, partition key | `"none"` until assigned to a signer |
/// | `pubkey` | S, sort key | 48-byte BLS public key, hex without `0x` |
/// | `active` | BOOL | `true` |
/// | `chain` | S | network name |
/// | `datetime` | S | ISO-8601 time of generation |
/// | `deposit_json_b64` | S | base64 of a one-element deposit_data JSON list |
/// | `encrypted_key_password_mnemonic_b64` | S | base64 of the cipher's ciphertext of the record JSON |
///
/// Two optional attributes are EtherKeep's, and readers of the reference ignore them:
/// `encryption_context`, the JSON of the KMS encryption context when the record was bound to its
/// public key (absent for the reference's plain Encrypt), so that readers know what to pass to
/// Decrypt; and `encrypted_mnemonic_b64`, the mnemonic encrypted under a separate key (a second KMS
/// key, or a second local key file), present when the record's own `mnemonic_b64` was left empty so
/// that a signer decrypting the row never receives the root of its validators' keys.
package struct KeyRow: Sendable, Equatable {
    /// The signer this key is assigned to, or ``unassigned``.
    package var web3signerUUID: String
    /// 96 lower-case hex digits.
    package let pubkey: String
    package var active: Bool
    package let chain: String
    package let datetime: String
    package let depositJSONBase64: String
    package let encryptedKeyPasswordMnemonicBase64: String
    /// The encryption context the ciphertext is bound to, if any.
    package let encryptionContext: [String: String]?
    /// The mnemonic, encrypted under the mnemonic key (base64), when it is kept apart.
    package let encryptedMnemonicBase64: String?

    /// The partition value of keys not yet assigned to a signer.
    package static let unassigned = "none"

    /// Creates a row, checking every field.
    ///
    /// - Throws: ``VaultError/Code/invalidRow`` naming the first bad field.
    package init(
        web3signerUUID: String = KeyRow.unassigned, pubkey: String, active: Bool = true, chain: String, datetime: String,
        depositJSONBase64: String, encryptedKeyPasswordMnemonicBase64: String, encryptionContext: [String: String]? = nil,
        encryptedMnemonicBase64: String? = nil
    ) throws(VaultError) {
        self.web3signerUUID = try Self.checkSigner(web3signerUUID)
        self.pubkey = try Self.normalizePubkey(pubkey)
        self.active = active
        guard !chain.isEmpty, chain.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw VaultError(.invalidRow, "chain must be a network name such as 'mainnet', got '\(chain)'")
        }
        self.chain = chain
        guard datetime.count >= 10 else { throw VaultError(.invalidRow, "datetime must be an ISO-8601 time, got '\(datetime)'") }
        self.datetime = datetime
        guard Data(base64Encoded: depositJSONBase64) != nil else { throw VaultError(.invalidRow, "deposit_json_b64 is not base64") }
        self.depositJSONBase64 = depositJSONBase64
        guard let blob = Data(base64Encoded: encryptedKeyPasswordMnemonicBase64), !blob.isEmpty else {
            throw VaultError(.invalidRow, "encrypted_key_password_mnemonic_b64 is not non-empty base64")
        }
        self.encryptedKeyPasswordMnemonicBase64 = encryptedKeyPasswordMnemonicBase64
        self.encryptionContext = encryptionContext
        if let encryptedMnemonicBase64 {
            guard let blob = Data(base64Encoded: encryptedMnemonicBase64), !blob.isEmpty else {
                throw VaultError(.invalidRow, "encrypted_mnemonic_b64 is not non-empty base64")
            }
        }
        self.encryptedMnemonicBase64 = encryptedMnemonicBase64
    }

    /// A 48-byte public key in hex (optional `0x`, either case) as the table stores it: 96 lower-case digits.
    package static func normalizePubkey(_ text: String) throws(VaultError) -> String {
        var hex = text.lowercased()
        if hex.hasPrefix("0x") { hex.removeFirst(2) }
        guard hex.count == 96, hex.allSatisfy({ $0.isHexDigit }) else {
            throw VaultError(.invalidRow, "pubkey must be 48 bytes of hex (96 digits), got \(hex.count) characters")
        }
        return hex
    }

    /// A signer id: `none`, or letters, digits and `-` (a UUID).
    package static func checkSigner(_ text: String) throws(VaultError) -> String {
        guard !text.isEmpty, text.count <= 64, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw VaultError(.invalidRow, "web3signer_uuid must be 'none' or a UUID, got '\(text)'")
        }
        return text
    }

    /// The ciphertext bytes.
    package var ciphertext: [UInt8] { Array(Data(base64Encoded: encryptedKeyPasswordMnemonicBase64) ?? Data()) }
}
