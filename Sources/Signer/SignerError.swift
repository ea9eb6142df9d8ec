public import HTTPTypes
public import Hummingbird
import Foundation

/// Why the signer refused a request or could not start.
///
/// One error type for the module (STYLE R8): an extensible ``Code``, a reason that never holds a
/// secret, and where it was thrown; equality compares the code only. It is also the one place
/// where outcomes become HTTP statuses (``status``), following Web3Signer's
/// `signing/paths/sign.yaml`: bad request 400, unknown key 404, slashing refusal 412, body too
/// large 413, store unavailable 503. The response body is `{"error": reason}`.
public struct SignerError: Error, Equatable, CustomStringConvertible, Sendable, HTTPResponseError {
    /// The kind of failure; extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case badRequest, unknownKey, refused, payloadTooLarge, unavailable, storage, configuration, keyLoading
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The request is malformed; the reason names the field (400).
        public static let badRequest = Code(.badRequest)
        /// No loaded key has the public key of the path (404).
        public static let unknownKey = Code(.unknownKey)
        /// Slashing protection refused to sign; the reason says why (412).
        public static let refused = Code(.refused)
        /// The body is larger than the signer accepts (413).
        public static let payloadTooLarge = Code(.payloadTooLarge)
        /// The slashing-protection store cannot be reached; nothing was signed (503).
        public static let unavailable = Code(.unavailable)
        /// The slashing-protection store failed otherwise; nothing was signed (500).
        public static let storage = Code(.storage)
        /// A start-up setting is wrong (TLS files, key sources, chain).
        public static let configuration = Code(.configuration)
        /// A key could not be loaded (the reason names the file or public key).
        public static let keyLoading = Code(.keyLoading)

        public var description: String { "\(base)" }
    }

    public let code: Code
    public let reason: String
    public let file: String
    public let line: Int

    public init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    public var description: String { "SignerError.\(code): \(reason)" }

    /// The HTTP status of this error.
    public var status: HTTPResponse.Status {
        switch code {
        case .badRequest: .badRequest
        case .unknownKey: .notFound
        case .refused: .preconditionFailed
        case .payloadTooLarge: .contentTooLarge
        case .unavailable: .serviceUnavailable
        default: .internalServerError
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = (try? JSONSerialization.data(withJSONObject: ["error": reason], options: [.sortedKeys])) ?? Data()
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
