import AWSClients
import AWSCore
import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
package import LambdaRuntime
import X509

/// `ETHERKEEP_FUNCTION=validator`: the validator signer's operations, as the reference's function
/// beside its Web3Signer enclave offers them.
///
/// Environment: `KMS_KEY_ARN` (the key the TLS private key is encrypted under; the function is
/// granted `kms:Encrypt` only), `TLS_KEYS_TABLE_NAME` (the TLS table, ``TLSKeyRow``) and
/// `SIGNER_URL` (the network load balancer in front of the enclave, `https://host[:port]`; the
/// certificate is made for its host), and optionally `SLASHING_DB_SECRET_ARN` (the Secrets Manager
/// secret holding the slashing-protection database's password: a string, or JSON with a
/// `password` member as RDS writes it) with `SLASHING_DB_ENDPOINT` (`host:port/name`, the database
/// the password is bound to). Operations (``ValidatorOperation``):
///
/// - `set_tls_key`: a fresh P-256 key and self-signed certificate (``SignerTLSIdentity``); the key
///   is encrypted with KMS `Encrypt` in this function and only its ciphertext leaves it, written
///   with the certificate to the TLS table (replacing the previous one); the response is the
///   certificate and its fingerprint (``SetTLSKeyResponse``).
/// - `set_slashing_db_password`: the password read from `SLASHING_DB_SECRET_ARN`, encrypted with KMS
///   `Encrypt` under ``DatabasePasswordRow/encryptionContext`` and written to the TLS table's row 2
///   (``DatabasePasswordRow``), so that only the attested enclave can log in to the database.
/// - `web3signer_status`: `GET /upcheck`; the answer's text, `"OK"`, as the reference returns it.
/// - `web3signer_public_keys`: `GET /api/v1/eth2/publicKeys`; the JSON list of public keys.
///
/// The signer's TLS ends inside the enclave, behind a TCP load balancer, with a self-signed
/// certificate. Both GETs trust that certificate and nothing else: it is read from the TLS table
/// (written by `set_tls_key`, readable only by this stack) at each invocation and pinned as the
/// only trust root, and the connection checks the host name against it. A signer presenting any
/// other certificate fails with `SignerFailure`.
package struct ValidatorFunction: LambdaHandler {
    let kms: KMSClient
    let ddb: DynamoDBClient
    let secrets: SecretsManagerClient
    /// `SLASHING_DB_SECRET_ARN`, if set.
    let databaseSecretARN: String?
    /// `SLASHING_DB_ENDPOINT`, if set.
    let databaseEndpoint: String?
    /// `KMS_KEY_ARN`: the key the TLS private key is encrypted under.
    let keyARN: String
    /// `TLS_KEYS_TABLE_NAME`.
    let table: String
    /// `SIGNER_URL`.
    let endpoint: SignerEndpoint
    /// The AWS transport (KMS, DynamoDB); the signer's GETs each use a pinned one of their own.
    let transport: AHCTransport

    /// Builds the function from the process environment.
    ///
    /// - Throws: ``LambdaFunctionsError/Code/invalidConfiguration`` naming a missing or bad variable.
    package static func make(environment: [String: String]) async throws -> ValidatorFunction {
        let keyARN = try FunctionEnvironment.required("KMS_KEY_ARN", in: environment)
        let table = try FunctionEnvironment.required("TLS_KEYS_TABLE_NAME", in: environment)
        let endpoint = try SignerEndpoint(url: try FunctionEnvironment.required("SIGNER_URL", in: environment))
        let transport = AHCTransport()
        do {
            let context = try AWSContext.make(environment: AWSEnvironment(variables: environment), transport: transport)
            return ValidatorFunction(
                kms: try KMSClient(context: context), ddb: try DynamoDBClient(context: context), secrets: try SecretsManagerClient(context: context),
                databaseSecretARN: environment["SLASHING_DB_SECRET_ARN"].flatMap { $0.isEmpty ? nil : $0 },
                databaseEndpoint: environment["SLASHING_DB_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }, keyARN: keyARN, table: table,
                endpoint: endpoint, transport: transport)
        } catch {
            try? await transport.shutdown()
            throw LambdaFunctionsError(.invalidConfiguration, "\(error)")
        }
    }

    /// Runs the payload's operation.
    ///
    /// - Throws: ``LambdaFunctionsError``: `InvalidPayload` naming the field, `ServiceFailure` (KMS,
    ///   DynamoDB), `SelfCheckFailed` (the certificate), `SignerFailure` (the signer or its TLS).
    package func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
        switch try ValidatorOperation.parse(event) {
        case .setTLSKey: try await setTLSKey()
        case .setSlashingDBPassword: try await setSlashingDBPassword()
        case .web3signerStatus: try await signerStatus()
        case .web3signerPublicKeys: try await signerPublicKeys()
        }
    }

    /// Closes the AWS transport.
    package func shutdown() async {
        try? await transport.shutdown()
    }

    /// `set_tls_key`: make, encrypt, store; answer with the public half.
    private func setTLSKey() async throws(LambdaFunctionsError) -> [UInt8] {
        let now = Date()
        let identity = try SignerTLSIdentity(for: endpoint, now: now)
        let ciphertext: [UInt8]
        do throws(AWSError) {
            ciphertext = try await kms.encrypt(keyID: keyARN, plaintext: identity.privateKeyPKCS8, context: TLSKeyRow.encryptionContext)
        } catch {
            throw LambdaFunctionsError(.serviceFailure, "KMS Encrypt of the TLS key failed, nothing stored: \(error.reason)", awsCode: error.awsCode)
        }
        let row = TLSKeyRow(
            encryptedKey: ciphertext, certificatePEM: identity.certificatePEM, hostName: endpoint.host,
            datetime: now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        do throws(AWSError) {
            try await ddb.putItem(table: table, item: row.item)
        } catch {
            throw LambdaFunctionsError(.serviceFailure, "writing the TLS key to \(table) failed: \(error.reason)", awsCode: error.awsCode)
        }
        return try Self.json(SetTLSKeyResponse(
            key_id: 1, host_name: endpoint.host, certificate_pem: identity.certificatePEM, certificate_sha256: identity.certificateSHA256,
            not_valid_after: identity.certificate.notValidAfter.formatted(Date.ISO8601FormatStyle())))
    }

    /// `set_slashing_db_password`: read, encrypt for the enclave, store; answer with where.
    private func setSlashingDBPassword() async throws(LambdaFunctionsError) -> [UInt8] {
        guard let databaseSecretARN, let databaseEndpoint else {
            throw LambdaFunctionsError(
                .invalidConfiguration, "SLASHING_DB_SECRET_ARN and SLASHING_DB_ENDPOINT are not set: this stack has no slashing-protection database secret")
        }
        let value: SecretsManagerClient.Value
        do throws(AWSError) {
            value = try await secrets.getSecretValue(id: databaseSecretARN).value
        } catch {
            throw LambdaFunctionsError(.serviceFailure, "reading \(databaseSecretARN) failed, nothing stored: \(error.reason)", awsCode: error.awsCode)
        }
        let password = try Self.password(in: value.key)
        let ciphertext: [UInt8]
        do throws(AWSError) {
            ciphertext = try await kms.encrypt(keyID: keyARN, plaintext: password, context: DatabasePasswordRow.encryptionContext(database: databaseEndpoint))
        } catch {
            throw LambdaFunctionsError(.serviceFailure, "KMS Encrypt of the database password failed, nothing stored: \(error.reason)", awsCode: error.awsCode)
        }
        let now = Date().formatted(Date.ISO8601FormatStyle())
        do throws(AWSError) {
            try await ddb.putItem(table: table, item: DatabasePasswordRow(encryptedPassword: ciphertext, database: databaseEndpoint, datetime: now).item)
        } catch {
            throw LambdaFunctionsError(.serviceFailure, "writing the database password to \(table) failed: \(error.reason)", awsCode: error.awsCode)
        }
        return try Self.json(SetSlashingDBPasswordResponse(key_id: 2, secret_arn: databaseSecretARN, database: databaseEndpoint, datetime: now))
    }

    /// The password in a secret's value: the `password` member of a JSON object (as RDS and the
    /// template's generated secret hold it), else the whole value.
    ///
    /// - Throws: ``LambdaFunctionsError/Code/serviceFailure`` for an empty password (the secret's
    ///   text is never quoted).
    static func password(in value: SymmetricKey) throws(LambdaFunctionsError) -> SymmetricKey {
        let bytes = value.withUnsafeBytes { Data($0) }
        var password = value
        if bytes.first == UInt8(ascii: "{") {
            struct Secret: Decodable { let password: String }
            guard let secret = try? JSONDecoder().decode(Secret.self, from: bytes) else {
                throw LambdaFunctionsError(.serviceFailure, "the database secret is a JSON object without a password string")
            }
            password = SymmetricKey(data: Data(secret.password.utf8))
        }
        guard password.bitCount > 0 else { throw LambdaFunctionsError(.serviceFailure, "the database secret's password is empty") }
        return password
    }

    /// JSON with sorted keys and unescaped slashes (PEM has `/`).
    static func json(_ value: some Encodable) throws(LambdaFunctionsError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw LambdaFunctionsError(.serviceFailure, "the response could not be encoded")
        }
    }
}
