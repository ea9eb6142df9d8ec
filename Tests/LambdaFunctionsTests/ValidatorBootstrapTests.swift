import AWSClients
import AWSCore
import AWSTestSupport
import Crypto
import Foundation
import LambdaFunctions
import LambdaRuntime
import LambdaTestSupport
import SwiftASN1
import Testing
import X509

/// The `bootstrap` binary as `ETHERKEEP_FUNCTION=validator`, against the local runtime-API server,
/// moto_server's KMS and DynamoDB, and a real `etherkeep signer` serving TLS with the key and
/// certificate `set_tls_key` stored (its key decrypted here through KMS, as the enclave will).
@Suite(.enabled(if: Moto.shouldRun, "needs moto_server (scripts/test)"))
struct ValidatorBootstrapTests {
    /// A secret key and its public key from the consensus specs' BLS tests (`sign` cases).
    static let specPrivateKey = "0x263dbd792f5b1be47ed85f8938c0f29586af0d3ac7b977f21c278fe1462040e3"
    static let specPublicKey = "0xa491d1b0ecd9bb917989f0e74f0dea0422eac4a873e5e2644f368dffb9a6e20fd6e10c1b77654d067c0618f6e5a7f79a"

    struct Failure: Error, CustomStringConvertible { let description: String }

    static func environment(keyARN: String, table: String, signerURL: String) throws -> [String: String] {
        var variables = try Moto.environment().variables.filter { $0.key.hasPrefix("AWS_") }
        variables["ETHERKEEP_FUNCTION"] = "validator"
        variables["KMS_KEY_ARN"] = keyARN
        variables["TLS_KEYS_TABLE_NAME"] = table
        variables["SIGNER_URL"] = signerURL
        return variables
    }

    /// A fresh KMS key and TLS table (`key_id` N) in moto.
    static func makeKeyAndTable() async throws -> (keyARN: String, table: String) {
        try await Moto.withContext { context in
            let key = try await KMSClient(context: context).createKey(description: "etherkeep validator TLS test")
            let table = Moto.uniqueName("tls-keys")
            try await DynamoDBClient(context: context).createTable(name: table, partitionKey: "key_id", partitionKeyType: "N", sortKey: nil)
            return (key.arn ?? key.keyID, table)
        }
    }

    /// The row `set_tls_key` wrote, and its private key decrypted through KMS with the row's context.
    static func readRow(_ table: String) async throws -> (row: TLSKeyRow, context: String?, key: P256.Signing.PrivateKey) {
        try await Moto.withContext { context in
            let item = try #require(try await DynamoDBClient(context: context).getItem(table: table, key: TLSKeyRow.key))
            let row = try TLSKeyRow(item: item)
            let kms = try KMSClient(context: context)
            // Bound to its purpose: without the encryption context KMS refuses it.
            await #expect(throws: AWSError.self) { _ = try await kms.decryptPlaintext(ciphertext: row.encryptedKey) }
            let plaintext = try await kms.decryptPlaintext(ciphertext: row.encryptedKey, context: TLSKeyRow.encryptionContext)
            let key = try plaintext.withUnsafeBytes { try P256.Signing.PrivateKey(derRepresentation: Data($0)) }
            return (row, item["encryption_context"]?.string, key)
        }
    }

    /// `set_tls_key`'s answer.
    struct SetTLSKeyAnswer: Decodable {
        let key_id: Int
        let host_name: String
        let certificate_pem: String
        let certificate_sha256: String
        let not_valid_after: String
    }

    static func responseBody(_ report: LocalRuntimeAPIServer.Report?) throws -> [UInt8] {
        guard case .response(_, let body) = report else { throw Failure(description: "expected a response, got \(String(describing: report))") }
        return body
    }

