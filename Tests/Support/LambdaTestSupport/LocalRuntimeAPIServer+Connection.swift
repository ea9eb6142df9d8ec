import NIOCore
import NIOHTTP1

extension LocalRuntimeAPIServer {
    /// Serves one keep-alive connection: one request at a time, as the runtime sends them.
    func serveConnection(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let h):
                    head = h
                    body = []
                case .body(let buffer):
                    body += buffer.readableBytesView
                case .end:
                    guard let head else { return }
                    guard let answer = await answer(head, body) else { return }
                    var headers = HTTPHeaders(answer.headers)
                    headers.add(name: "Content-Length", value: String(answer.body.count))
                    try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: answer.status), headers: headers)))
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: answer.body))))
                    try await outbound.write(.end(nil))
                }
            }
        }
    }

    private struct Answer {
        var status: Int
        var headers: [(String, String)] = []
        var body: [UInt8] = []
    }

    /// The runtime API's answer to one request; `nil` closes the connection (server shutting down).
    private func answer(_ head: HTTPRequestHead, _ body: [UInt8]) async -> Answer? {
        let prefix = "/2018-06-01/runtime/"
        let path = head.uri
        guard path.hasPrefix(prefix) else { return reject(head, 404) }
        let parts = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let errorType = head.headers.first(name: "Lambda-Runtime-Function-Error-Type")
        switch (head.method, parts.count, parts.first, parts.last) {
        case (.GET, 2, "invocation", "next"):
            guard let event = await nextEvent() else { return nil }
            return Answer(status: 200, headers: event.headers + [("Content-Type", "application/json")], body: event.body)
        case (.POST, 2, "init", "error"):
            recordReport(.initError(errorType: errorType, body: body))
            return accepted()
        case (.POST, 3, "invocation", "response"):
            guard takeOutstanding(parts[1]) else { return reject(head, 400) }
            if let status = takeStatusOverride() {
                restoreOutstanding(parts[1])
                return Answer(status: status, body: Array(#"{"errorMessage":"rejected by the test","errorType":"RequestEntityTooLarge"}"#.utf8))
            }
            recordReport(.response(requestID: parts[1], body: body))
            return accepted()
        case (.POST, 3, "invocation", "error"):
            guard takeOutstanding(parts[1]) else { return reject(head, 400) }
            recordReport(.invocationError(requestID: parts[1], errorType: errorType, body: body))
            return accepted()
        default:
            return reject(head, 404)
        }
    }

    private func accepted() -> Answer {
        Answer(status: 202, headers: [("Content-Type", "application/json")], body: Array(#"{"status":"OK"}"#.utf8))
    }

    private func reject(_ head: HTTPRequestHead, _ status: Int) -> Answer {
        recordReport(.unexpected(method: head.method.rawValue, path: head.uri))
        return Answer(status: status, body: Array(#"{"errorMessage":"unexpected request","errorType":"InvalidRequest"}"#.utf8))
    }
}
