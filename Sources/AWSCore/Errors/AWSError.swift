/// The one error type of the AWS layer: what failed, the AWS error code and request id when AWS
/// answered, and where it was thrown.
///
/// Equality compares ``code`` only, following `ASN1Error`. The message never contains credentials:
/// request signing, credential loading and response parsing all build their messages from names,
/// never from secret values.
package struct AWSError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure; extensible.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Backing: Hashable, Sendable {
            case invalidRequest, invalidConfiguration, credentialsNotFound, credentialsExpired
            case service, transport, timeout, retriesExhausted, invalidResponse
        }
        private let backing: Backing
        private init(_ backing: Backing) { self.backing = backing }

        /// A request could not be built or signed (bad path, header or parameter).
        package static let invalidRequest = Code(.invalidRequest)
        /// Configuration (a profile, a file, an endpoint URL, a region) is malformed or missing.
        package static let invalidConfiguration = Code(.invalidConfiguration)
        /// No provider in the credential chain produced credentials.
        package static let credentialsNotFound = Code(.credentialsNotFound)
        /// Credentials were found but have expired and could not be refreshed.
        package static let credentialsExpired = Code(.credentialsExpired)
        /// AWS answered with an error (see ``AWSError/awsCode``, ``AWSError/requestID``).
        package static let service = Code(.service)
        /// The connection failed or was dropped before a complete response arrived.
        package static let transport = Code(.transport)
        /// A request, or the whole retried operation, ran past its time limit.
        package static let timeout = Code(.timeout)
        /// Every attempt the retry policy allows failed with a retryable error.
        package static let retriesExhausted = Code(.retriesExhausted)
        /// AWS answered with something that is not the documented shape.
        package static let invalidResponse = Code(.invalidResponse)

        package var description: String { "\(backing)" }
    }

    /// The kind of failure.
    package let code: Code
    /// What went wrong, in words; never contains a secret.
    package let reason: String
    /// The AWS error code (`ThrottlingException`, `ConditionalCheckFailedException`, …), for ``Code/service``.
    package let awsCode: String?
    /// The HTTP status AWS answered with, for ``Code/service``.
    package let httpStatus: Int?
    /// The AWS request id (`x-amzn-RequestId`), when AWS sent one.
    package let requestID: String?
    /// Where the error was thrown.
    package let file: String
    package let line: Int

    /// Creates an error.
    package init(
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

    package static func == (lhs: AWSError, rhs: AWSError) -> Bool { lhs.code == rhs.code }

    package var description: String {
        var text = "AWSError.\(code): \(reason)"
        if let awsCode { text += " [\(awsCode)" + (httpStatus.map { ", HTTP \($0)" } ?? "") + "]" }
        if let requestID { text += " (request id \(requestID))" }
        return text
    }
}
