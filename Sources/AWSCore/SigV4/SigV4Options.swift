/// The choices that distinguish SigV4 variants.
///
/// Most services (KMS, DynamoDB, Secrets Manager) use ``standard``: the path is normalised
/// (RFC 3986 dot segments removed, repeated slashes collapsed) and URI-encoded once more ("double
/// encoding", since the request-line path is already encoded). S3 uses ``s3``: the path is signed
/// as sent, and the payload hash travels in `x-amz-content-sha256`.
/// See https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
package struct SigV4Options: Sendable {
    /// Remove `.`/`..` segments and collapse repeated `/` before encoding.
    package var normalizePath: Bool
    /// Percent-encode the path again (`%` becomes `%25`); when false, only characters that are not
    /// already legal in a path are encoded.
    package var encodePath: Bool
    /// Add `x-amz-content-sha256` with the payload hash to the signed headers (header signing only).
    package var addContentSHA256Header: Bool
    /// Where a session token goes.
    package var sessionToken: SessionTokenPlacement

    /// Where `X-Amz-Security-Token` is placed.
    package enum SessionTokenPlacement: Sendable {
        /// Added before signing and covered by the signature (what current services expect).
        case signed
        /// Added after the signature is computed, uncovered (some older services).
        case appendedAfterSigning
    }

    package init(
        normalizePath: Bool = true, encodePath: Bool = true, addContentSHA256Header: Bool = false,
        sessionToken: SessionTokenPlacement = .signed
    ) {
        self.normalizePath = normalizePath
        self.encodePath = encodePath
        self.addContentSHA256Header = addContentSHA256Header
        self.sessionToken = sessionToken
    }

    /// Every service but S3.
    package static let standard = SigV4Options()
    /// Amazon S3: no normalisation, no double encoding, `x-amz-content-sha256` signed.
    package static let s3 = SigV4Options(normalizePath: false, encodePath: false, addContentSHA256Header: true)
}

/// Who signs and for what: the credential scope's region and service plus the signing time.
package struct SigV4Scope: Sendable {
    package var region: String
    package var service: String
    /// Signing time, seconds since 1970 (UTC).
    package var epochSeconds: Int64

    package init(region: String, service: String, epochSeconds: Int64) {
        self.region = region
        self.service = service
        self.epochSeconds = epochSeconds
    }

    /// `yyyyMMdd'T'HHmmss'Z'`.
    var amzDate: String { AWSDate.amzDate(epochSeconds: epochSeconds) }
    /// `yyyyMMdd`.
    var dateStamp: String { String(amzDate.prefix(8)) }
    /// `<date>/<region>/<service>/aws4_request`.
    var credentialScope: String { "\(dateStamp)/\(region)/\(service)/aws4_request" }
}