    static func responseJSON<T: Decodable>(_ report: LocalRuntimeAPIServer.Report?, as type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(try responseBody(report)))
    }

    /// The invocation error's type and message.
    static func invocationError(_ report: LocalRuntimeAPIServer.Report?) throws -> (type: String?, message: String) {
        guard case .invocationError(_, let type, let body) = report else {
            throw Failure(description: "expected an invocation error, got \(String(describing: report))")
        }
        return (type, try JSONDecoder().decode(LambdaErrorResponse.self, from: Data(body)).errorMessage)
    }

    @Test func setTLSKeyThenTheSignerAnswersThroughThePinnedCertificate() async throws {
        let (keyARN, table) = try await Self.makeKeyAndTable()
        let port = try SignerProcess.freePort()
        let environment = try Self.environment(keyARN: keyARN, table: table, signerURL: "https://localhost:\(port)")
        try await LocalRuntimeAPIServer.serve { server in
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("validator-\(UUID().uuidString).log")
            defer { try? FileManager.default.removeItem(at: log) }
            let process = try BootstrapProcess.start(server: server, environment: environment, log: log)
            defer { if process.isRunning { process.terminate() } }

            // Before set_tls_key there is no certificate to pin.
            let early = try Self.invocationError(await server.invoke(Array(#"{"operation":"web3signer_status"}"#.utf8)))
            #expect(early.type == "SignerFailure")
            #expect(early.message == "no TLS certificate for the signer in \(table): run set_tls_key first")

            // set_tls_key: the row holds the certificate and the key's ciphertext; the key decrypts
            // through KMS to the certificate's key.
            let body = try Self.responseBody(await server.invoke(Array(#"{"operation":"set_tls_key"}"#.utf8)))
            let set = try JSONDecoder().decode(SetTLSKeyAnswer.self, from: Data(body))
            let (row, context, privateKey) = try await Self.readRow(table)
            #expect(context == #"{"purpose":"etherkeep-signer-tls-key"}"#)
            #expect(row.hostName == "localhost")
            #expect(set.certificate_pem == row.certificatePEM)
            #expect(set.key_id == 1 && set.host_name == "localhost")
            let certificate = try Certificate(pemEncoded: row.certificatePEM)
            #expect(certificate.publicKey == Certificate.PublicKey(privateKey.publicKey))
            #expect(certificate.publicKey.isValidSignature(certificate.signature, for: certificate))
            let names = try #require(try certificate.extensions.subjectAlternativeNames)
            #expect(Array(names) == [.dnsName("localhost")])
            let der = try certificate.serializeAsPEM().derBytes
            #expect(set.certificate_sha256 == SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined())
            let expiry = try Date(set.not_valid_after, strategy: .iso8601)
            #expect(abs(expiry.timeIntervalSince(certificate.notValidAfter)) < 1)
            // Nothing secret in the response: no private key PEM, nor the key's bytes.
            #expect(!String(decoding: body, as: UTF8.self).contains("PRIVATE KEY"))
            #expect(Data(body).range(of: privateKey.rawRepresentation) == nil)

            // The real signer, serving TLS with that key and certificate.
            let signer = try await SignerProcess.start(
                port: port, certificatePEM: row.certificatePEM, privateKey: privateKey, blsKeys: [Self.specPrivateKey])
            defer { signer.stop() }
            let status = try Self.responseJSON(await server.invoke(Array(#"{"operation":"web3signer_status"}"#.utf8)), as: String.self)
            #expect(status == "OK")
            let keys = try Self.responseJSON(await server.invoke(Array(#"{"operation":"web3signer_public_keys"}"#.utf8)), as: [String].self)
            #expect(keys == [Self.specPublicKey])

            // A new set_tls_key: the running signer still presents the old certificate, which is
            // valid for the host and self-signed but no longer the pinned one: refused.
            _ = try Self.responseJSON(await server.invoke(Array(#"{"operation":"set_tls_key"}"#.utf8)), as: SetTLSKeyAnswer.self)
            let (rotated, _, _) = try await Self.readRow(table)
            #expect(rotated.certificatePEM != row.certificatePEM)
            let stale = try Self.invocationError(await server.invoke(Array(#"{"operation":"web3signer_status"}"#.utf8)))
            #expect(stale.type == "SignerFailure")
            #expect(stale.message.hasPrefix("GET /upcheck on the signer at https://localhost:\(port) (TLS pinned"), "\(stale.message)")

            // Bad payloads name the field; the function keeps serving.
            let bad = try Self.invocationError(await server.invoke(Array(#"{"operation":"decrypt_tls_key"}"#.utf8)))
            #expect(bad.type == "InvalidPayload")
            #expect(bad.message.hasPrefix("operation must be one of set_tls_key, set_slashing_db_password, web3signer_status, web3signer_public_keys"))
            let extra = try Self.invocationError(await server.invoke(Array(#"{"operation":"web3signer_status","url":"https://elsewhere"}"#.utf8)))
            #expect(extra.type == "InvalidPayload" && extra.message.hasPrefix(#"unknown field "url""#))

            // The signer gone: a SignerFailure naming it.
            signer.stop()
            let gone = try Self.invocationError(await server.invoke(Array(#"{"operation":"web3signer_public_keys"}"#.utf8)))
            #expect(gone.type == "SignerFailure" && gone.message.contains("https://localhost:\(port)"), "\(gone.message)")
            #expect(await BootstrapProcess.terminate(process) == 0, "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
            // The private key never reached the function's log.
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            #expect(!text.contains("PRIVATE KEY"))
        }
    }

    @Test(arguments: [
        ("SIGNER_URL", "http://signer:9000", #"SIGNER_URL "http://signer:9000": must be https://<load balancer host>[:port]"#),
        ("SIGNER_URL", nil, "SIGNER_URL is not set"),
        ("TLS_KEYS_TABLE_NAME", nil, "TLS_KEYS_TABLE_NAME is not set"),
        ("KMS_KEY_ARN", "", "KMS_KEY_ARN is not set"),
    ] as [(String, String?, String)])
    func aMissingOrBadVariableIsAnInitError(variable: String, value: String?, message: String) async throws {
        var environment = try Self.environment(keyARN: "arn:aws:kms:us-east-1:123456789012:key/x", table: "t", signerURL: "https://signer:9000")
        environment[variable] = value
        try await LocalRuntimeAPIServer.serve { server in
            let process = try BootstrapProcess.start(server: server, environment: environment)
            guard case .initError("InvalidConfiguration", let body) = await server.nextReport(timeout: .seconds(30)) else {
                Issue.record("expected an init error")
                _ = await BootstrapProcess.terminate(process)
                return
            }
            #expect(try JSONDecoder().decode(LambdaErrorResponse.self, from: Data(body)).errorMessage == message)
            #expect(await BootstrapProcess.waitForExit(process) == 1)
        }
    }

    /// `set_slashing_db_password`: the password from the secret (RDS's JSON shape, then a plain
    /// string) KMS-encrypted into the TLS table's row 2 under its own context; never in the answer
    /// or the log. Without a secret configured, or with one that is gone, nothing is written.
    @Test func setSlashingDBPasswordStoresOnlyItsCiphertext() async throws {
        let (keyARN, table) = try await Self.makeKeyAndTable()
        let secretName = Moto.uniqueName("slashing-db")
        let secretARN: String = try await Moto.withContext { context in
            let created = try await SecretsManagerClient(context: context).createSecret(
                name: secretName, value: .string(SymmetricKey(data: Array(#"{"username":"etherkeep","password":"pw-Xq7#fresh"}"#.utf8))))
            return try #require(created.arn)
        }
        var environment = try Self.environment(keyARN: keyARN, table: table, signerURL: "https://localhost:9")
        environment["SLASHING_DB_SECRET_ARN"] = secretARN
        environment["SLASHING_DB_ENDPOINT"] = "db.internal:5432/etherkeep"
        let payload = Array(#"{"operation":"set_slashing_db_password"}"#.utf8)
        try await LocalRuntimeAPIServer.serve { server in
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("validator-\(UUID().uuidString).log")
            defer { try? FileManager.default.removeItem(at: log) }
            let process = try BootstrapProcess.start(server: server, environment: environment, log: log)
            defer { if process.isRunning { process.terminate() } }
            let body = try Self.responseBody(await server.invoke(payload))
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
            #expect(answer["key_id"] as? Int == 2 && answer["secret_arn"] as? String == secretARN)
            #expect(!String(decoding: body, as: UTF8.self).contains("pw-Xq7"))
            let stored: String = try await Moto.withContext { context in
                let item = try #require(try await DynamoDBClient(context: context).getItem(table: table, key: DatabasePasswordRow.key))
                #expect(item["encryption_context"]?.string == #"{"database":"db.internal:5432/etherkeep","purpose":"etherkeep-slashing-protection-db-password"}"#)
                let row = try DatabasePasswordRow(item: item)
                let kms = try KMSClient(context: context)
                // Bound to its purpose and its database: the TLS key's context, or another database's, does not open it.
                await #expect(throws: AWSError.self) { _ = try await kms.decryptPlaintext(ciphertext: row.encryptedPassword, context: TLSKeyRow.encryptionContext) }
                await #expect(throws: AWSError.self) {
                    _ = try await kms.decryptPlaintext(ciphertext: row.encryptedPassword, context: DatabasePasswordRow.encryptionContext(database: "other:5432/etherkeep"))
                }
                #expect(row.database == "db.internal:5432/etherkeep")
                let plaintext = try await kms.decryptPlaintext(ciphertext: row.encryptedPassword, context: DatabasePasswordRow.encryptionContext(database: "db.internal:5432/etherkeep"))
                return plaintext.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            }
            #expect(stored == "pw-Xq7#fresh")
            // A plain-string secret is the password itself.
            try await Moto.withContext { context in
                _ = try await SecretsManagerClient(context: context).putSecretValue(id: secretARN, value: .string(SymmetricKey(data: Array("plain-pw-2".utf8))))
            }
            _ = try Self.responseBody(await server.invoke(payload))
            let rotated: String = try await Moto.withContext { context in
                let item = try #require(try await DynamoDBClient(context: context).getItem(table: table, key: DatabasePasswordRow.key))
                let plaintext = try await KMSClient(context: context).decryptPlaintext(
                    ciphertext: try DatabasePasswordRow(item: item).encryptedPassword, context: DatabasePasswordRow.encryptionContext(database: "db.internal:5432/etherkeep"))
                return plaintext.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            }
            #expect(rotated == "plain-pw-2")
            #expect(await BootstrapProcess.terminate(process) == 0)
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            #expect(!text.contains("pw-Xq7") && !text.contains("plain-pw-2"))
        }

        // No secret configured: a clear error. A secret that is gone: ServiceFailure; row 2 unchanged.
        var unconfigured = try Self.environment(keyARN: keyARN, table: table, signerURL: "https://localhost:9")
        unconfigured["SLASHING_DB_SECRET_ARN"] = nil
        try await LocalRuntimeAPIServer.serve { server in
            let process = try BootstrapProcess.start(server: server, environment: unconfigured)
            defer { if process.isRunning { process.terminate() } }
            let refused = try Self.invocationError(await server.invoke(payload))
            #expect(refused.message.hasPrefix("SLASHING_DB_SECRET_ARN and SLASHING_DB_ENDPOINT are not set"), "\(refused)")
            _ = await BootstrapProcess.terminate(process)
        }
        var missing = environment
        missing["SLASHING_DB_SECRET_ARN"] = secretARN + "-gone"
        try await LocalRuntimeAPIServer.serve { server in
            let process = try BootstrapProcess.start(server: server, environment: missing)
            defer { if process.isRunning { process.terminate() } }
            let failed = try Self.invocationError(await server.invoke(payload))
            #expect(failed.type == "ServiceFailure" && failed.message.contains("nothing stored"), "\(failed)")
            _ = await BootstrapProcess.terminate(process)
        }
    }
}
