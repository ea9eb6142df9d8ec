import AWSClients
import AWSCore
import AWSTestSupport
import EthereumCore
import EthereumTransactions
import Foundation
import LambdaRuntime
import LambdaTestSupport
import Testing

/// The `bootstrap` binary as `ETHERKEEP_FUNCTION=kms-account`, against the local runtime-API
/// server and moto_server's KMS: every operation, the signer of every result checked by eth-account.
@Suite(.enabled(if: Moto.shouldRun, "needs moto_server (scripts/test)"))
struct KMSAccountBootstrapTests {
    /// The environment Lambda would give the function, with AWS pointing at moto.
    static func functionEnvironment(keyID: String?) throws -> [String: String] {
        var variables = try Moto.environment().variables.filter { $0.key.hasPrefix("AWS_") }
        variables["ETHERKEEP_FUNCTION"] = "kms-account"
        variables["KMS_KEY_ID"] = keyID
        return variables
    }

    private static func responseJSON(_ report: LocalRuntimeAPIServer.Report?) throws -> [String: String] {
        guard case .response(_, let body) = report else {
            throw Failure(description: "expected a response, got \(String(describing: report))")
        }
        return try JSONDecoder().decode([String: String].self, from: Data(body))
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    @Test func everyOperationSignsAsTheKMSAddress() async throws {
        let keyID = try await Moto.withContext { context in
            try await KMSClient(context: context).createKey(usage: "SIGN_VERIFY", spec: "ECC_SECG_P256K1").keyID
        }
        try await LocalRuntimeAPIServer.serve { server in
            let started = ContinuousClock.now
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("kms-account-\(UUID().uuidString).log")
            defer { try? FileManager.default.removeItem(at: log) }
            let process = try BootstrapProcess.start(server: server, environment: try Self.functionEnvironment(keyID: keyID), log: log)
            defer { if process.isRunning { process.terminate() } }

            let status = try Self.responseJSON(await server.invoke(Array(#"{"operation":"status"}"#.utf8)))
            let startup = ContinuousClock.now - started
            let address = try #require(status["eth_checksum_address"])
            print("kms-account \(BootstrapProcess.executable.path): start-up to first response \(startup.formatted(.units(allowed: [.milliseconds])))")

            var request = EthAccountRecovery.Request()
            let legacy = try Self.responseJSON(await server.invoke(Array(
                #"{"operation":"sign","amount":0.01,"dst_address":"\#(Fixtures.recipient)","nonce":0}"#.utf8)))
            let eip1559 = try Self.responseJSON(await server.invoke(Array(
                #"{"operation":"sign","amount":"2.5","dst_address":"\#(Fixtures.recipient)","nonce":1,"chainid":11155111,"type":2,"max_fee_per_gas":100000000000,"max_priority_fee_per_gas":1000000000}"#.utf8)))
            for signed in [legacy, eip1559] {
                let payload = try #require(signed["signed_tx_payload"])
                let decoded = try SignedTransaction(decoding: Hex.decode(payload))
                #expect(signed["signed_tx_hash"] == Hex.encode(decoded.hash))
                request.transactions.append(payload)
            }
            #expect(try SignedTransaction(decoding: Hex.decode(legacy["signed_tx_payload"]!)).transaction.gasPrice == UInt256(0x09_1840_0000))
            for json in Fixtures.transactions(nonce: 9) {
                let signed = try Self.responseJSON(await server.invoke(Array(#"{"operation":"sign_transaction","transaction":\#(json)}"#.utf8)))
                request.transactions.append(try #require(signed["signed_tx_payload"]))
            }
            let message = try Self.responseJSON(await server.invoke(Array(#"{"operation":"sign_message","message":"hello from KMS"}"#.utf8)))
            request.messages.append(.init(message: Hex.encode(Array("hello from KMS".utf8)), signature: try #require(message["signature"])))
            let typed = try Self.responseJSON(await server.invoke(Array(#"{"operation":"sign_typed_data","typed_data":\#(Fixtures.mailTypedData)}"#.utf8)))
            request.typedData.append(.init(data: .init(text: Fixtures.mailTypedData), signature: try #require(typed["signature"])))

            let recovered = try EthAccountRecovery.recover(request)
            #expect(recovered.transactions.count == 6)
            #expect(recovered.transactions.allSatisfy { $0 == address })
            #expect(recovered.messages == [address])
            #expect(recovered.typedData == [address])

            // A bad payload is an invocation error naming the fault; the function keeps serving.
            guard case .invocationError(_, let type, let body) = await server.invoke(Array(#"{"operation":"sign","amount":1,"nonce":0}"#.utf8)) else {
                Issue.record("expected an invocation error"); return
            }
            #expect(type == "InvalidPayload")
            #expect(try JSONDecoder().decode(LambdaErrorResponse.self, from: Data(body)).errorMessage == "dst_address is required")
            let wrongSender = await server.invoke(Array(
                #"{"operation":"sign_transaction","transaction":{"from":"\#(Fixtures.recipient)","nonce":0,"gas":21000,"gasPrice":1,"to":"\#(Fixtures.recipient)"}}"#.utf8))
            guard case .invocationError(_, "InvalidPayload", _) = wrongSender else { Issue.record("expected InvalidPayload, got \(String(describing: wrongSender))"); return }
            #expect(try Self.responseJSON(await server.invoke(Array(#"{"operation":"status"}"#.utf8))) == status)
            #expect(await BootstrapProcess.terminate(process) == 0, "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
    }

    @Test func missingKeyIDIsAnInitError() async throws {
        try await LocalRuntimeAPIServer.serve { server in
            let process = try BootstrapProcess.start(server: server, environment: try Self.functionEnvironment(keyID: nil))
            guard case .initError("InvalidConfiguration", let body) = await server.nextReport(timeout: .seconds(30)) else {
                Issue.record("expected an init error")
                _ = await BootstrapProcess.terminate(process)
                return
            }
            #expect(try JSONDecoder().decode(LambdaErrorResponse.self, from: Data(body)).errorMessage == "KMS_KEY_ID is not set")
            #expect(await BootstrapProcess.waitForExit(process) == 1)
        }
    }
}
