import Secrets

/// Credentials for a role assumed with an OIDC token from a file (EKS IRSA, GitHub Actions, …):
/// STS `AssumeRoleWithWebIdentity`, unsigned, with the file read anew on every load (the issuer
/// rotates it).
///
/// From the environment (`AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN`, optional
/// `AWS_ROLE_SESSION_NAME`), second in the default chain as in the SDKs, or from a profile's
/// `web_identity_token_file`, `role_arn` and `role_session_name`.
/// See https://docs.aws.amazon.com/sdkref/latest/guide/feature-assume-role-credentials.html
package struct WebIdentityCredentialProvider: AWSCredentialProvider {
    /// What to assume, and with which token file.
    package struct Settings: Sendable, Equatable {
        /// `role_arn` / `AWS_ROLE_ARN`.
        package var roleARN: String
        /// `web_identity_token_file` / `AWS_WEB_IDENTITY_TOKEN_FILE`: the path of the OIDC token.
        package var tokenFile: String
        /// `role_session_name` / `AWS_ROLE_SESSION_NAME`; `etherkeep-session-<epoch seconds>` when `nil`.
        package var sessionName: String?

        package init(roleARN: String, tokenFile: String, sessionName: String? = nil) {
            self.roleARN = roleARN
            self.tokenFile = tokenFile
            self.sessionName = sessionName
        }
    }

    let settings: Settings?
    let fromEnvironment: Bool
    let configuration: AWSConfiguration
    let transport: any AWSHTTPTransport
    let clock: any AWSClock
    package var name: String { fromEnvironment ? "web identity token (environment)" : "web identity token" }

    /// The environment's settings; ``load()`` returns `nil` when `AWS_WEB_IDENTITY_TOKEN_FILE` and
    /// `AWS_ROLE_ARN` are both unset and throws when only one is.
    package init(environmentOf configuration: AWSConfiguration, transport: any AWSHTTPTransport, clock: any AWSClock) {
        let environment = configuration.environment
        if let file = environment["AWS_WEB_IDENTITY_TOKEN_FILE"], let role = environment["AWS_ROLE_ARN"] {
            settings = Settings(roleARN: role, tokenFile: file, sessionName: environment["AWS_ROLE_SESSION_NAME"])
        } else {
            settings = nil
        }
        self.fromEnvironment = true
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
    }

    /// Explicit settings (a profile's).
    package init(settings: Settings, configuration: AWSConfiguration, transport: any AWSHTTPTransport, clock: any AWSClock) {
        self.settings = settings
        self.fromEnvironment = false
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
    }

    /// - Throws: ``AWSError/Code/invalidConfiguration`` for half-set variables or a missing or empty
    ///   token file; STS's errors as ``STSCredentialsClient/assumeRoleWithWebIdentity(roleARN:sessionName:webIdentityToken:)``.
    package func load() async throws(AWSError) -> AWSCredentials? {
        guard let settings else {
            let environment = configuration.environment
            if fromEnvironment, (environment["AWS_WEB_IDENTITY_TOKEN_FILE"] == nil) != (environment["AWS_ROLE_ARN"] == nil) {
                let (set, unset) = environment["AWS_ROLE_ARN"] == nil
                    ? ("AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN") : ("AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE")
                throw AWSError(.invalidConfiguration, "\(set) is set but \(unset) is not")
            }
            return nil
        }
        guard var bytes = try AWSEnvironment.readFile(settings.tokenFile) else {
            throw AWSError(.invalidConfiguration, "the web identity token file \(settings.tokenFile) does not exist")
        }
        defer { bytes.wipe() }
        let token = String(String(decoding: bytes, as: UTF8.self).trimmingWhitespace().filter { $0 != "\n" })
        guard !token.isEmpty else {
            throw AWSError(.invalidConfiguration, "the web identity token file \(settings.tokenFile) is empty")
        }
        let sts = try STSCredentialsClient(configuration: configuration, transport: transport, clock: clock)
        return try await sts.assumeRoleWithWebIdentity(
            roleARN: settings.roleARN, sessionName: settings.sessionName ?? Self.defaultSessionName(clock), webIdentityToken: token)
    }

    /// `etherkeep-session-<epoch seconds>`, as the CLI names its sessions `botocore-session-<epoch>`.
    static func defaultSessionName(_ clock: any AWSClock) -> String {
        "etherkeep-session-\(Int64(clock.now().rounded(.down)))"
    }
}
