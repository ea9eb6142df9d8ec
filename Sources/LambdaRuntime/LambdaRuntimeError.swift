/// Every failure of the Lambda runtime loop itself (not of a handler): the runtime API answered
/// something unexpected, could not be reached, or the environment is incomplete.
///
/// Messages name what went wrong (the path, the status, the missing header); they never carry
/// event or response bodies.
package struct LambdaRuntimeError: Error, Hashable, CustomStringConvertible {
    /// What kind of failure this is. Extensible: switch with a `default`.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// `AWS_LAMBDA_RUNTIME_API` (or another required variable) is missing or malformed.
        package static let invalidEnvironment = Code("invalidEnvironment")
        /// The runtime API could not be reached or the connection failed.
        package static let transport = Code("transport")
        /// The runtime API answered with a status the protocol does not allow here.
        package static let unexpectedStatus = Code("unexpectedStatus")
        /// A next-invocation response lacks a header the protocol requires, or has a malformed one.
        package static let malformedInvocation = Code("malformedInvocation")
        /// Lambda rejected what we sent (for example a response over the payload limit).
        package static let rejected = Code("rejected")
        /// The function failed to initialise; the init error was reported.
        package static let initFailed = Code("initFailed")

        package var description: String { name }
    }

    /// The kind of failure.
    package let code: Code
    /// What happened, for a person reading the log.
    package let reason: String
    /// Where the error was thrown (`#fileID`, `#line`).
    package let file: String
    package let line: Int

    package init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    package var description: String { "LambdaRuntimeError.\(code): \(reason)" }

    /// Equality compares the code only.
    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
    package func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
