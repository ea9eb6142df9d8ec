import EnclaveProtocol
package import AWSClients
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The signer's TLS identity as the TLS table keeps it: one row, `key_id` 1, as in the reference.
///
/// | attribute | type | value |
/// |---|---|---|
/// | `key_id` | N (partition key) | `1` |
/// | `encrypted_tls_key_b64` | S | base64 of the KMS ciphertext of the private key, PKCS#8 DER |
/// | `encryption_context` | S | JSON of the KMS encryption context: ``encryptionContext`` |
/// | `cert_pem` | S | the certificate, PEM |
/// | `host_name` | S | the host the certificate is for |
/// | `datetime` | S | ISO-8601 time it was made |
///
/// Two differences from the reference, which encrypts a password-protected PKCS#12 keystore and
/// stores base64 of the PEM under `cert_pem`: the plaintext is the bare PKCS#8 key (KMS is the
/// protection; a password beside it in the same plaintext adds none), and `cert_pem` holds what
/// its name says. The ciphertext is bound to its purpose by the encryption context, so a validator
/// key's ciphertext cannot be passed off as the TLS key, or the other way round.
package struct TLSKeyRow: Sendable {
    /// The partition key of the one row.
    package static let key: DynamoDBItem = ["key_id": .n("1")]
    /// The KMS encryption context of the key's ciphertext; the enclave passes the same to Decrypt.
    package static let encryptionContext = ["purpose": "etherkeep-signer-tls-key"]

    /// ``encryptionContext`` as JSON with sorted keys, as the row records it.
    package static var encryptionContextJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // invariant: a dictionary of strings always encodes.
        return String(decoding: (try? encoder.encode(encryptionContext)) ?? Data(), as: UTF8.self)
    }

    /// The KMS ciphertext of the PKCS#8 private key.
    package let encryptedKey: [UInt8]
    /// The certificate, PEM.
    package let certificatePEM: String
    /// The host the certificate is for.
    package let hostName: String
    /// When it was made, ISO-8601.
    package let datetime: String

    /// A row from its parts (`encryptedKey` is the KMS ciphertext, never the key).
    package init(encryptedKey: [UInt8], certificatePEM: String, hostName: String, datetime: String) {
        self.encryptedKey = encryptedKey
        self.certificatePEM = certificatePEM
        self.hostName = hostName
        self.datetime = datetime
    }

    /// The row as DynamoDB stores it.
    package var item: DynamoDBItem {
        Self.key.merging([
            "encrypted_tls_key_b64": .s(Data(encryptedKey).base64EncodedString()),
            "encryption_context": .s(Self.encryptionContextJSON),
            "cert_pem": .s(certificatePEM),
            "host_name": .s(hostName),
            "datetime": .s(datetime),
        ]) { a, _ in a }
    }

    /// Reads a row back.
    ///
    /// - Throws: ``LambdaFunctionsError/Code/serviceFailure`` naming the attribute that is missing
    ///   or malformed.
    package init(item: DynamoDBItem) throws(LambdaFunctionsError) {
        func text(_ name: String) throws(LambdaFunctionsError) -> String {
            guard let value = item[name]?.string, !value.isEmpty else {
                throw LambdaFunctionsError(.serviceFailure, "the TLS table's row has no \(name) string")
            }
            return value
        }
        guard let blob = Data(base64Encoded: try text("encrypted_tls_key_b64")), !blob.isEmpty else {
            throw LambdaFunctionsError(.serviceFailure, "the TLS table's encrypted_tls_key_b64 is not base64")
        }
        let pem = try text("cert_pem")
        guard pem.hasPrefix("-----BEGIN CERTIFICATE-----") else {
            throw LambdaFunctionsError(.serviceFailure, "the TLS table's cert_pem is not a PEM certificate")
        }
        self.init(encryptedKey: Array(blob), certificatePEM: pem, hostName: try text("host_name"), datetime: try text("datetime"))
    }
}

/// The slashing-protection database's password as the TLS table keeps it for the enclave: row
/// `key_id` 2, written by `set_slashing_db_password`. Only the attested enclave decrypts it, so the
/// parent, which relays the database traffic, cannot log in and erase the history.
///
/// | attribute | type | value |
/// |---|---|---|
/// | `key_id` | N (partition key) | `2` |
/// | `encrypted_password_b64` | S | base64 of the KMS ciphertext of the password (UTF-8) |
/// | `encryption_context` | S | JSON of the KMS encryption context: ``encryptionContext(database:)`` |
/// | `database` | S | the database it opens, `host:port/name` |
/// | `datetime` | S | ISO-8601 time it was set |
package struct DatabasePasswordRow: Sendable {
    package static let key: DynamoDBItem = ["key_id": .n("2")]
    /// The KMS encryption context of the password's ciphertext (the enclave passes the same): it
    /// names the database, so that the password cannot be used to point the enclave elsewhere.
    package static func encryptionContext(database: String) -> [String: String] {
        SlashingProtectionDatabase.passwordContext(database: database)
    }

    /// The KMS ciphertext of the password.
    package let encryptedPassword: [UInt8]
    /// The database it is for, `host:port/name`.
    package let database: String
    /// When it was set, ISO-8601.
    package let datetime: String

    package init(encryptedPassword: [UInt8], database: String, datetime: String) {
        self.encryptedPassword = encryptedPassword
        self.database = database
        self.datetime = datetime
    }

    /// The row as DynamoDB stores it.
    package var item: DynamoDBItem {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // invariant: a dictionary of strings always encodes.
        let context = String(decoding: (try? encoder.encode(Self.encryptionContext(database: database))) ?? Data(), as: UTF8.self)
        return Self.key.merging([
            "encrypted_password_b64": .s(Data(encryptedPassword).base64EncodedString()), "encryption_context": .s(context),
            "database": .s(database), "datetime": .s(datetime),
        ]) { a, _ in a }
    }

    /// Reads a row back.
    ///
    /// - Throws: ``LambdaFunctionsError/Code/serviceFailure`` naming the attribute that is missing or malformed.
    package init(item: DynamoDBItem) throws(LambdaFunctionsError) {
        guard let text = item["encrypted_password_b64"]?.string, let blob = Data(base64Encoded: text), !blob.isEmpty else {
            throw LambdaFunctionsError(.serviceFailure, "the TLS table's row 2 has no base64 encrypted_password_b64")
        }
        self.init(encryptedPassword: Array(blob), database: item["database"]?.string ?? "", datetime: item["datetime"]?.string ?? "")
    }
}
