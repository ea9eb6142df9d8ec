import Foundation
import LambdaRuntime
import LambdaTestSupport
import Testing

/// The `bootstrap` binary itself, against the local runtime-API server.
@Suite struct BootstrapTests {
    @Test(arguments: [
        ([:], "ETHERKEEP_FUNCTION is not set"),
        (["ETHERKEEP_FUNCTION": "mint-coins"], "ETHERKEEP_FUNCTION \"mint-coins\" is not a function of this build"),
    ])
    func unknownOrMissingFunctionIsAnInitError(environment: [String: String], message: String) async throws {
        #expect(FileManager.default.isExecutableFile(atPath: BootstrapProcess.executable.path), "bootstrap not built at \(BootstrapProcess.executable.path)")
        try await LocalRuntimeAPIServer.serve { server in
            let process = try BootstrapProcess.start(server: server, environment: environment)
            guard case .initError(let type, let body) = await server.nextReport(timeout: .seconds(30)) else {
                Issue.record("expected an init error")
                _ = await BootstrapProcess.terminate(process)
                return
            }
            #expect(type == "Runtime.InvalidConfiguration")
            let error = try JSONDecoder().decode(LambdaErrorResponse.self, from: Data(body))
            #expect(error.errorMessage.hasPrefix(message))
            #expect(await BootstrapProcess.waitForExit(process) == 1)
            #expect(server.nextRequestCount == 0)
        }
    }
}
