/// A Lambda function: turns one event into one response, or throws.
///
/// A thrown error becomes the invocation error Lambda returns to the caller, in Lambda's JSON error
/// shape; errors conforming to ``LambdaFunctionError`` choose their `errorType` and
/// `errorMessage`. Error messages reach the caller and the logs: they must never contain secrets.
package protocol LambdaHandler: Sendable {
    /// Handles one invocation.
    ///
    /// - Parameters:
    ///   - event: The event payload, as delivered.
    ///   - context: The invocation's request id, deadline and trace header.
    /// - Returns: The response payload (Lambda expects JSON for most callers).
    /// - Throws: Any error, reported to Lambda as an invocation error.
    func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8]

    /// Releases what the handler holds (connections, clients) when the runtime stops. Called once.
    func shutdown() async
}

extension LambdaHandler {
    /// Nothing to release.
    package func shutdown() async {}
}

/// An error that names its own Lambda `errorType` and `errorMessage`.
package protocol LambdaFunctionError: Error {
    /// The `errorType` field (and `Lambda-Runtime-Function-Error-Type` header), e.g. `"InvalidPayload"`.
    var lambdaErrorType: String { get }
    /// The `errorMessage` field: what is wrong, without secrets.
    var lambdaErrorMessage: String { get }
}

extension LambdaErrorResponse {
    /// The error shape for any error a handler or its initialisation threw.
    package init(_ error: any Error) {
        if let error = error as? any LambdaFunctionError {
            self.init(errorType: error.lambdaErrorType, errorMessage: error.lambdaErrorMessage)
        } else {
            self.init(errorType: String(describing: type(of: error)), errorMessage: String(describing: error))
        }
    }
}
