import Foundation
import Testing

@testable import AWSCore

/// Container and IMDSv2 providers against a scripted transport, and refresh before expiry.
@Suite struct RemoteCredentialTests {
    static let document = #"{"AccessKeyId":"ASIAREMOTE","SecretAccessKey":"remote-secret","Token":"remote-token","Expiration":"2030-01-01T00:00:00Z"}"#
    static let expiry = AWSDate.parseISO8601("2030-01-01T00:00:00Z")!

    @Test func containerFullURIWithTokenFile() async throws {
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("tok-\(UUID().uuidString)")
        try Data("Bearer abc\n".utf8).write(to: tokenFile)
        defer { try? FileManager.default.removeItem(at: tokenFile) }
        let transport = FakeTransport { _ in .json(Self.document) }
        let provider = ContainerCredentialProvider(
            environment: AWSEnvironment(variables: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:51679/creds?id=1",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile.path,
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "ignored-when-file-set",
            ]), transport: transport)
        let c = try #require(try await provider.load())
        #expect(c.accessKeyID == "ASIAREMOTE")
        #expect(c.expiration == Self.expiry)
        let sent = try #require(transport.recorded.first)
        #expect(sent.origin == "http://127.0.0.1:51679")
        #expect(sent.path == "/creds")
        #expect(sent.query == "id=1")
        #expect(sent.headers == [.init("Authorization", "Bearer abc")])
    }

    @Test func containerRelativeURIAndHostPolicy() async throws {
        let transport = FakeTransport { _ in .json(Self.document) }
        let relative = ContainerCredentialProvider(
            environment: AWSEnvironment(variables: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/x", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "tkn"]),
            transport: transport)
        _ = try await relative.load()
        #expect(transport.recorded.first?.url == "http://169.254.170.2/v2/credentials/x")
        #expect(transport.recorded.first?.headers == [.init("Authorization", "tkn")])
        let remote = ContainerCredentialProvider(
            environment: AWSEnvironment(variables: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://evil.example.com/creds"]), transport: transport)
        await #expect(throws: AWSError(.invalidConfiguration, "")) { try await remote.load() }
        let https = ContainerCredentialProvider(
            environment: AWSEnvironment(variables: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "https://creds.example.com/c"]), transport: transport)
        #expect(try await https.load() != nil)
    }

    @Test func containerErrorsNameTheProblem() async throws {
        let bad = FakeTransport { _ in .json(#"{"AccessKeyId":"A"}"#) }
        let provider = ContainerCredentialProvider(
            environment: AWSEnvironment(variables: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://localhost:1/c"]), transport: bad)
        await #expect(throws: AWSError(.invalidResponse, "")) { try await provider.load() }
        let denied = FakeTransport { _ in AWSHTTPResponse(status: 403) }
        let p2 = ContainerCredentialProvider(
            environment: AWSEnvironment(variables: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://localhost:1/c"]), transport: denied)
        do {
            _ = try await p2.load()
            Issue.record("403 accepted")
        } catch {
            #expect(error.httpStatus == 403)
        }
    }

    /// A scripted IMDSv2: token on PUT, role list, role document; GETs without the token get 401.
    static func imds() -> FakeTransport {
        FakeTransport { r throws(AWSError) in
            switch (r.method, r.path) {
            case ("PUT", "/latest/api/token"):
                guard r.headers.contains(.init("X-aws-ec2-metadata-token-ttl-seconds", "21600")) else { return AWSHTTPResponse(status: 400) }
                return AWSHTTPResponse(status: 200, body: Array("IMDSTOKEN".utf8))
            case ("GET", let path):
                guard r.headers.contains(.init("X-aws-ec2-metadata-token", "IMDSTOKEN")) else { return AWSHTTPResponse(status: 401) }
                if path == "/latest/meta-data/iam/security-credentials/" { return AWSHTTPResponse(status: 200, body: Array("my-role\n".utf8)) }
                if path == "/latest/meta-data/iam/security-credentials/my-role" {
                    return .json(#"{"Code":"Success","LastUpdated":"2029-12-31T18:00:00Z","Type":"AWS-HMAC","AccessKeyId":"ASIAIMDS","SecretAccessKey":"s","Token":"t","Expiration":"2030-01-01T00:00:00Z"}"#)
                }
                return AWSHTTPResponse(status: 404)
            default:
                return AWSHTTPResponse(status: 405)
            }
        }
    }

    @Test func imdsV2TokenFirstThenRoleThenCredentials() async throws {
        let transport = Self.imds()
        let clock = ManualClock(now: 1_800_000_000)
        let provider = IMDSCredentialProvider(
            environment: AWSEnvironment(variables: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9"]), transport: transport, clock: clock)
        let c = try #require(try await provider.load())
        #expect(c.accessKeyID == "ASIAIMDS")
        #expect(transport.recorded.map(\.method) == ["PUT", "GET", "GET"])
        _ = try await provider.load()
        #expect(transport.recorded.filter { $0.method == "PUT" }.count == 1, "the session token is reused")
        clock.advance(21_600)
        _ = try await provider.load()
        #expect(transport.recorded.filter { $0.method == "PUT" }.count == 2, "the session token is fetched again before its TTL ends")
    }

    @Test func imdsAbsentOrDisabledMovesOn() async throws {
        let down = FakeTransport { _ throws(AWSError) in throw AWSError(.transport, "connection refused") }
        let provider = IMDSCredentialProvider(environment: AWSEnvironment(variables: [:]), transport: down, clock: ManualClock(now: 0))
        #expect(try await provider.load() == nil)
        let forbidden = FakeTransport { _ in AWSHTTPResponse(status: 403) }
        let off = IMDSCredentialProvider(environment: AWSEnvironment(variables: [:]), transport: forbidden, clock: ManualClock(now: 0))
        #expect(try await off.load() == nil)
        let disabled = IMDSCredentialProvider(
            environment: AWSEnvironment(variables: ["AWS_EC2_METADATA_DISABLED": "true"]), transport: Self.imds(), clock: ManualClock(now: 0))
        #expect(try await disabled.load() == nil)
    }

    @Test func refreshesBeforeExpiry() async throws {
        let transport = FakeTransport { _ in .json(Self.document) }
        let clock = ManualClock(now: Double(Self.expiry - 3600))
        let base = ContainerCredentialProvider(
            environment: AWSEnvironment(variables: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/c"]), transport: transport)
        let refreshing = RefreshingCredentialProvider(base: base, clock: clock)
        _ = try await refreshing.load()
        _ = try await refreshing.load()
        #expect(transport.recorded.count == 1, "cached while far from expiry")
        clock.advance(3600 - 299)
        _ = try await refreshing.load()
        #expect(transport.recorded.count == 2, "refreshed inside the five-minute margin")
        clock.advance(600)
        await #expect(throws: AWSError(.credentialsExpired, "")) { try await refreshing.load() }
    }
}
