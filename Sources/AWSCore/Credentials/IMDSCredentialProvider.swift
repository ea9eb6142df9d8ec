/// EC2 instance-role credentials through the Instance Metadata Service, version 2.
///
/// Token first (`PUT /latest/api/token` with `X-aws-ec2-metadata-token-ttl-seconds`), then
/// `GET /latest/meta-data/iam/security-credentials/` for the role name and `…/<role>` for the
/// credentials, each with `X-aws-ec2-metadata-token`. The session token is cached and fetched again
/// a minute before its TTL runs out. `AWS_EC2_METADATA_DISABLED=true` turns the provider off;
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT` overrides `http://169.254.169.254`.
/// See https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html
package struct IMDSCredentialProvider: AWSCredentialProvider {
    let environment: AWSEnvironment
    let transport: any AWSHTTPTransport
    let clock: any AWSClock
    let tokenCache = TokenCache()
    /// Seconds a metadata session token lives (the maximum, six hours).
    static let tokenTTL = 21_600
    package var name: String { "EC2 instance metadata" }

    package init(environment: AWSEnvironment, transport: any AWSHTTPTransport, clock: any AWSClock) {
        self.environment = environment
        self.transport = transport
        self.clock = clock
    }

    /// The cached IMDS session token and when it stops being used.
    actor TokenCache {
        var token: String?
        var refreshAt: Double = 0
        func get(now: Double) -> String? { now < refreshAt ? token : nil }
        func set(_ token: String, refreshAt: Double) {
            self.token = token
            self.refreshAt = refreshAt
        }
    }

    package func load() async throws(AWSError) -> AWSCredentials? {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
        let origin = try AWSConfiguration.validatedOrigin(
            environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? "http://169.254.169.254", source: "AWS_EC2_METADATA_SERVICE_ENDPOINT")
        let token: String
        do {
            token = try await sessionToken(origin: origin)
        } catch where error.code == .transport || error.code == .timeout {
            return nil  // not on EC2, or IMDS turned off: the chain moves on
        }
        let base = "/latest/meta-data/iam/security-credentials/"
        let roles = try await get(origin: origin, path: base, token: token)
        guard roles.status == 200 else {
            if roles.status == 404 { return nil }  // no instance profile attached
            throw AWSError(.invalidResponse, "IMDS answered HTTP \(roles.status) listing the instance role", httpStatus: roles.status)
        }
        let role = String(decoding: roles.body, as: UTF8.self).split(separator: "\n").first.map { String($0.trimmingWhitespace()) }
        guard let role, !role.isEmpty, !role.contains("/") else {
            throw AWSError(.invalidResponse, "IMDS listed no usable instance role name")
        }
        let document = try await get(origin: origin, path: base + SigV4Canonical.uriEncode(role), token: token)
        guard document.status == 200 else {
            throw AWSError(.invalidResponse, "IMDS answered HTTP \(document.status) for role \(role)", httpStatus: document.status)
        }
        return try CredentialsDocument.credentials(from: document.body, source: "IMDS role \(role)")
    }

    private func sessionToken(origin: String) async throws(AWSError) -> String {
        let now = clock.now()
        if let cached = await tokenCache.get(now: now) { return cached }
        let request = AWSHTTPRequest(
            method: "PUT", origin: origin, path: "/latest/api/token",
            headers: [.init("X-aws-ec2-metadata-token-ttl-seconds", String(Self.tokenTTL))])
        let response = try await transport.send(request, timeoutSeconds: 1)
        guard response.status == 200 else {
            // 403: IMDS is turned off for this instance; 404/405: no IMDSv2 (v1 is not used).
            throw AWSError(.transport, "IMDS answered HTTP \(response.status) to the token request", httpStatus: response.status)
        }
        let token = String(decoding: response.body, as: UTF8.self)
        guard !token.isEmpty, !token.utf8.contains(where: { $0 < 33 || $0 > 126 }) else {
            throw AWSError(.invalidResponse, "IMDS returned a malformed session token")
        }
        await tokenCache.set(token, refreshAt: now + Double(Self.tokenTTL - 60))
        return token
    }

    private func get(origin: String, path: String, token: String) async throws(AWSError) -> AWSHTTPResponse {
        let request = AWSHTTPRequest(method: "GET", origin: origin, path: path, headers: [.init("X-aws-ec2-metadata-token", token)])
        return try await transport.send(request, timeoutSeconds: 1)
    }
}
