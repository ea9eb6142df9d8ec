import AWSCore
import Foundation
import Testing

/// Runs both SigV4 suites in `aws-sigv4/` (see its SOURCE.md): the 2015 AWS suite (31 cases) and
/// aws-c-auth's v4 suite (38 cases, header and query signing).
@Suite struct SigV4ConformanceTests {
    /// The 2015 suite: `.req` in, `.creq`, `.sts`, `.authz` and `.sreq` out.
    @Test func originalAWSSuite() throws {
        guard let base = VectorDirectory.folder("aws-sigv4/original-aws-sig-v4-test-suite") else { return }
        let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "req" }
        #expect(files.count == 31)
        for req in files {
            let name = req.deletingPathExtension().lastPathComponent
            let stem = req.deletingPathExtension()
            func expected(_ ext: String) throws -> String { try VectorDirectory.text(stem.appendingPathExtension(ext)) }
            let request = SigV4RequestFile.parse(try VectorDirectory.text(req), folding: .separateValues)
            var options = SigV4Options.standard
            var token: String?
            if name == "post-sts-header-after" {
                token = SigV4SuiteCredentials.stsToken
                options.sessionToken = .appendedAfterSigning
            } else if name == "post-sts-header-before" {
                token = SigV4SuiteCredentials.stsToken
            }
            let signed = try SigV4.signHeaders(
                request, credentials: SigV4SuiteCredentials.make(token: token), scope: SigV4SuiteCredentials.scope,
                options: options)
            #expect(signed.canonicalRequest == (try expected("creq")), "\(name): canonical request")
            #expect(signed.stringToSign == (try expected("sts")), "\(name): string to sign")
            #expect(signed.request.header("Authorization") == (try expected("authz")), "\(name): Authorization")
            let sreq = SigV4RequestFile.parse(try expected("sreq"), folding: .separateValues)
            #expect(
                sreq.header("Authorization")?.trimmingCharacters(in: .whitespaces) == signed.request.header("Authorization"),
                "\(name): signed request")
            #expect(sreq.header("X-Amz-Security-Token") == signed.request.header("X-Amz-Security-Token"), "\(name): token")
        }
    }

    /// One aws-c-auth case's `context.json`.
    struct Context: Decodable {
        struct Credentials: Decodable {
            let access_key_id: String
            let secret_access_key: String
            let token: String?
        }
        let credentials: Credentials
        let expiration_in_seconds: Int
        let normalize: Bool
        let region: String
        let service: String
        let sign_body: Bool
        let timestamp: String
        let omit_session_token: Bool?
    }

    /// aws-c-auth v4: each case signed both ways, checked against all eight expected files.
    @Test func awsCAuthSuite() throws {
        guard let base = VectorDirectory.folder("aws-sigv4/aws-c-auth-v4") else { return }
        let cases = try FileManager.default.contentsOfDirectory(atPath: base.path).sorted()
            .filter { FileManager.default.fileExists(atPath: base.appendingPathComponent("\($0)/context.json").path) }
        #expect(cases.count == 38)
        for name in cases {
            let dir = base.appendingPathComponent(name)
            func file(_ f: String) throws -> String { try VectorDirectory.text(dir.appendingPathComponent(f)) }
            let context = try JSONDecoder().decode(Context.self, from: Data(contentsOf: dir.appendingPathComponent("context.json")))
            let credentials = try AWSCredentials(
                accessKeyID: context.credentials.access_key_id,
                secretAccessKey: Array(context.credentials.secret_access_key.utf8),
                sessionToken: context.credentials.token.map { Array($0.utf8) })
            let epoch = try #require(AWSDate.parseISO8601(context.timestamp))
            let scope = SigV4Scope(region: context.region, service: context.service, epochSeconds: epoch)
            let options = SigV4Options(
                normalizePath: context.normalize, encodePath: true, addContentSHA256Header: context.sign_body,
                sessionToken: context.omit_session_token == true ? .appendedAfterSigning : .signed)
            let request = SigV4RequestFile.parse(try file("request.txt"), folding: .space)

            let header = try SigV4.signHeaders(request, credentials: credentials, scope: scope, options: options)
            #expect(header.canonicalRequest == (try file("header-canonical-request.txt")), "\(name): header canonical request")
            #expect(header.stringToSign == (try file("header-string-to-sign.txt")), "\(name): header string to sign")
            #expect(header.signature == (try file("header-signature.txt")), "\(name): header signature")
            let headerSigned = SigV4RequestFile.parse(try file("header-signed-request.txt"), folding: .space)
            #expect(headerSigned.header("Authorization") == header.request.header("Authorization"), "\(name): Authorization")
            #expect(headerSigned.header("X-Amz-Security-Token") == header.request.header("X-Amz-Security-Token"), "\(name): token")

            let query = try SigV4.presign(
                request, credentials: credentials, scope: scope, expires: context.expiration_in_seconds, options: options)
            #expect(query.canonicalRequest == (try file("query-canonical-request.txt")), "\(name): query canonical request")
            #expect(query.stringToSign == (try file("query-string-to-sign.txt")), "\(name): query string to sign")
            #expect(query.signature == (try file("query-signature.txt")), "\(name): query signature")
            let querySigned = SigV4RequestFile.parse(try file("query-signed-request.txt"), folding: .space)
            #expect(querySigned.query == query.request.query, "\(name): presigned query")
        }
    }
}
