#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LambdaRuntime
import Logging
import ServiceLifecycle
import UnixSignals

/// The Lambda `bootstrap` for `provided.al2023`: reads `AWS_LAMBDA_RUNTIME_API`, builds the function
/// `ETHERKEEP_FUNCTION` names and runs the runtime loop until Lambda shuts the environment down
/// (SIGTERM ends the wait for the next event gracefully). Exits 1 when the runtime stops on an error.
@main
struct Bootstrap {
    static func main() async {
        let environment = ProcessInfo.processInfo.environment
        let logger = Logger(label: "etherkeep.bootstrap")
        let transport: HTTPClientRuntimeTransport
        do {
            transport = try HTTPClientRuntimeTransport(endpoint: environment["AWS_LAMBDA_RUNTIME_API"] ?? "")
        } catch {
            logger.critical("cannot start: \(error.reason)")
            exit(1)
        }
        let runtime = LambdaRuntime(transport: transport, logger: logger) {
            try await FunctionCatalog.makeHandler(environment: environment)
        }
        let group = ServiceGroup(configuration: .init(services: [runtime], gracefulShutdownSignals: [.sigterm], logger: logger))
        var status: Int32 = 0
        do {
            try await group.run()
        } catch {
            status = 1
        }
        try? await transport.shutdown()
        exit(status)
    }
}
