/// The custom-runtime protocol as a pure state machine: each event returns the one action to take
/// next; ``LambdaRuntime`` carries the actions out. No I/O, no clock, no handler calls here.
///
/// ```
/// start ─┬─ initialised ─▶ GET next ◀──────────────────────────────┐
///        │                   │ 200 ─▶ invoke ─┬─ returned ─▶ POST response ─ 202 ─┤
///        │                   │                └─ threw ────▶ POST error ──── 202 ─┘
///        │                   └ bad headers (with an id) ──▶ POST error
///        └─ init failed ─▶ POST init/error ─▶ stop
/// ```
/// Anything else the API answers (a 500, a missing request id, a failed connection) stops the
/// runtime: Lambda then restarts the execution environment, as its documentation requires.
package struct RuntimeStateMachine: Sendable {
    /// What the executor does next.
    package enum Action: Sendable, Hashable {
        /// Send this request and feed the response to ``received(_:)``.
        case send(RuntimeAPI.Request)
        /// Run the handler and feed its outcome to ``handlerReturned(_:)`` or ``handlerFailed(_:)``.
        case invoke(LambdaInvocation)
        /// Stop the loop with this error.
        case stop(LambdaRuntimeError)
    }

    private enum State: Sendable {
        case idle
        case reportingInitError
        case waitingForInvocation
        case invoking(requestID: String)
        case reportingResponse(requestID: String)
        case reportingError(requestID: String)
        case stopped
    }

    private var state: State = .idle

    package init() {}

    /// Initialisation succeeded: ask for the first invocation.
    package mutating func initialised() -> Action {
        guard case .idle = state else { preconditionFailure("initialised() called twice") }  // invariant: the loop calls it once, first
        return fetchNext()
    }

    /// Initialisation failed: report it to `init/error`, then stop.
    package mutating func initFailed(_ error: LambdaErrorResponse) -> Action {
        guard case .idle = state else { preconditionFailure("initFailed(_:) after start") }  // invariant: the loop calls it once, first, instead of initialised()
        state = .reportingInitError
        return .send(RuntimeAPI.initError(error))
    }

    /// The runtime API answered the request of the last ``Action/send(_:)``.
    package mutating func received(_ response: RuntimeAPI.Response) -> Action {
        switch state {
        case .waitingForInvocation:
            guard response.status == 200 else {
                return stop(.unexpectedStatus, "next invocation answered HTTP \(response.status)")
            }
            switch RuntimeAPI.parseInvocation(response) {
            case .invocation(let invocation):
                state = .invoking(requestID: invocation.context.requestID)
                return .invoke(invocation)
            case .malformed(let requestID, let reason):
                state = .reportingError(requestID: requestID)
                let error = LambdaErrorResponse(errorType: "Runtime.MalformedInvocation", errorMessage: reason)
                return .send(RuntimeAPI.invocationError(requestID: requestID, error: error))
            case .unusable(let reason):
                return stop(.malformedInvocation, reason)
            }
        case .reportingResponse(let requestID):
            switch response.status {
            case 202:
                return fetchNext()
            case 413:
                // The response was over Lambda's payload limit: fail the invocation instead.
                state = .reportingError(requestID: requestID)
                let error = LambdaErrorResponse(errorType: "Runtime.ResponseTooLarge", errorMessage: "the function's response is over Lambda's payload limit")
                return .send(RuntimeAPI.invocationError(requestID: requestID, error: error))
            default:
                return stop(.rejected, "response for \(requestID) answered HTTP \(response.status)")
            }
        case .reportingError(let requestID):
            guard response.status == 202 else {
                return stop(.rejected, "error for \(requestID) answered HTTP \(response.status)")
            }
            return fetchNext()
        case .reportingInitError:
            return stop(.initFailed, "initialisation failed; init error reported (HTTP \(response.status))")
        case .idle, .invoking, .stopped:
            preconditionFailure("received(_:) with no request outstanding")  // invariant: the loop passes a response only after a .send action
        }
    }

    /// The handler returned `body` for the current invocation.
    package mutating func handlerReturned(_ body: [UInt8]) -> Action {
        guard case .invoking(let requestID) = state else { preconditionFailure("handlerReturned(_:) outside an invocation") }  // invariant: the loop calls it only after an .invoke action
        state = .reportingResponse(requestID: requestID)
        return .send(RuntimeAPI.response(requestID: requestID, body: body))
    }

    /// The handler threw; `error` is what the caller will see.
    package mutating func handlerFailed(_ error: LambdaErrorResponse) -> Action {
        guard case .invoking(let requestID) = state else { preconditionFailure("handlerFailed(_:) outside an invocation") }  // invariant: the loop calls it only after an .invoke action
        state = .reportingError(requestID: requestID)
        return .send(RuntimeAPI.invocationError(requestID: requestID, error: error))
    }

    /// The request could not be sent or its response not read.
    package mutating func transportFailed(_ reason: String) -> Action {
        stop(.transport, reason)
    }

    private mutating func fetchNext() -> Action {
        state = .waitingForInvocation
        return .send(RuntimeAPI.nextInvocation())
    }

    private mutating func stop(_ code: LambdaRuntimeError.Code, _ reason: String) -> Action {
        state = .stopped
        return .stop(LambdaRuntimeError(code, reason))
    }
}
