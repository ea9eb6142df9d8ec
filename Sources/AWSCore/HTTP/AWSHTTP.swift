/// The one HTTP exchange the AWS layer needs, so that credential providers and clients are written
/// against a protocol and the transport (AsyncHTTPClient in `AWSClients`) is a thin executor.
package protocol AWSHTTPTransport: Sendable {
    /// Sends one request and returns the complete response.
    ///
    /// - Throws: ``AWSError/Code/transport`` when the connection fails or drops,
    ///   ``AWSError/Code/timeout`` when `timeoutSeconds` passes first.
    func send(_ request: AWSHTTPRequest, timeoutSeconds: Double) async throws(AWSError) -> AWSHTTPResponse
}

/// An HTTP request: absolute URL, method, headers and body.
package struct AWSHTTPRequest: Sendable {
    package var method: String
    /// `scheme://host[:port]`, without a trailing slash.
    package var origin: String
    /// The request-line path, percent-encoded, starting with `/`.
    package var path: String
    /// The raw query, without `?`.
    package var query: String
    package var headers: [SigV4Request.HTTPField]
    package var body: [UInt8]

    package init(method: String, origin: String, path: String = "/", query: String = "", headers: [SigV4Request.HTTPField] = [], body: [UInt8] = []) {
        self.method = method
        self.origin = origin
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The full URL text.
    package var url: String { origin + path + (query.isEmpty ? "" : "?" + query) }
}

/// An HTTP response with its complete body.
package struct AWSHTTPResponse: Sendable {
    package var status: Int
    package var headers: [SigV4Request.HTTPField]
    package var body: [UInt8]

    package init(status: Int, headers: [SigV4Request.HTTPField] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive).
    package func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }
}
