import Foundation
import Testing

@testable import AWSCore

/// AssumeRole and AssumeRoleWithWebIdentity against a scripted transport: the request on the
/// wire, the XML read, errors scrubbed, retries, refresh, and the token file read on every load.
@Suite struct STSCredentialTests {
    static let sourceSecret = "source-secret-wJalrXUtnFEMI"
    static let assumedSecret = "assumed/secret+key=="

    static func answer(_ action: String, expiration: String = "2030-01-01T00:00:00.000Z") -> AWSHTTPResponse {
        let xml = """
            <\(action)Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <\(action)Result>
                <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn></AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>ASIASTS</AccessKeyId>
                  <SecretAccessKey>\(assumedSecret)</SecretAccessKey>
                  <SessionToken>FwoGZX&amp;token</SessionToken>
                  <Expiration>\(expiration)</Expiration>
                </Credentials>
              </\(action)Result>
              <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
            </\(action)Response>
            """
        return AWSHTTPResponse(status: 200, body: Array(xml.utf8))
    }

    /// A configuration from `variables` and an optional config file.
    static func configuration(_ variables: [String: String], config: String? = nil) throws -> (AWSConfiguration, ConfigurationTests.Files) {
        let files = try ConfigurationTests.Files(config: config)
        let environment = AWSEnvironment(variables: files.env.merging(["HOME": "/nonexistent-home"]) { $1 }.merging(variables) { $1 })
        return (try AWSConfiguration(environment: environment), files)
    }

