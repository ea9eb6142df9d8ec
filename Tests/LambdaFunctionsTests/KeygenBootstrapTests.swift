import AWSClients
import AWSCore
import AWSTestSupport
import Foundation
import LambdaRuntime
import LambdaTestSupport
import Testing

/// The `bootstrap` binary as `ETHERKEEP_FUNCTION=keygen` with the reference payload, against the
/// local runtime-API server and moto_server's KMS and DynamoDB; the table is then read back by
/// `Python/read_table.py`, which uses none of EtherKeep's code (boto3, py_ecc, hashlib, and
/// EIP-2333/BIP-39 written out from the specs).
@Suite(.enabled(if: Moto.shouldRun, "needs moto_server (scripts/test)"))
struct KeygenBootstrapTests {
    struct Row: Decodable {
        let pubkey: String
        let web3signer_uuid: String
        let active: Bool
        let chain: String
        let datetime: String
        let path: String
        let keystore_pubkey_matches: Bool
        let deposit_count: Int
        let deposit_pubkey_matches: Bool
        let deposit_signature_valid: Bool
        let withdrawal_credentials: String
        let amount: UInt64
        let network_name: String
        let rederived_matches: Bool
        let mnemonic_words: Int
        let mnemonic: String
        let password_length: Int
    }

    static func environment(keyARN: String?, table: String?) throws -> [String: String] {
        var variables = try Moto.environment().variables.filter { $0.key.hasPrefix("AWS_") }
        variables["ETHERKEEP_FUNCTION"] = "keygen"
        variables["KMS_KEY_ARN"] = keyARN
        variables["DDB_TABLE_NAME"] = table
        return variables
    }

    /// A fresh KMS key and key table in moto.
    static func makeKeyAndTable() async throws -> (keyARN: String, table: String) {
        try await Moto.withContext { context in
            let key = try await KMSClient(context: context).createKey(description: "etherkeep keygen test")
            let table = Moto.uniqueName("keygen")
            try await DynamoDBClient(context: context).createTable(name: table, partitionKey: "web3signer_uuid", sortKey: "pubkey")
            return (key.arn ?? key.keyID, table)
        }
    }

