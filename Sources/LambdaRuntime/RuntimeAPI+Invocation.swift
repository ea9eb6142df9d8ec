extension RuntimeAPI {
    /// The result of reading a next-invocation response.
    package enum ParsedInvocation: Sendable, Hashable {
        /// A well-formed invocation.
        case invocation(LambdaInvocation)
        /// The request id is there but another required header is not: the invocation can be
        /// failed with an error.
        case malformed(requestID: String, reason: String)
        /// No request id: nothing can be reported; the runtime must stop.
        case unusable(reason: String)
    }

    /// Reads the invocation from a `200` next-invocation response.
    package static func parseInvocation(_ response: Response) -> ParsedInvocation {
        guard let requestID = response.header(Header.requestID), !requestID.isEmpty else {
            return .unusable(reason: "next invocation has no \(Header.requestID) header")
        }
        guard let deadlineText = response.header(Header.deadline) else {
            return .malformed(requestID: requestID, reason: "next invocation has no \(Header.deadline) header")
        }
        guard let deadline = Int64(deadlineText.trimmingASCIISpaces()), deadline > 0 else {
            return .malformed(requestID: requestID, reason: "\(Header.deadline) is not a positive integer")
        }
        let context = LambdaContext(
            requestID: requestID, deadlineMillisecondsSinceEpoch: deadline,
            invokedFunctionARN: response.header(Header.functionARN), traceID: response.header(Header.traceID),
            clientContext: response.header(Header.clientContext), cognitoIdentity: response.header(Header.cognitoIdentity))
        return .invocation(LambdaInvocation(context: context, event: response.body))
    }
}

extension String {
    fileprivate func trimmingASCIISpaces() -> Substring {
        var view = self[...]
        while view.first == " " || view.first == "\t" { view.removeFirst() }
        while view.last == " " || view.last == "\t" { view.removeLast() }
        return view
    }
}
