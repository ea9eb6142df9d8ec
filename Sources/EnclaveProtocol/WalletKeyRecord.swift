#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An enclave wallet's account key as Secrets Manager keeps it (written by the wallet function's
/// `set_key`, read by the parent, opened only in the enclave): the address and the KMS ciphertext
/// of the 32-byte secp256k1 secret key, encrypted with the context `{"address": <address>}`.
///
/// JSON: `{"address": "0x…" (EIP-55), "encrypted_key_b64": "<base64 of the CiphertextBlob>"}`.
/// Nothing in it is secret; the plaintext key never is.
public struct WalletKeyRecord: Sendable, Equatable {
    /// `0x` + 40 hex digits, EIP-55.
    public let address: String
    /// The KMS `CiphertextBlob` (1 to 6,144 bytes).
    public let encryptedKey: [UInt8]

    /// The KMS encryption context the key is encrypted with: its address (`set_key` encrypts with
    /// it, the enclave decrypts with it).
    public static func encryptionContext(address: String) -> [String: String] { ["address": address] }

    public init(address: String, encryptedKey: [UInt8]) {
        self.address = address
        self.encryptedKey = encryptedKey
    }

    private struct Wire: Codable {
        let address: String
        let encrypted_key_b64: String
    }

    /// The record as the secret's string.
    public var json: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // invariant: two strings always encode.
        return Array((try? encoder.encode(Wire(address: address, encrypted_key_b64: Data(encryptedKey).base64EncodedString()))) ?? Data())
    }

    /// Reads a secret's string back.
    ///
    /// - Returns: `nil` when it is not this record (no such members, an address that is not
    ///   `0x` + 40 hex digits, or a ciphertext that is not 1 to 6,144 bytes of base64).
    public init?(json: [UInt8]) {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(json)),
              wire.address.count == 42, wire.address.hasPrefix("0x"), wire.address.dropFirst(2).allSatisfy(\.isHexDigit),
              let blob = Data(base64Encoded: wire.encrypted_key_b64), (1...6144).contains(blob.count)
        else { return nil }
        self.init(address: wire.address, encryptedKey: Array(blob))
    }
}
