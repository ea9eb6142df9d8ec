package import AWSCore
package import EnclaveProtocol
import Secrets
import Synchronization

/// The enclave's AWS credentials: what the parent last sent (it fetches the instance role's
/// temporary credentials from IMDSv2; the enclave cannot reach IMDS).
package final class ParentCredentials: AWSCredentialProvider {
    private let current = Mutex<AWSCredentials?>(nil)
    package var name: String { "the parent instance" }

    package init() {}

    /// Takes credentials from a start or credentials message.
    ///
    /// - Throws: ``AWSError`` when they are not usable credentials (empty or not visible ASCII).
    package func update(_ credentials: TemporaryCredentials) throws(AWSError) {
        var secret = credentials.secretAccessKey.withUnsafeBytes { Array($0) }
        var token = credentials.sessionToken?.withUnsafeBytes { Array($0) }
        defer {
            secret.wipe()
            token?.wipe()
        }
        let made = try AWSCredentials(accessKeyID: credentials.accessKeyID, secretAccessKey: secret, sessionToken: token, expiration: credentials.expiration)
        current.withLock { $0 = made }
    }

    package func load() async throws(AWSError) -> AWSCredentials? {
        guard let credentials = current.withLock({ $0 }) else {
            throw AWSError(.invalidConfiguration, "no credentials yet: the parent has not started the enclave")
        }
        return credentials
    }
}
