/// Where a profile's credentials come from, worked out from the shared files alone (no I/O), so
/// that every configuration error surfaces before anything runs and the plan can be tested as a
/// value. ``ProfileCredentialProvider`` carries it out.
///
/// Precedence within the active profile, as the AWS CLI (botocore) has it: `role_arn` with
/// `source_profile` or `credential_source` (assume role), `role_arn` with
/// `web_identity_token_file`, SSO (`sso_session` or legacy `sso_start_url`), keys in the credentials
/// file, `credential_process`, keys in the config file. A `source_profile` with static keys is
/// used as they are (even when it has a `role_arn` too); otherwise it is resolved the same way, so
/// role chains and SSO or process sources work. A profile may name itself as `source_profile` only
/// when it has static keys; any other repeat is a cycle.
/// See https://docs.aws.amazon.com/sdkref/latest/guide/feature-assume-role-credentials.html
package indirect enum ProfileCredentialSource: Sendable, Equatable {
    /// `aws_access_key_id` / `aws_secret_access_key` of the profile, in `file` (`credentials` or `config`).
    case staticKeys(profile: String, file: String)
    /// The profile's `credential_process` command.
    case process(command: String, profile: String)
    /// IAM Identity Center.
    case sso(SSOCredentialProvider.Settings)
    /// `AssumeRoleWithWebIdentity` with a token file.
    case webIdentity(WebIdentityCredentialProvider.Settings)
    /// `AssumeRole`, signed with the credentials of `source`.
    case assumeRole(AssumeRole, source: ProfileCredentialSource)
    /// A `credential_source`: the named provider of the default chain.
    case named(NamedSource)

    /// The `AssumeRole` parameters of a profile.
    package struct AssumeRole: Sendable, Equatable {
        /// The profile that sets `role_arn`, for messages.
        package var profile: String
        /// `role_arn`.
        package var roleARN: String
        /// `role_session_name`; `etherkeep-session-<epoch seconds>` when `nil`.
        package var sessionName: String?
        /// `external_id`.
        package var externalID: String?
        /// `duration_seconds`, 900–43 200; STS's default (3600) when `nil`.
        package var durationSeconds: Int?
    }

    /// The values `credential_source` may take.
    package enum NamedSource: String, Sendable, Equatable {
        case environment = "Environment"
        case ec2InstanceMetadata = "Ec2InstanceMetadata"
        case ecsContainer = "EcsContainer"
    }

    /// The plan for `configuration`'s active profile; `nil` when that profile configures no
    /// credentials (or does not exist), so the chain moves on.
    ///
    /// - Throws: ``AWSError/Code/invalidConfiguration`` naming the profile and setting: `mfa_serial`
    ///   (EtherKeep runs unattended and cannot prompt for a code), both or neither of
    ///   `source_profile` / `credential_source`, an unknown `credential_source`, a missing
    ///   `source_profile`, a `source_profile` cycle, incomplete SSO settings, half-set static keys.
    package static func resolve(_ configuration: AWSConfiguration) throws(AWSError) -> ProfileCredentialSource? {
        try resolve(configuration.profileName, configuration, path: [])
    }

    /// `path`: the profiles that led here through `source_profile`, for cycle detection.
    private static func resolve(_ name: String, _ configuration: AWSConfiguration, path: [String]) throws(AWSError) -> ProfileCredentialSource? {
        guard let properties = configuration.properties(ofProfile: name) else { return nil }
        if let roleARN = properties["role_arn"] {
            return try assumeRole(name, roleARN, properties, configuration, path: path)
        }
        if properties["sso_session"] != nil || properties["sso_start_url"] != nil {
            return .sso(try sso(name, properties, configuration))
        }
        if try configuration.staticKeys(ofProfile: name, inFile: "credentials") != nil {
            return .staticKeys(profile: name, file: "credentials")
        }
        if let command = properties["credential_process"] {
            return .process(command: command, profile: name)
        }
        if try configuration.staticKeys(ofProfile: name, inFile: "config") != nil {
            return .staticKeys(profile: name, file: "config")
        }
        return nil
    }

    private static func assumeRole(
        _ name: String, _ roleARN: String, _ properties: [String: String], _ configuration: AWSConfiguration, path: [String]
    ) throws(AWSError) -> ProfileCredentialSource {
        let sourceProfile = properties["source_profile"]
        let credentialSource = properties["credential_source"]
        if sourceProfile == nil, credentialSource == nil, let tokenFile = properties["web_identity_token_file"] {
            return .webIdentity(.init(roleARN: roleARN, tokenFile: tokenFile, sessionName: properties["role_session_name"]))
        }
        if properties["mfa_serial"] != nil {
            throw AWSError(
                .invalidConfiguration,
                "profile '\(name)' sets mfa_serial; EtherKeep runs unattended and cannot ask for an MFA code: use a role without MFA, or export the session's credentials")
        }
        var durationSeconds: Int?
        if let text = properties["duration_seconds"] {
            guard let value = Int(text), (900...43_200).contains(value) else {
                throw AWSError(.invalidConfiguration, "profile '\(name)': duration_seconds must be 900 to 43200, got '\(text)'")
            }
            durationSeconds = value
        }
        let settings = AssumeRole(
            profile: name, roleARN: roleARN, sessionName: properties["role_session_name"], externalID: properties["external_id"],
            durationSeconds: durationSeconds)
        switch (sourceProfile, credentialSource) {
        case (.some, .some):
            throw AWSError(.invalidConfiguration, "profile '\(name)' sets both source_profile and credential_source; keep one")
        case (nil, nil):
            throw AWSError(
                .invalidConfiguration, "profile '\(name)' sets role_arn without source_profile, credential_source or web_identity_token_file")
        case (nil, let named?):
            guard let source = NamedSource(rawValue: named) else {
                throw AWSError(
                    .invalidConfiguration,
                    "profile '\(name)': credential_source '\(named)' is not one of Environment, Ec2InstanceMetadata, EcsContainer")
            }
            return .assumeRole(settings, source: .named(source))
        case (let source?, nil):
            return .assumeRole(settings, source: try sourceCredentials(source, of: name, configuration, path: path + [name]))
        }
    }

    /// A `source_profile`'s credentials: its static keys when it has them, else its own plan.
    private static func sourceCredentials(
        _ source: String, of name: String, _ configuration: AWSConfiguration, path: [String]
    ) throws(AWSError) -> ProfileCredentialSource {
        guard configuration.hasProfile(source) else {
            throw AWSError(.invalidConfiguration, "profile '\(name)' names source_profile '\(source)', which no config or credentials file has")
        }
        for file in ["credentials", "config"] {
            if try configuration.staticKeys(ofProfile: source, inFile: file) != nil { return .staticKeys(profile: source, file: file) }
        }
        if path.contains(source) {
            throw AWSError(
                .invalidConfiguration,
                "source_profile cycle: \((path + [source]).map { "'\($0)'" }.joined(separator: " → ")); a profile may name itself only when it has static keys")
        }
        guard let plan = try resolve(source, configuration, path: path) else {
            throw AWSError(.invalidConfiguration, "source_profile '\(source)' (of profile '\(name)') configures no credentials")
        }
        return plan
    }

    private static func sso(_ name: String, _ properties: [String: String], _ configuration: AWSConfiguration) throws(AWSError) -> SSOCredentialProvider.Settings {
        var startURL = properties["sso_start_url"]
        var region = properties["sso_region"]
        let session = properties["sso_session"]
        if let session {
            guard let section = configuration.ssoSession(session) else {
                throw AWSError(.invalidConfiguration, "profile '\(name)' names sso_session '\(session)', which the config file has no [sso-session \(session)] for")
            }
            for (key, value) in [("sso_start_url", startURL), ("sso_region", region)] {
                if let value, let shared = section[key], value != shared {
                    throw AWSError(.invalidConfiguration, "profile '\(name)' sets \(key) unlike its sso-session '\(session)'; remove it from the profile")
                }
            }
            startURL = section["sso_start_url"]
            region = section["sso_region"]
        }
        let missing = [
            ("sso_start_url", startURL), ("sso_region", region), ("sso_account_id", properties["sso_account_id"]),
            ("sso_role_name", properties["sso_role_name"]),
        ].filter { $0.1?.isEmpty ?? true }.map(\.0)
        guard missing.isEmpty, let startURL, let region, let account = properties["sso_account_id"], let role = properties["sso_role_name"] else {
            let place = session.map { "profile '\(name)' with sso-session '\($0)'" } ?? "profile '\(name)'"
            throw AWSError(.invalidConfiguration, "\(place) lacks \(missing.joined(separator: ", "))")
        }
        return .init(profile: name, session: session, startURL: startURL, region: region, accountID: account, roleName: role)
    }
}
