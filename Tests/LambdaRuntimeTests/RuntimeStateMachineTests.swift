import Foundation
import Testing

@testable import LambdaRuntime

/// The runtime protocol without I/O: each event's action, step by step.
@Suite struct RuntimeStateMachineTests {
    private static let next = RuntimeAPI.Request(method: "GET", path: "/2018-06-01/runtime/invocation/next", headers: [], body: [])

    private static func invocationResponse(id: String? = "req-1", deadline: String? = "1700000000123", body: String = #"{"a":1}"#) -> RuntimeAPI.Response {
        var headers: [RuntimeAPI.Field] = [
            .init("lambda-runtime-invoked-function-arn", "arn:aws:lambda:eu-west-1:1:function:f"),
            .init("Lambda-Runtime-Trace-Id", "Root=1-abc"),
            .init("Lambda-Runtime-Client-Context", "ctx"),
        ]
        if let id { headers.append(.init("Lambda-Runtime-Aws-Request-Id", id)) }
        if let deadline { headers.append(.init("Lambda-Runtime-Deadline-Ms", deadline)) }
        return RuntimeAPI.Response(status: 200, headers: headers, body: Array(body.utf8))
    }

    @Test func successfulInvocationPostsTheResponseThenAsksForTheNext() throws {
        var machine = RuntimeStateMachine()
        #expect(machine.initialised() == .send(Self.next))
        guard case .invoke(let invocation) = machine.received(Self.invocationResponse()) else {
            Issue.record("expected an invocation"); return
        }
        #expect(invocation.event == Array(#"{"a":1}"#.utf8))
        #expect(invocation.context == LambdaContext(
            requestID: "req-1", deadlineMillisecondsSinceEpoch: 1_700_000_000_123,
            invokedFunctionARN: "arn:aws:lambda:eu-west-1:1:function:f", traceID: "Root=1-abc", clientContext: "ctx"))
        let reply = machine.handlerReturned(Array("[]".utf8))
        #expect(reply == .send(RuntimeAPI.Request(
            method: "POST", path: "/2018-06-01/runtime/invocation/req-1/response",
            headers: [.init("Content-Type", "application/json")], body: Array("[]".utf8))))
        #expect(machine.received(.init(status: 202, headers: [], body: [])) == .send(Self.next))
    }

    @Test func handlerErrorIsPostedInLambdasErrorShape() throws {
        var machine = RuntimeStateMachine()
        _ = machine.initialised()
        _ = machine.received(Self.invocationResponse())
        let action = machine.handlerFailed(LambdaErrorResponse(errorType: "InvalidPayload", errorMessage: "chain \"x\" is unknown"))
        guard case .send(let request) = action else { Issue.record("expected a request"); return }
        #expect(request.path == "/2018-06-01/runtime/invocation/req-1/error")
        #expect(request.headers.contains(.init("Lambda-Runtime-Function-Error-Type", "InvalidPayload")))
        let json = try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
        #expect(json?["errorType"] as? String == "InvalidPayload")
        #expect(json?["errorMessage"] as? String == "chain \"x\" is unknown")
        #expect((json?["stackTrace"] as? [Any])?.isEmpty == true)
        #expect(machine.received(.init(status: 202, headers: [], body: [])) == .send(Self.next))
    }

    @Test func initFailureIsReportedThenStops() {
        var machine = RuntimeStateMachine()
        let action = machine.initFailed(LambdaErrorResponse(errorType: "Runtime.InvalidConfiguration", errorMessage: "KMS_KEY_ID is not set"))
        guard case .send(let request) = action else { Issue.record("expected a request"); return }
        #expect(request.path == "/2018-06-01/runtime/init/error")
        #expect(request.headers.contains(.init("Lambda-Runtime-Function-Error-Type", "Runtime.InvalidConfiguration")))
        guard case .stop(let error) = machine.received(.init(status: 202, headers: [], body: [])) else {
            Issue.record("expected stop"); return
        }
        #expect(error.code == .initFailed)
    }

    @Test func invocationWithoutRequestIDStopsTheRuntime() {
        var machine = RuntimeStateMachine()
        _ = machine.initialised()
        guard case .stop(let error) = machine.received(Self.invocationResponse(id: nil)) else { Issue.record("expected stop"); return }
        #expect(error.code == .malformedInvocation)
        #expect(error.reason.contains("Lambda-Runtime-Aws-Request-Id"))
    }

    @Test(arguments: [nil, "soon", "-5", ""])
    func invocationWithBadDeadlineIsFailedNotRun(deadline: String?) {
        var machine = RuntimeStateMachine()
        _ = machine.initialised()
        guard case .send(let request) = machine.received(Self.invocationResponse(deadline: deadline)) else {
            Issue.record("expected an error report"); return
        }
        #expect(request.path == "/2018-06-01/runtime/invocation/req-1/error")
        #expect(request.headers.contains(.init("Lambda-Runtime-Function-Error-Type", "Runtime.MalformedInvocation")))
        #expect(String(decoding: request.body, as: UTF8.self).contains("Lambda-Runtime-Deadline-Ms"))
    }

    @Test func oversizedResponseBecomesAnInvocationError() {
        var machine = RuntimeStateMachine()
        _ = machine.initialised()
        _ = machine.received(Self.invocationResponse())
        _ = machine.handlerReturned(Array(repeating: 0x61, count: 10))
        guard case .send(let request) = machine.received(.init(status: 413, headers: [], body: [])) else {
            Issue.record("expected an error report"); return
        }
        #expect(request.path == "/2018-06-01/runtime/invocation/req-1/error")
        #expect(request.headers.contains(.init("Lambda-Runtime-Function-Error-Type", "Runtime.ResponseTooLarge")))
        #expect(machine.received(.init(status: 202, headers: [], body: [])) == .send(Self.next))
    }

    @Test(arguments: [400, 500])
    func rejectedResponseStopsTheRuntime(status: Int) {
        var machine = RuntimeStateMachine()
        _ = machine.initialised()
        _ = machine.received(Self.invocationResponse())
        _ = machine.handlerReturned([])
        guard case .stop(let error) = machine.received(.init(status: status, headers: [], body: [])) else {
            Issue.record("expected stop"); return
        }
        #expect(error.code == .rejected)
    }

    @Test func nextAnsweredWithAnErrorStatusStops() {
        var machine = RuntimeStateMachine()
        _ = machine.initialised()
        guard case .stop(let error) = machine.received(.init(status: 500, headers: [], body: [])) else { Issue.record("expected stop"); return }
        #expect(error.code == .unexpectedStatus)
    }

    @Test func transportFailureStops() {
        var machine = RuntimeStateMachine()
        _ = machine.initialised()
        guard case .stop(let error) = machine.transportFailed("connection refused") else { Issue.record("expected stop"); return }
        #expect(error.code == .transport)
    }

    @Test func oddRequestIDsCannotChangeThePath() {
        let request = RuntimeAPI.response(requestID: "../init/error?x", body: [])
        #expect(request.path == "/2018-06-01/runtime/invocation/..%2Finit%2Ferror%3Fx/response")
    }

    @Test func remainingTimeComesFromTheInjectedClock() {
        struct FixedClock: EpochClock { let now: Int64; func millisecondsSinceEpoch() -> Int64 { now } }
        let context = LambdaContext(requestID: "r", deadlineMillisecondsSinceEpoch: 10_000)
        #expect(context.remainingTime(clock: FixedClock(now: 7_500)) == .milliseconds(2_500))
        #expect(context.remainingTime(clock: FixedClock(now: 12_000)) == .zero)
    }
}
