/// What Lambda tells the function about one invocation, from the next-invocation response's headers.
///
/// See https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html#runtimes-api-next
package struct LambdaContext: Sendable, Hashable {
    /// `Lambda-Runtime-Aws-Request-Id`: the invocation's request id.
    package let requestID: String
    /// `Lambda-Runtime-Deadline-Ms`: when the function times out, milliseconds since the Unix epoch.
    package let deadlineMillisecondsSinceEpoch: Int64
    /// `Lambda-Runtime-Invoked-Function-Arn`: the ARN of the function, version or alias invoked.
    package let invokedFunctionARN: String?
    /// `Lambda-Runtime-Trace-Id`: the X-Ray tracing header, passed on as `_X_AMZN_TRACE_ID`.
    package let traceID: String?
    /// `Lambda-Runtime-Client-Context`: the mobile SDK client context, as sent.
    package let clientContext: String?
    /// `Lambda-Runtime-Cognito-Identity`: the mobile SDK Cognito identity, as sent.
    package let cognitoIdentity: String?

    package init(
        requestID: String, deadlineMillisecondsSinceEpoch: Int64, invokedFunctionARN: String? = nil,
        traceID: String? = nil, clientContext: String? = nil, cognitoIdentity: String? = nil
    ) {
        self.requestID = requestID
        self.deadlineMillisecondsSinceEpoch = deadlineMillisecondsSinceEpoch
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
    }

    /// The time left before the deadline, measured against `clock` (never negative).
    package func remainingTime(clock: any EpochClock) -> Duration {
        .milliseconds(max(0, deadlineMillisecondsSinceEpoch - clock.millisecondsSinceEpoch()))
    }
}

/// One invocation: its context and its event, the bytes the caller sent.
package struct LambdaInvocation: Sendable, Hashable {
    /// The invocation's metadata.
    package let context: LambdaContext
    /// The event payload (usually JSON), exactly as Lambda delivered it.
    package let event: [UInt8]

    package init(context: LambdaContext, event: [UInt8]) {
        self.context = context
        self.event = event
    }
}
