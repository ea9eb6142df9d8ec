import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Secrets

/// The access token that `aws sso login` leaves in `~/.aws/sso/cache/<key>.json`.
///
/// The file is named by the lower-case hex SHA-1 of the `sso_session` name, or of the
/// `sso_start_url` for a legacy profile; it holds `{"accessToken", "expiresAt" (RFC 3339; the
/// CLI v1 wrote `…UTC`), …}`. EtherKeep reads the token and never writes the cache: refreshing it
/// through SSO OIDC is left to `aws sso login`.
/// See https://docs.aws.amazon.com/sdkref/latest/guide/understanding-sso.html
package enum SSOTokenCache {
    /// `~/.aws/sso/cache/<sha1(key) hex>.json`, or `nil` without a home directory.
    package static func path(key: String, home: String?) -> String? {
        guard let home else { return nil }
        let digest = Insecure.SHA1.hash(data: Array(key.utf8))
        return home + "/.aws/sso/cache/" + digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() + ".json"
    }

    /// The cache file's JSON (wire DTO).
    private struct Entry: Decodable {
        let accessToken: String?
        let expiresAt: String?
    }

    /// The access token and its expiry (epoch seconds) in a cache file's `bytes`.
    ///
    /// - Throws: ``AWSError/Code/invalidConfiguration`` when the file is not the CLI's JSON or lacks
    ///   `accessToken` or a readable `expiresAt`; never quotes the file.
    package static func token(from bytes: [UInt8], path: String) throws(AWSError) -> (accessToken: String, expiresAt: Int64) {
        let entry: Entry
        do {
            entry = try JSONDecoder().decode(Entry.self, from: Data(bytes))
        } catch {
            throw AWSError(.invalidConfiguration, "the SSO token cache \(path) is not the AWS CLI's JSON")
        }
        guard let token = entry.accessToken, !token.isEmpty else {
            throw AWSError(.invalidConfiguration, "the SSO token cache \(path) has no accessToken")
        }
        guard let text = entry.expiresAt, let expiresAt = parseExpiry(text) else {
            throw AWSError(.invalidConfiguration, "the SSO token cache \(path) has no readable expiresAt")
        }
        return (token, expiresAt)
    }

    /// RFC 3339, or the CLI v1's `2019-11-14T04:05:45UTC`.
    static func parseExpiry(_ text: String) -> Int64? {
        if text.hasSuffix("UTC") { return AWSDate.parseISO8601(String(text.dropLast(3)) + "Z") }
        return AWSDate.parseISO8601(text)
    }

    /// Reads the token for `key` and checks it has not expired at `now`.
    ///
    /// - Parameter login: the command that renews it (`aws sso login --sso-session corp`), for messages.
    /// - Throws: ``AWSError/Code/credentialsNotFound`` when the file is missing,
    ///   ``AWSError/Code/credentialsExpired`` when the token has expired (both say to run `login`),
    ///   ``AWSError/Code/invalidConfiguration`` for a malformed file.
    package static func read(key: String, environment: AWSEnvironment, now: Int64, login: String) throws(AWSError) -> String {
        guard let path = path(key: key, home: environment.home) else {
            throw AWSError(.credentialsNotFound, "no home directory for the SSO token cache; run \(login)")
        }
        guard var bytes = try AWSEnvironment.readFile(path) else {
            throw AWSError(.credentialsNotFound, "no SSO token in \(path); run \(login)")
        }
        defer { bytes.wipe() }
        let (token, expiresAt) = try token(from: bytes, path: path)
        guard expiresAt > now else {
            throw AWSError(.credentialsExpired, "the SSO token in \(path) expired at \(AWSDate.iso8601(epochSeconds: expiresAt)); run \(login)")
        }
        return token
    }
}
