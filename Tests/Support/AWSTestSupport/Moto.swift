package import AWSClients
package import AWSCore
import Foundation

/// The moto_server that `scripts/test` starts on 127.0.0.1 (`ETHERKEEP_MOTO_URL`), for
/// integration tests.
///
/// Outside CI, suites are disabled when the variable is unset (`swift test` alone); in CI
/// (`CI=true`) they run and fail, never skip, when moto is missing.
package enum Moto {
    /// moto's URL, from `ETHERKEEP_MOTO_URL`.
    package static var url: String? {
        ProcessInfo.processInfo.environment["ETHERKEEP_MOTO_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether integration suites should run: moto is there, or this is CI (where its absence fails).
    package static var shouldRun: Bool {
        url != nil || ProcessInfo.processInfo.environment["CI"]?.lowercased() == "true"
    }

    /// The environment integration tests use: the process's, with `AWS_ENDPOINT_URL` pointing at
    /// moto and moto's placeholder credentials and region where the process has none.
    package static func environment() throws -> AWSEnvironment {
        guard let url else { throw AWSError(.invalidConfiguration, "ETHERKEEP_MOTO_URL is not set: run the tests through scripts/test") }
        var variables = ProcessInfo.processInfo.environment
        variables["AWS_ENDPOINT_URL"] = variables["AWS_ENDPOINT_URL"] ?? url
        variables["AWS_ACCESS_KEY_ID"] = variables["AWS_ACCESS_KEY_ID"] ?? "testing"
        variables["AWS_SECRET_ACCESS_KEY"] = variables["AWS_SECRET_ACCESS_KEY"] ?? "testing"
        variables["AWS_REGION"] = variables["AWS_REGION"] ?? "us-east-1"
        variables["AWS_EC2_METADATA_DISABLED"] = "true"
        return AWSEnvironment(variables: variables)
    }

    /// Runs `body` with a context for moto (optionally reached through `endpoint` instead, e.g. a
    /// fault proxy) and shuts the transport down afterwards.
    package static func withContext<R>(
        endpoint: String? = nil, variables: [String: String] = [:], retryPolicy: RetryPolicy = RetryPolicy(baseDelay: 0.02, maxBackoff: 0.2, totalTimeout: 30, attemptTimeout: 10),
        clock: any AWSClock = SystemAWSClock(), _ body: (AWSContext) async throws -> R
    ) async throws -> R {
        var environment = try environment()
        environment.variables.merge(variables) { $1 }
        if let endpoint {
            environment.variables["AWS_ENDPOINT_URL"] = endpoint
            for suffix in ["KMS", "DYNAMODB", "SECRETS_MANAGER"] { environment.variables["AWS_ENDPOINT_URL_\(suffix)"] = nil }
        }
        let transport = AHCTransport()
        let configuration = try AWSConfiguration(environment: environment)
        let chain = AWSCredentialChain.standard(configuration: configuration, transport: transport, clock: clock)
        let context = AWSContext(transport: transport, credentials: chain, configuration: configuration, clock: clock, retryPolicy: retryPolicy)
        do {
            let result = try await body(context)
            try await transport.shutdown()
            return result
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    /// A name unlikely to collide across tests sharing one moto.
    package static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
