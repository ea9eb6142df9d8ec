import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A local stand-in for the Lambda runtime API (version 2018-06-01) on 127.0.0.1, for tests: it
/// hands queued events to `GET /runtime/invocation/next` (holding the request open until one is
/// queued, as Lambda does) and records what the runtime posts back.
///
/// It checks what the real endpoint checks: responses and errors must name a request id it handed
/// out and has not yet seen answered; anything else is answered 400 or 404 and recorded as
/// ``Report/unexpected(method:path:)`` so that a test sees the protocol violation.
package final class LocalRuntimeAPIServer: Sendable {
    /// One event to hand out.
    package struct Event: Sendable {
        package let requestID: String
        package let headers: [(String, String)]
        package let body: [UInt8]

        /// An event with Lambda's usual headers: a deadline `timeout` from now, an ARN and a trace id.
        package init(
            body: [UInt8], requestID: String = UUID().uuidString.lowercased(), timeout: Duration = .seconds(60),
            traceID: String? = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            functionARN: String = "arn:aws:lambda:us-east-1:123456789012:function:etherkeep-test"
        ) {
            let deadline = Int64(Date().timeIntervalSince1970 * 1000) + Int64(timeout.components.seconds) * 1000
            var headers = [
                ("Lambda-Runtime-Aws-Request-Id", requestID),
                ("Lambda-Runtime-Deadline-Ms", String(deadline)),
                ("Lambda-Runtime-Invoked-Function-Arn", functionARN),
            ]
            if let traceID { headers.append(("Lambda-Runtime-Trace-Id", traceID)) }
            self.init(requestID: requestID, rawHeaders: headers, body: body)
        }

        /// An event with exactly these headers (to test malformed invocations).
        package init(requestID: String, rawHeaders: [(String, String)], body: [UInt8]) {
            self.requestID = requestID
            self.headers = rawHeaders
            self.body = body
        }
    }

    /// One thing the runtime posted.
    package enum Report: Sendable, Hashable {
        /// `POST /runtime/invocation/{id}/response`.
        case response(requestID: String, body: [UInt8])
        /// `POST /runtime/invocation/{id}/error`, with its `Lambda-Runtime-Function-Error-Type`.
        case invocationError(requestID: String, errorType: String?, body: [UInt8])
        /// `POST /runtime/init/error`.
        case initError(errorType: String?, body: [UInt8])
        /// A request the runtime API would not accept.
        case unexpected(method: String, path: String)
    }

    private struct State {
        var queued: [Event] = []
        var nextWaiters: [CheckedContinuation<Event?, Never>] = []
        var outstanding: Set<String> = []
        var reports: [Report] = []
        var reportWaiters: [Int: CheckedContinuation<Report?, Never>] = [:]
        var nextWaiterID = 0
        var nextRequests = 0
        var statusForNextResponse: Int?
        var closed = false
    }

    private let state = Mutex(State())
    /// `127.0.0.1:<port>`, the value for `AWS_LAMBDA_RUNTIME_API`.
    package let endpoint: String

    private init(port: Int) {
        self.endpoint = "127.0.0.1:\(port)"
    }

    /// How many next-invocation requests have arrived so far.
    package var nextRequestCount: Int { state.withLock { $0.nextRequests } }

    /// Whether a next-invocation request is being held open now (the runtime is idle, waiting).
    package var hasWaitingRuntime: Bool { state.withLock { !$0.nextWaiters.isEmpty } }

    /// Waits (up to `timeout`) until the runtime is idle in a next-invocation request.
    package func waitUntilRuntimeIsWaiting(timeout: Duration = .seconds(30)) async -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while !hasWaitingRuntime {
            if clock.now >= end { return false }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    /// Queues `event` for the next `GET /runtime/invocation/next` (or answers one already waiting).
    package func enqueue(_ event: Event) {
        let waiter: CheckedContinuation<Event?, Never>? = state.withLock { state in
            state.outstanding.insert(event.requestID)
            if state.nextWaiters.isEmpty {
                state.queued.append(event)
                return nil
            }
            return state.nextWaiters.removeFirst()
        }
        waiter?.resume(returning: event)
    }

    /// Queues one event with `body` and waits for what the runtime reports for it.
    package func invoke(_ body: [UInt8], timeout: Duration = .seconds(120)) async -> Report? {
        enqueue(Event(body: body))
        return await nextReport(timeout: timeout)
    }

    /// Answers the next `…/response` with `status` instead of 202 (e.g. 413, payload too large).
    package func answerNextResponse(withStatus status: Int) {
        state.withLock { $0.statusForNextResponse = status }
    }

    /// The next report, in arrival order, or `nil` if none arrives within `timeout`.
    package func nextReport(timeout: Duration = .seconds(120)) async -> Report? {
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return await withTaskGroup(of: Report?.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let ready: Report?? = self.state.withLock { state in
                        if !state.reports.isEmpty { return .some(state.reports.removeFirst()) }
                        if state.closed { return .some(nil) }
                        state.reportWaiters[id] = continuation
                        return nil
                    }
                    if let ready { continuation.resume(returning: ready) }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.state.withLock { $0.reportWaiters.removeValue(forKey: id) }?.resume(returning: nil)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Runs `body` with a server listening on a free port, then closes it.
    package static func serve<R>(_ body: (LocalRuntimeAPIServer) async throws -> R) async throws -> R {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        let server = LocalRuntimeAPIServer(port: channel.channel.localAddress?.port ?? 0)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound in
                    try await withThrowingDiscardingTaskGroup { connections in
                        for try await connection in inbound {
                            connections.addTask { try? await server.serveConnection(connection) }
                        }
                    }
                }
            }
            defer {
                server.close()
                group.cancelAll()
            }
            do {
                let result = try await body(server)
                try? await channel.channel.close()
                return result
            } catch {
                try? await channel.channel.close()
                throw error
            }
        }
    }

    private func close() {
        let (nextWaiters, reportWaiters) = state.withLock { state in
            state.closed = true
            defer { state.nextWaiters = []; state.reportWaiters = [:] }
            return (state.nextWaiters, Array(state.reportWaiters.values))
        }
        for waiter in nextWaiters { waiter.resume(returning: nil) }
        for waiter in reportWaiters { waiter.resume(returning: nil) }
    }

    func recordReport(_ report: Report) {
        let waiter = state.withLock { state in
            if let key = state.reportWaiters.keys.min() { return state.reportWaiters.removeValue(forKey: key) }
            state.reports.append(report)
            return nil
        }
        waiter?.resume(returning: report)
    }

    /// Removes `requestID` from the ids awaiting an answer; `false` if it was not one.
    func takeOutstanding(_ requestID: String) -> Bool {
        state.withLock { $0.outstanding.remove(requestID) != nil }
    }

    /// Puts `requestID` back among the ids awaiting an answer (its response was refused).
    func restoreOutstanding(_ requestID: String) {
        _ = state.withLock { $0.outstanding.insert(requestID) }
    }

    /// The status set by ``answerNextResponse(withStatus:)``, once.
    func takeStatusOverride() -> Int? {
        state.withLock { state in
            defer { state.statusForNextResponse = nil }
            return state.statusForNextResponse
        }
    }

    func nextEvent() async -> Event? {
        await withCheckedContinuation { continuation in
            let ready: Event?? = state.withLock { state in
                state.nextRequests += 1
                if state.closed { return .some(nil) }
                if !state.queued.isEmpty { return .some(state.queued.removeFirst()) }
                state.nextWaiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
