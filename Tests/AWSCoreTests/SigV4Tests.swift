import Testing

@testable import AWSCore

/// Hand-written checks of the variants and errors the suites do not cover.
@Suite struct SigV4Tests {
    let credentials = try! SigV4SuiteCredentials.make(token: nil)
    let scope = SigV4SuiteCredentials.scope

    @Test func standardVariantNormalisesAndDoubleEncodes() throws {
        let request = SigV4Request(method: "GET", path: "/a//b/./c%20d/../e%2Ff", headers: [.init("Host", "h")])
        let signed = try SigV4.signHeaders(request, credentials: credentials, scope: scope)
        #expect(signed.canonicalRequest.split(separator: "\n")[1] == "/a/b/e%252Ff")
    }

    @Test func s3VariantSignsThePathAsSent() throws {
        let request = SigV4Request(
            method: "PUT", path: "/my-object//example//photo.user%20x", headers: [.init("Host", "bucket.s3.amazonaws.com")],
            payload: .bytes(Array("hello".utf8)))
        let signed = try SigV4.signHeaders(request, credentials: credentials, scope: scope, options: .s3)
        let lines = signed.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "/my-object//example//photo.user%20x")
        let sha = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"  // SHA-256("hello")
        #expect(signed.request.header("x-amz-content-sha256") == sha)
        #expect(lines.last.map(String.init) == sha)
        #expect(signed.request.header("Authorization")!.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"))
    }

    @Test func unsignedPayloadForPresignedS3() throws {
        let request = SigV4Request(method: "GET", path: "/k", headers: [.init("Host", "b.s3.amazonaws.com")], payload: .unsigned)
        let signed = try SigV4.presign(request, credentials: credentials, scope: scope, expires: 60, options: .s3)
        #expect(signed.canonicalRequest.hasSuffix("\nUNSIGNED-PAYLOAD"))
        #expect(signed.request.query.hasPrefix("X-Amz-Algorithm=AWS4-HMAC-SHA256&"))
        #expect(signed.request.query.contains("&X-Amz-Signature=\(signed.signature)"))
    }

    @Test func unsignedHeadersAreLeftOut() throws {
        let request = SigV4Request(
            method: "GET", path: "/", headers: [.init("Host", "h"), .init("User-Agent", "x"), .init("X-Amzn-Trace-Id", "t")])
        let signed = try SigV4.signHeaders(request, credentials: credentials, scope: scope)
        #expect(signed.request.header("Authorization")!.contains("SignedHeaders=host;x-amz-date,"))
    }

    @Test func badRequestsAreRejectedByName() {
        #expect(throws: AWSError(.invalidRequest, "")) {
            try SigV4.signHeaders(SigV4Request(method: "GET", path: "/"), credentials: credentials, scope: scope)
        }
        do {
            let bad = SigV4Request(method: "GET", path: "/", headers: [.init("Host", "h"), .init("X-Evil", "a\r\nb")])
            _ = try SigV4.signHeaders(bad, credentials: credentials, scope: scope)
            Issue.record("a header with CRLF was signed")
        } catch {
            #expect(error.reason == "header 'X-Evil' contains a line break")
        }
        #expect(throws: AWSError(.invalidRequest, "")) {
            try SigV4.presign(
                SigV4Request(method: "GET", path: "/", headers: [.init("Host", "h")]), credentials: credentials, scope: scope,
                expires: 604_801)
        }
    }

    @Test func credentialsNeverPrintTheirSecrets() throws {
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        let token = "SESSIONTOKENVALUE123"
        let c = try AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Array(secret.utf8), sessionToken: Array(token.utf8))
        var dumped = ""
        dump(c, to: &dumped)
        for text in ["\(c)", String(describing: c), String(reflecting: c), dumped] {
            #expect(!text.contains(secret))
            #expect(!text.contains(token))
            #expect(!text.contains("AKIDEXAMPLE"))
        }
        #expect(throws: AWSError(.invalidConfiguration, "")) {
            try AWSCredentials(accessKeyID: "AKID", secretAccessKey: [UInt8]())
        }
    }

    @Test(arguments: [
        ("2015-08-30T12:36:00Z", Int64(1_440_938_160)),
        ("2015-08-30T12:36:00.123Z", 1_440_938_160),
        ("2015-08-30T14:36:00+02:00", 1_440_938_160),
        ("1970-01-01T00:00:00Z", 0),
        ("2024-02-29T23:59:59Z", 1_709_251_199),
    ])
    func parsesRFC3339(_ text: String, _ epoch: Int64) {
        #expect(AWSDate.parseISO8601(text) == epoch)
    }

    @Test(arguments: ["2015-08-30 12:36:00Z", "2015-13-30T12:36:00Z", "2015-08-30T12:36:00", "garbage"])
    func rejectsMalformedTimestamps(_ text: String) {
        #expect(AWSDate.parseISO8601(text) == nil)
    }

    @Test func formatsAmzDate() {
        #expect(AWSDate.amzDate(epochSeconds: 1_440_938_160) == "20150830T123600Z")
        #expect(AWSDate.iso8601(epochSeconds: 1_709_251_199) == "2024-02-29T23:59:59Z")
    }
}
