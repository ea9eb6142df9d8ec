import Secrets
import Crypto

/// The result of signing: the signed request and the intermediate texts, for diagnosis and tests.
package struct SigV4Signature: Sendable {
    /// The request with `Authorization` (header signing) or the `X-Amz-*` query (presigning) added.
    package let request: SigV4Request
    /// The canonical request that was hashed.
    package let canonicalRequest: String
    /// The string to sign.
    package let stringToSign: String
    /// The signature, lower-case hex.
    package let signature: String
}

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`): header signing and presigned query strings.
///
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
/// Pure: no clock and no I/O; the signing time comes in ``SigV4Scope``. The HMAC chain runs on
/// the secret inside swift-crypto's `SymmetricKey`; the `"AWS4" + secret` scratch is wiped.
package enum SigV4 {
    static let algorithm = "AWS4-HMAC-SHA256"

    /// Signs with an `Authorization` header.
    ///
    /// Sets `X-Amz-Date` (replacing any), adds `X-Amz-Security-Token` for temporary credentials and
    /// `x-amz-content-sha256` when the options ask, then signs every header but the few proxies change.
    /// - Throws: ``AWSError/Code/invalidRequest`` for a request without `Host` or with a malformed header.
    package static func signHeaders(
        _ request: SigV4Request, credentials: AWSCredentials, scope: SigV4Scope, options: SigV4Options = .standard
    ) throws(AWSError) -> SigV4Signature {
        var signed = request
        signed.removeHeader("authorization")
        signed.removeHeader("x-amz-date")
        signed.headers.append(.init("X-Amz-Date", scope.amzDate))
        let token = credentials.sessionToken
        if let token, options.sessionToken == .signed {
            signed.removeHeader("x-amz-security-token")
            signed.headers.append(.init("X-Amz-Security-Token", token))
        }
        let payloadHash = payloadHash(request.payload)
        if options.addContentSHA256Header {
            signed.removeHeader("x-amz-content-sha256")
            signed.headers.append(.init("x-amz-content-sha256", payloadHash))
        }
        guard signed.header("host") != nil else { throw AWSError(.invalidRequest, "the request has no Host header") }
        let headers = try SigV4Canonical.canonicalHeaders(signed.headers)
        let canonical = canonicalRequest(
            signed, options: options, query: SigV4Canonical.queryPairs(signed.query), headers: headers, payloadHash: payloadHash)
        let (stringToSign, signature) = sign(canonical, credentials: credentials, scope: scope)
        signed.headers.append(
            .init(
                "Authorization",
                "\(algorithm) Credential=\(credentials.accessKeyID)/\(scope.credentialScope), SignedHeaders=\(headers.signed), Signature=\(signature)"
            ))
        if let token, options.sessionToken == .appendedAfterSigning {
            signed.removeHeader("x-amz-security-token")
            signed.headers.append(.init("X-Amz-Security-Token", token))
        }
        return SigV4Signature(request: signed, canonicalRequest: canonical, stringToSign: stringToSign, signature: signature)
    }

    /// Signs in the query string (a presigned URL) valid for `expires` seconds.
    ///
    /// - Parameter expires: 1 to 604 800 seconds (seven days), as AWS allows.
    /// - Throws: ``AWSError/Code/invalidRequest`` for an out-of-range `expires`, a missing `Host` or a
    ///   malformed header.
    package static func presign(
        _ request: SigV4Request, credentials: AWSCredentials, scope: SigV4Scope, expires: Int,
        options: SigV4Options = .standard
    ) throws(AWSError) -> SigV4Signature {
        guard (1...604_800).contains(expires) else {
            throw AWSError(.invalidRequest, "presign expiry must be 1...604800 seconds, got \(expires)")
        }
        guard request.header("host") != nil else { throw AWSError(.invalidRequest, "the request has no Host header") }
        var signed = request
        let headers = try SigV4Canonical.canonicalHeaders(signed.headers)
        var added: [(String, String)] = [
            ("X-Amz-Algorithm", algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope.credentialScope)"),
            ("X-Amz-Date", scope.amzDate),
            ("X-Amz-SignedHeaders", headers.signed),
            ("X-Amz-Expires", String(expires)),
        ]
        let token = credentials.sessionToken
        if let token, options.sessionToken == .signed { added.append(("X-Amz-Security-Token", token)) }
        let payloadHash = payloadHash(request.payload)
        let canonical = canonicalRequest(
            signed, options: options, query: SigV4Canonical.queryPairs(signed.query) + added, headers: headers,
            payloadHash: payloadHash)
        let (stringToSign, signature) = sign(canonical, credentials: credentials, scope: scope)
        if let token, options.sessionToken == .appendedAfterSigning { added.append(("X-Amz-Security-Token", token)) }
        added.append(("X-Amz-Signature", signature))
        let extra = added.map { "\($0.0)=\(SigV4Canonical.uriEncode($0.1))" }.joined(separator: "&")
        signed.query = signed.query.isEmpty ? extra : signed.query + "&" + extra
        return SigV4Signature(request: signed, canonicalRequest: canonical, stringToSign: stringToSign, signature: signature)
    }

    /// Lower-case hex SHA-256 of the payload, or `UNSIGNED-PAYLOAD`.
    static func payloadHash(_ payload: SigV4Request.Payload) -> String {
        switch payload {
        case .bytes(let body): Base16.lowercase(SHA256.hash(data: body))
        case .unsigned: "UNSIGNED-PAYLOAD"
        case .precomputedSHA256(let hash): hash
        }
    }

    /// `Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n HashedPayload`.
    static func canonicalRequest(
        _ request: SigV4Request, options: SigV4Options, query: [(String, String)],
        headers: (canonical: String, signed: String), payloadHash: String
    ) -> String {
        [
            request.method.uppercased(),
            SigV4Canonical.canonicalURI(request.path, options: options),
            SigV4Canonical.canonicalQuery(query),
            headers.canonical,
            headers.signed,
            payloadHash,
        ].joined(separator: "\n")
    }

    /// String to sign and signature:
    /// `StringToSign = Algorithm \n RequestDateTime \n CredentialScope \n Hex(SHA256(CanonicalRequest))`,
    /// `kDate = HMAC("AWS4" + kSecret, Date)`, `kRegion = HMAC(kDate, Region)`,
    /// `kService = HMAC(kRegion, Service)`, `kSigning = HMAC(kService, "aws4_request")`,
    /// `signature = Hex(HMAC(kSigning, StringToSign))`.
    static func sign(_ canonicalRequest: String, credentials: AWSCredentials, scope: SigV4Scope) -> (String, String) {
        let stringToSign = [
            algorithm, scope.amzDate, scope.credentialScope,
            Base16.lowercase(SHA256.hash(data: Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")
        let kSecret = credentials.withSecretAccessKey { secret in
            var scratch = Array("AWS4".utf8) + Array(secret)
            defer { scratch.wipe() }
            return SymmetricKey(data: scratch)
        }
        let kDate = hmac(kSecret, scope.dateStamp)
        let kRegion = hmac(kDate, scope.region)
        let kService = hmac(kRegion, scope.service)
        let kSigning = hmac(kService, "aws4_request")
        let signature = HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: kSigning)
        return (stringToSign, Base16.lowercase(signature))
    }

    private static func hmac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
        SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key))
    }
}
