/// The validator function's payload, as the reference's validator-signer function takes it:
/// `{"operation": "set_tls_key" | "set_slashing_db_password" | "web3signer_status" | "web3signer_public_keys"}`. Wire type only
/// (R12); ``ValidatorOperation`` validates it.
struct ValidatorRequest: Decodable {
    /// The operation's name.
    let operation: String

    /// Every member name the payload may have.
    static let members: Set<String> = ["operation"]
}

/// `set_tls_key` → what was stored, all public: the certificate, its SHA-256 fingerprint (what a
/// validator client pins) and its expiry. The private key is not in it.
struct SetTLSKeyResponse: Encodable {
    /// The TLS table's partition key of the row written (always 1, as in the reference).
    let key_id: Int
    /// The host name the certificate is for (the load balancer's, from `SIGNER_URL`).
    let host_name: String
    /// The certificate, PEM.
    let certificate_pem: String
    /// SHA-256 of the certificate's DER, lower-case hex.
    let certificate_sha256: String
    /// The end of the certificate's validity, ISO-8601 UTC.
    let not_valid_after: String
}

/// `set_slashing_db_password` → where the ciphertext went. The password is not in it.
struct SetSlashingDBPasswordResponse: Encodable {
    /// The TLS table's partition key of the row written (always 2).
    let key_id: Int
    /// The secret the password was read from.
    let secret_arn: String
    /// The database the ciphertext is bound to, `host:port/name`.
    let database: String
    /// When it was set, ISO-8601 UTC.
    let datetime: String
}
