/// The active profile's credentials: static keys, `credential_process`, IAM Identity Center,
/// web identity, or a role assumed with any of those (chained through `source_profile`) or with a
/// `credential_source`.
///
/// ``ProfileCredentialSource/resolve(_:)`` makes the plan from the files; ``load()`` carries it
/// out on every call (``RefreshingCredentialProvider`` caches the result until five minutes before
/// it expires, so an assumed role is assumed again then, its source fetched anew).
package struct ProfileCredentialProvider: AWSCredentialProvider {
    let configuration: AWSConfiguration
    let transport: any AWSHTTPTransport
    let clock: any AWSClock
    package var name: String { "profile \(configuration.profileName)" }

    package init(configuration: AWSConfiguration, transport: any AWSHTTPTransport, clock: any AWSClock) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
    }

    /// - Throws: the plan's configuration errors (``ProfileCredentialSource/resolve(_:)``) and those
    ///   of the provider that runs: ``ProcessCredentialProvider``, ``SSOCredentialProvider``,
    ///   ``WebIdentityCredentialProvider``, ``STSCredentialsClient``; ``AWSError/Code/credentialsNotFound``
    ///   when a `credential_source` finds nothing.
    ///   Every message names the profile.
    package func load() async throws(AWSError) -> AWSCredentials? {
        guard let plan = try ProfileCredentialSource.resolve(configuration) else { return nil }
        do {
            return try await fetch(plan)
        } catch {
            guard !error.reason.contains("profile '") else { throw error }
            throw AWSError(
                error.code, "profile '\(configuration.profileName)': \(error.reason)", awsCode: error.awsCode, httpStatus: error.httpStatus,
                requestID: error.requestID, file: error.file, line: error.line)
        }
    }

    /// Carries out one step of the plan, its sources first.
    func fetch(_ plan: ProfileCredentialSource) async throws(AWSError) -> AWSCredentials {
        switch plan {
        case .staticKeys(let profile, let file):
            guard let keys = try configuration.staticKeys(ofProfile: profile, inFile: file) else {
                throw AWSError(.invalidConfiguration, "profile '\(profile)' has no static keys in the \(file) file")
            }
            return try AWSCredentials(
                accessKeyID: keys.accessKeyID, secretAccessKey: Array(keys.secretAccessKey.utf8),
                sessionToken: keys.sessionToken.map { Array($0.utf8) })
        case .process(let command, let profile):
            return try await require(ProcessCredentialProvider(command: command, profile: profile, environment: configuration.environment))
        case .sso(let settings):
            return try await require(SSOCredentialProvider(settings: settings, configuration: configuration, transport: transport, clock: clock))
        case .webIdentity(let settings):
            return try await require(
                WebIdentityCredentialProvider(settings: settings, configuration: configuration, transport: transport, clock: clock))
        case .named(let source):
            return try await require(named(source))
        case .assumeRole(let role, let sourcePlan):
            let source = try await fetch(sourcePlan)
            let sts = try STSCredentialsClient(configuration: configuration, transport: transport, clock: clock)
            return try await sts.assumeRole(
                roleARN: role.roleARN, sessionName: role.sessionName ?? WebIdentityCredentialProvider.defaultSessionName(clock),
                externalID: role.externalID, durationSeconds: role.durationSeconds, source: source)
        }
    }

    /// The default chain's provider that a `credential_source` names.
    private func named(_ source: ProfileCredentialSource.NamedSource) -> any AWSCredentialProvider {
        switch source {
        case .environment: EnvironmentCredentialProvider(environment: configuration.environment)
        case .ec2InstanceMetadata: IMDSCredentialProvider(environment: configuration.environment, transport: transport, clock: clock)
        case .ecsContainer: ContainerCredentialProvider(environment: configuration.environment, transport: transport)
        }
    }

    private func require(_ provider: any AWSCredentialProvider) async throws(AWSError) -> AWSCredentials {
        guard let credentials = try await provider.load() else {
            throw AWSError(.credentialsNotFound, "profile '\(configuration.profileName)': \(provider.name) found no credentials")
        }
        return credentials
    }
}
