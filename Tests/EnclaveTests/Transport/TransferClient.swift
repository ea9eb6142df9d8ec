import Crypto
import Enclave
import NIOCore
import NIOPosix

/// What one transfer saw, checked against what was sent (see ``TransferServer``).
struct TransferOutcome: Sendable, CustomStringConvertible {
    var upload: Int
    var download: Int
    /// Bytes received, download and digest together.
    var received: Int
    /// The download's SHA-256 equals that of the pattern the server was asked for.
    var downloadIntact: Bool
    /// The digest the server sent back equals the SHA-256 of the upload.
    var uploadIntact: Bool
    /// Seconds from connecting to the end of the answer.
    var seconds: Double

    var intact: Bool { downloadIntact && uploadIntact && received == download + 32 }

    var description: String {
        "up \(upload) B, down \(download) B, received \(received) B, download \(downloadIntact ? "intact" : "DAMAGED"), upload \(uploadIntact ? "intact" : "DAMAGED")"
    }
}

/// The client side of the transfer protocol, over TCP.
enum TransferClient {
    /// Connects, sends the header and `upload` bytes, half-closes, and reads the answer to its end.
    ///
    /// - Parameters:
    ///   - answerAfterEnd: the server sends the download only after the upload has ended.
    ///   - beforeHalfClose: awaited after the upload is written, before the write half is shut
    ///     (to hold a connection open mid-transfer).
    static func transfer(
        to endpoint: SocketEndpoint, upload: Int, download: Int, seed: UInt64, answerAfterEnd: Bool = false,
        beforeHalfClose: (@Sendable () async -> Void)? = nil,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> TransferOutcome {
        guard case .tcp(let host, let port) = endpoint else { throw TransportTestFailure("transfer clients connect over TCP, not \(endpoint)") }
        let clock = ContinuousClock()
        let start = clock.now
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .connectTimeout(.seconds(10))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
        let uploadSeed = seed ^ 0x5a5a_5a5a_5a5a_5a5a
        return try await channel.executeThenClose { inbound, outbound in
            async let sent: Void = {
                var header = ByteBuffer()
                header.writeInteger(UInt64(download))
                header.writeInteger(seed)
                header.writeInteger(UInt64(answerAfterEnd ? 1 : 0))
                try await outbound.write(header)
                try await TransferPattern.send(upload, seed: uploadSeed, to: outbound)
                await beforeHalfClose?()
                outbound.finish()
            }()
            var hasher = SHA256()
            var received = 0
            var trailer: [UInt8] = []
            for try await buffer in inbound {
                let payload = max(0, min(buffer.readableBytes, download - received))
                buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0.prefix(payload))) }
                trailer += buffer.getBytes(at: buffer.readerIndex + payload, length: buffer.readableBytes - payload) ?? []
                received += buffer.readableBytes
            }
            try await sent
            return TransferOutcome(
                upload: upload, download: download, received: received,
                downloadIntact: Array(hasher.finalize()) == Array(TransferPattern.digest(download, seed: seed)),
                uploadIntact: trailer == Array(TransferPattern.digest(upload, seed: uploadSeed)),
                seconds: (clock.now - start).seconds)
        }
    }

    /// Connects and waits for the other side to close, sending nothing: how long it took, or
    /// nil if the connection stayed open for `limit`. Bytes that arrive are counted.
    static func waitForClose(
        _ endpoint: SocketEndpoint, limit: Duration, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> (seconds: Double, received: Int)? {
        guard case .tcp(let host, let port) = endpoint else { throw TransportTestFailure("clients connect over TCP, not \(endpoint)") }
        let clock = ContinuousClock()
        let start = clock.now
        let channel = try await ClientBootstrap(group: group).connect(host: host, port: port) { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
        return try await channel.executeThenClose { inbound, _ in
            try await withThrowingTaskGroup(of: (Double, Int)?.self) { group in
                group.addTask {
                    var received = 0
                    do {
                        for try await buffer in inbound { received += buffer.readableBytes }
                    } catch {
                        // A reset closes it too.
                    }
                    return ((clock.now - start).seconds, received)
                }
                group.addTask {
                    try await Task.sleep(for: limit)
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first
            }
        }
    }
}

extension TransferClient {
    /// A bare TCP connection, left open until the caller closes it.
    static func connectAndHold(_ endpoint: SocketEndpoint, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> any Channel {
        guard case .tcp(let host, let port) = endpoint else { throw TransportTestFailure("clients connect over TCP, not \(endpoint)") }
        return try await ClientBootstrap(group: group).connectTimeout(.seconds(5)).connect(host: host, port: port).get()
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
