import Crypto
import Enclave
import NIOCore
import NIOPosix
import Synchronization
import TestSupport

/// The far end of the proxy tests: a TCP server on 127.0.0.1 speaking a small transfer protocol
/// that checks both directions with SHA-256.
///
/// Client → server: `download` (UInt64, big endian), `seed` (UInt64), `afterEnd` (UInt64, 0 or
/// 1), then the upload, then end of stream. Server → client: `download` bytes of
/// ``TransferPattern`` from `seed` (while the upload still arrives, or with `afterEnd` only once
/// it has ended), then, only after the client's end of stream, the SHA-256 of the upload (32
/// bytes), then end of stream. So a client that reads the digest knows its half-close
/// crossed every proxy and that the answer still came back after it.
enum TransferServer {
    /// Runs a server for the duration of `body`, which gets its endpoint.
    ///
    /// - Parameter sent: counts the bytes the server has handed to its sockets.
    static func with<T: Sendable>(
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, sent: ByteCounter = ByteCounter(),
        _ body: @Sendable (SocketEndpoint) async throws -> T
    ) async throws -> T {
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(TransferServerHandler(sent: sent)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = server.localAddress?.port else { throw TransportTestFailure("the transfer server has no port") }
        do {
            let result = try await body(.tcp(host: "127.0.0.1", port: port))
            try await server.close()
            return result
        } catch {
            server.close(promise: nil)
            throw error
        }
    }
}

/// One connection of ``TransferServer``. A plain handler rather than `NIOAsyncChannel`: its last
/// write must be written before the socket closes (NIO turns an output shutdown on a socket
/// whose input ended into a full close, which drops writes still queued), so it closes only when
/// the digest's write has completed.
private final class TransferServerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let sent: ByteCounter
    private var header = ByteBuffer()
    private var request: (download: Int, seed: UInt64, afterEnd: Bool)?
    private var hasher = SHA256()
    private var base: [UInt8] = []
    private var nextBlock = 0
    private var inputEnded = false
    private var finished = false

    init(sent: ByteCounter) { self.sent = sent }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        if request == nil {
            header.writeBuffer(&buffer)
            guard header.readableBytes >= 24, let download = header.readInteger(as: UInt64.self),
                let seed = header.readInteger(as: UInt64.self), let afterEnd = header.readInteger(as: UInt64.self)
            else { return }
            request = (Int(download), seed, afterEnd != 0)
            base = TransferPattern.block(0, seed: seed)
            buffer = header
            if afterEnd == 0 { sendMore(context) }
        }
        buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let event = event as? ChannelEvent, event == .inputClosed else { return context.fireUserInboundEventTriggered(event) }
        inputEnded = true
        guard request != nil else { return context.close(promise: nil) }
        sendMore(context)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { sendMore(context) }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// Writes blocks while the socket takes them; after the last block and the client's end of
    /// stream, the digest, then closes once it is written.
    private func sendMore(_ context: ChannelHandlerContext) {
        guard let request, !finished, !request.afterEnd || inputEnded else { return }
        while nextBlock * TransferPattern.blockSize < request.download, context.channel.isWritable {
            let block = TransferPattern.buffer(nextBlock, of: request.download, base: base)
            sent.add(block.readableBytes)
            context.write(wrapOutboundOut(block), promise: nil)
            nextBlock += 1
        }
        context.flush()
        guard nextBlock * TransferPattern.blockSize >= request.download, inputEnded else { return }
        finished = true
        let digest = ByteBuffer(bytes: Array(hasher.finalize()))
        context.writeAndFlush(wrapOutboundOut(digest)).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}

/// The bytes the transfer tests send: 64 KiB blocks of SplitMix64 output from a seed, each block
/// numbered in its first 8 bytes (so that reordered blocks change the hash).
enum TransferPattern {
    static let blockSize = 65_536

    static func block(_ index: Int, seed: UInt64) -> [UInt8] {
        var rng = TestRNG(seed: seed)
        var block = [UInt8](repeating: 0, count: blockSize)
        block.withUnsafeMutableBytes { raw in
            for word in 0..<(blockSize / 8) { raw.storeBytes(of: rng.next(), toByteOffset: word * 8, as: UInt64.self) }
            raw.storeBytes(of: UInt64(index).bigEndian, toByteOffset: 0, as: UInt64.self)
        }
        return block
    }

    /// SHA-256 of the first `count` bytes.
    static func digest(_ count: Int, seed: UInt64) -> SHA256.Digest {
        var hasher = SHA256()
        let base = block(0, seed: seed)
        var index = 0
        while index * blockSize < count {
            var chunk = base
            withUnsafeBytes(of: UInt64(index).bigEndian) { chunk.replaceSubrange(0..<8, with: $0) }
            hasher.update(data: chunk.prefix(min(blockSize, count - index * blockSize)))
            index += 1
        }
        return hasher.finalize()
    }

    /// Block `index` of the first `count` bytes, from `base` (``block(_:seed:)`` of 0).
    static func buffer(_ index: Int, of count: Int, base: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer(bytes: base.prefix(min(blockSize, count - index * blockSize)))
        if buffer.readableBytes >= 8 {
            buffer.setInteger(UInt64(index), at: 0)
        } else {
            _ = withUnsafeBytes(of: UInt64(index).bigEndian) { buffer.setBytes($0.prefix(buffer.readableBytes), at: 0) }
        }
        return buffer
    }

    /// Writes the first `count` bytes, waiting on the writer's backpressure.
    static func send(_ count: Int, seed: UInt64, to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws {
        let base = block(0, seed: seed)
        var index = 0
        while index * blockSize < count {
            try await outbound.write(buffer(index, of: count, base: base))
            index += 1
        }
    }
}

/// A count shared across event loops.
final class ByteCounter: Sendable {
    private let count = Atomic<Int>(0)
    init() {}
    func add(_ bytes: Int) { count.add(bytes, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}

/// A failed expectation in the transport tests' own helpers.
struct TransportTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
