import LambdaRuntime

/// What a function reports when it cannot do what the payload asks: the `errorType` Lambda
/// returns to the caller, and a message naming what is wrong (never a secret).
package struct LambdaFunctionsError: Error, Hashable, LambdaFunctionError, CustomStringConvertible {
    /// The kind of failure, used as Lambda's `errorType`. Extensible: switch with a `default`.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let description: String
        private init(_ name: String) { self.description = name }

        /// The payload is not what the function accepts (missing or unknown field, wrong type, bad value).
        package static let invalidPayload = Code("InvalidPayload")
        /// The function's environment is incomplete (a missing variable): an init error.
        package static let invalidConfiguration = Code("InvalidConfiguration")
        /// An AWS service (KMS, DynamoDB) failed.
        package static let serviceFailure = Code("ServiceFailure")
        /// A self-check failed: nothing was written.
        package static let selfCheckFailed = Code("SelfCheckFailed")
        /// The validator signer could not be reached, did not present the pinned certificate, or
        /// answered with an error (or no certificate has been set for it yet).
        package static let signerFailure = Code("SignerFailure")
    }

    package let code: Code
    package let reason: String
    /// The AWS error code (`AccessDeniedException`, …) when the failure wraps an ``AWSError`` that
    /// carried one, kept so callers can act on it without parsing ``reason``.
    package let awsCode: String?
    /// Where the error was thrown (`#fileID`, `#line`).
    package let file: String
    package let line: Int

    package init(_ code: Code, _ reason: String, awsCode: String? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.awsCode = awsCode
        self.file = file
        self.line = line
    }

    package var lambdaErrorType: String { code.description }
    package var lambdaErrorMessage: String { reason }
    package var description: String { "\(code): \(reason)" }

    /// Equality compares the code only.
    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    package func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