    /// `application/x-www-form-urlencoded` pairs of a request body.
    static func form(_ request: AWSHTTPRequest) -> [String: String] {
        var out: [String: String] = [:]
        for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            out[SigV4Canonical.percentDecode(parts[0])] = SigV4Canonical.percentDecode(parts.count > 1 ? parts[1] : "")
        }
        return out
    }

    @Test func parsesCredentialsAndErrors() throws {
        let c = try STSResponse.credentials(from: Self.answer("AssumeRole").body, action: "AssumeRole")
        #expect(c.accessKeyID == "ASIASTS")
        #expect(c.sessionToken == "FwoGZX&token")
        #expect(c.expiration == AWSDate.parseISO8601("2030-01-01T00:00:00Z"))
        #expect(c.withSecretAccessKey { String(decoding: $0, as: UTF8.self) } == Self.assumedSecret)
        for broken in ["<AssumeRoleResponse/>", "<AssumeRoleResult><Credentials><AccessKeyId>A</AccessKeyId></Credentials></AssumeRoleResult>", "", "<<<&#xFFFFFFFF;"] {
            #expect(throws: AWSError(.invalidResponse, "")) { try STSResponse.credentials(from: Array(broken.utf8), action: "AssumeRole") }
        }
        let error = AWSHTTPResponse(status: 403, body: Array("""
            <ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>
            <Message>User is not authorized; token \(Self.sourceSecret) &lt;sic&gt;</Message></Error><RequestId>rid-9</RequestId></ErrorResponse>
            """.utf8))
        let e = STSResponse.error(action: "AssumeRole", response: error, redacting: [Self.sourceSecret])
        #expect(e.awsCode == "AccessDenied" && e.httpStatus == 403 && e.requestID == "rid-9")
        #expect(e.reason == "STS AssumeRole: User is not authorized; token <redacted> <sic>")
    }

    @Test func xmlTextIsStrictAboutEntitiesAndNames() {
        #expect(XMLText.text(["A", "B"], in: "<AB>x</AB><A id=\"1\"><B>&#65;&#x42;&quot;</B></A>") == "AB\"")
        #expect(XMLText.text(["B"], in: "<B/>") == "")
        #expect(XMLText.text(["B"], in: "<B>&bogus;</B>") == nil)
        #expect(XMLText.text(["B"], in: "<B>unterminated") == nil)
        #expect(XMLText.text(["B"], in: "<B") == nil)
    }

    @Test func assumeRoleRequestIsASignedQueryCall() async throws {
        let transport = FakeTransport { _ in Self.answer("AssumeRole") }
        let (configuration, files) = try Self.configuration(["AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:4566/"])
        defer { files.remove() }
        let sts = try STSCredentialsClient(configuration: configuration, transport: transport, clock: ManualClock(now: 1_700_000_000))
        let source = try AWSCredentials(accessKeyID: "AKIASOURCE", secretAccessKey: Array(Self.sourceSecret.utf8), sessionToken: Array("src-token".utf8))
        let c = try await sts.assumeRole(roleARN: "arn:aws:iam::1:role/r", sessionName: "s", externalID: "ext id", durationSeconds: 900, source: source)
        #expect(c.accessKeyID == "ASIASTS")
        let sent = try #require(transport.recorded.first)
        #expect(sent.method == "POST" && sent.url == "http://127.0.0.1:4566/")
        #expect(Self.form(sent) == [
            "Action": "AssumeRole", "Version": "2011-06-15", "RoleArn": "arn:aws:iam::1:role/r", "RoleSessionName": "s",
            "ExternalId": "ext id", "DurationSeconds": "900",
        ])
        let authorization = try #require(sent.headers.first { $0.name == "Authorization" }?.value)
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIASOURCE/20231114/eu-west-1/sts/aws4_request"))
        #expect(sent.headers.contains(.init("X-Amz-Security-Token", "src-token")))
        #expect(sent.headers.contains(.init("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")))
        // Without a configured endpoint: regional STS.
        let (plain, files2) = try Self.configuration(["AWS_REGION": "ap-south-1"])
        defer { files2.remove() }
        #expect(try STSCredentialsClient(configuration: plain, transport: transport, clock: ManualClock(now: 0)).origin == "https://sts.ap-south-1.amazonaws.com")
    }

    @Test func refusalsAreServiceErrorsWithoutSecretsAndTransientOnesAreRetried() async throws {
        let answers = FakeTransport { r throws(AWSError) in
            let body = String(decoding: r.body, as: UTF8.self)
            if body.contains("RoleArn=denied") {
                return AWSHTTPResponse(status: 403, body: Array("<ErrorResponse><Error><Code>AccessDenied</Code><Message>no \(Self.sourceSecret)</Message></Error></ErrorResponse>".utf8))
            }
            return AWSHTTPResponse(status: 400, body: Array("<ErrorResponse><Error><Code>IDPCommunicationError</Code><Message>idp down</Message></Error></ErrorResponse>".utf8))
        }
        let (configuration, files) = try Self.configuration(["AWS_REGION": "us-east-1"])
        defer { files.remove() }
        let clock = ManualClock(now: 1_700_000_000)
        let sts = try STSCredentialsClient(configuration: configuration, transport: answers, clock: clock)
        let source = try AWSCredentials(accessKeyID: "AKIASOURCE", secretAccessKey: Array(Self.sourceSecret.utf8))
        do {
            _ = try await sts.assumeRole(roleARN: "denied", sessionName: "s", source: source)
            Issue.record("AccessDenied accepted")
        } catch {
            #expect(error.code == .service && error.awsCode == "AccessDenied")
            #expect(!"\(error)".contains(Self.sourceSecret))
        }
        #expect(answers.recorded.count == 1, "a refusal is not retried")
        do {
            _ = try await sts.assumeRoleWithWebIdentity(roleARN: "r", sessionName: "s", webIdentityToken: "jwt")
            Issue.record("IDPCommunicationError accepted")
        } catch {
            #expect(error.code == .retriesExhausted && error.awsCode == "IDPCommunicationError")
        }
        #expect(answers.recorded.count == 4, "IDPCommunicationError is retried up to three attempts")
        #expect(clock.sleeps.count == 2)
    }

    @Test func webIdentityFromTheEnvironmentReadsTheTokenFileOnEveryLoad() async throws {
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("jwt-\(UUID().uuidString)")
        try Data("jwt-one\n".utf8).write(to: tokenFile)
        defer { try? FileManager.default.removeItem(at: tokenFile) }
        let transport = FakeTransport { _ in Self.answer("AssumeRoleWithWebIdentity") }
        let (configuration, files) = try Self.configuration([
            "AWS_REGION": "us-west-2", "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile.path, "AWS_ROLE_ARN": "arn:aws:iam::1:role/pod",
            "AWS_ROLE_SESSION_NAME": "pod-session",
        ])
        defer { files.remove() }
        let provider = WebIdentityCredentialProvider(environmentOf: configuration, transport: transport, clock: ManualClock(now: 0))
        #expect(try await provider.load()?.accessKeyID == "ASIASTS")
        try Data("jwt-two".utf8).write(to: tokenFile)
        _ = try await provider.load()
        let forms = transport.recorded.map(Self.form)
        #expect(forms.map { $0["WebIdentityToken"] } == ["jwt-one", "jwt-two"])
        #expect(forms[0]["Action"] == "AssumeRoleWithWebIdentity" && forms[0]["RoleSessionName"] == "pod-session")
        #expect(forms[0]["RoleArn"] == "arn:aws:iam::1:role/pod")
        #expect(!transport.recorded[0].headers.contains { $0.name == "Authorization" }, "AssumeRoleWithWebIdentity is unsigned")
        #expect(transport.recorded[0].origin == "https://sts.us-west-2.amazonaws.com")
    }

    @Test func webIdentityConfigurationErrors() async throws {
        let transport = FakeTransport { _ in Self.answer("AssumeRoleWithWebIdentity") }
        for (variables, expected) in [
            (["AWS_ROLE_ARN": "arn:aws:iam::1:role/pod"], "AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not"),
            (["AWS_WEB_IDENTITY_TOKEN_FILE": "/t"], "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not"),
            (["AWS_WEB_IDENTITY_TOKEN_FILE": "/nonexistent/jwt", "AWS_ROLE_ARN": "r"], "the web identity token file /nonexistent/jwt does not exist"),
        ] {
            let (configuration, files) = try Self.configuration(variables)
            defer { files.remove() }
            let provider = WebIdentityCredentialProvider(environmentOf: configuration, transport: transport, clock: ManualClock(now: 0))
            do {
                _ = try await provider.load()
                Issue.record("accepted: \(variables)")
            } catch {
                #expect(error.reason == expected)
            }
        }
        let (none, files) = try Self.configuration([:])
        defer { files.remove() }
        #expect(try await WebIdentityCredentialProvider(environmentOf: none, transport: transport, clock: ManualClock(now: 0)).load() == nil)
        #expect(transport.recorded.isEmpty)
    }

    @Test func assumedRoleFromAProfileIsAssumedAgainBeforeExpiry() async throws {
        let expiry = "2030-01-01T00:00:00Z"
        let transport = FakeTransport { _ in Self.answer("AssumeRole", expiration: expiry) }
        let config = "[profile ops]\nrole_arn = arn:aws:iam::1:role/ops\ncredential_source = Environment\nregion = eu-north-1\n"
        let (configuration, files) = try Self.configuration(
            ["AWS_PROFILE": "ops", "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": Self.sourceSecret], config: config)
        defer { files.remove() }
        let clock = ManualClock(now: Double(try #require(AWSDate.parseISO8601(expiry))) - 3600)
        let profile = ProfileCredentialProvider(configuration: configuration, transport: transport, clock: clock)
        let refreshing = RefreshingCredentialProvider(base: profile, clock: clock)
        #expect(try await refreshing.load()?.accessKeyID == "ASIASTS")
        _ = try await refreshing.load()
        #expect(transport.recorded.count == 1)
        clock.advance(3600 - 120)
        _ = try await refreshing.load()
        #expect(transport.recorded.count == 2)
        let session = Self.form(transport.recorded[0])["RoleSessionName"] ?? ""
        #expect(session.hasPrefix("etherkeep-session-"))
        #expect(transport.recorded[0].headers.first { $0.name == "Authorization" }?.value.contains("AKIAENV/") == true)
    }

    /// A profile's source that fails (here a web identity token file that is not there) is named
    /// with the profile, so a user with many profiles knows which one to fix.
    @Test func aFailingProfileSourceNamesTheProfile() async throws {
        let transport = FakeTransport { _ in Self.answer("AssumeRoleWithWebIdentity") }
        let config = "[profile eks]\nrole_arn = arn:aws:iam::1:role/eks\nweb_identity_token_file = /nonexistent/token\n"
        let (configuration, files) = try Self.configuration(["AWS_PROFILE": "eks"], config: config)
        defer { files.remove() }
        let profile = ProfileCredentialProvider(configuration: configuration, transport: transport, clock: ManualClock(now: 0))
        do {
            _ = try await profile.load()
            Issue.record("a missing token file loaded credentials")
        } catch {
            #expect(error.reason.hasPrefix("profile 'eks': ") && error.reason.contains("/nonexistent/token"), "\(error.reason)")
        }
        #expect(transport.recorded.isEmpty)
    }

    @Test func chainOrderPutsEnvironmentWebIdentityBeforeTheProfile() async throws {
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("jwt-\(UUID().uuidString)")
        try Data("jwt".utf8).write(to: tokenFile)
        defer { try? FileManager.default.removeItem(at: tokenFile) }
        let transport = FakeTransport { _ in Self.answer("AssumeRoleWithWebIdentity") }
        let (configuration, files) = try Self.configuration(
            ["AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile.path, "AWS_ROLE_ARN": "r", "AWS_EC2_METADATA_DISABLED": "true"],
            config: "[default]\naws_access_key_id = AKIAPROFILE\naws_secret_access_key = s\n")
        defer { files.remove() }
        let chain = AWSCredentialChain.standard(configuration: configuration, transport: transport, clock: ManualClock(now: 0))
        #expect(chain.name == "environment, web identity token (environment), profile default, container, EC2 instance metadata")
        #expect(try await chain.require().accessKeyID == "ASIASTS")
    }
}
