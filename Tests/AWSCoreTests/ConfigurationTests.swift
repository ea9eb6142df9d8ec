import Foundation
import Testing

@testable import AWSCore

/// Region, endpoint and profile resolution from environment variables and temporary files.
@Suite struct ConfigurationTests {
    /// A temporary directory with a config and a credentials file.
    struct Files {
        let dir: URL
        init(config: String? = nil, credentials: String? = nil) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("awscfg-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            if let config { try Data(config.utf8).write(to: dir.appendingPathComponent("config")) }
            if let credentials { try Data(credentials.utf8).write(to: dir.appendingPathComponent("credentials")) }
        }
        var env: [String: String] {
            ["AWS_CONFIG_FILE": dir.appendingPathComponent("config").path,
             "AWS_SHARED_CREDENTIALS_FILE": dir.appendingPathComponent("credentials").path]
        }
        func remove() { try? FileManager.default.removeItem(at: dir) }
    }

    @Test func regionPrecedence() throws {
        let files = try Files(config: "[default]\nregion = eu-west-1\n[profile other]\nregion=ap-south-1\n")
        defer { files.remove() }
        func region(_ extra: [String: String]) throws -> String? {
            try AWSConfiguration(environment: AWSEnvironment(variables: files.env.merging(extra) { $1 })).region
        }
        #expect(try region([:]) == "eu-west-1")
        #expect(try region(["AWS_PROFILE": "other"]) == "ap-south-1")
        #expect(try region(["AWS_DEFAULT_REGION": "us-west-2"]) == "us-west-2")
        #expect(try region(["AWS_DEFAULT_REGION": "us-west-2", "AWS_REGION": "us-east-2"]) == "us-east-2")
    }

    @Test func endpointPrecedence() throws {
        let files = try Files(config: "[default]\nregion = eu-west-1\nendpoint_url = http://profile.local:1\n")
        defer { files.remove() }
        func endpoint(_ extra: [String: String], _ service: AWSConfiguration.Service = .kms) throws -> String {
            try AWSConfiguration(environment: AWSEnvironment(variables: files.env.merging(extra) { $1 })).endpoint(for: service)
        }
        #expect(try endpoint([:]) == "http://profile.local:1")
        #expect(try endpoint(["AWS_ENDPOINT_URL": "http://127.0.0.1:5000/"]) == "http://127.0.0.1:5000")
        let both = ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_ENDPOINT_URL_KMS": "http://127.0.0.1:6000"]
        #expect(try endpoint(both) == "http://127.0.0.1:6000")
        #expect(try endpoint(both, .dynamoDB) == "http://127.0.0.1:5000")
        #expect(try endpoint(["AWS_ENDPOINT_URL_SECRETS_MANAGER": "https://sm.local"], .secretsManager) == "https://sm.local")
        #expect(try endpoint(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) == "https://kms.eu-west-1.amazonaws.com")
        #expect(try endpoint(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"], .dynamoDB) == "https://dynamodb.eu-west-1.amazonaws.com")
        #expect(throws: AWSError(.invalidConfiguration, "")) { try endpoint(["AWS_ENDPOINT_URL_KMS": "ftp://x"]) }
        #expect(throws: AWSError(.invalidConfiguration, "")) { try endpoint(["AWS_ENDPOINT_URL": "http://h/path"]) }
        do {
            _ = try endpoint(["AWS_ENDPOINT_URL": "http://AKID:SeCrEt@h"])
            Issue.record("user information accepted")
        } catch {
            #expect(!"\(error)".contains("SeCrEt"))
        }
    }

    @Test func servicesSectionEndpoints() throws {
        let config = """
            [profile dev]
            region = us-west-2
            services = local
            endpoint_url = http://profile-wide:1
            [services local]
            dynamodb =
              endpoint_url = http://127.0.0.1:8000
            secrets_manager =
              endpoint_url = http://127.0.0.1:8001
            """
        let files = try Files(config: config)
        defer { files.remove() }
        let c = try AWSConfiguration(environment: AWSEnvironment(variables: files.env.merging(["AWS_PROFILE": "dev"]) { $1 }))
        #expect(try c.endpoint(for: .dynamoDB) == "http://127.0.0.1:8000")
        #expect(try c.endpoint(for: .secretsManager) == "http://127.0.0.1:8001")
        #expect(try c.endpoint(for: .kms) == "http://profile-wide:1")
        let broken = try Files(config: "[default]\nservices = nope\n")
        defer { broken.remove() }
        #expect(throws: AWSError(.invalidConfiguration, "")) { try AWSConfiguration(environment: AWSEnvironment(variables: broken.env)) }
    }

    @Test func missingRegionIsNamed() throws {
        let config = try AWSConfiguration(environment: AWSEnvironment(variables: ["HOME": "/nonexistent-home"]))
        #expect(config.region == nil)
        do {
            _ = try config.endpoint(for: .kms)
            Issue.record("no error without a region")
        } catch {
            #expect(error.reason.contains("AWS_REGION"))
        }
    }

    @Test func profileFileSyntax() throws {
        let text = """
            # comment
            ; another
            [profile dev]  
            region = us-west-1
            s3 =
              max_concurrent_requests = 10
            [sso-session corp]
            sso_region = us-east-1
            """
        let file = try ProfileFile(Array(text.utf8), kind: .config, path: "cfg")
        #expect(file.profiles["dev"]?["region"] == "us-west-1")
        #expect(file.profiles["dev"]?["s3.max_concurrent_requests"] == "10")
        #expect(file.profiles["corp"] == nil)
        do {
            _ = try ProfileFile(Array("[default]\nregion us-east-1\n".utf8), kind: .config, path: "/tmp/cfg")
            Issue.record("malformed line accepted")
        } catch {
            #expect(error.reason == "/tmp/cfg line 2: expected 'name = value'")
        }
        #expect(throws: AWSError(.invalidConfiguration, "")) {
            try ProfileFile(Array("region = x\n".utf8), kind: .config, path: "c")
        }
    }

    @Test func unknownProfileIsAnError() throws {
        let files = try Files(config: "[default]\nregion = eu-west-1\n")
        defer { files.remove() }
        do {
            _ = try AWSConfiguration(environment: AWSEnvironment(variables: files.env.merging(["AWS_PROFILE": "nope"]) { $1 }))
            Issue.record("unknown profile accepted")
        } catch {
            #expect(error.reason.contains("'nope'"))
        }
    }
}
