#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The JSON that the container endpoint and IMDS return (wire DTO, no logic beyond conversion).
///
/// `{"AccessKeyId", "SecretAccessKey", "Token", "Expiration", "Code"?}`. Decoded values live only
/// until ``credentials(source:)`` copies them into ``AWSCredentials``.
package struct CredentialsDocument: Decodable {
    let AccessKeyId: String
    let SecretAccessKey: String
    let Token: String?
    let Expiration: String?
    let Code: String?

    /// Decodes `body` and converts it.
    ///
    /// - Throws: ``AWSError/Code/invalidResponse`` naming `source` and the missing or bad field.
    package static func credentials(from body: [UInt8], source: String) throws(AWSError) -> AWSCredentials {
        let document: CredentialsDocument
        do {
            document = try JSONDecoder().decode(CredentialsDocument.self, from: Data(body))
        } catch {
            throw AWSError(.invalidResponse, "\(source) returned a credentials document that is not the expected JSON")
        }
        if let code = document.Code, code != "Success" {
            throw AWSError(.invalidResponse, "\(source) answered Code=\(code)")
        }
        var expiration: Int64?
        if let text = document.Expiration {
            guard let parsed = AWSDate.parseISO8601(text) else {
                throw AWSError(.invalidResponse, "\(source) returned an Expiration that is not RFC 3339")
            }
            expiration = parsed
        }
        return try AWSCredentials(
            accessKeyID: document.AccessKeyId, secretAccessKey: Array(document.SecretAccessKey.utf8),
            sessionToken: document.Token.map { Array($0.utf8) }, expiration: expiration)
    }
}
