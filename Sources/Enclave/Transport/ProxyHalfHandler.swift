import NIOCore

/// The handler at the end of each of a proxied connection's two pipelines (the client's and the
/// target's): it hands what its channel reads and what happens to it to the ``ProxyConnection``,
/// and writes what the connection gives it.
///
/// Backpressure: a read is asked of the channel only while the other side is writable (below its
/// high water mark); otherwise it is remembered and asked for when the other side drains. So a
/// slow reader on one side stops the proxy reading from the other, and what the proxy holds per
/// direction stays bounded by the write buffer's high water mark plus one read cycle (or, when
/// the peer hangs up, what its socket's receive buffer still held: NIO then reads to the end).
final class ProxyHalfHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let side: ProxyConnectionStateMachine.Side
    private let connection: ProxyConnection
    private var context: ChannelHandlerContext?
    private var readPending = false

    init(side: ProxyConnectionStateMachine.Side, connection: ProxyConnection) {
        self.side = side
        self.connection = connection
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    // MARK: Events from this side's channel

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.forward(unwrapInboundIn(data), from: side)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        connection.flush(toward: side.other)
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if connection.isWritable(side.other) {
            context.read()
        } else {
            readPending = true
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { connection.becameWritable(side) }
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            connection.inputClosed(side)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.channelInactive(side)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        connection.errorCaught(error, on: side)
    }

    // MARK: Operations the connection asks for

    /// Whether this side's channel takes more writes without passing its high water mark.
    var isWritable: Bool { context?.channel.isWritable ?? false }

    func write(_ buffer: ByteBuffer) {
        context?.write(wrapOutboundOut(buffer), promise: nil)
    }

    func flush() { context?.flush() }

    /// Turns `autoRead` on (it is off until the target is connected): the channel reads, through
    /// ``read(context:)``'s backpressure check, after every read it completes.
    func startReading() {
        guard let context else { return }
        do {
            try context.channel.syncOptions?.setOption(.autoRead, value: true)
        } catch {
            connection.errorCaught(error, on: side)
        }
    }

    /// Asks for the read that waited for the other side to drain.
    func resumeReading() {
        guard readPending, let context else { return }
        readPending = false
        context.read()
    }

    /// Writes what is queued, then shuts the write half. An empty write is queued behind the
    /// data: its promise completes only when everything before it is written, so the shutdown
    /// cannot overtake the data (NIO escalates an output shutdown on a socket whose input already
    /// ended to a full close, which would drop what is still queued).
    func shutDownOutputAfterWrites() -> EventLoopFuture<Void>? {
        guard let context else { return nil }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: written)
        let shut = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.assumeIsolated().whenComplete { result in
            switch result {
            case .success: context.close(mode: .output, promise: shut)
            case .failure(let error): shut.fail(error)
            }
        }
        return shut.futureResult
    }

    func close() {
        context?.close(promise: nil)
    }
}
