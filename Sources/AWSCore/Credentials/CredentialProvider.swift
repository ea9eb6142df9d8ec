/// Something that produces AWS credentials: the environment, a profile, a container endpoint, IMDS.
package protocol AWSCredentialProvider: Sendable {
    /// A short name for messages ("environment", "profile default", …).
    var name: String { get }
    /// The provider's credentials, or `nil` when it is not configured here (the chain moves on).
    ///
    /// - Throws: ``AWSError`` when the provider is configured but broken (a half-set environment,
    ///   an unreachable container endpoint): the chain stops there rather than silently using
    ///   other credentials.
    func load() async throws(AWSError) -> AWSCredentials?
}

/// The default chain, in the order the AWS SDKs use: environment, shared files (profile),
/// container (ECS/EKS), EC2 instance metadata (IMDSv2).
package struct AWSCredentialChain: AWSCredentialProvider {
    package let providers: [any AWSCredentialProvider]
    /// The providers tried, in order ("environment, profile default, …").
    package var name: String { providers.map(\.name).joined(separator: ", ") }

    package init(providers: [any AWSCredentialProvider]) {
        self.providers = providers
    }

    /// The standard chain for `configuration`, fetching remote credentials with `transport`.
    package static func standard(
        configuration: AWSConfiguration, transport: any AWSHTTPTransport, clock: any AWSClock
    ) -> AWSCredentialChain {
        AWSCredentialChain(providers: [
            EnvironmentCredentialProvider(environment: configuration.environment),
            ProfileCredentialProvider(configuration: configuration),
            ContainerCredentialProvider(environment: configuration.environment, transport: transport),
            IMDSCredentialProvider(environment: configuration.environment, transport: transport, clock: clock),
        ])
    }

    package func load() async throws(AWSError) -> AWSCredentials? {
        for provider in providers {
            if let credentials = try await provider.load() { return credentials }
        }
        return nil
    }

    /// Like ``load()`` but an absence of credentials is an error naming what was tried.
    package func require() async throws(AWSError) -> AWSCredentials {
        guard let credentials = try await load() else {
            throw AWSError(
                .credentialsNotFound,
                "no AWS credentials found; tried: \(name)")
        }
        return credentials
    }
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optional `AWS_SESSION_TOKEN`.
package struct EnvironmentCredentialProvider: AWSCredentialProvider {
    let environment: AWSEnvironment
    package var name: String { "environment" }

    package init(environment: AWSEnvironment) { self.environment = environment }

    package func load() async throws(AWSError) -> AWSCredentials? {
        let id = environment["AWS_ACCESS_KEY_ID"]
        let secret = environment["AWS_SECRET_ACCESS_KEY"]
        switch (id, secret) {
        case (nil, nil): return nil
        case (nil, _): throw AWSError(.invalidConfiguration, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (_, nil): throw AWSError(.invalidConfiguration, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (let id?, let secret?):
            return try AWSCredentials(
                accessKeyID: id, secretAccessKey: Array(secret.utf8),
                sessionToken: environment["AWS_SESSION_TOKEN"].map { Array($0.utf8) })
        }
    }
}

/// `aws_access_key_id`, `aws_secret_access_key`, `aws_session_token` of the active profile, from
/// the credentials file (which wins) or the config file.
package struct ProfileCredentialProvider: AWSCredentialProvider {
    let configuration: AWSConfiguration
    package var name: String { "profile \(configuration.profileName)" }

    package init(configuration: AWSConfiguration) { self.configuration = configuration }

    package func load() async throws(AWSError) -> AWSCredentials? {
        for (file, properties) in [("credentials", configuration.credentialsProfile), ("config", configuration.profile)] {
            let id = properties["aws_access_key_id"]
            let secret = properties["aws_secret_access_key"]
            if id == nil, secret == nil { continue }
            guard let id, !id.isEmpty, let secret, !secret.isEmpty else {
                throw AWSError(
                    .invalidConfiguration,
                    "profile '\(configuration.profileName)' in the \(file) file needs both aws_access_key_id and aws_secret_access_key")
            }
            return try AWSCredentials(
                accessKeyID: id, secretAccessKey: Array(secret.utf8),
                sessionToken: properties["aws_session_token"].map { Array($0.utf8) })
        }
        for unsupported in ["role_arn", "credential_process", "sso_session", "sso_start_url", "web_identity_token_file"]
        where configuration.profile[unsupported] != nil {
            throw AWSError(
                .invalidConfiguration,
                "profile '\(configuration.profileName)' uses \(unsupported), which EtherKeep does not support; export credentials instead")
        }
        return nil
    }
}
