#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The portal's answers (wire DTOs).
package enum SSORoleCredentials {
    private struct Body: Decodable {
        struct Role: Decodable {
            let accessKeyId: String?
            let secretAccessKey: String?
            let sessionToken: String?
            let expiration: Int64?
        }
        let roleCredentials: Role?
    }

    private struct ErrorBody: Decodable {
        let message: String?
        let Message: String?
    }

    /// The credentials in a `GetRoleCredentials` body; `expiration` (milliseconds) becomes seconds.
    ///
    /// - Throws: ``AWSError/Code/invalidResponse`` naming the missing field, never a value.
    package static func credentials(from body: [UInt8]) throws(AWSError) -> AWSCredentials {
        let decoded: Body
        do {
            decoded = try JSONDecoder().decode(Body.self, from: Data(body))
        } catch {
            throw AWSError(.invalidResponse, "SSO GetRoleCredentials answered with something that is not its JSON")
        }
        guard let role = decoded.roleCredentials else { throw AWSError(.invalidResponse, "SSO GetRoleCredentials answered without roleCredentials") }
        guard let id = role.accessKeyId, let secret = role.secretAccessKey, let token = role.sessionToken, let expiration = role.expiration else {
            throw AWSError(.invalidResponse, "SSO GetRoleCredentials answered with incomplete roleCredentials")
        }
        return try AWSCredentials(
            accessKeyID: id, secretAccessKey: Array(secret.utf8), sessionToken: Array(token.utf8), expiration: expiration / 1000)
    }

    /// `message` of an error body, or a placeholder.
    static func errorMessage(_ body: [UInt8]) -> String {
        let decoded = try? JSONDecoder().decode(ErrorBody.self, from: Data(body))
        return decoded?.message ?? decoded?.Message ?? "no error message"
    }
}
