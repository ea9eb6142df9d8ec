import Secrets

/// The STS calls that credential providers make, over the Query protocol (form-encoded `POST /`,
/// `Version=2011-06-15`, XML answers): `AssumeRole` signed with the source credentials (SigV4,
/// service `sts`) and `AssumeRoleWithWebIdentity` unsigned.
///
/// The endpoint follows ``AWSConfiguration/endpoint(for:region:)`` for ``AWSConfiguration/Service/sts``
/// (`AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, …), else the regional
/// `https://sts.<region>.amazonaws.com` (`us-east-1` when no region is set). Transient failures
/// (connection, timeout, throttling, 5xx, `IDPCommunicationError`) are retried by ``RetryPolicy``.
/// See https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html and
/// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html
package struct STSCredentialsClient: Sendable {
    let transport: any AWSHTTPTransport
    let clock: any AWSClock
    /// `scheme://host[:port]`.
    package let origin: String
    /// The SigV4 signing region.
    package let region: String
    let retryPolicy: RetryPolicy

    /// - Throws: ``AWSError/Code/invalidConfiguration`` for a malformed configured endpoint URL.
    package init(
        configuration: AWSConfiguration, transport: any AWSHTTPTransport, clock: any AWSClock,
        retryPolicy: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: 0.2, maxBackoff: 2, totalTimeout: 30, attemptTimeout: 10)
    ) throws(AWSError) {
        self.region = configuration.region ?? "us-east-1"
        self.origin = try configuration.endpoint(for: .sts, region: region)
        self.transport = transport
        self.clock = clock
        self.retryPolicy = retryPolicy
    }

    /// `AssumeRole` of `roleARN`, signed with `source`.
    ///
    /// - Parameters:
    ///   - sessionName: `RoleSessionName` (2–64 of `[\w+=,.@-]`).
    ///   - externalID: `ExternalId`, when the role's trust policy asks for one.
    ///   - durationSeconds: `DurationSeconds` (900 to the role's maximum); STS's default (3600) when `nil`.
    /// - Returns: temporary credentials with their expiry.
    /// - Throws: ``AWSError/Code/service`` when STS refuses (the message never contains a secret of
    ///   `source`), ``AWSError/Code/invalidResponse`` for an answer without credentials,
    ///   ``AWSError/Code/transport`` / ``AWSError/Code/timeout`` / ``AWSError/Code/retriesExhausted``.
    package func assumeRole(
        roleARN: String, sessionName: String, externalID: String? = nil, durationSeconds: Int? = nil, source: AWSCredentials
    ) async throws(AWSError) -> AWSCredentials {
        var parameters = [("RoleArn", roleARN), ("RoleSessionName", sessionName)]
        if let externalID { parameters.append(("ExternalId", externalID)) }
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        let secrets = [source.sessionToken ?? "", source.withSecretAccessKey { String(decoding: $0, as: UTF8.self) }]
        let body = try await call("AssumeRole", parameters, signedWith: source, redacting: secrets)
        return try STSResponse.credentials(from: body, action: "AssumeRole")
    }

    /// `AssumeRoleWithWebIdentity` of `roleARN` with the OIDC token `webIdentityToken` (unsigned).
    ///
    /// - Throws: as ``assumeRole(roleARN:sessionName:externalID:durationSeconds:source:)``; the token
    ///   never appears in a message.
    package func assumeRoleWithWebIdentity(roleARN: String, sessionName: String, webIdentityToken: String) async throws(AWSError) -> AWSCredentials {
        let parameters = [("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", webIdentityToken)]
        let body = try await call("AssumeRoleWithWebIdentity", parameters, signedWith: nil, redacting: [webIdentityToken])
        return try STSResponse.credentials(from: body, action: "AssumeRoleWithWebIdentity")
    }

    /// Sends `action` with `parameters`, signed with `credentials` when given, retrying transient
    /// failures; returns the 2xx body.
    ///
    /// - Throws: ``AWSError/Code/service`` (via ``STSResponse/error(action:response:redacting:)``,
    ///   `secrets` scrubbed), ``AWSError/Code/transport``, ``AWSError/Code/timeout``,
    ///   ``AWSError/Code/retriesExhausted``, ``AWSError/Code/invalidRequest`` when signing fails.
    package func call(
        _ action: String, _ parameters: [(String, String)], signedWith credentials: AWSCredentials?, redacting secrets: [String]
    ) async throws(AWSError) -> [UInt8] {
        let form = ([("Action", action), ("Version", "2011-06-15")] + parameters)
            .map { SigV4Canonical.uriEncode($0.0) + "=" + SigV4Canonical.uriEncode($0.1) }
            .joined(separator: "&")
        var body = Array(form.utf8)
        defer { body.wipe() }
        let host = String(origin.drop { $0 != "/" }.dropFirst(2))
        let start = clock.now()
        var attempt = 0
        while true {
            attempt += 1
            var headers: [SigV4Request.HTTPField] = [
                .init("Host", host), .init("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
            ]
            if let credentials {
                let scope = SigV4Scope(region: region, service: "sts", epochSeconds: Int64(clock.now().rounded(.down)))
                let unsigned = SigV4Request(method: "POST", path: "/", headers: headers, payload: .bytes(body))
                headers = try SigV4.signHeaders(unsigned, credentials: credentials, scope: scope).request.headers
            }
            let failure: AWSError
            do throws(AWSError) {
                let remaining = retryPolicy.totalTimeout - (clock.now() - start)
                guard remaining > 0 else { throw AWSError(.timeout, "STS \(action): the overall time limit ran out") }
                let request = AWSHTTPRequest(method: "POST", origin: origin, path: "/", headers: headers, body: body)
                let response = try await transport.send(request, timeoutSeconds: min(retryPolicy.attemptTimeout, remaining))
                if (200..<300).contains(response.status) { return response.body }
                failure = STSResponse.error(action: action, response: response, redacting: secrets)
            } catch {
                failure = error
            }
            // The identity provider could not be reached from STS: transient, as the SDKs treat it.
            let retryable = failure.awsCode == "IDPCommunicationError" ? AWSError(.transport, failure.reason) : failure
            switch retryPolicy.decide(attempt: attempt, error: retryable, elapsed: clock.now() - start, random: Double.random(in: 0..<1)) {
            case .retry(let delay):
                do { try await clock.sleep(seconds: delay) } catch {
                    throw AWSError(.timeout, "STS \(action): cancelled while waiting to retry")
                }
            case .giveUp(exhausted: true):
                throw AWSError(
                    .retriesExhausted, "STS \(action) failed after \(attempt) attempt(s): \(failure.reason)", awsCode: failure.awsCode,
                    httpStatus: failure.httpStatus, requestID: failure.requestID)
            case .giveUp(exhausted: false):
                throw failure
            }
        }
    }
}
