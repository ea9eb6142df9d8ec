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

/// The default chain, in the order the AWS SDKs (Java v2, Go v2) use: environment keys, web
/// identity from the environment, the profile (keys, assume role, web identity, SSO,
/// `credential_process`), container (ECS/EKS), EC2 instance metadata (IMDSv2).
/// See https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html
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
            WebIdentityCredentialProvider(environmentOf: configuration, transport: transport, clock: clock),
            ProfileCredentialProvider(configuration: configuration, transport: transport, clock: clock),
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
