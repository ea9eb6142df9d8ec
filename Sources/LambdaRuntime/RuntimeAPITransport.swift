import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Sends one runtime-API request and returns its response: the only I/O the runtime loop does.
package protocol RuntimeAPITransport: Sendable {
    /// Sends `request`; throws when the API cannot be reached or the connection fails.
    func send(_ request: RuntimeAPI.Request) async throws -> RuntimeAPI.Response
}

/// ``RuntimeAPITransport`` over AsyncHTTPClient, to the `AWS_LAMBDA_RUNTIME_API` endpoint.
///
/// The next-invocation request has no deadline (it is a long poll that lasts until an event
/// arrives); every other request has `reportTimeout`. Call ``shutdown()`` when done.
package final class HTTPClientRuntimeTransport: RuntimeAPITransport {
    private let client: HTTPClient
    private let baseURL: String
    private let reportTimeout: TimeAmount
    /// The largest event read, bytes (Lambda's synchronous payload limit is 6 MB).
    private let maxEventBytes = 16 << 20

    /// - Parameter endpoint: `host:port`, as Lambda sets `AWS_LAMBDA_RUNTIME_API`.
    package init(endpoint: String, reportTimeout: Duration = .seconds(30)) throws(LambdaRuntimeError) {
        guard !endpoint.isEmpty, !endpoint.contains("/"), endpoint.contains(":") else {
            throw LambdaRuntimeError(.invalidEnvironment, "AWS_LAMBDA_RUNTIME_API must be host:port, got \"\(endpoint.prefix(100))\"")
        }
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5)))
        configuration.decompression = .disabled
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.baseURL = "http://\(endpoint)"
        self.reportTimeout = .nanoseconds(Int64(reportTimeout.components.seconds) * 1_000_000_000 + reportTimeout.components.attoseconds / 1_000_000_000)
    }

    /// Closes the connection to the runtime API.
    package func shutdown() async throws {
        try await client.shutdown()
    }

    package func send(_ request: RuntimeAPI.Request) async throws -> RuntimeAPI.Response {
        var outgoing = HTTPClientRequest(url: baseURL + request.path)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        if request.method == "POST" { outgoing.body = .bytes(ByteBuffer(bytes: request.body)) }
        let deadline: NIODeadline = request.method == "GET" ? .distantFuture : .now() + reportTimeout
        do {
            let response = try await client.execute(outgoing, deadline: deadline)
            let body = try await response.body.collect(upTo: maxEventBytes)
            return RuntimeAPI.Response(
                status: Int(response.status.code),
                headers: response.headers.map { RuntimeAPI.Field($0.name, $0.value) },
                body: Array(buffer: body))
        } catch let error as HTTPClientError {
            throw LambdaRuntimeError(.transport, "\(request.method) \(request.path) failed: \(error.shortDescription)")
        }
    }
}
