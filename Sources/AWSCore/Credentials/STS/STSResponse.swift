import Secrets

/// STS Query-protocol responses: the credentials of `AssumeRole` / `AssumeRoleWithWebIdentity`
/// and the error body.
///
/// Success (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html):
/// `<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId/><SecretAccessKey/>
/// <SessionToken/><Expiration>2011-07-15T23:28:33.359Z</Expiration></Credentials>…`.
/// Error: `<ErrorResponse><Error><Code/><Message/></Error><RequestId/></ErrorResponse>`.
/// Outside bytes: never traps, and no message quotes a value from the body but the error's own text.
package enum STSResponse {
    /// The credentials in a 2xx body of `action` (`AssumeRole`, `AssumeRoleWithWebIdentity`).
    ///
    /// - Returns: credentials with their `Expiration` as epoch seconds.
    /// - Throws: ``AWSError/Code/invalidResponse`` naming the missing or malformed field.
    package static func credentials(from body: [UInt8], action: String) throws(AWSError) -> AWSCredentials {
        let text = String(decoding: body, as: UTF8.self)
        guard let result = XMLText.element("\(action)Result", in: text[...]), let document = XMLText.element("Credentials", in: result)
        else {
            throw AWSError(.invalidResponse, "STS \(action) answered without \(action)Result/Credentials")
        }
        func field(_ name: String) throws(AWSError) -> String {
            guard let value = XMLText.text([name], in: document), !value.isEmpty else {
                throw AWSError(.invalidResponse, "STS \(action) answered without a usable Credentials/\(name)")
            }
            return String(value.trimmingWhitespace().filter { $0 != "\n" })
        }
        let id = try field("AccessKeyId")
        var secret = Array(try field("SecretAccessKey").utf8)
        var token = Array(try field("SessionToken").utf8)
        defer {
            secret.wipe()
            token.wipe()
        }
        guard let expiration = AWSDate.parseISO8601(try field("Expiration")) else {
            throw AWSError(.invalidResponse, "STS \(action) answered with an Expiration that is not RFC 3339")
        }
        return try AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token, expiration: expiration)
    }

    /// An ``AWSError/Code/service`` error for a non-2xx answer to `action`, with every string of
    /// `secrets` replaced in AWS's message (a rejection may echo what it was sent).
    package static func error(action: String, response: AWSHTTPResponse, redacting secrets: [String]) -> AWSError {
        let text = String(decoding: response.body.prefix(64 << 10), as: UTF8.self)
        let code = XMLText.text(["Error", "Code"], in: text)
        var message = XMLText.text(["Error", "Message"], in: text) ?? "HTTP \(response.status) without an error body"
        for secret in secrets where !secret.isEmpty {
            message = message.replacingAll(secret, with: "<redacted>")
        }
        let requestID = response.header("x-amzn-RequestId") ?? XMLText.text(["RequestId"], in: text)
        return AWSError(.service, "STS \(action): \(message)", awsCode: code, httpStatus: response.status, requestID: requestID)
    }
}

extension String {
    /// Every occurrence of `needle` replaced (no Foundation).
    func replacingAll(_ needle: String, with replacement: String) -> String {
        guard !needle.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: needle) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}
