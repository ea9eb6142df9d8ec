/// The one error type of the AWS layer: what failed, the AWS error code and request id when AWS
/// answered, and where it was thrown.
///
/// Equality compares ``code`` only, following `ASN1Error`. The message never contains credentials:
/// request signing, credential loading and response parsing all build their messages from names,
/// never from secret values.
public struct AWSError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure; extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: Hashable, Sendable {
            case invalidRequest, invalidConfiguration, credentialsNotFound, credentialsExpired
            case service, transport, timeout, retriesExhausted, invalidResponse
        }
        private let backing: Backing
        private init(_ backing: Backing) { self.backing = backing }

        /// A request could not be built or signed (bad path, header or parameter).
        public static let invalidRequest = Code(.invalidRequest)
        /// Configuration (a profile, a file, an endpoint URL, a region) is malformed or missing.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// No provider in the credential chain produced credentials.
        public static let credentialsNotFound = Code(.credentialsNotFound)
        /// Credentials were found but have expired and could not be refreshed.
        public static let credentialsExpired = Code(.credentialsExpired)
        /// AWS answered with an error (see ``AWSError/awsCode``, ``AWSError/requestID``).
        public static let service = Code(.service)
        /// The connection failed or was dropped before a complete response arrived.
        public static let transport = Code(.transport)
        /// A request, or the whole retried operation, ran past its time limit.
        public static let timeout = Code(.timeout)
        /// Every attempt the retry policy allows failed with a retryable error.
        public static let retriesExhausted = Code(.retriesExhausted)
        /// AWS answered with something that is not the documented shape.
        public static let invalidResponse = Code(.invalidResponse)

        public var description: String { "\(backing)" }
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong, in words; never contains a secret.
    public let reason: String
    /// The AWS error code (`ThrottlingException`, `ConditionalCheckFailedException`, …), for ``Code/service``.
    public let awsCode: String?
    /// The HTTP status AWS answered with, for ``Code/service``.
    public let httpStatus: Int?
    /// The AWS request id (`x-amzn-RequestId`), when AWS sent one.
    public let requestID: String?
    /// Where the error was thrown.
    public let file: String
    public let line: Int

    /// Creates an error.
    public init(
        _ code: Code, _ reason: String, awsCode: String? = nil, httpStatus: Int? = nil,
        requestID: String? = nil, file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.reason = reason
        self.awsCode = awsCode
        self.httpStatus = httpStatus
        self.requestID = requestID
        self.file = file
        self.line = line
    }

    public static func == (lhs: AWSError, rhs: AWSError) -> Bool { lhs.code == rhs.code }

    public var description: String {
        var text = "AWSError.\(code): \(reason)"
        if let awsCode { text += " [\(awsCode)" + (httpStatus.map { ", HTTP \($0)" } ?? "") + "]" }
        if let requestID { text += " (request id \(requestID))" }
        return text
    }
}
