#if canImport(Glibc)
import Glibc
#endif
package import Logging
package import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// What a ``ByteProxy`` listens on, where it forwards, and its limits.
package struct ByteProxyConfiguration: Sendable {
    /// Where clients connect (a TCP port 0 listens on a port the kernel chooses).
    package var listen: SocketEndpoint
    /// Where each accepted connection is forwarded; the only place the proxy connects to.
    package var target: SocketEndpoint
    /// How long to wait for the target to accept before closing the client; negative counts as 0.
    package var connectTimeout: Duration
    /// The most connections open at once (at least 1); one more is closed as soon as it is accepted.
    package var maximumConnections: Int
    /// The listen(2) backlog.
    package var backlog: Int

    package init(
        listen: SocketEndpoint, target: SocketEndpoint, connectTimeout: Duration = .seconds(5),
        maximumConnections: Int = 1024, backlog: Int = 256
    ) {
        self.listen = listen
        self.target = target
        self.connectTimeout = connectTimeout
        self.maximumConnections = maximumConnections
        self.backlog = backlog
    }
}

/// A byte proxy: listens on one endpoint, and for each connection it accepts opens one to its
/// target and copies bytes both ways until both directions have ended. It never looks at the
/// bytes (TLS passes through untouched, end to end) and never logs them, only counts.
///
/// The Nitro enclave's transport, one proxy per hop (see the module's overview):
/// - on the parent, validator clients → `tcp://0.0.0.0:9000` → `vsock://16:9000` (the signer in
///   the enclave, TLS terminated there);
/// - in the enclave, the AWS clients → `tcp://127.0.0.1:8443` → `vsock://parent:8000`, and on the
///   parent `vsock://any:8000` → `tcp://kms.REGION.amazonaws.com:443` (TLS to KMS end to end, as
///   AWS's vsock-proxy does; the target is the one allowed endpoint).
///
/// Behaviour: an end of stream from one side is forwarded as a shutdown of the other side's
/// write half once what was queued before it is written, and the other direction keeps flowing
/// (``ProxyConnectionStateMachine``); reading from a side pauses while the other is not writable;
/// a target that refuses, cannot be resolved or does not answer within
/// ``ByteProxyConfiguration/connectTimeout`` gets the client's connection closed at once.
///
/// Lifecycle: ``bind(_:eventLoopGroup:logger:)`` listens (and serves) at once, so a bad endpoint
/// fails before a `ServiceGroup` starts; ``run()`` waits. A graceful shutdown closes the
/// listener and returns once every open connection has ended on its own; cancellation (the
/// group's escalation, or the task's) closes them all at once. A Unix socket file is removed on stop.
package final class ByteProxy: Service, Sendable {
    /// What the proxy was bound with.
    package let configuration: ByteProxyConfiguration
    /// Where it listens: ``ByteProxyConfiguration/listen`` with a TCP port 0 replaced by the
    /// port chosen (a vsock port `any` stays `any`: NIO does not report a vsock local address).
    package let listeningEndpoint: SocketEndpoint
    private let serverChannel: any Channel
    private let registry: ProxyRegistry
    private let logger: Logger
    private let stopRequested = Atomic<Bool>(false)

    private init(configuration: ByteProxyConfiguration, serverChannel: any Channel, registry: ProxyRegistry, logger: Logger) {
        self.configuration = configuration
        self.listeningEndpoint = configuration.listen.bound(serverChannel)
        self.serverChannel = serverChannel
        self.registry = registry
        self.logger = logger
    }

    /// Listens on `configuration.listen` and starts serving.
    ///
    /// - Parameters:
    ///   - configuration: the endpoints and limits.
    ///   - eventLoopGroup: where the sockets run; each connection's two sockets share one loop.
    ///   - logger: connection counts and failures (never payload).
    /// - Returns: the listening proxy; call ``run()`` (directly or in a `ServiceGroup`) to wait
    ///   for it and stop it.
    /// - Throws: ``EnclaveError/Code/listen`` with the kernel's error, e.g. `vsock://1:…`
    ///   without the `vsock_loopback` module, or an address in use.
    package static func bind(
        _ configuration: ByteProxyConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "etherkeep.proxy")
    ) async throws(EnclaveError) -> ByteProxy {
        var logger = logger
        logger[metadataKey: "proxy"] = "\(configuration.listen) → \(configuration.target)"
        let registry = ProxyRegistry(maximumConnections: max(1, configuration.maximumConnections))
        let acceptor = ProxyAcceptor(
            target: configuration.target, connectTimeout: TimeAmount(max(.zero, configuration.connectTimeout)),
            registry: registry, logger: logger)
        var bootstrap = ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: Int32(clamping: configuration.backlog))
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { acceptor.accept($0) }
        if case .tcp = configuration.listen {
            bootstrap = bootstrap.serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        }
        let channel: any Channel
        do {
            channel = try await configuration.listen.bind(bootstrap).get()
        } catch {
            throw configuration.listen.listenFailure(error)
        }
        let proxy = ByteProxy(configuration: configuration, serverChannel: channel, registry: registry, logger: logger)
        logger.info("proxy listening", metadata: ["listening": "\(proxy.listeningEndpoint)"])
        return proxy
    }

    /// The connection counts now.
    package var statistics: ByteProxyStatistics { registry.statistics }

    /// Serves until a graceful shutdown (then waits for open connections to end) or cancellation
    /// (then closes them).
    ///
    /// - Throws: ``EnclaveError/Code/listenerClosed`` if the listening socket closed by itself.
    package func run() async throws {
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                try? await serverChannel.closeFuture.get()
            } onGracefulShutdown: {
                self.stopAccepting()
            }
            registry.stopAdmitting()
            logger.info("proxy stopped accepting; waiting for open connections to end", metadata: ["connections": "\(statistics)"])
            await registry.drained()
        } onCancel: {
            self.stopAccepting()
            self.registry.closeAll()
        }
        if case .unix(let path) = configuration.listen { unlink(path) }
        logger.info("proxy stopped", metadata: ["connections": "\(statistics)"])
        guard stopRequested.load(ordering: .relaxed) else {
            throw EnclaveError(.listenerClosed, "the listening socket \(listeningEndpoint) closed without a shutdown")
        }
    }

    private func stopAccepting() {
        stopRequested.store(true, ordering: .relaxed)
        registry.stopAdmitting()
        serverChannel.close(promise: nil)
    }
}
