import Foundation
import Testing

@testable import AWSCore

/// Environment and shared-file credentials, the chain's order, and that secrets stay out of errors.
@Suite struct CredentialChainTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    func chain(_ variables: [String: String]) throws -> AWSCredentialChain {
        let environment = AWSEnvironment(variables: variables.merging(["HOME": "/nonexistent-home", "AWS_EC2_METADATA_DISABLED": "true"]) { a, _ in a })
        let unreachable = FakeTransport { _ throws(AWSError) in throw AWSError(.transport, "unreachable") }
        return AWSCredentialChain.standard(
            configuration: try AWSConfiguration(environment: environment), transport: unreachable, clock: ManualClock(now: 0))
    }

    @Test func environmentCredentials() async throws {
        let c = try await chain([
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": Self.secret, "AWS_SESSION_TOKEN": "tok",
        ]).require()
        #expect(c.accessKeyID == "AKIAENV")
        #expect(c.sessionToken == "tok")
        #expect(c.withSecretAccessKey { String(decoding: $0, as: UTF8.self) } == Self.secret)
    }

    @Test func halfSetEnvironmentIsNamedWithoutTheSecret() async throws {
        let c = try chain(["AWS_SECRET_ACCESS_KEY": Self.secret])
        do {
            _ = try await c.require()
            Issue.record("half-set environment accepted")
        } catch {
            #expect(error.reason == "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
            #expect(!"\(error)".contains(Self.secret))
        }
    }

    @Test func profileCredentialsFileWinsOverConfig() async throws {
        let files = try ConfigurationTests.Files(
            config: "[profile p]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = other\nregion = eu-central-1\n",
            credentials: "[p]\naws_access_key_id = AKIACREDS\naws_secret_access_key = \(Self.secret)\naws_session_token = t2\n")
        defer { files.remove() }
        let c = try await chain(files.env.merging(["AWS_PROFILE": "p"]) { $1 }).require()
        #expect(c.accessKeyID == "AKIACREDS")
        #expect(c.sessionToken == "t2")
        // The environment comes first in the chain.
        let e = try await chain(files.env.merging(["AWS_PROFILE": "p", "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s"]) { $1 }).require()
        #expect(e.accessKeyID == "AKIAENV")
    }

    @Test func brokenProfileIsNamed() async throws {
        let files = try ConfigurationTests.Files(credentials: "[default]\naws_secret_access_key = \(Self.secret)\n")
        defer { files.remove() }
        let c = try chain(files.env)
        do {
            _ = try await c.require()
            Issue.record("profile without key id accepted")
        } catch {
            #expect(error.reason.contains("aws_access_key_id"))
            #expect(!"\(error)".contains(Self.secret))
        }
    }

    @Test func nothingFoundNamesEveryProvider() async throws {
        let c = try chain([:])
        do {
            _ = try await c.require()
            Issue.record("credentials from nowhere")
        } catch {
            #expect(error.code == .credentialsNotFound)
            #expect(error.reason == "no AWS credentials found; tried: environment, web identity token (environment), profile default, container, EC2 instance metadata")
        }
    }
}
