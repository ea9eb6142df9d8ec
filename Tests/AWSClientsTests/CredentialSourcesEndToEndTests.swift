import AWSClients
import AWSCore
import AWSTestSupport
import Foundation
import Synchronization
import Testing

/// The credential sources people configure, end to end over real HTTP: roles assumed through
/// moto's STS (the signature-checking moto for AssumeRole, then accepting calls signed with the
/// assumed credentials), web identity through moto's STS, an IAM Identity Center portal stand-in
/// on 127.0.0.1 and a real `credential_process` script.
@Suite(.enabled(if: Moto.shouldRun)) struct CredentialSourcesEndToEndTests {
    /// The role scripts/moto_auth_bootstrap.py creates (moto's default account).
    static let role = "arn:aws:iam::123456789012:role/etherkeep-test"

    /// A home directory with `.aws/config` (and SSO token cache entries), removed afterwards.
    struct Home {
        let dir: URL
        init(config: String, ssoCaches: [String: String] = [:]) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-home-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(".aws/sso/cache"), withIntermediateDirectories: true)
            try Data(config.utf8).write(to: dir.appendingPathComponent(".aws/config"))
            for (key, json) in ssoCaches {
                try Data(json.utf8).write(to: URL(fileURLWithPath: try #require(SSOTokenCache.path(key: key, home: dir.path))))
            }
        }
        /// An executable `#!/bin/sh` script in the home directory.
        func script(_ name: String, _ body: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.path)
            return url.path
        }
        /// Only what these tests set: no credentials from the test process's environment.
        func environment(_ variables: [String: String]) -> AWSEnvironment {
            AWSEnvironment(variables: [
                "HOME": dir.path, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "AWS_REGION": "us-east-1",
                "AWS_EC2_METADATA_DISABLED": "true", "AWS_SHARED_CREDENTIALS_FILE": dir.appendingPathComponent("absent").path,
            ].merging(variables) { $1 })
        }
        func remove() { try? FileManager.default.removeItem(at: dir) }
    }

    /// What the default chain of `environment` (or only its profile provider) yields, checked by the
    /// service at `AWS_ENDPOINT_URL`: the caller's ARN (STS GetCallerIdentity signed with the
    /// credentials) and a DynamoDB call that gets past authentication.
    static func identity(_ environment: AWSEnvironment, profileOnly: Bool = false) async throws -> (arn: String?, credentials: AWSCredentials) {
        let transport = AHCTransport()
        do {
            var context = try AWSContext.make(environment: environment, transport: transport)
            if profileOnly {
                let profile = ProfileCredentialProvider(configuration: context.configuration, transport: transport, clock: context.clock)
                context = AWSContext(
                    transport: transport, credentials: RefreshingCredentialProvider(base: profile, clock: context.clock),
                    configuration: context.configuration, clock: context.clock)
            }
            let credentials = try #require(try await context.credentials.load())
            let sts = try STSCredentialsClient(configuration: context.configuration, transport: transport, clock: SystemAWSClock())
            let body = try await sts.call("GetCallerIdentity", [], signedWith: credentials, redacting: [])
            let arn = XMLText.text(["GetCallerIdentityResult", "Arn"], in: String(decoding: body, as: UTF8.self))
            do throws(AWSError) {
                _ = try await DynamoDBClient(context: context).scan(table: "absent")
                Issue.record("scan of a missing table succeeded")
            } catch {
                #expect(error.awsCode == "ResourceNotFoundException", "\(error)")
            }
            try await transport.shutdown()
            return (arn, credentials)
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    @Test func assumeRoleWithSourceProfileKeys() async throws {
        let (url, c) = try SignatureVerificationTests.setup()
        let home = try Home(config: """
            [profile base]
            aws_access_key_id = \(c[0])
            aws_secret_access_key = \(c[1])
            [profile ops]
            role_arn = \(Self.role)
            source_profile = base
            role_session_name = e2e-ops
            external_id = etherkeep
            duration_seconds = 900
            """)
        defer { home.remove() }
        let (arn, credentials) = try await Self.identity(home.environment(["AWS_PROFILE": "ops", "AWS_ENDPOINT_URL": url]))
        #expect(arn == "arn:aws:sts::123456789012:assumed-role/etherkeep-test/e2e-ops")
        #expect(credentials.accessKeyID != c[0] && credentials.sessionToken != nil)
        let expiration = try #require(credentials.expiration)
        #expect(abs(Double(expiration) - Date().timeIntervalSince1970 - 900) < 120, "DurationSeconds was sent")
    }

    @Test func roleChainFromCredentialSourceEnvironment() async throws {
        let (url, c) = try SignatureVerificationTests.setup()
        let home = try Home(config: """
            [profile outer]
            role_arn = \(Self.role)
            source_profile = inner
            role_session_name = e2e-outer
            [profile inner]
            role_arn = \(Self.role)
            credential_source = Environment
            role_session_name = e2e-inner
            """)
        defer { home.remove() }
        // The environment's keys come first in the default chain; the profile alone reaches them
        // through credential_source, then assumes the inner role with them and the outer with that.
        let (arn, _) = try await Self.identity(
            home.environment(["AWS_PROFILE": "outer", "AWS_ENDPOINT_URL": url, "AWS_ACCESS_KEY_ID": c[0], "AWS_SECRET_ACCESS_KEY": c[1]]),
            profileOnly: true)
        #expect(arn == "arn:aws:sts::123456789012:assumed-role/etherkeep-test/e2e-outer")
    }

    @Test func webIdentityFromEnvironmentAndProfile() async throws {
        let url = try #require(Moto.url)
        let home = try Home(config: """
            [profile pod]
            role_arn = arn:aws:iam::123456789012:role/from-profile
            web_identity_token_file = TOKEN
            role_session_name = e2e-profile
            """)
        defer { home.remove() }
        let token = home.dir.appendingPathComponent("token").path
        try Data("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwb2QifQ.sig\n".utf8).write(to: URL(fileURLWithPath: token))
        try Data(String(decoding: try Data(contentsOf: home.dir.appendingPathComponent(".aws/config")), as: UTF8.self)
            .replacingOccurrences(of: "TOKEN", with: token).utf8).write(to: home.dir.appendingPathComponent(".aws/config"))
        let fromEnvironment = try await Self.identity(home.environment([
            "AWS_ENDPOINT_URL": url, "AWS_WEB_IDENTITY_TOKEN_FILE": token, "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/from-env",
            "AWS_ROLE_SESSION_NAME": "e2e-env",
        ]))
        #expect(fromEnvironment.arn == "arn:aws:sts::123456789012:assumed-role/from-env/e2e-env")
        let fromProfile = try await Self.identity(home.environment(["AWS_ENDPOINT_URL": url, "AWS_PROFILE": "pod"]))
        #expect(fromProfile.arn == "arn:aws:sts::123456789012:assumed-role/from-profile/e2e-profile")
    }

    static func portalAnswer(_ c: [String]) -> String {
        let expiration = Int64(Date().timeIntervalSince1970 + 3600) * 1000
        return #"{"roleCredentials":{"accessKeyId":"\#(c[2])","secretAccessKey":"\#(c[3])","sessionToken":"\#(c[4])","expiration":\#(expiration)}}"#
    }

    static func tokenCache(_ token: String, expiresIn seconds: Double) -> String {
        #"{"accessToken":"\#(token)","expiresAt":"\#(AWSDate.iso8601(epochSeconds: Int64(Date().timeIntervalSince1970 + seconds)))","region":"us-east-1"}"#
    }

    static let ssoConfig = """
        [profile sso]
        sso_session = corp
        sso_account_id = 123456789012
        sso_role_name = etherkeep
        [sso-session corp]
        sso_region = us-east-1
        sso_start_url = https://corp.awsapps.com/start
        [profile legacy]
        sso_start_url = https://legacy.awsapps.com/start
        sso_region = us-east-1
        sso_account_id = 123456789012
        sso_role_name = etherkeep
        """

    @Test func ssoPortalStandIn() async throws {
        let (url, c) = try SignatureVerificationTests.setup()
        let seen = Mutex<[String]>([])
        let home = try Home(config: Self.ssoConfig, ssoCaches: [
            "corp": Self.tokenCache("portal-token", expiresIn: 3600), "https://legacy.awsapps.com/start": Self.tokenCache("legacy-token", expiresIn: 3600),
        ])
        defer { home.remove() }
        try await LocalHTTPServer.serve({ request in
            seen.withLock { $0.append("\(request.method) \(request.uri)") }
            let token = request.header("x-amz-sso_bearer_token")
            guard request.uri == "/federation/credentials?account_id=123456789012&role_name=etherkeep", token == "portal-token" || token == "legacy-token" else {
                return (401, #"{"message":"Session token not found or invalid"}"#)
            }
            return (200, Self.portalAnswer(c))
        }) { portal in
            for profile in ["sso", "legacy"] {
                let (arn, _) = try await Self.identity(home.environment(["AWS_PROFILE": profile, "AWS_ENDPOINT_URL": url, "AWS_ENDPOINT_URL_SSO": portal]))
                #expect(arn == "arn:aws:sts::123456789012:assumed-role/etherkeep-test/etherkeep-test")
            }
        }
        #expect(seen.withLock { $0 }.count == 2)
    }

    @Test func ssoErrorsOverHTTP() async throws {
        let (url, c) = try SignatureVerificationTests.setup()
        let requests = Mutex(0)
        let expired = try Home(config: Self.ssoConfig, ssoCaches: ["corp": Self.tokenCache("portal-token", expiresIn: -60)])
        let rejected = try Home(config: Self.ssoConfig, ssoCaches: ["corp": Self.tokenCache("revoked-token", expiresIn: 3600)])
        let absent = try Home(config: Self.ssoConfig)
        defer { [expired, rejected, absent].forEach { $0.remove() } }
        try await LocalHTTPServer.serve({ request in
            requests.withLock { $0 += 1 }
            return request.header("x-amz-sso_bearer_token") == "portal-token" ? (200, Self.portalAnswer(c)) : (401, #"{"message":"Session token not found or invalid"}"#)
        }) { portal in
            for (home, code) in [(expired, AWSError.Code.credentialsExpired), (rejected, .credentialsExpired), (absent, .credentialsNotFound)] {
                do {
                    _ = try await Self.identity(home.environment(["AWS_PROFILE": "sso", "AWS_ENDPOINT_URL": url, "AWS_ENDPOINT_URL_SSO": portal]))
                    Issue.record("SSO without a valid token accepted")
                } catch {
                    let error = try #require(error as? AWSError)
                    #expect(error.code == code)
                    #expect(error.reason.hasSuffix("run aws sso login --sso-session corp"))
                    #expect(!"\(error)".contains("revoked-token") && !"\(error)".contains("portal-token"))
                }
            }
        }
        #expect(requests.withLock { $0 } == 1, "only the unexpired token reaches the portal")
    }

    @Test func credentialProcessAloneAndAsARoleSource() async throws {
        let (url, c) = try SignatureVerificationTests.setup()
        let home = try Home(config: "")
        defer { home.remove() }
        let expiry = AWSDate.iso8601(epochSeconds: Int64(Date().timeIntervalSince1970 + 3600))
        let temporary = try home.script("temporary creds.sh", #"echo '{"Version": 1, "AccessKeyId": "\#(c[2])", "SecretAccessKey": "\#(c[3])", "SessionToken": "\#(c[4])", "Expiration": "\#(expiry)"}'"#)
        let user = try home.script("user-creds", #"[ "$1" = "--user" ] || exit 2"# + "\n" + #"echo '{"Version": 1, "AccessKeyId": "\#(c[0])", "SecretAccessKey": "\#(c[1])"}'"#)
        try Data("""
            [profile tool]
            credential_process = "\(temporary)"
            [profile user]
            credential_process = \(user) --user
            [profile ops]
            role_arn = \(Self.role)
            source_profile = user
            role_session_name = e2e-process
            """.utf8).write(to: home.dir.appendingPathComponent(".aws/config"))
        let tool = try await Self.identity(home.environment(["AWS_PROFILE": "tool", "AWS_ENDPOINT_URL": url]))
        #expect(tool.arn == "arn:aws:sts::123456789012:assumed-role/etherkeep-test/etherkeep-test")
        #expect(tool.credentials.expiration == AWSDate.parseISO8601(expiry))
        let ops = try await Self.identity(home.environment(["AWS_PROFILE": "ops", "AWS_ENDPOINT_URL": url]))
        #expect(ops.arn == "arn:aws:sts::123456789012:assumed-role/etherkeep-test/e2e-process")
    }
}
