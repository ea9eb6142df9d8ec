import AsyncHTTPClient
import EthereumCore
import NIOCore
import NIOHTTP1

/// A JSON-RPC 2.0 error object (https://www.jsonrpc.org/specification#error_object): the
/// standard codes, and the downstream node's own errors passed through as they came.
public struct JSONRPCError: Error, Sendable, Equatable {
    public let code: Int
    public let message: String
    /// The error object's `data`, as the node sent it (a contract's revert data), if any.
    let data: AnyJSON?

    public init(_ code: Int, _ message: String) {
        self.init(code, message, data: nil)
    }

    init(_ code: Int, _ message: String, data: AnyJSON?) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// -32700: the body is not JSON.
    static func parse(_ message: String) -> JSONRPCError { JSONRPCError(-32700, message) }
    /// -32600: not a request object (or an empty or oversized batch).
    static func invalidRequest(_ message: String) -> JSONRPCError { JSONRPCError(-32600, message) }
    /// -32601: a method neither signed here nor forwardable.
    static func methodNotFound(_ message: String) -> JSONRPCError { JSONRPCError(-32601, message) }
    /// -32602: the parameters are wrong (the message names the parameter or field).
    static func invalidParams(_ message: String) -> JSONRPCError { JSONRPCError(-32602, message) }
    /// -32603: the signer failed (a key backend, a signature that does not recover).
    static func internalError(_ message: String) -> JSONRPCError { JSONRPCError(-32603, message) }
    /// -32000: the downstream node could not be reached or answered nonsense.
    static func downstream(_ message: String) -> JSONRPCError { JSONRPCError(-32000, message) }

    /// The error object as JSON.
    var object: AnyJSON {
        var members: [String: AnyJSON] = ["code": .integer(Int64(code)), "message": .string(message)]
        if let data { members["data"] = data }
        return .object(members)
    }
}

/// The execution node behind the eth1 signer (`--downstream-http-url`): JSON-RPC over HTTP(S)
/// with a time limit per call.
final class Downstream: Sendable {
    let url: String
    let timeout: TimeAmount
    private let client: HTTPClient

    init(url: String, timeout: TimeAmount = .seconds(30), client: HTTPClient = .shared) {
        self.url = url
        self.timeout = timeout
        self.client = client
    }

    /// Posts `body` (a JSON-RPC request or batch) and returns the node's body unchanged.
    ///
    /// - Throws: ``JSONRPCError`` `-32000` when the node cannot be reached, times out, or does not
    ///   answer 200.
    func post(_ body: [UInt8]) async throws(JSONRPCError) -> [UInt8] {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            let bytes = try await response.body.collect(upTo: 32 << 20)
            guard response.status == .ok else {
                throw JSONRPCError.downstream("downstream node answered HTTP \(response.status.code)")
            }
            return Array(buffer: bytes)
        } catch let error as JSONRPCError {
            throw error
        } catch {
            throw JSONRPCError.downstream("downstream node \(url): \(error)")
        }
    }

    /// Calls `method` and returns its `result`.
    ///
    /// - Throws: ``JSONRPCError``: the node's own error object, or `-32000` when the answer is not
    ///   a JSON-RPC response.
    func call(_ method: String, _ params: [AnyJSON]) async throws(JSONRPCError) -> AnyJSON {
        let request = AnyJSON.object(["jsonrpc": .string("2.0"), "id": .integer(1), "method": .string(method), "params": .array(params)])
        return try Self.result(of: try await post(request.encoded()), method)
    }

    /// The `result` of a node's JSON-RPC response to `method`, as the node wrote it.
    ///
    /// - Throws: ``JSONRPCError``: the node's own error object (code and message), or `-32000`
    ///   when the answer is not a JSON-RPC response.
    static func result(of answer: [UInt8], _ method: String) throws(JSONRPCError) -> AnyJSON {
        guard case .object(let object)? = try? AnyJSON.parse(answer) else {
            throw JSONRPCError.downstream("downstream node: the answer to \(method) is not a JSON-RPC response")
        }
        if case .object(let error)? = object["error"] {
            let code = if case .integer(let code)? = error["code"], let exact = Int(exactly: code) { exact } else { -32000 }
            throw JSONRPCError(code, error["message"]?.stringValue ?? "downstream error", data: error["data"])
        }
        guard let result = object["result"] else {
            throw JSONRPCError.downstream("downstream node: the answer to \(method) has no result")
        }
        return result
    }

    /// A `0x` quantity result as a `UInt64`.
    func quantity(_ method: String, _ params: [AnyJSON]) async throws(JSONRPCError) -> UInt64 {
        let result = try await call(method, params)
        guard let value = Self.uint64(result) else {
            throw JSONRPCError.downstream("downstream node: \(method) did not answer a 0x quantity")
        }
        return value
    }

    /// A `0x` hex quantity (or a JSON integer) as a `UInt64`, `nil` when it is neither or too large.
    static func uint64(_ value: AnyJSON?) -> UInt64? {
        switch value {
        case .string(let text)? where text.hasPrefix("0x") && text.count > 2 && text.count <= 18:
            UInt64(text.dropFirst(2), radix: 16)
        case .integer(let number)? where number >= 0: UInt64(number)
        default: nil
        }
    }
}
