import Logging
import NIOCore
import NIOPosix

/// What a ``ByteProxy`` does with each connection it accepts, on that connection's event loop:
/// admit it against the limit (or close it), then connect to the target from the same loop and
/// join the two through a ``ProxyConnection``.
struct ProxyAcceptor: Sendable {
    let target: SocketEndpoint
    let connectTimeout: TimeAmount
    let registry: ProxyRegistry
    let logger: Logger

    /// The child channel initialiser: runs on `client`'s event loop, before it is active.
    func accept(_ client: any Channel) -> EventLoopFuture<Void> {
        let done = client.eventLoop.makeSucceededVoidFuture()
        guard let id = registry.admit(client) else {
            logger.warning("connection refused: the limit of open connections is reached", metadata: ["connections": "\(registry.statistics)"])
            // Closed once registered (closing it inside the initialiser fails its registration,
            // which NIO reports as an error on the listening channel).
            client.eventLoop.execute { client.close(promise: nil) }
            return done
        }
        var logger = logger
        logger[metadataKey: "connection"] = "\(id)"
        logger.debug("connection accepted", metadata: ["connections": "\(registry.statistics)"])
        let connection = ProxyConnection(logger: logger)
        do {
            try connection.attachClient(client)
        } catch {
            logger.warning("cannot set up the accepted connection", metadata: ["error": "\(error)"])
            client.close(promise: nil)
            registry.finished(id, connectFailed: false)
            return done
        }

        // true when the target was never connected.
        let targetEnded = client.eventLoop.makePromise(of: Bool.self)
        let bootstrap = ClientBootstrap(group: client.eventLoop)
            .connectTimeout(connectTimeout)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelOption(.autoRead, value: false)
        let registry = registry, target = target
        target.connect(bootstrap).assumeIsolated().whenComplete { result in
            switch result {
            case .success(let channel):
                registry.attach(target: channel, to: id)
                channel.closeFuture.whenComplete { _ in targetEnded.succeed(false) }
            case .failure:
                targetEnded.succeed(true)
            }
            connection.targetConnectCompleted(result, target: target)
        }
        client.closeFuture.and(targetEnded.futureResult).assumeIsolated().whenComplete { result in
            let connectFailed = (try? result.get().1) ?? false
            registry.finished(id, connectFailed: connectFailed)
            logger.debug("connection closed", metadata: connection.metadata.merging(["connections": "\(registry.statistics)"]) { $1 })
        }
        return done
    }
}
