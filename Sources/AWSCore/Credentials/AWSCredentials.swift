import Crypto

/// An AWS access key: key id, secret access key, optional session token and expiry.
///
/// The secret access key and the session token are held in swift-crypto's `SymmetricKey`
/// (zeroised on release) and reached only through ``withSecretAccessKey(_:)`` and
/// ``sessionToken``. The type is deliberately neither `Codable` nor `CustomStringConvertible`, and
/// its reflection shows only the key id's first four characters, so string interpolation, `print`
/// and `dump` never reveal a secret. Best effort: the token must become a `String` for the moment
/// it is written into a header.
package struct AWSCredentials: Sendable, CustomReflectable {
    /// The access key id (`AKIA…` or `ASIA…`). An identifier rather than a secret, but still not logged.
    package let accessKeyID: String
    private let secretAccessKey: SymmetricKey
    private let token: SymmetricKey?
    /// When temporary credentials stop working, in seconds since 1970; `nil` for long-term keys.
    package let expiration: Int64?

    /// Creates credentials from their parts.
    ///
    /// - Parameters:
    ///   - accessKeyID: the access key id.
    ///   - secretAccessKey: the secret access key's UTF-8 bytes (the caller wipes its copy).
    ///   - sessionToken: the session token's UTF-8 bytes, for temporary credentials.
    ///   - expiration: expiry in seconds since 1970.
    /// - Throws: ``AWSError/Code/invalidConfiguration`` when the key id or secret is empty, or any
    ///   of the three holds a byte outside visible ASCII (0x21–0x7E); the message never quotes them.
    package init(
        accessKeyID: String, secretAccessKey: [UInt8], sessionToken: [UInt8]? = nil, expiration: Int64? = nil
    ) throws(AWSError) {
        let secret = SymmetricKey(data: secretAccessKey)
        guard !accessKeyID.isEmpty else { throw AWSError(.invalidConfiguration, "the access key id is empty") }
        guard secret.bitCount > 0 else { throw AWSError(.invalidConfiguration, "the secret access key is empty") }
        // Visible ASCII only: a space, CR or LF (a key read from a file with its line end, or a
        // credential_process printing garbage) would otherwise fail only at the HTTP layer, retried.
        func visible(_ bytes: some Sequence<UInt8>) -> Bool { bytes.allSatisfy { (0x21...0x7e).contains($0) } }
        guard visible(accessKeyID.utf8) else {
            throw AWSError(.invalidConfiguration, "the access key id contains characters other than visible ASCII")
        }
        guard visible(secretAccessKey) else {
            throw AWSError(.invalidConfiguration, "the secret access key contains characters other than visible ASCII")
        }
        guard visible(sessionToken ?? []) else {
            throw AWSError(.invalidConfiguration, "the session token contains characters other than visible ASCII")
        }
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secret
        if let sessionToken {
            let t = SymmetricKey(data: sessionToken)
            self.token = t.bitCount > 0 ? t : nil
        } else {
            self.token = nil
        }
        self.expiration = expiration
    }

    /// Gives `body` the secret access key's UTF-8 bytes for the duration of the call.
    package func withSecretAccessKey<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try secretAccessKey.withUnsafeBytes(body)
    }

    /// The session token as text, for writing into `X-Amz-Security-Token`; `nil` for long-term keys.
    package var sessionToken: String? {
        token?.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the credentials have expired, or will within `margin` seconds, at `now`.
    package func expires(within margin: Int64, now: Int64) -> Bool {
        guard let expiration else { return false }
        return expiration - margin <= now
    }

    /// A redacted view: the key id's first four characters only.
    package var customMirror: Mirror {
        Mirror(self, children: ["accessKeyID": String(accessKeyID.prefix(4)) + "…", "secrets": "<redacted>"])
    }
}
