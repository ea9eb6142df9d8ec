import AWSClients
import AWSCore
import AWSTestSupport
import Foundation
import Synchronization
import Testing

/// The credential chain over real HTTP: an IMDSv2 and a container-credentials stand-in on
/// 127.0.0.1 hand out STS temporary credentials of the signature-checking moto, which then
/// accepts the requests signed with them (session token included).
@Suite(.enabled(if: Moto.shouldRun)) struct RemoteCredentialsEndToEndTests {
    static func document(_ c: [String]) -> String {
        let expiry = AWSDate.iso8601(epochSeconds: Int64(Date().timeIntervalSince1970) + 3600)
        return #"{"Code":"Success","AccessKeyId":"\#(c[2])","SecretAccessKey":"\#(c[3])","Token":"\#(c[4])","Expiration":"\#(expiry)"}"#
    }

    static func scanThroughChain(_ url: String, _ variables: [String: String]) async throws {
        var environment = AWSEnvironment(variables: variables.merging(["AWS_ENDPOINT_URL": url, "AWS_REGION": "us-east-1", "HOME": "/nonexistent"]) { $1 })
        environment.home = "/nonexistent"
        let transport = AHCTransport()
        do {
            let context = try AWSContext.make(environment: environment, transport: transport)
            let ddb = try DynamoDBClient(context: context)
            do throws(AWSError) {
                _ = try await ddb.scan(table: "absent")
                Issue.record("scan of a missing table succeeded")
            } catch {
                // Authenticated: moto got as far as looking for the table.
                #expect(error.awsCode == "ResourceNotFoundException", "\(error)")
            }
            try await transport.shutdown()
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    @Test func imdsV2OverHTTP() async throws {
        let (url, c) = try SignatureVerificationTests.setup()
        let seen = Mutex<[String]>([])
        try await LocalHTTPServer.serve({ request in
            seen.withLock { $0.append("\(request.method) \(request.uri)") }
            if request.method == "PUT", request.uri == "/latest/api/token" {
                return request.header("X-aws-ec2-metadata-token-ttl-seconds") == "21600" ? (200, "TOKEN-1") : (400, "")
            }
            guard request.header("X-aws-ec2-metadata-token") == "TOKEN-1" else { return (401, "") }
            switch request.uri {
            case "/latest/meta-data/iam/security-credentials/": return (200, "etherkeep-role")
            case "/latest/meta-data/iam/security-credentials/etherkeep-role": return (200, Self.document(c))
            default: return (404, "")
            }
        }) { imds in
            try await Self.scanThroughChain(url, ["AWS_EC2_METADATA_SERVICE_ENDPOINT": imds])
        }
        #expect(seen.withLock { $0 } == [
            "PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
            "GET /latest/meta-data/iam/security-credentials/etherkeep-role",
        ])
    }

    @Test func containerCredentialsOverHTTP() async throws {
        let (url, c) = try SignatureVerificationTests.setup()
        try await LocalHTTPServer.serve({ request in
            request.uri == "/v2/credentials/abc" && request.header("Authorization") == "Bearer container-token"
                ? (200, Self.document(c)) : (403, "")
        }) { endpoint in
            try await Self.scanThroughChain(url, [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": endpoint + "/v2/credentials/abc",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer container-token", "AWS_EC2_METADATA_DISABLED": "true",
            ])
        }
    }
}
