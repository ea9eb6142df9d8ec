package import EnclaveProtocol
package import NIOCore
import NIOPosix
import Synchronization

/// The parent↔enclave control connection: ``EnclaveProtocol`` frames over a ``SocketEndpoint``
/// (vsock in a Nitro instance, a Unix socket on one machine). One reader and one writer per
/// connection; frames that break the protocol end it.
package struct ControlConnection: Sendable {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    /// Runs `body` with the connection's reader and writer, then closes it.
    package func run<R: Sendable>(_ body: (inout MessageReader, MessageWriter) async throws -> R) async throws -> R {
        try await channel.executeThenClose { inbound, outbound in
            var reader = MessageReader(iterator: inbound.makeAsyncIterator())
            return try await body(&reader, MessageWriter(outbound: outbound))
        }
    }

    /// Closes the connection (a reader waiting on it sees its end).
    package func close() {
        channel.channel.close(promise: nil)
    }

    /// Connects to `endpoint`, retrying until `deadline` (the parent may start after the enclave).
    package static func connect(to endpoint: SocketEndpoint, within deadline: Duration = .seconds(60)) async throws -> ControlConnection {
        let started = ContinuousClock.now
        while true {
            do {
                let box = Mutex<NIOAsyncChannel<ByteBuffer, ByteBuffer>?>(nil)
                let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .connectTimeout(.seconds(5))
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            let wrapped = try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                            box.withLock { $0 = wrapped }
                        }
                    }
                _ = try await endpoint.connect(bootstrap).get()
                guard let channel = box.withLock({ $0 }) else { throw EnclaveError(.listen, "the connection to \(endpoint) was not set up") }
                return ControlConnection(channel: channel)
            } catch {
                guard ContinuousClock.now - started < deadline else {
                    throw EnclaveError(.listen, "cannot reach the control endpoint \(endpoint): \(SocketEndpoint.describe(error))")
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// Listens on `endpoint` and yields each connection.
    package static func listen(on endpoint: SocketEndpoint) async throws -> (bound: SocketEndpoint, connections: AsyncStream<ControlConnection>, close: @Sendable () -> Void) {
        let (stream, continuation) = AsyncStream<ControlConnection>.makeStream()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 8)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    continuation.yield(ControlConnection(channel: try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)))
                }
            }
        let server: any Channel
        do {
            server = try await endpoint.bind(bootstrap).get()
        } catch {
            throw endpoint.listenFailure(error)
        }
        return (endpoint.bound(server), stream, {
            continuation.finish()
            server.close(promise: nil)
        })
    }
}

/// Reads whole messages from a connection.
package struct MessageReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var decoder = FrameDecoder()

    /// The next message, or `nil` when the peer closed between frames.
    ///
    /// - Throws: ``EnclaveProtocolError`` for a frame or message that breaks the protocol, and
    ///   ``EnclaveError`` (`listen`) for a connection closed mid-frame.
    package mutating func next() async throws -> EnclaveMessage? {
        while true {
            if let frame = try decoder.next() { return try EnclaveMessage(kind: frame.kind, payload: frame.payload) }
            guard var buffer = try await iterator.next() else {
                if decoder.pending > 0 { throw EnclaveError(.listen, "the peer closed the control connection in the middle of a frame") }
                return nil
            }
            decoder.append(buffer.readBytes(length: buffer.readableBytes) ?? [])
        }
    }
}

/// Writes messages to a connection; a frame holding credentials is wiped once written.
package struct MessageWriter: Sendable {
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    package func send(_ message: EnclaveMessage) async throws {
        var frame = message.frame
        defer { for index in frame.indices { frame[index] = 0 } }
        try await outbound.write(ByteBuffer(bytes: frame))
    }
}
