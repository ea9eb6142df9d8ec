/// IAM Identity Center (SSO) role credentials: the cached `aws sso login` token (see
/// ``SSOTokenCache``), then the portal's `GetRoleCredentials`.
///
/// `GET /federation/credentials?account_id=…&role_name=…` with header `x-amz-sso_bearer_token` on
/// `https://portal.sso.<sso_region>.amazonaws.com` (or `AWS_ENDPOINT_URL_SSO`, `AWS_ENDPOINT_URL`, …),
/// answered by `{"roleCredentials": {accessKeyId, secretAccessKey, sessionToken, expiration (ms since 1970)}}`.
/// See https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/API_GetRoleCredentials.html
/// and https://docs.aws.amazon.com/sdkref/latest/guide/feature-sso-credentials.html
package struct SSOCredentialProvider: AWSCredentialProvider {
    /// A profile's SSO settings, resolved (an `sso_session` already merged in).
    package struct Settings: Sendable, Equatable {
        /// The profile, for messages.
        package var profile: String
        /// The `[sso-session NAME]`, or `nil` for a legacy profile.
        package var session: String?
        /// `sso_start_url` (the portal's sign-in URL).
        package var startURL: String
        /// `sso_region`: where the portal is.
        package var region: String
        /// `sso_account_id`.
        package var accountID: String
        /// `sso_role_name`: the permission set.
        package var roleName: String

        /// The token cache key: the session name, else the start URL.
        package var cacheKey: String { session ?? startURL }
        /// The command that renews the token.
        package var login: String { session.map { "aws sso login --sso-session \($0)" } ?? "aws sso login --profile \(profile)" }

        package init(profile: String, session: String?, startURL: String, region: String, accountID: String, roleName: String) {
            self.profile = profile
            self.session = session
            self.startURL = startURL
            self.region = region
            self.accountID = accountID
            self.roleName = roleName
        }
    }

    let settings: Settings
    let configuration: AWSConfiguration
    let transport: any AWSHTTPTransport
    let clock: any AWSClock
    package var name: String { "SSO of profile \(settings.profile)" }

    package init(settings: Settings, configuration: AWSConfiguration, transport: any AWSHTTPTransport, clock: any AWSClock) {
        self.settings = settings
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
    }

    /// - Throws: ``SSOTokenCache/read(key:environment:now:login:)``'s errors; ``AWSError/Code/credentialsExpired``
    ///   when the portal refuses the token (401/403), ``AWSError/Code/service`` for its other errors,
    ///   ``AWSError/Code/invalidResponse`` for an answer without credentials. Never the token.
    package func load() async throws(AWSError) -> AWSCredentials? {
        let token = try SSOTokenCache.read(
            key: settings.cacheKey, environment: configuration.environment, now: Int64(clock.now().rounded(.down)), login: settings.login)
        guard !token.utf8.contains(where: { $0 < 32 || $0 == 127 }) else {
            throw AWSError(.invalidConfiguration, "the SSO token cache of profile '\(settings.profile)' holds a malformed token; run \(settings.login)")
        }
        let origin = try configuration.endpoint(for: .sso, region: settings.region)
        let query = "account_id=\(SigV4Canonical.uriEncode(settings.accountID))&role_name=\(SigV4Canonical.uriEncode(settings.roleName))"
        let request = AWSHTTPRequest(
            method: "GET", origin: origin, path: "/federation/credentials", query: query,
            headers: [.init("x-amz-sso_bearer_token", token), .init("Accept", "application/json")])
        let response = try await transport.send(request, timeoutSeconds: 10)
        switch response.status {
        case 200:
            return try SSORoleCredentials.credentials(from: response.body)
        case 401, 403:
            throw AWSError(
                .credentialsExpired, "the SSO portal refused the cached token of profile '\(settings.profile)' (HTTP \(response.status)); run \(settings.login)",
                httpStatus: response.status)
        default:
            let message = SSORoleCredentials.errorMessage(response.body).replacingAll(token, with: "<redacted>")
            throw AWSError(
                .service, "SSO GetRoleCredentials: \(message)", awsCode: response.header("x-amzn-ErrorType").map { String($0.prefix { $0 != ":" }) },
                httpStatus: response.status, requestID: response.header("x-amzn-RequestId"))
        }
    }
}
