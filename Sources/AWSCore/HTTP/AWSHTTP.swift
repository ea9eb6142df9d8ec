/// The one HTTP exchange the AWS layer needs, so that credential providers and clients are written
/// against a protocol and the transport (AsyncHTTPClient in `AWSClients`) is a thin executor.
public protocol AWSHTTPTransport: Sendable {
    /// Sends one request and returns the complete response.
    ///
    /// - Throws: ``AWSError/Code/transport`` when the connection fails or drops,
    ///   ``AWSError/Code/timeout`` when `timeoutSeconds` passes first.
    func send(_ request: AWSHTTPRequest, timeoutSeconds: Double) async throws(AWSError) -> AWSHTTPResponse
}

/// An HTTP request: absolute URL, method, headers and body.
public struct AWSHTTPRequest: Sendable {
    public var method: String
    /// `scheme://host[:port]`, without a trailing slash.
    public var origin: String
    /// The request-line path, percent-encoded, starting with `/`.
    public var path: String
    /// The raw query, without `?`.
    public var query: String
    public var headers: [SigV4Request.HTTPField]
    public var body: [UInt8]

    public init(method: String, origin: String, path: String = "/", query: String = "", headers: [SigV4Request.HTTPField] = [], body: [UInt8] = []) {
        self.method = method
        self.origin = origin
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The full URL text.
    public var url: String { origin + path + (query.isEmpty ? "" : "?" + query) }
}

/// An HTTP response with its complete body.
public struct AWSHTTPResponse: Sendable {
    public var status: Int
    public var headers: [SigV4Request.HTTPField]
    public var body: [UInt8]

    public init(status: Int, headers: [SigV4Request.HTTPField] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }
}