    static func readTable(_ table: String) throws -> [Row] {
        let script = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Python/read_table.py")
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["python3", script.path, try #require(Moto.url), table]
        var environment = ProcessInfo.processInfo.environment
        environment.merge(try Moto.environment().variables.filter { $0.key.hasPrefix("AWS_") }) { $1 }
        environment["AWS_DEFAULT_REGION"] = environment["AWS_REGION"]
        process.environment = environment
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "read_table.py exited with \(process.terminationStatus) (scripts/setup --test installs its libraries)")
        }
        struct Rows: Decodable { let rows: [Row] }
        return try JSONDecoder().decode(Rows.self, from: output).rows
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    @Test func referencePayloadWritesRowsThatCheckOutIndependently() async throws {
        let (keyARN, table) = try await Self.makeKeyAndTable()
        try await LocalRuntimeAPIServer.serve { server in
            let started = ContinuousClock.now
            let process = try BootstrapProcess.start(server: server, environment: try Self.environment(keyARN: keyARN, table: table))
            defer { if process.isRunning { process.terminate() } }
            let payload = #"{"num_validators": 2, "mnemonic_language": "english", "chain": "hoodi", "eth1_withdrawal_address": "0x6F4b46423fc6181a0cF34e6716c220BD4d6C2471"}"#
            guard case .response(_, let body) = await server.invoke(Array(payload.utf8)) else {
                Issue.record("expected a response"); return
            }
            print("keygen \(BootstrapProcess.executable.path): start-up to the response for 2 validators \((ContinuousClock.now - started).formatted(.units(allowed: [.milliseconds])))")
            let pubkeys = try JSONDecoder().decode([String].self, from: Data(body))
            #expect(pubkeys.count == 2)

            let rows = try Self.readTable(table)
            #expect(Set(rows.map(\.pubkey)) == Set(pubkeys))
            #expect(Set(rows.map(\.mnemonic)).count == 1, "one mnemonic per invocation")
            #expect(Set(rows.map(\.path)) == ["m/12381/3600/0/0/0", "m/12381/3600/1/0/0"])
            for row in rows {
                #expect(row.web3signer_uuid == "none")
                #expect(row.active)
                #expect(row.chain == "hoodi" && row.network_name == "hoodi")
                #expect(row.keystore_pubkey_matches, "keystore decrypts to the row's public key")
                #expect(row.deposit_count == 1 && row.deposit_pubkey_matches && row.deposit_signature_valid)
                #expect(row.withdrawal_credentials == "0100000000000000000000006f4b46423fc6181a0cf34e6716c220bd4d6c2471")
                #expect(row.amount == 32_000_000_000)
                #expect(row.rederived_matches, "EIP-2333 from the mnemonic gives the keystore's key")
                #expect(row.mnemonic_words == 24)
                #expect(row.password_length == 19)
                let generatedAt = try Date(row.datetime, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
                #expect(abs(generatedAt.timeIntervalSinceNow) < 600, "\(row.datetime)")
            }

            // A second invocation (PBKDF2 keystores, no address): a fresh mnemonic, new keys, rows
            // added beside the first.
            guard case .response(_, let second) = await server.invoke(Array(#"{"num_validators": 1, "chain": "hoodi", "kdf": "pbkdf2"}"#.utf8)) else {
                Issue.record("expected a response"); return
            }
            let more = try JSONDecoder().decode([String].self, from: Data(second))
            let all = try Self.readTable(table)
            #expect(all.count == 3)
            #expect(Set(all.map(\.mnemonic)).count == 2)
            let bls = try #require(all.first { $0.pubkey == more.first })
            #expect(bls.withdrawal_credentials.hasPrefix("00"), "no address: 0x00 credentials")
            #expect(bls.rederived_matches && bls.deposit_signature_valid && bls.keystore_pubkey_matches)
            #expect(await BootstrapProcess.terminate(process) == 0)
        }
    }

    @Test(arguments: [
        (#"{"num_validators": 2, "chain": "goerli"}"#, "chain"),
        (#"{"num_validators": 2, "chain": "hoodi", "eth1_withdrawal_address": "0x6f4B46423fc6181a0cF34e6716c220BD4d6C2471"}"#, "eth1_withdrawal_address"),
        (#"{"num_validators": 0, "chain": "hoodi"}"#, "num_validators: 0 is not a number of validators from 1 to 100"),
        (#"{"num_validators": "2", "chain": "hoodi"}"#, "num_validators"),
        (#"{"num_validators": 1000, "chain": "hoodi"}"#, "num_validators: 1000 is not a number of validators from 1 to 100"),
        (#"{"num_validators": 1, "chain": "hoodi", "mnemonic_language": "klingon"}"#, "mnemonic_language"),
        (#"{"num_validators": 1, "chain": "hoodi", "colour": "blue"}"#, "unknown field"),
    ])
    func badPayloadsWriteNothing(payload: String, reason: String) async throws {
        let (keyARN, table) = try await Self.makeKeyAndTable()
        try await LocalRuntimeAPIServer.serve { server in
            let process = try BootstrapProcess.start(server: server, environment: try Self.environment(keyARN: keyARN, table: table))
            defer { if process.isRunning { process.terminate() } }
            guard case .invocationError(_, "InvalidPayload", let body) = await server.invoke(Array(payload.utf8)) else {
                Issue.record("expected InvalidPayload"); return
            }
            let message = try JSONDecoder().decode(LambdaErrorResponse.self, from: Data(body)).errorMessage
            #expect(message.contains(reason), "\(message)")
            #expect(try Self.readTable(table).isEmpty)
        }
    }

    @Test func aKMSFailureWritesNothing() async throws {
        let (_, table) = try await Self.makeKeyAndTable()
        let missingKey = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000"
        try await LocalRuntimeAPIServer.serve { server in
            let process = try BootstrapProcess.start(server: server, environment: try Self.environment(keyARN: missingKey, table: table))
            defer { if process.isRunning { process.terminate() } }
            guard case .invocationError(_, "ServiceFailure", let body) = await server.invoke(Array(#"{"num_validators": 1, "chain": "hoodi", "kdf": "pbkdf2"}"#.utf8)) else {
                Issue.record("expected ServiceFailure"); return
            }
            let message = try JSONDecoder().decode(LambdaErrorResponse.self, from: Data(body)).errorMessage
            #expect(message.hasPrefix("nothing written"), "\(message)")
            #expect(try Self.readTable(table).isEmpty)
        }
    }

    @Test func missingEnvironmentIsAnInitError() async throws {
        try await LocalRuntimeAPIServer.serve { server in
            let process = try BootstrapProcess.start(server: server, environment: try Self.environment(keyARN: "arn:aws:kms:us-east-1:123456789012:key/x", table: nil))
            guard case .initError("InvalidConfiguration", let body) = await server.nextReport(timeout: .seconds(30)) else {
                Issue.record("expected an init error")
                _ = await BootstrapProcess.terminate(process)
                return
            }
            #expect(try JSONDecoder().decode(LambdaErrorResponse.self, from: Data(body)).errorMessage == "DDB_TABLE_NAME is not set")
            #expect(await BootstrapProcess.waitForExit(process) == 1)
        }
    }
}
