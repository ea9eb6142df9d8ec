import AWSCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The error body of the AWS JSON protocols (wire DTO): `{"__type": "...#Code", "message": "..."}`.
struct AWSErrorResponse: Decodable {
    let __type: String?
    let message: String?
    let Message: String?

    /// An ``AWSError`` for a non-2xx `response` to `operation`, with every secret of `credentials`
    /// scrubbed from AWS's message (some rejections echo the canonical request, token included).
    static func error(operation: String, response: AWSHTTPResponse, credentials: AWSCredentials?) -> AWSError {
        let decoded = try? JSONDecoder().decode(AWSErrorResponse.self, from: Data(response.body))
        let xml = decoded == nil ? xmlError(response.body) : nil
        var code = response.header("x-amzn-ErrorType") ?? decoded?.__type ?? xml?.code
        // "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException" or "Code:http://…".
        if let c = code {
            code = String(c.split(separator: "#").last ?? Substring(c)).split(separator: ":").first.map(String.init)
        }
        var message = decoded?.message ?? decoded?.Message ?? xml?.message ?? "HTTP \(response.status) without an error body"
        if let credentials { message = scrub(message, credentials) }
        let requestID = response.header("x-amzn-RequestId") ?? response.header("x-amz-request-id")
        return AWSError(.service, "\(operation): \(message)", awsCode: code, httpStatus: response.status, requestID: requestID)
    }

    /// `<Code>` and `<Message>` of an XML error body, which AWS's front end sends for some
    /// authentication failures even to JSON-protocol services.
    static func xmlError(_ body: [UInt8]) -> (code: String?, message: String?)? {
        let text = String(decoding: body, as: UTF8.self)
        let code = XMLText.text(["Code"], in: text)
        let message = XMLText.text(["Message"], in: text)
        return code == nil && message == nil ? nil : (code, message)
    }

    /// Replaces any secret of `credentials` that occurs in `text`.
    static func scrub(_ text: String, _ credentials: AWSCredentials) -> String {
        var out = Array(text.utf8)
        if let token = credentials.sessionToken, !token.isEmpty { out = replacing(Array(token.utf8), in: out) }
        credentials.withSecretAccessKey { secret in
            if !secret.isEmpty { out = replacing(secret, in: out) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` with every occurrence of `needle` replaced by `<redacted>`, matched byte for byte in
    /// UTF-8 (so a secret is found whatever text surrounds it).
    private static func replacing(_ needle: some Collection<UInt8>, in text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            if i + needle.count <= text.count, text[i..<(i + needle.count)].elementsEqual(needle) {
                out += "<redacted>".utf8
                i += needle.count
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }
}
