import Foundation
import LambdaTestSupport
import Testing

@testable import LambdaRuntime

/// The runtime loop over HTTP against the local runtime-API server, with handlers in this process.
/// Serialized: the loop sets the process-wide `_X_AMZN_TRACE_ID`, which one test reads.
@Suite(.serialized) struct LambdaRuntimeLoopTests {
    /// Echoes what it was told about the invocation, or fails on request.
    private struct ProbeHandler: LambdaHandler {
        struct Failure: LambdaFunctionError {
            var lambdaErrorType: String { "ProbeFailure" }
            var lambdaErrorMessage: String { "asked to fail" }
        }

        func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] {
            if event == Array("fail".utf8) { throw Failure() }
            let trace = ProcessInfo.processInfo.environment["_X_AMZN_TRACE_ID"] ?? "-"
            // Deadlines are an hour out: far enough that a loaded machine cannot eat them.
            let remaining = context.remainingTime(clock: SystemEpochClock()).components.seconds
            return Array("\(context.requestID)|\(trace)|\(remaining > 3000 && remaining <= 3600)|\(String(decoding: event, as: UTF8.self))".utf8)
        }
    }

    private struct PlainError: Error, CustomStringConvertible {
        var description: String { "plain failure" }
    }

    /// Runs the runtime with `makeHandler` while `body` drives the server, then stops it.
    private func withRuntime(
        _ makeHandler: @escaping @Sendable () async throws -> any LambdaHandler,
        _ body: @escaping @Sendable (LocalRuntimeAPIServer) async throws -> Void
    ) async throws {
        try await LocalRuntimeAPIServer.serve { server in
            let transport = try HTTPClientRuntimeTransport(endpoint: server.endpoint)
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await LambdaRuntime(transport: transport, makeHandler: makeHandler).run() }
                    try await body(server)
                    // Stop the runtime where Lambda would: idle, waiting for the next event.
                    #expect(await server.waitUntilRuntimeIsWaiting())
                    group.cancelAll()
                    try await group.waitForAll()
                }
            } catch {
                try? await transport.shutdown()
                throw error
            }
            try await transport.shutdown()
        }
    }

    @Test func invocationsAreAnsweredInOrderWithContextAndTraceHeader() async throws {
        try await withRuntime({ ProbeHandler() }) { server in
            server.enqueue(.init(body: Array("one".utf8), requestID: "id-1", timeout: .seconds(3600), traceID: "Root=1-aaaa"))
            server.enqueue(.init(body: Array("fail".utf8), requestID: "id-2", timeout: .seconds(3600)))
            server.enqueue(.init(body: Array("three".utf8), requestID: "id-3", timeout: .seconds(3600), traceID: nil))
            #expect(await server.nextReport() == .response(requestID: "id-1", body: Array("id-1|Root=1-aaaa|true|one".utf8)))
            guard case .invocationError(let id, let type, let body) = await server.nextReport() else {
                Issue.record("expected an invocation error"); return
            }
            #expect(id == "id-2")
            #expect(type == "ProbeFailure")
            let json = try JSONDecoder().decode(LambdaErrorResponse.self, from: Data(body))
            #expect(json == LambdaErrorResponse(errorType: "ProbeFailure", errorMessage: "asked to fail"))
            // No trace header on this invocation: the previous one must not leak into it.
            #expect(await server.nextReport() == .response(requestID: "id-3", body: Array("id-3|-|true|three".utf8)))
            #expect(await server.waitUntilRuntimeIsWaiting())
            #expect(server.nextRequestCount == 4)
        }
    }

    @Test func errorsWithoutALambdaTypeUseTheirSwiftTypeName() async throws {
        struct ThrowingHandler: LambdaHandler {
            func handle(_ event: [UInt8], context: LambdaContext) async throws -> [UInt8] { throw PlainError() }
        }
        try await withRuntime({ ThrowingHandler() }) { server in
            server.enqueue(.init(body: []))
            guard case .invocationError(_, let type, let body) = await server.nextReport() else {
                Issue.record("expected an invocation error"); return
            }
            #expect(type == "PlainError")
            let error = try JSONDecoder().decode(LambdaErrorResponse.self, from: Data(body))
            #expect(error.errorMessage == "plain failure")
        }
    }

    @Test func responseRefusedAsTooLargeIsReportedAsAnError() async throws {
        try await withRuntime({ ProbeHandler() }) { server in
            server.answerNextResponse(withStatus: 413)
            server.enqueue(.init(body: Array("big".utf8), requestID: "id-big"))
            #expect(await server.nextReport() == .invocationError(
                requestID: "id-big", errorType: "Runtime.ResponseTooLarge",
                body: LambdaErrorResponse(errorType: "Runtime.ResponseTooLarge", errorMessage: "the function's response is over Lambda's payload limit").encoded()))
        }
    }

    @Test func initFailureIsReportedAndRunThrows() async throws {
        try await LocalRuntimeAPIServer.serve { server in
            let transport = try HTTPClientRuntimeTransport(endpoint: server.endpoint)
            let runtime = LambdaRuntime(transport: transport) { throw PlainError() }
            await #expect(throws: LambdaRuntimeError.self) { try await runtime.run() }
            #expect(await server.nextReport() == .initError(
                errorType: "PlainError", body: LambdaErrorResponse(errorType: "PlainError", errorMessage: "plain failure").encoded()))
            #expect(server.nextRequestCount == 0)
            try await transport.shutdown()
        }
    }

    @Test func endpointMustBeHostAndPort() {
        #expect(throws: LambdaRuntimeError.self) { try HTTPClientRuntimeTransport(endpoint: "") }
        #expect(throws: LambdaRuntimeError.self) { try HTTPClientRuntimeTransport(endpoint: "http://127.0.0.1:9001/") }
    }
}
