#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import Logging
import ServiceLifecycle

/// The custom-runtime loop: carries out ``RuntimeStateMachine``'s actions over a
/// ``RuntimeAPITransport``, one invocation at a time, until the runtime API fails or a graceful
/// shutdown arrives while waiting for the next event.
///
/// Before each invocation the trace header is put in `_X_AMZN_TRACE_ID`, where the X-Ray SDKs look
/// for it. The handler is built once, by `makeHandler`; if that throws, the error is reported to
/// `init/error` and ``run()`` throws ``LambdaRuntimeError/Code/initFailed``.
package struct LambdaRuntime: Service {
    private let transport: any RuntimeAPITransport
    private let logger: Logger
    private let makeHandler: @Sendable () async throws -> any LambdaHandler

    package init(
        transport: any RuntimeAPITransport, logger: Logger = Logger(label: "etherkeep.lambda"),
        makeHandler: @escaping @Sendable () async throws -> any LambdaHandler
    ) {
        self.transport = transport
        self.logger = logger
        self.makeHandler = makeHandler
    }

    package func run() async throws {
        var machine = RuntimeStateMachine()
        var handler: (any LambdaHandler)?
        var action: RuntimeStateMachine.Action
        do {
            handler = try await makeHandler()
            action = machine.initialised()
        } catch {
            let response = LambdaErrorResponse(error)
            logger.error("initialisation failed", metadata: ["errorType": "\(response.errorType)", "errorMessage": "\(response.errorMessage)"])
            action = machine.initFailed(response)
        }
        let outcome: Result<Void, any Error>
        do {
            try await loop(machine: &machine, action: action, handler: handler)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        await handler?.shutdown()
        try outcome.get()
    }

    /// Carries out actions until the machine stops or a graceful shutdown ends the long poll.
    private func loop(machine: inout RuntimeStateMachine, action first: RuntimeStateMachine.Action, handler: (any LambdaHandler)?) async throws {
        var action = first
        while true {
            switch action {
            case .send(let request):
                let isLongPoll = request.method == "GET"
                do {
                    let response: RuntimeAPI.Response
                    if isLongPoll {
                        // Only the wait for the next event is abandoned on shutdown; an invocation in
                        // progress is always finished and reported.
                        response = try await cancelWhenGracefulShutdown { try await transport.send(request) }
                    } else {
                        response = try await transport.send(request)
                    }
                    action = machine.received(response)
                } catch {
                    if isLongPoll, Task.isCancelled || Task.isShuttingDownGracefully { return }
                    action = machine.transportFailed(String(describing: error))
                }
            case .invoke(let invocation):
                guard let handler else { preconditionFailure("invocation without a handler") }  // invariant: the machine invokes only after initialised(), which the loop calls once the handler is made
                setTraceEnvironment(invocation.context.traceID)
                do {
                    let body = try await handler.handle(invocation.event, context: invocation.context)
                    action = machine.handlerReturned(body)
                } catch {
                    let response = LambdaErrorResponse(error)
                    logger.notice(
                        "invocation failed",
                        metadata: ["requestID": "\(invocation.context.requestID)", "errorType": "\(response.errorType)"])
                    action = machine.handlerFailed(response)
                }
            case .stop(let error):
                logger.error("runtime stopped", metadata: ["reason": "\(error.reason)"])
                throw error
            }
        }
    }

    private func setTraceEnvironment(_ traceID: String?) {
        if let traceID {
            setenv("_X_AMZN_TRACE_ID", traceID, 1)
        } else {
            unsetenv("_X_AMZN_TRACE_ID")
        }
    }
}
