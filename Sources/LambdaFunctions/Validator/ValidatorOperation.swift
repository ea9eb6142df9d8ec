/// What a validator function payload asks for, validated.
package enum ValidatorOperation: String, CaseIterable, Sendable {
    /// Make a fresh TLS key and self-signed certificate for the signer, store the key encrypted
    /// under KMS and the certificate in the TLS table.
    case setTLSKey = "set_tls_key"
    /// Encrypt the slashing-protection database's password (from the Secrets Manager secret
    /// `SLASHING_DB_SECRET_ARN`) under KMS for the enclave, into the TLS table's row 2.
    case setSlashingDBPassword = "set_slashing_db_password"
    /// `GET /upcheck` on the signer through the load balancer; the answer's text (`"OK"`).
    case web3signerStatus = "web3signer_status"
    /// `GET /api/v1/eth2/publicKeys` on the signer through the load balancer; the list of keys.
    case web3signerPublicKeys = "web3signer_public_keys"

    /// Parses and validates a payload.
    ///
    /// - Throws: ``LambdaFunctionsError/Code/invalidPayload`` naming the field at fault: not a JSON
    ///   object, an unknown member, `operation` missing, not a string or not one of the operations.
    package static func parse(_ payload: [UInt8]) throws(LambdaFunctionsError) -> ValidatorOperation {
        let request = try StrictJSON.decode(ValidatorRequest.self, from: payload, allowed: ValidatorRequest.members)
        guard let operation = ValidatorOperation(rawValue: request.operation) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            throw LambdaFunctionsError(.invalidPayload, "operation must be one of \(names), got \"\(request.operation.prefix(64))\"")
        }
        return operation
    }
}
