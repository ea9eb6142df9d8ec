import AWSClients
import AWSTestSupport
import Crypto
import EnclaveProtocol
import Foundation
import LambdaRuntime
import LambdaTestSupport
import NitroAttestation
import NSM
import Testing
import TestSupport

/// The enclave wallet end to end on one machine: the `bootstrap` as `ETHERKEEP_FUNCTION=wallet`
/// under the local runtime API, `etherkeep enclave wallet-host` (the parent) and `etherkeep enclave
/// wallet --nsm stand-in` (the enclave) joined by Unix sockets, and the stand-in KMS (moto, with
/// Secrets Manager) that decrypts only for the attested image. `set_key`, then `sign_transaction`;
/// eth-account decodes each raw transaction and recovers its sender.
@Suite(.enabled(if: Moto.shouldRun)) struct EnclaveWalletFlowTests {
    static let pcr0 = Array(repeating: UInt8(0x3c), count: 48)

    struct Decoded: Decodable {
        let from: String, hash: String, type: Int, chainId: Int?, nonce: Int, to: String, value: String, gas: Int, data: String
        let gasPrice: String?, maxFeePerGas: String?, maxPriorityFeePerGas: String?
    }
    struct Reference: Decodable { let transactions: [Decoded]; let addresses: [String] }
    struct ReferenceRequest: Encodable { let transactions: [String]; let keys: [String] }
    struct Signed: Decodable { let signed_tx: String; let tx_hash: String; let from: String }

    static func start(_ arguments: [String], environment: [String: String] = [:], log: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func setKeyThenSignTransactionsThatOnlyTheEnclaveCouldSign() async throws {
        let folder = URL(fileURLWithPath: "/tmp/ek-wallet-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.path
        let rootKey = P384.Signing.PrivateKey()
        try Data(rootKey.pemRepresentation.utf8).write(to: folder.appendingPathComponent("nsm-root.key"))
        let (kmsURL, kmsProcess) = try AttestedKMSTests.startStandIn(rootPEM: try StandInNSM(pcrs: [:], rootKey: rootKey).rootPEM, folder: folder)
        defer { AttestedKMSTests.stop(kmsProcess) }
        let keyARN: String = try await Moto.withContext(endpoint: kmsURL) { context in
            let kms = try KMSClient(context: context)
            let key = try await kms.createKey(description: "enclave wallet key")
            let policy = try EnclaveKeyPolicy(
                pcr0Hex: hexString(Self.pcr0), pcr8Hex: nil, instanceRoleARN: "arn:aws:iam::123456789012:role/wallet-host",
                encryptRoleARNs: ["arn:aws:iam::123456789012:role/wallet-function"], adminARN: "arn:aws:iam::123456789012:role/admin", allowDebug: false)
            try await kms.putKeyPolicy(keyID: key.keyID, policy: policy.json)
            return key.arn ?? key.keyID
        }
        let secretID = Moto.uniqueName("wallet-key")
        let kmsLocalPort = try ServerSocketPort.free(), hostPort = try ServerSocketPort.free()
        let aws = [
            "AWS_ENDPOINT_URL": kmsURL, "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
            "AWS_EC2_METADATA_DISABLED": "true",
        ]
        let binary = EnclaveFlowFixture.binary
        let enclaveLog = folder.appendingPathComponent("enclave.log"), hostLog = folder.appendingPathComponent("host.log")
        let enclave = try Self.start([
            binary, "enclave", "wallet", "--listen", "unix://\(path)/wallet.sock", "--region", "us-east-1", "--kms-via", "unix://\(path)/kms.sock",
            "--kms-local-port", String(kmsLocalPort), "--kms-endpoint-url", "http://127.0.0.1:\(kmsLocalPort)",
            "--nsm", "stand-in", "--stand-in-root-key", path + "/nsm-root.key", "--stand-in-pcr0", hexString(Self.pcr0),
        ], log: enclaveLog)
        defer { if enclave.isRunning { kill(enclave.processIdentifier, SIGKILL) } }
        let host = try Self.start([
            binary, "enclave", "wallet-host", "--host", "127.0.0.1", "--port", String(hostPort), "--secret-id", secretID,
            "--enclave", "unix://\(path)/wallet.sock", "--kms-listen", "unix://\(path)/kms.sock", "--kms-target", "tcp://127.0.0.1:\(URL(string: kmsURL)?.port ?? 0)",
        ], environment: aws, log: hostLog)
        defer { if host.isRunning { kill(host.processIdentifier, SIGKILL) } }
        var up = ""
        for _ in 0..<120 where up != "OK" {
            try await Task.sleep(for: .milliseconds(250))
            up = (try? EnclaveFlowFixture.run(["curl", "-s", "--max-time", "2", "http://127.0.0.1:\(hostPort)/upcheck"]).output) ?? ""
        }
        #expect(up == "OK", "the wallet host never answered: \((try? String(contentsOf: hostLog, encoding: .utf8)) ?? "")")

        // The account key, as an operator would paste it into set_key.
        let secretKey = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let environment = aws.merging([
            "ETHERKEEP_FUNCTION": "wallet", "KMS_KEY_ARN": keyARN, "WALLET_SECRET_ID": secretID, "WALLET_HOST_URL": "http://127.0.0.1:\(hostPort)",
        ]) { $1 }
        let functionLog = folder.appendingPathComponent("function.log")
        try await LocalRuntimeAPIServer.serve { server in
            let function = try BootstrapProcess.start(server: server, environment: environment, log: functionLog)
            defer { if function.isRunning { function.terminate() } }
            func answer(_ payload: String) async throws -> [UInt8] {
                guard case .response(_, let body) = await server.invoke(Array(payload.utf8)) else {
                    throw TestFailure("\(payload.prefix(60)) was not answered: \((try? String(contentsOf: functionLog, encoding: .utf8)) ?? "")")
                }
                return body
            }
            func refusal(_ payload: String) async -> (type: String?, message: String) {
                guard case .invocationError(_, let type, let body) = await server.invoke(Array(payload.utf8)) else { return (nil, "answered") }
                return (type, (try? JSONDecoder().decode(LambdaErrorResponse.self, from: Data(body)).errorMessage) ?? "")
            }

            // set_key: the address only; the secret holds the ciphertext and the address, never the key.
            let set = try JSONDecoder().decode([String: String].self, from: Data(try await answer(#"{"operation":"set_key","eth_key":"\#(secretKey)"}"#)))
            let address = try #require(set["address"])
            let stored: String = try await Moto.withContext(endpoint: kmsURL) { context in
                let value = try await SecretsManagerClient(context: context).getSecretValue(id: secretID).value
                return value.key.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            }
            #expect(!stored.lowercased().contains(secretKey))
            let record = try #require(WalletKeyRecord(json: Array(stored.utf8)))
            #expect(record.address == address)
            // The parent's credentials cannot open it: the stand-in KMS denies a Decrypt without the attestation.
            await #expect(throws: (any Error).self) {
                try await Moto.withContext(endpoint: kmsURL) { context in
                    _ = try await KMSClient(context: context).decryptPlaintext(ciphertext: record.encryptedKey, context: ["address": address])
                }
            }

            // The reference's payload (EIP-1559, value in ether), then a legacy EIP-155 one with data.
            let payloads = [
                #"{"operation":"sign_transaction","transaction_payload":{"value":0.01,"to":"0xa5D3241A1591061F2a4bB69CA0215F66520E67cf","nonce":0,"type":2,"chainId":4,"gas":100000,"maxFeePerGas":100000000000,"maxPriorityFeePerGas":3000000000}}"#,
                #"{"operation":"sign_transaction","transaction_payload":{"value":"1.5","to":"0x000000000000000000000000000000000000dEaD","nonce":7,"chainId":1,"gas":50000,"gasPrice":20000000000,"data":"0xa9059cbb"}}"#,
            ]
            var signed: [Signed] = []
            for payload in payloads { signed.append(try JSONDecoder().decode(Signed.self, from: Data(try await answer(payload)))) }
            let reference = try PythonReference.run(
                "wallet_reference.py", ReferenceRequest(transactions: signed.map(\.signed_tx), keys: [secretKey]), as: Reference.self)
            #expect(reference.addresses == [address])
            let eip1559 = reference.transactions[0], legacy = reference.transactions[1]
            #expect(eip1559.from == address && signed[0].from == address && eip1559.hash == signed[0].tx_hash)
            #expect(eip1559.type == 2 && eip1559.chainId == 4 && eip1559.nonce == 0 && eip1559.gas == 100_000)
            #expect(eip1559.to == "0xa5d3241a1591061f2a4bb69ca0215f66520e67cf" && eip1559.value == "10000000000000000")
            #expect(eip1559.maxFeePerGas == "100000000000" && eip1559.maxPriorityFeePerGas == "3000000000")
            #expect(legacy.from == address && legacy.type == 0 && legacy.chainId == 1 && legacy.nonce == 7 && legacy.value == "1500000000000000000")
            #expect(legacy.gasPrice == "20000000000" && legacy.data == "0xa9059cbb" && legacy.hash == signed[1].tx_hash)

            // Bad payloads name the field: refused by the function, or by the enclave behind it.
            let negative = await refusal(#"{"operation":"sign_transaction","transaction_payload":{"value":-1,"to":"0x000000000000000000000000000000000000dEaD","nonce":0,"chainId":1,"gas":21000,"gasPrice":1}}"#)
            #expect(negative.type == "InvalidPayload" && negative.message.contains("value"), "\(negative)")
            let missing = await refusal(#"{"operation":"sign_transaction"}"#)
            #expect(missing.type == "InvalidPayload" && missing.message.contains("transaction_payload"), "\(missing)")
            let other = "0x000000000000000000000000000000000000bEEF"
            let foreign = await refusal(#"{"operation":"sign_transaction","transaction_payload":{"from":"\#(other)","value":1,"to":"\#(other)","nonce":0,"chainId":1,"gas":21000,"gasPrice":1}}"#)
            #expect(foreign.type == "InvalidPayload" && foreign.message.contains("from"), "\(foreign)")
            let badKey = await refusal(#"{"operation":"set_key","eth_key":"\#(String(repeating: "0", count: 64))"}"#)
            #expect(badKey.type == "InvalidPayload" && badKey.message.contains("eth_key"), "\(badKey)")
            let to = "0x000000000000000000000000000000000000dEaD"
            // A key sent along with a transaction never goes on to the parent.
            let withKey = await refusal(#"{"operation":"sign_transaction","eth_key":"\#(secretKey)","transaction_payload":{"value":1,"to":"\#(to)","nonce":0,"chainId":1,"gas":21000,"gasPrice":1}}"#)
            #expect(withKey.type == "InvalidPayload" && withKey.message.contains("eth_key"), "\(withKey)")
            // A member named twice: parsers disagree on which one counts, so neither does.
            let twice = await refusal(#"{"operation":"sign_transaction","transaction_payload":{"value":0.01,"value":100,"to":"\#(to)","nonce":0,"chainId":1,"gas":21000,"gasPrice":1}}"#)
            #expect(twice.type == "InvalidPayload" && twice.message.contains("appears twice"), "\(twice)")
            // A number too long to read exactly; no recipient and no code.
            let long = await refusal(#"{"operation":"sign_transaction","transaction_payload":{"value":1234567890123456789012.3456789012345678912,"to":"\#(to)","nonce":0,"chainId":1,"gas":21000,"gasPrice":1}}"#)
            #expect(long.type == "InvalidPayload" && long.message.contains("as a string"), "\(long)")
            let nowhere = await refusal(#"{"operation":"sign_transaction","transaction_payload":{"value":1,"nonce":0,"chainId":1,"gas":60000,"gasPrice":1}}"#)
            #expect(nowhere.type == "InvalidPayload" && nowhere.message.contains("to"), "\(nowhere)")
            _ = await BootstrapProcess.terminate(function)
        }

        // The host refuses what the enclave would: an empty body, another method.
        let empty = try EnclaveFlowFixture.run([
            "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "--data-binary", "", "http://127.0.0.1:\(hostPort)/sign_transaction",
        ]).output
        #expect(empty == "400")
        let get = try EnclaveFlowFixture.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:\(hostPort)/sign_transaction"]).output
        #expect(get == "405")
        // The enclave gone: the host's health check says so, and the load balancer would replace it.
        kill(enclave.processIdentifier, SIGKILL)
        var down = ""
        for _ in 0..<40 where down != "503" {
            try await Task.sleep(for: .milliseconds(250))
            down = try EnclaveFlowFixture.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10", "http://127.0.0.1:\(hostPort)/upcheck"]).output
        }
        #expect(down == "503")

        // The key appears in no log: the function's, the parent's or the enclave's.
        for log in [functionLog, hostLog, enclaveLog] {
            let text = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").lowercased()
            #expect(!text.contains(secretKey), "\(log.lastPathComponent) holds the key")
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
