#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Secrets

/// A profile's `credential_process`: runs the command (split as the AWS CLI does, no shell; see
/// ``ProcessCommand``) and reads credentials from its standard output.
///
/// The program must exit 0 and print `{"Version": 1, "AccessKeyId", "SecretAccessKey",
/// "SessionToken"?, "Expiration"? (RFC 3339)}`; with an `Expiration` the credentials are temporary
/// and ``RefreshingCredentialProvider`` runs the command again five minutes before it.
/// Standard error goes to ours, as with the CLI (the program must keep secrets off it).
/// See https://docs.aws.amazon.com/sdkref/latest/guide/feature-process-credentials.html
package struct ProcessCredentialProvider: AWSCredentialProvider {
    let command: String
    let profile: String
    let environment: AWSEnvironment
    /// Seconds the command may run (the Go SDK's default, one minute).
    let timeoutSeconds: Double
    package var name: String { "credential_process of profile \(profile)" }

    package init(command: String, profile: String, environment: AWSEnvironment, timeoutSeconds: Double = 60) {
        self.command = command
        self.profile = profile
        self.environment = environment
        self.timeoutSeconds = timeoutSeconds
    }

    /// - Throws: ``AWSError/Code/invalidConfiguration`` for a command that cannot be split or started,
    ///   ``AWSError/Code/invalidResponse`` for a non-zero exit or output that is not the documented
    ///   JSON, ``AWSError/Code/timeout``. No message quotes the output.
    package func load() async throws(AWSError) -> AWSCredentials? {
        let words = try ProcessCommand.split(command)
        var outcome = try await ProcessCommand.run(words, environment: environment.variables, timeoutSeconds: timeoutSeconds, maxOutputBytes: 1 << 20)
        defer { outcome.output.wipe() }
        let program = words[0]
        guard let status = outcome.status else {
            throw AWSError(.invalidResponse, "credential_process of profile '\(profile)': \(program) was killed by a signal")
        }
        guard status == 0 else {
            throw AWSError(.invalidResponse, "credential_process of profile '\(profile)': \(program) exited with status \(status)")
        }
        return try ProcessCredentialsOutput.credentials(from: outcome.output, source: "credential_process of profile '\(profile)'")
    }
}

/// The JSON a `credential_process` prints, decoded only to be copied into ``AWSCredentials``.
package enum ProcessCredentialsOutput {
    /// The wire DTO.
    private struct Document: Decodable {
        let Version: Int?
        let AccessKeyId: String?
        let SecretAccessKey: String?
        let SessionToken: String?
        let Expiration: String?
    }

    /// Decodes and checks `output`.
    ///
    /// - Throws: ``AWSError/Code/invalidResponse`` naming `source` and what is wrong (not JSON,
    ///   `Version` other than 1, a missing key, an `Expiration` that is not RFC 3339); never a value.
    package static func credentials(from output: [UInt8], source: String) throws(AWSError) -> AWSCredentials {
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(output))
        } catch {
            throw AWSError(.invalidResponse, "\(source) printed something that is not the credentials JSON")
        }
        guard document.Version == 1 else {
            throw AWSError(
                .invalidResponse, "\(source) printed Version \(document.Version.map(String.init) ?? "(none)"); only Version 1 is supported")
        }
        guard let id = document.AccessKeyId, !id.isEmpty else { throw AWSError(.invalidResponse, "\(source) printed no AccessKeyId") }
        guard let secret = document.SecretAccessKey, !secret.isEmpty else {
            throw AWSError(.invalidResponse, "\(source) printed no SecretAccessKey")
        }
        var expiration: Int64?
        if let text = document.Expiration {
            guard let parsed = AWSDate.parseISO8601(text) else {
                throw AWSError(.invalidResponse, "\(source) printed an Expiration that is not RFC 3339")
            }
            expiration = parsed
        }
        return try AWSCredentials(
            accessKeyID: id, secretAccessKey: Array(secret.utf8), sessionToken: document.SessionToken.map { Array($0.utf8) },
            expiration: expiration)
    }
}
