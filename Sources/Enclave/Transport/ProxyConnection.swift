import Logging
import NIOCore

/// One proxied connection: carries out its ``ProxyConnectionStateMachine`` over the client's
/// and the target's channels, which share one event loop (the target is connected from the
/// client's loop), so every call here runs on that loop and nothing is locked.
///
/// The two ``ProxyHalfHandler``s own the connection; it holds them weakly, and they leave with
/// their channels' pipelines.
final class ProxyConnection {
    private var machine = ProxyConnectionStateMachine()
    private weak var clientHandler: ProxyHalfHandler?
    private weak var targetHandler: ProxyHalfHandler?
    private let logger: Logger
    /// Bytes read from each side (counts only; the proxy never logs what it carries).
    private var fromClient = 0
    private var fromTarget = 0
    /// What the client sent before the target was connected (NIO reads a client's remaining
    /// bytes when the kernel reports its hang-up, even with reading off; at most a socket
    /// receive buffer's worth).
    private var early: [ByteBuffer] = []

    init(logger: Logger) {
        self.logger = logger
    }

    /// Puts the client's handler in place (reading stays off until the target is connected).
    func attachClient(_ channel: any Channel) throws {
        let handler = ProxyHalfHandler(side: .client, connection: self)
        try channel.pipeline.syncOperations.addHandler(handler)
        clientHandler = handler
    }

    /// The outcome of connecting to the target.
    func targetConnectCompleted(_ result: Result<any Channel, any Error>, target: SocketEndpoint) {
        switch result {
        case .success(let channel):
            let handler = ProxyHalfHandler(side: .target, connection: self)
            do {
                try channel.pipeline.syncOperations.addHandler(handler)
            } catch {
                channel.close(promise: nil)
                logger.warning("cannot join the target connection", metadata: ["error": "\(error)"])
                perform(machine.targetConnectFailed())
                return
            }
            targetHandler = handler
            perform(machine.targetConnected(), "target connected")
        case .failure(let error):
            logger.warning("cannot connect to the target", metadata: ["target": "\(target)", "error": "\(SocketEndpoint.describe(error))"])
            perform(machine.targetConnectFailed())
        }
    }

    // MARK: From the handlers

    func forward(_ buffer: ByteBuffer, from side: ProxyConnectionStateMachine.Side) {
        if side == .client { fromClient += buffer.readableBytes } else { fromTarget += buffer.readableBytes }
        guard let other = handler(side.other) else {
            if side == .client { early.append(buffer) }
            return
        }
        other.write(buffer)
    }

    func flush(toward side: ProxyConnectionStateMachine.Side) { handler(side)?.flush() }

    func isWritable(_ side: ProxyConnectionStateMachine.Side) -> Bool { handler(side)?.isWritable ?? false }

    /// `side` drained below its low water mark: the other side may read again.
    func becameWritable(_ side: ProxyConnectionStateMachine.Side) { handler(side.other)?.resumeReading() }

    func inputClosed(_ side: ProxyConnectionStateMachine.Side) { perform(machine.inputClosed(side), "end of stream from \(side)") }

    func channelInactive(_ side: ProxyConnectionStateMachine.Side) { perform(machine.channelInactive(side), "\(side) closed") }

    func errorCaught(_ error: any Error, on side: ProxyConnectionStateMachine.Side) {
        logger.debug("connection error", metadata: ["side": "\(side)", "error": "\(SocketEndpoint.describe(error))"])
        perform(machine.errorCaught(side), "error on \(side)")
    }

    /// Byte counts for the closing log line.
    var metadata: Logger.Metadata { ["bytesFromClient": "\(fromClient)", "bytesFromTarget": "\(fromTarget)"] }

    // MARK: Actions

    private func handler(_ side: ProxyConnectionStateMachine.Side) -> ProxyHalfHandler? {
        side == .client ? clientHandler : targetHandler
    }

    private func perform(_ action: ProxyConnectionStateMachine.Action, _ event: @autoclosure () -> String = "") {
        logger.trace("connection step", metadata: ["event": "\(event())", "action": "\(action)"])
        switch action {
        case .none:
            break
        case .startForwarding(let clientEnded):
            for buffer in early { targetHandler?.write(buffer) }
            early = []
            targetHandler?.flush()
            clientHandler?.startReading()
            targetHandler?.startReading()
            if clientEnded { shutDownOutput(.target) }
        case .shutDownOutput(let side):
            shutDownOutput(side)
        case .close(let side):
            handler(side)?.close()
        case .closeBoth:
            clientHandler?.close()
            targetHandler?.close()
        }
    }

    /// Shuts `side`'s write half once what is queued for it is written, and reports the outcome.
    private func shutDownOutput(_ side: ProxyConnectionStateMachine.Side) {
        guard let shut = handler(side)?.shutDownOutputAfterWrites() else {
            perform(machine.outputShutdownFailed(side), "\(side) is gone")
            return
        }
        shut.assumeIsolated().whenComplete { result in
            switch result {
            case .success: self.perform(self.machine.outputShutDown(side), "\(side) output shut")
            case .failure: self.perform(self.machine.outputShutdownFailed(side), "\(side) output shutdown failed")
            }
        }
    }
}
