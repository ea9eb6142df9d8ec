import AWSCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP proxy on 127.0.0.1 that forwards to an upstream (moto) and injects faults from a
/// script: throttling, 500s, dropped connections, slow responses, and clock-skew rejections.
///
/// Each request takes the next scripted fault; when the script is empty it is forwarded. Use
/// ``withProxy(upstream:_:)``, which runs the server in a task group and stops it afterwards.
package final class FaultProxy: Sendable {
    /// What to do with one request.
    package enum Fault: Sendable, Equatable {
        /// Forward unchanged.
        case pass
        /// Answer 400 `ThrottlingException`.
        case throttle
        /// Answer 500 `InternalFailure`.
        case serverError
        /// Answer 503 with no body.
        case unavailable
        /// Close the connection without answering.
        case drop
        /// Wait, then forward.
        case slow(seconds: Double)
        /// Answer 400 with `code` and `message` (e.g. a message echoing the request's secrets).
        case error(code: String, message: String)
        /// For `BatchWriteItem`: forward only the first write of each table and answer with the
        /// rest as `UnprocessedItems`, as DynamoDB does under load.
        case partialBatch
        /// Answer 200 with this JSON body instead of the upstream (an answer the stand-in
        /// service cannot give, such as KMS's `CiphertextForRecipient`).
        case answer(json: String)
    }

    private struct State {
        var script: [Fault] = []
        var seen: [Fault] = []
        var targets: [String] = []
        var bodies: [String] = []
        var maxSkewSeconds: Double?
        var skewRejections = 0
    }
    private let state = Mutex(State())
    private let upstream: String
    private let client: HTTPClient

    private init(upstream: String) {
        self.upstream = upstream
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
    }

    /// Queues faults for the next requests.
    package func script(_ faults: [Fault]) { state.withLock { $0.script += faults } }
    /// Every fault applied so far, one per request received.
    package var applied: [Fault] { state.withLock { $0.seen } }
    /// The `X-Amz-Target` of every request received.
    package var targets: [String] { state.withLock { $0.targets } }
    /// The body of every request received, as text.
    package var bodies: [String] { state.withLock { $0.bodies } }
    /// How many requests were rejected for clock skew.
    package var skewRejections: Int { state.withLock { $0.skewRejections } }
    /// Rejects requests whose `X-Amz-Date` is further than this from the proxy's clock, as AWS does
    /// (400 `InvalidSignatureException` "Signature expired", with a `Date` header).
    package func rejectSkew(beyond seconds: Double?) { state.withLock { $0.maxSkewSeconds = seconds } }

    /// Starts a proxy to `upstream`, runs `body` with it and its `http://127.0.0.1:<port>` URL, then stops it.
    package static func withProxy<R: Sendable>(upstream: String, _ body: (FaultProxy, String) async throws -> R) async throws -> R {
        let proxy = FaultProxy(upstream: upstream)
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        let result: Result<R, any Error> = await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await server.executeThenClose { inbound in
                        try await withThrowingDiscardingTaskGroup { connections in
                            for try await connection in inbound {
                                connections.addTask { try? await proxy.handle(connection) }
                            }
                        }
                    }
                }
                defer { group.cancelAll() }
                do {
                    let value = try await body(proxy, "http://127.0.0.1:\(port)")
                    try? await server.channel.close()
                    return .success(value)
                } catch {
                    try? await server.channel.close()
                    return .failure(error)
                }
            }
        try await proxy.client.shutdown()
        return try result.get()
    }

    private func handle(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let h):
                    head = h
                    body.clear()
                case .body(var b):
                    body.writeBuffer(&b)
                case .end:
                    guard let head else { return }
                    let fault = next(head, body: String(buffer: body))
                    switch fault {
                    case .drop:
                        return
                    case .throttle:
                        try await respond(outbound, 400, #"{"__type":"ThrottlingException","message":"Rate exceeded"}"#)
                    case .serverError:
                        try await respond(outbound, 500, #"{"__type":"InternalFailure","message":"injected fault"}"#)
                    case .unavailable:
                        try await respond(outbound, 503, "")
                    case .error(let code, let message):
                        let json = String(decoding: try JSONSerialization.data(withJSONObject: ["__type": code, "message": message]), as: UTF8.self)
                        try await respond(outbound, 400, json)
                    case .answer(let json):
                        try await respond(outbound, 200, json)
                    case .partialBatch:
                        var forwarded = body
                        let unprocessed = try Self.splitBatch(&forwarded)
                        try await forward(head, forwarded, outbound, replacingBodyWith: unprocessed)
                    case .slow(let seconds):
                        try await Task.sleep(nanoseconds: UInt64(seconds * 1e9))
                        try await forward(head, body, outbound)
                    case .pass:
                        if let rejection = skewRejection(head) {
                            try await respond(outbound, 400, rejection, date: true)
                        } else {
                            try await forward(head, body, outbound)
                        }
                    }
                }
            }
        }
    }

    private func next(_ head: HTTPRequestHead, body: String) -> Fault {
        state.withLock {
            let fault = $0.script.isEmpty ? .pass : $0.script.removeFirst()
            $0.seen.append(fault)
            $0.bodies.append(body)
            $0.targets.append(head.headers.first(name: "X-Amz-Target") ?? "")
            return fault
        }
    }

    private func skewRejection(_ head: HTTPRequestHead) -> String? {
        guard let limit = state.withLock({ $0.maxSkewSeconds }) else { return nil }
        let text = head.headers.first(name: "X-Amz-Date") ?? ""
        let iso = text.count == 16
            ? "\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.dropFirst(6).prefix(2))T\(text.dropFirst(9).prefix(2)):\(text.dropFirst(11).prefix(2)):\(text.dropFirst(13).prefix(2))Z"
            : ""
        let now = Date().timeIntervalSince1970
        guard let signed = AWSDate.parseISO8601(iso), abs(Double(signed) - now) > limit else { return nil }
        state.withLock { $0.skewRejections += 1 }
        return #"{"__type":"InvalidSignatureException","message":"Signature expired: \#(text) is now earlier than the allowed window."}"#
    }

    private func respond(_ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>, _ status: Int, _ body: String, date: Bool = false) async throws {
        var headers = HTTPHeaders([("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", "\(body.utf8.count)"), ("x-amzn-RequestId", "fault-proxy")])
        if date { headers.add(name: "Date", value: Self.httpDate(Date())) }
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers)))
        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
        try await outbound.write(.end(nil))
    }

    /// Keeps the first write per table in `body` and returns the JSON answer listing the others unprocessed.
    static func splitBatch(_ body: inout ByteBuffer) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        guard let items = object?["RequestItems"] as? [String: [Any]] else { return #"{"UnprocessedItems":{}}"# }
        var kept: [String: [Any]] = [:]
        var rest: [String: [Any]] = [:]
        for (table, writes) in items {
            kept[table] = Array(writes.prefix(1))
            if writes.count > 1 { rest[table] = Array(writes.dropFirst()) }
        }
        body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["RequestItems": kept]))
        return String(decoding: try JSONSerialization.data(withJSONObject: ["UnprocessedItems": rest]), as: UTF8.self)
    }

    private func forward(
        _ head: HTTPRequestHead, _ body: ByteBuffer, _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
        replacingBodyWith replacement: String? = nil
    ) async throws {
        var request = HTTPClientRequest(url: upstream + head.uri)
        request.method = head.method
        for (name, value) in head.headers where name.lowercased() != "content-length" { request.headers.add(name: name, value: value) }
        request.body = .bytes(body)
        let response = try await client.execute(request, timeout: .seconds(30))
        var responseBody = try await response.body.collect(upTo: 64 << 20)
        if let replacement, response.status == .ok { responseBody = ByteBuffer(string: replacement) }
        var headers = HTTPHeaders()
        for (name, value) in response.headers where !["content-length", "transfer-encoding", "connection"].contains(name.lowercased()) {
            headers.add(name: name, value: value)
        }
        headers.add(name: "Content-Length", value: "\(responseBody.readableBytes)")
        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: response.status, headers: headers)))
        try await outbound.write(.body(.byteBuffer(responseBody)))
        try await outbound.write(.end(nil))
    }

    static func httpDate(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return f.string(from: date)
    }
}
