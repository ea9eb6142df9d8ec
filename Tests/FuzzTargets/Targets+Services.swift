import AWSClients
import AWSCore
import Foundation
import Keygen
import LambdaFunctions
import LambdaRuntime
import Synchronization
import Vault

extension FuzzCatalog {
    /// The Lambda payloads (keygen, kms-account, validator), the validator's TLS table row and the
    /// runtime API's invocation headers.
    static let lambdaPayloads = FuzzTarget(
        "lambda-payloads", summary: "KeygenPayload.plan, KMSAccountOperation.parse, ValidatorOperation.parse, TLSKeyRow, RuntimeAPI.parseInvocation",
        json: true,
        seeds: { utf8(lambdaSeeds) },
        body: { input throws(FuzzFailure) in
            if let plan = try? KeygenPayload.plan(input) {
                try require((1...KeygenPayload.maxValidators).contains(plan.count), "keygen: count \(plan.count) out of range")
            }
            _ = try? KMSAccountOperation.parse(input)
            _ = try? ValidatorOperation.parse(input)
            let text = String(decoding: input.prefix(256), as: UTF8.self)
            _ = try? TLSKeyRow(item: ["encrypted_tls_key_b64": .s(text), "cert_pem": .s(text), "host_name": .s(text), "datetime": .s(text)])
            let response = RuntimeAPI.Response(
                status: 200, headers: [.init(RuntimeAPI.Header.requestID, text), .init(RuntimeAPI.Header.deadline, text)], body: input)
            _ = RuntimeAPI.parseInvocation(response)
        })

    /// KMS, DynamoDB, Secrets Manager, STS, SSO portal and credential-endpoint responses, and what
    /// a `credential_process` prints or `aws sso login` caches: the body (and an error status, a
    /// skewed `Date`) as AWS or something pretending to be AWS might send them.
    static let awsResponses = FuzzTarget(
        "aws-responses",
        summary: "KMS / DynamoDB / Secrets Manager response decoding through the clients, error bodies, credential documents, STS XML, SSO portal JSON, credential_process JSON, SSO token cache, key rows",
        json: true,
        seeds: { utf8(awsResponseSeeds) },
        body: { input async throws(FuzzFailure) in
            let statuses = [200, 200, 400, 403, 500, 503]
            let status = statuses[input.count % statuses.count]
            let date = String(decoding: input.prefix(40), as: UTF8.self)
            let transport = CannedTransport(AWSHTTPResponse(
                status: status, headers: [.init("Date", date), .init("x-amzn-RequestId", "fuzz")], body: input))
            let context = fuzzContext(transport)
            guard let kms = try? KMSClient(context: context), let dynamo = try? DynamoDBClient(context: context),
                let secrets = try? SecretsManagerClient(context: context)
            else { throw FuzzFailure("aws: the clients cannot be built") }
            _ = try? await kms.decrypt(ciphertext: [1, 2, 3])
            _ = try? await kms.generateDataKey(keyID: "k")
            _ = try? await kms.getPublicKey(keyID: "k")
            _ = try? await kms.sign(keyID: "k", digest: [UInt8](repeating: 7, count: 32))
            _ = try? await kms.describeKey(keyID: "k")
            _ = try? await kms.verify(keyID: "k", digest: [UInt8](repeating: 7, count: 32), signature: [1])
            _ = try? await secrets.getSecretValue(id: "s")
            _ = try? await secrets.describeSecret(id: "s")
            if let item = try? await dynamo.getItem(table: "t", key: ["pubkey": .s("x")]) { _ = try? KeyRow(item: item) }
            if let pages = try? await dynamo.query(table: "t", keyCondition: DynamoDBExpression("a = :a", values: [":a": .s("none")])) {
                for item in pages.items { _ = try? KeyRow(item: item) }
            }
            _ = try? CredentialsDocument.credentials(from: input, source: "fuzz")
            _ = try? ProcessCredentialsOutput.credentials(from: input, source: "fuzz")
            _ = try? SSORoleCredentials.credentials(from: input)
            _ = try? SSOTokenCache.token(from: input, path: "fuzz")
            for action in ["AssumeRole", "AssumeRoleWithWebIdentity"] {
                _ = try? STSResponse.credentials(from: input, action: action)
                _ = STSResponse.error(action: action, response: AWSHTTPResponse(status: status, body: input), redacting: ["token"])
            }
            // Through the client, retries and error mapping included.
            if let sts = try? STSCredentialsClient(configuration: context.configuration, transport: transport, clock: FuzzClock()),
                let source = try? AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Array("fuzz-not-a-secret".utf8))
            {
                _ = try? await sts.assumeRole(roleARN: "arn:aws:iam::1:role/r", sessionName: "s", source: source)
                _ = try? await sts.assumeRoleWithWebIdentity(roleARN: "arn:aws:iam::1:role/r", sessionName: "s", webIdentityToken: "jwt")
            }
        })

    /// SigV4 canonical requests from odd request lines, paths, queries and headers, in the
    /// standard and S3 variants, header-signed and presigned; signing is deterministic.
    static let sigV4 = FuzzTarget(
        "sigv4", summary: "SigV4.signHeaders / presign on odd URLs and headers (standard and S3)", json: false,
        seeds: { try sigV4Seeds() },
        body: { input throws(FuzzFailure) in
            let request = sigV4Request(input)
            let credentials = try? AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Array("secret".utf8), sessionToken: Array("token".utf8))
            guard let credentials else { throw FuzzFailure("sigv4: fixed credentials refused") }
            let scope = SigV4Scope(region: "us-east-1", service: "service", epochSeconds: 1_440_938_160)
            for options in [SigV4Options.standard, .s3] {
                if let a = try? SigV4.signHeaders(request, credentials: credentials, scope: scope, options: options) {
                    let b = try? SigV4.signHeaders(request, credentials: credentials, scope: scope, options: options)
                    try require(a.canonicalRequest == b?.canonicalRequest && a.signature == b?.signature, "sigv4: signing is not deterministic")
                }
                _ = try? SigV4.presign(request, credentials: credentials, scope: scope, expires: 60, options: options)
            }
        })

    /// The shared `config` and `credentials` files, the credential plan of each profile in them
    /// (role chains, cycles, SSO sessions), and `credential_process` command lines.
    static let awsProfileFile = FuzzTarget(
        "aws-profile-file", summary: "ProfileFile (AWS config and credentials files), ProfileCredentialSource.resolve, ProcessCommand.split", json: false,
        seeds: { utf8(["[default]\nregion = us-east-1\n", "[profile dev]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = default\ns3 =\n  max_concurrent_requests = 10\n",
                       "[sso-session s]\nsso_region=eu-west-1\n", "[default]\naws_access_key_id=AKID\naws_secret_access_key=SECRET\n; c\n# c\n",
                       "[profile a]\nrole_arn = r\nsource_profile = b\n[profile b]\nrole_arn = r\nsource_profile = a\n[profile c]\nrole_arn = r\ncredential_source = Environment\n",
                       "[profile d]\nsso_session = s\nsso_account_id = 1\nsso_role_name = r\n[sso-session s]\nsso_region = us-east-1\nsso_start_url = https://x\n",
                       "[profile e]\ncredential_process = \"/opt/my tool\" --a 'b c' d\\ e\n[profile f]\nrole_arn = r\nweb_identity_token_file = /t\n"]) },
        body: { input throws(FuzzFailure) in
            let config = try? ProfileFile(input, kind: .config, path: "config")
            let credentials = try? ProfileFile(input, kind: .credentials, path: "credentials")
            for name in (config.map { Array($0.profiles.keys) } ?? []).sorted().prefix(8) where !name.hasPrefix("#") {
                let environment = AWSEnvironment(variables: ["AWS_PROFILE": name, "HOME": "/nonexistent-home"])
                guard let configuration = try? AWSConfiguration(environment: environment, config: config, credentials: credentials) else { continue }
                _ = try? ProfileCredentialSource.resolve(configuration)
                if let command = config?.profiles[name]?["credential_process"] {
                    if let words = try? ProcessCommand.split(command) { try require(!words.isEmpty, "split: no words but no error") }
                }
            }
            _ = try? ProcessCommand.split(String(decoding: input.prefix(512), as: UTF8.self))
        })
}

