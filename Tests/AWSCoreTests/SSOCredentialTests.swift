import Foundation
import Testing

@testable import AWSCore

/// IAM Identity Center: the token cache as `aws sso login` leaves it, the portal call, and the
/// errors that tell the user to log in again.
@Suite struct SSOCredentialTests {
    static let token = "sso-access-token-SECRET"
    static let portal = #"{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"sso-secret","sessionToken":"sso-token","expiration":1893456000000}}"#

    /// A home directory with a config file and, optionally, a token cache entry for `key`.
    struct Home {
        let dir: URL
        init(config: String, caches: [String: String]) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("ssohome-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(".aws/sso/cache"), withIntermediateDirectories: true)
            try Data(config.utf8).write(to: dir.appendingPathComponent(".aws/config"))
            for (key, cache) in caches {
                let path = try #require(SSOTokenCache.path(key: key, home: dir.path))
                try Data(cache.utf8).write(to: URL(fileURLWithPath: path))
            }
        }
        func configuration(_ profile: String, _ extra: [String: String] = [:]) throws -> AWSConfiguration {
            try AWSConfiguration(environment: AWSEnvironment(variables: ["HOME": dir.path, "AWS_PROFILE": profile].merging(extra) { $1 }))
        }
        func remove() { try? FileManager.default.removeItem(at: dir) }
    }

    static let config = """
        [profile dev]
        sso_session = corp
        sso_account_id = 111122223333
        sso_role_name = Dev Role
        [sso-session corp]
        sso_region = eu-west-1
        sso_start_url = https://corp.awsapps.com/start
        sso_registration_scopes = sso:account:access
        [profile old]
        sso_start_url = https://my-sso-portal.awsapps.com/start
        sso_region = us-east-2
        sso_account_id = 444455556666
        sso_role_name = Admin
        """

    static func cache(expiresAt: String) -> String {
        #"{"startUrl":"https://corp.awsapps.com/start","region":"eu-west-1","accessToken":"\#(token)","expiresAt":"\#(expiresAt)","clientId":"c","clientSecret":"cs","refreshToken":"r"}"#
    }

    @Test func cacheFileIsTheSHA1OfTheSessionOrStartURL() {
        #expect(SSOTokenCache.path(key: "corp", home: "/h") == "/h/.aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json")
        #expect(SSOTokenCache.path(key: "https://my-sso-portal.awsapps.com/start", home: "/h") == "/h/.aws/sso/cache/c7aaaf71fcc8777ae2475525ed049d39fe16c484.json")
        #expect(SSOTokenCache.parseExpiry("2019-11-14T04:05:45UTC") == AWSDate.parseISO8601("2019-11-14T04:05:45Z"))
    }

    @Test func portalCallWithTheCachedToken() async throws {
        let valid = Self.cache(expiresAt: "2030-01-01T00:00:00Z")
        let home = try Home(config: Self.config, caches: ["corp": valid, "https://my-sso-portal.awsapps.com/start": valid])
        defer { home.remove() }
        let transport = FakeTransport { _ in .json(Self.portal) }
        let chain = AWSCredentialChain.standard(configuration: try home.configuration("dev", ["AWS_EC2_METADATA_DISABLED": "true"]), transport: transport, clock: ManualClock(now: 1_800_000_000))
        let c = try await chain.require()
        #expect(c.accessKeyID == "ASIASSO" && c.sessionToken == "sso-token")
        #expect(c.expiration == 1_893_456_000)
        let sent = try #require(transport.recorded.first)
        #expect(sent.method == "GET")
        #expect(sent.url == "https://portal.sso.eu-west-1.amazonaws.com/federation/credentials?account_id=111122223333&role_name=Dev%20Role")
        #expect(sent.headers.contains(.init("x-amz-sso_bearer_token", Self.token)))
        // The legacy profile's cache is keyed by its start URL; AWS_ENDPOINT_URL_SSO wins, as for every service.
        let legacy = ProfileCredentialProvider(
            configuration: try home.configuration("old", ["AWS_ENDPOINT_URL_SSO": "http://127.0.0.1:9"]), transport: transport, clock: ManualClock(now: 0))
        #expect(try await legacy.load()?.accessKeyID == "ASIASSO")
        #expect(transport.recorded.last?.url == "http://127.0.0.1:9/federation/credentials?account_id=444455556666&role_name=Admin")
    }

    /// The error the `dev` profile fails with on this home and portal.
    func failure(
        _ home: Home, profile: String = "dev", answer: @escaping @Sendable (AWSHTTPRequest) -> AWSHTTPResponse = { _ in .json(SSOCredentialTests.portal) }
    ) async throws -> AWSError? {
        let provider = ProfileCredentialProvider(
            configuration: try home.configuration(profile), transport: FakeTransport { r in answer(r) }, clock: ManualClock(now: 1_800_000_000))
        do {
            _ = try await provider.load()
            Issue.record("SSO credentials without a usable token")
            return nil
        } catch {
            #expect(!"\(error)".contains(Self.token))
            return error
        }
    }

    @Test func missingExpiredOrRefusedTokensSayToLogIn() async throws {
        let missing = try Home(config: Self.config, caches: [:])
        defer { missing.remove() }
        let noFile = try await failure(missing)
        #expect(noFile?.code == .credentialsNotFound)
        #expect(noFile?.reason.hasSuffix("run aws sso login --sso-session corp") == true)
        #expect(try await failure(missing, profile: "old")?.reason.hasSuffix("run aws sso login --profile old") == true)

        let expired = try Home(config: Self.config, caches: ["corp": Self.cache(expiresAt: "2020-01-01T00:00:00Z")])
        defer { expired.remove() }
        let old = try await failure(expired)
        #expect(old?.code == .credentialsExpired)
        #expect(old?.reason.contains("expired at 2020-01-01T00:00:00Z; run aws sso login --sso-session corp") == true)

        let valid = try Home(config: Self.config, caches: ["corp": Self.cache(expiresAt: "2030-01-01T00:00:00Z")])
        defer { valid.remove() }
        let refused = try await failure(valid) { _ in .json(#"{"message":"Session token not found or invalid"}"#, status: 401) }
        #expect(refused?.code == .credentialsExpired && refused?.httpStatus == 401)
        let broken = try await failure(valid) { _ in .json(#"{"message":"bad \#(Self.token)"}"#, status: 400) }
        #expect(broken?.code == .service)
        #expect(try await failure(valid) { _ in .json(#"{"roleCredentials":{"accessKeyId":"A"}}"#) }?.code == .invalidResponse)

        for garbage in ["not json", #"{"expiresAt":"2030-01-01T00:00:00Z"}"#, #"{"accessToken":"t","expiresAt":"soon"}"#] {
            let bad = try Home(config: Self.config, caches: ["corp": garbage])
            defer { bad.remove() }
            #expect(try await failure(bad)?.code == .invalidConfiguration)
        }
    }
}
