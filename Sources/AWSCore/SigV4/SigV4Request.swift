/// An HTTP request as SigV4 sees it: method, path, raw query, headers and payload.
///
/// `path` and `query` are what goes on the request line (normally percent-encoded already);
/// `headers` keep their order and may repeat a name. Signing adds headers or query parameters to
/// a copy and returns it inside ``SigV4Signature``.
package struct SigV4Request: Sendable {
    /// The HTTP method, e.g. `POST`.
    package var method: String
    /// The request-line path, starting with `/`.
    package var path: String
    /// The request-line query, without the leading `?`; empty when there is none.
    package var query: String
    /// Header fields in order; names compare case-insensitively.
    package var headers: [HTTPField]
    /// The payload, as it enters the canonical request.
    package var payload: Payload

    /// One header field.
    package struct HTTPField: Sendable, Equatable {
        package var name: String
        package var value: String
        package init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// How the payload is represented in the canonical request's last line.
    package enum Payload: Sendable {
        /// The body bytes; their SHA-256 is signed.
        case bytes([UInt8])
        /// `UNSIGNED-PAYLOAD` (S3 presigned URLs and streaming uploads).
        case unsigned
        /// A SHA-256 already computed by the caller, lower-case hex.
        case precomputedSHA256(String)
    }

    package init(method: String, path: String, query: String = "", headers: [HTTPField] = [], payload: Payload = .bytes([])) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payload = payload
    }

    /// The first value of header `name` (case-insensitive), if present.
    package func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }

    /// Removes every field named `name` (case-insensitive).
    package mutating func removeHeader(_ name: String) {
        let lower = name.lowercased()
        headers.removeAll { $0.name.lowercased() == lower }
    }
}