/// Answers every request with the same response.
struct CannedTransport: AWSHTTPTransport {
    let response: AWSHTTPResponse
    init(_ response: AWSHTTPResponse) { self.response = response }
    func send(_ request: AWSHTTPRequest, timeoutSeconds: Double) async throws(AWSError) -> AWSHTTPResponse { response }
}

/// A clock that moves only when slept on.
final class FuzzClock: AWSClock {
    private let seconds = Mutex<Double>(1_440_938_160)
    func now() -> Double { seconds.withLock { $0 } }
    func sleep(seconds delay: Double) async throws { seconds.withLock { $0 += delay } }
}

func fuzzContext(_ transport: CannedTransport) -> AWSContext {
    let environment = AWSEnvironment(variables: [
        "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
        "AWS_SECRET_ACCESS_KEY": "fuzz-not-a-secret",
    ])
    let configuration = try! AWSConfiguration(environment: environment)  // invariant: a fixed, valid environment
    return AWSContext(
        transport: transport, credentials: EnvironmentCredentialProvider(environment: environment), configuration: configuration,
        clock: FuzzClock(), retryPolicy: RetryPolicy(maxAttempts: 2, baseDelay: 0.01, maxBackoff: 0.01, totalTimeout: 5, attemptTimeout: 1),
        random: { 0.5 })
}

/// `METHOD target` on the first line, `name:value` header lines after it, then an empty line and the body.
func sigV4Request(_ input: [UInt8]) -> SigV4Request {
    let text = String(decoding: input, as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let requestLine = lines.isEmpty ? "" : lines.removeFirst()
    let method = String(requestLine.prefix { $0 != " " })
    var target = String(requestLine.dropFirst(method.count).drop { $0 == " " })
    if let r = target.range(of: " HTTP/", options: .backwards) { target = String(target[..<r.lowerBound]) }
    let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    var headers: [SigV4Request.HTTPField] = []
    var body: [String] = []
    var inBody = false
    for line in lines {
        if inBody { body.append(line) } else if line.isEmpty { inBody = true } else if let colon = line.firstIndex(of: ":") {
            headers.append(.init(String(line[..<colon]), String(line[line.index(after: colon)...])))
        } else {
            headers.append(.init(line, ""))
        }
    }
    return SigV4Request(
        method: method, path: parts.first.map(String.init) ?? "", query: parts.count > 1 ? String(parts[1]) : "", headers: headers,
        payload: .bytes(Array(body.joined(separator: "\n").utf8)))
}
