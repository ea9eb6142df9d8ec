import Secrets

/// Region, endpoints and the active profile, resolved the way the AWS CLI and SDKs do.
///
/// - Region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the profile's `region`.
/// - Endpoint for a service: `AWS_ENDPOINT_URL_<SERVICE>` (e.g. `_KMS`, `_DYNAMODB`,
///   `_SECRETS_MANAGER`), then `AWS_ENDPOINT_URL`, then `endpoint_url` under the service in the
///   profile's `[services NAME]` section, then the profile's `endpoint_url`, then
///   `https://<endpoint prefix>.<region>.amazonaws.com`; `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`
///   skips the configured ones. See https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
package struct AWSConfiguration: Sendable {
    /// The environment this was read from.
    package let environment: AWSEnvironment
    /// The active profile's name.
    package let profileName: String
    /// Every section of the config file: profile name → properties; other sections under
    /// `#<title>` (`#sso-session NAME`, `#services NAME`).
    let configSections: [String: [String: String]]
    /// Every profile of the credentials file.
    let credentialsSections: [String: [String: String]]
    /// The active profile's properties from the config file.
    var profile: [String: String] { configSections[profileName] ?? [:] }
    /// The active profile's properties from the credentials file.
    var credentialsProfile: [String: String] { credentialsSections[profileName] ?? [:] }
    /// The `[services NAME]` section the profile names with `services = NAME`, if any.
    let servicesSection: [String: String]
    /// The profile's `region` (environment variables take precedence in ``region``).
    package var region: String? {
        environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? profile["region"]
    }

    /// A service as the endpoint rules name it.
    package struct Service: Sendable, Hashable {
        /// The SigV4 signing name, e.g. `kms`, `dynamodb`, `secretsmanager`.
        package let signingName: String
        /// The suffix of `AWS_ENDPOINT_URL_<SERVICE>`, e.g. `KMS`, `DYNAMODB`, `SECRETS_MANAGER`.
        package let environmentSuffix: String
        /// The first label of the default host, `<prefix>.<region>.amazonaws.com`.
        package let endpointPrefix: String
        /// The key under `[services NAME]` in the config file: `kms`, `dynamodb`, `secrets_manager`.
        var configKey: String { environmentSuffix.lowercased() }

        package init(signingName: String, environmentSuffix: String, endpointPrefix: String? = nil) {
            self.signingName = signingName
            self.environmentSuffix = environmentSuffix
            self.endpointPrefix = endpointPrefix ?? signingName
        }

        package static let kms = Service(signingName: "kms", environmentSuffix: "KMS")
        package static let dynamoDB = Service(signingName: "dynamodb", environmentSuffix: "DYNAMODB")
        package static let secretsManager = Service(signingName: "secretsmanager", environmentSuffix: "SECRETS_MANAGER")
        /// STS, for the assume-role and web-identity credential providers.
        package static let sts = Service(signingName: "sts", environmentSuffix: "STS")
        /// The IAM Identity Center portal (`GetRoleCredentials`), service id `SSO`.
        package static let sso = Service(signingName: "awsssoportal", environmentSuffix: "SSO", endpointPrefix: "portal.sso")
    }

    /// Reads the shared files named by `environment` (missing files are fine, malformed ones are not).
    ///
    /// - Throws: ``AWSError/Code/invalidConfiguration`` for an unreadable or malformed file, or when
    ///   `AWS_PROFILE` names a profile that neither file has.
    package init(environment: AWSEnvironment) throws(AWSError) {
        var config: ProfileFile?
        var credentials: ProfileFile?
        if let path = environment.configFilePath, var bytes = try AWSEnvironment.readFile(path) {
            defer { bytes.wipe() }
            config = try ProfileFile(bytes, kind: .config, path: path)
        }
        if let path = environment.credentialsFilePath, var bytes = try AWSEnvironment.readFile(path) {
            defer { bytes.wipe() }
            credentials = try ProfileFile(bytes, kind: .credentials, path: path)
        }
        try self.init(environment: environment, config: config, credentials: credentials)
    }

    /// Configuration from `environment` and already parsed files (`nil`: the file does not exist).
    ///
    /// - Throws: ``AWSError/Code/invalidConfiguration`` when `AWS_PROFILE` names a profile that
    ///   neither file has, or the profile names a `[services NAME]` section the config file lacks.
    package init(environment: AWSEnvironment, config: ProfileFile?, credentials: ProfileFile?) throws(AWSError) {
        self.environment = environment
        self.profileName = environment.profileName
        let configSections = config?.profiles ?? [:]
        let credentialsSections = credentials?.profiles ?? [:]
        var servicesSection: [String: String] = [:]
        if let name = configSections[profileName]?["services"] {
            guard let section = configSections["#services \(name)"] else {
                throw AWSError(.invalidConfiguration, "profile '\(profileName)' names services section '\(name)', which the config file lacks")
            }
            servicesSection = section
        }
        let found = configSections[profileName] != nil || credentialsSections[profileName] != nil
        if environment["AWS_PROFILE"] != nil, !found {
            throw AWSError(.invalidConfiguration, "AWS_PROFILE names profile '\(profileName)', which no config or credentials file has")
        }
        self.configSections = configSections
        self.credentialsSections = credentialsSections
        self.servicesSection = servicesSection
    }

    /// The region, or an error naming where it can be set.
    package func requireRegion() throws(AWSError) -> String {
        guard let region else {
            throw AWSError(.invalidConfiguration, "no region: set AWS_REGION or AWS_DEFAULT_REGION, or 'region' in profile '\(profileName)'")
        }
        return region
    }

    /// The endpoint origin (`scheme://host[:port]`) for `service`, in `region` (default: ``region``)
    /// when no URL is configured.
    ///
    /// - Throws: ``AWSError/Code/invalidConfiguration`` for a configured URL that is not `http(s)://host…`
    ///   or for a missing region when no URL is configured.
    package func endpoint(for service: Service, region: String? = nil) throws(AWSError) -> String {
        let ignore = (environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] ?? profile["ignore_configured_endpoint_urls"])?.lowercased() == "true"
        if !ignore {
            let candidates: [(String, String?)] = [
                ("AWS_ENDPOINT_URL_\(service.environmentSuffix)", environment["AWS_ENDPOINT_URL_\(service.environmentSuffix)"]),
                ("AWS_ENDPOINT_URL", environment["AWS_ENDPOINT_URL"]),
                ("\(service.configKey).endpoint_url in the services section", servicesSection["\(service.configKey).endpoint_url"]),
                ("endpoint_url in profile '\(profileName)'", profile["endpoint_url"]),
            ]
            for (source, value) in candidates {
                if let value { return try Self.validatedOrigin(value, source: source) }
            }
        }
        let resolved: String
        if let region { resolved = region } else { resolved = try requireRegion() }
        return "https://\(service.endpointPrefix).\(resolved).amazonaws.com"
    }

    /// Checks `http(s)://host[:port][/]` and drops a trailing slash.
    static func validatedOrigin(_ url: String, source: String) throws(AWSError) -> String {
        var text = url
        while text.hasSuffix("/") { text.removeLast() }
        let scheme = text.hasPrefix("https://") ? "https://" : text.hasPrefix("http://") ? "http://" : nil
        guard let scheme else { throw AWSError(.invalidConfiguration, "\(source) must start with http:// or https://, got '\(url)'") }
        let rest = text.dropFirst(scheme.count)
        guard !rest.contains("@") else {
            throw AWSError(.invalidConfiguration, "\(source) must not carry user information ('user@host')")
        }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("?"), !rest.contains(" ") else {
            throw AWSError(.invalidConfiguration, "\(source) must be scheme://host[:port] without a path, got '\(url)'")
        }
        return text
    }
}
