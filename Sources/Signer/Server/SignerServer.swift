import BLS12381
import ConsensusTypes
import EthereumCore
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
public import UnixSignals
public import SlashingProtection

/// The Web3Signer-compatible HTTP server (Web3Signer's eth2 API,
/// `vectors/api-specs/web3signer-eth2/web3signer.yaml`):
///
/// - `POST /api/v1/eth2/sign/{identifier}`: ``Eth2Signer``; `Accept: application/json` gets
///   `{"signature": "0x…"}`, anything else the `text/plain` hex.
/// - `GET /api/v1/eth2/publicKeys`: JSON array of `0x` public keys.
/// - `GET /api/v1/eth2/highWatermark`: `{"epoch", "slot"}` (decimal strings) or `{}` when the
///   slashing-protection store has none (``HighWatermark``).
/// - `GET /upcheck`: `OK`.
/// - `GET /healthcheck`: `{"status", "checks": [{"id", "status", …}], "outcome"}`; as Web3Signer,
///   503 when a check is `DOWN`: the slashing-protection store or the vault cannot be reached,
///   or keys failed to load (`keys-check`, with `keys-loaded` and `error-count`).
/// - `POST /reload` (202, or 409 while one runs) and `GET /reload` (its status): ``KeyManager/reload()``.
/// - `/eth/v1/keystores` (the keymanager API, ``KeyManagerRoutes``) when
///   ``SignerConfiguration/keyManagerToken`` is set.
///
/// Errors are ``SignerError`` values and map to their statuses once (STYLE R8). ``run(gracefulShutdownSignals:onListening:)``
/// serves until cancelled or signalled; on SIGTERM it stops accepting, drains the requests in
/// flight and returns.
public struct SignerServer: Sendable {
    public let configuration: SignerConfiguration
    public let signer: Eth2Signer
    /// The keys and their changes (reload, keymanager API).
    public let manager: KeyManager
    private let store: any SlashingProtectionStore
    private let logger: Logger

    /// - Parameters:
    ///   - manager: the keys, where they come from, and the slashing-protection store (every
    ///     key is registered in it by ``run(gracefulShutdownSignals:onListening:onMetricsListening:)``).
    ///   - audit: where every signing decision is written (`--audit-log`), if anywhere.
    public init(configuration: SignerConfiguration, manager: KeyManager, logger: Logger, audit: AuditLog? = nil) {
        self.configuration = configuration
        self.manager = manager
        self.store = manager.store
        self.logger = logger
        self.signer = Eth2Signer(
            keys: manager.ring, protection: GroupCommit(store: manager.store), genesisValidatorsRoot: configuration.genesisValidatorsRoot,
            genesisForkVersion: configuration.genesisForkVersion, audit: audit, metrics: manager.metrics)
    }

    /// A signer of fixed keys (no source to reload from; the keymanager API cannot import).
    ///
    /// - Parameters:
    ///   - keyFailures: how many keys failed to load (reported by `/healthcheck`).
    ///   - metrics: the metrics to keep and serve on ``SignerConfiguration/metricsPort``.
    public init(
        configuration: SignerConfiguration, keys: KeyRing, store: any SlashingProtectionStore, keyFailures: Int = 0, logger: Logger,
        audit: AuditLog? = nil, metrics: SignerMetrics? = nil
    ) {
        self.init(
            configuration: configuration,
            manager: KeyManager(
                ring: keys, sources: KeySources(), store: store, failures: keyFailures, chain: "custom", logger: logger, metrics: metrics),
            logger: logger, audit: audit)
    }

    /// Registers every key with slashing protection, then serves until cancelled or one of
    /// `gracefulShutdownSignals` arrives (then drains the requests in flight).
    ///
    /// - Parameter onListening: called with the bound port once the server accepts connections.
    /// - Throws: ``SignerError`` when the store refuses the registration or TLS cannot be set up;
    ///   the server's own errors otherwise.
    /// - Parameter onMetricsListening: called with the metrics port once it accepts connections.
    public func run(
        gracefulShutdownSignals: [UnixSignal] = [], onListening: @escaping @Sendable (Int) async -> Void = { _ in },
        onMetricsListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let started = ContinuousClock.now
        do {
            try await store.register(manager.ring.pubkeys)
        } catch {
            throw SignerError(error.code == .unavailable ? .unavailable : .storage, "registering the keys with slashing protection: \(error.reason)")
        }
        logger.info("registered keys with slashing protection", metadata: [
            "keys": "\(signer.keys.count)", "ms": "\((ContinuousClock.now - started).milliseconds)",
        ])
        // A connection that sends nothing for 30 s (an idle keep-alive, or a request left half
        // sent) is closed, so a slow or stuck client can neither hold a connection nor delay a stop.
        let metrics = signer.metrics
        let watchHandshakes = configuration.tls != nil && metrics != nil
        let http1 = HTTPServerBuilder.http1(configuration: .init(
            additionalChannelHandlers: watchHandshakes ? metrics.map { [TLSHandshakeWatch(metrics: $0)] } ?? [] : [],
            idleTimeout: .seconds(30)))
        let server: HTTPServerBuilder
        if let tls = configuration.tls {
            server = try .tls(http1, configuration: try tls.channelConfiguration())
        } else {
            server = http1
        }
        let logger = self.logger
        let app = Application(
            router: try makeRouter(),
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "etherkeep"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("signer listening", metadata: [
                    "host": "\(channel.localAddress?.ipAddress ?? "?")", "port": "\(port)",
                    "tls": "\(configuration.tls != nil)", "keys": "\(signer.keys.count)",
                ])
                await onListening(port)
            },
            eventLoopGroupProvider: .shared(Self.eventLoopGroup),
            logger: logger)
        var services: [any Service] = [app]
        if let metricsPort = configuration.metricsPort, let metrics = signer.metrics {
            services.append(Self.metricsApplication(metrics, host: configuration.metricsHost, port: metricsPort, logger: logger, onListening: onMetricsListening))
        }
        var groupConfiguration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: gracefulShutdownSignals, cancellationSignals: [], logger: logger)
        // Requests in flight get 10 s to finish after SIGTERM; then the server is cancelled.
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(10)
        let group = ServiceGroup(configuration: groupConfiguration)
        try await group.run()
        logger.info("signer stopped")
    }

    /// `GET /metrics` (Prometheus text format 0.0.4) on its own listener, as Web3Signer serves its
    /// metrics apart from the signing API.
    static func metricsApplication(
        _ metrics: SignerMetrics, host: String, port: Int, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void
    ) -> some Service {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "etherkeep-metrics"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? 0
                logger.info("metrics listening", metadata: ["host": "\(channel.localAddress?.ipAddress ?? "?")", "port": "\(bound)"])
                await onListening(bound)
            },
            eventLoopGroupProvider: .shared(eventLoopGroup),
            logger: logger)
    }

    /// One event-loop thread: the cores belong to BLS signing, and one loop keeps up with the
    /// sockets of a signer's clients (`etherkeep bench signer`: the same throughput or a little
    /// more than with a loop per core, as fewer threads compete with signing).
    static let eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    func makeRouter() throws(SignerError) -> Router<SignerRequestContext> {
        let router = Router(context: SignerRequestContext.self)
        let signer = self.signer
        // The audit log names the TLS client, when clients are verified.
        let clientName = signer.audit == nil ? nil : try configuration.tls?.clientNamer()
        let maximum = configuration.maximumBodyBytes
        let logger = self.logger
        router.post("/api/v1/eth2/sign/:identifier") { request, context -> Response in
            let identifier = context.parameters.get("identifier") ?? ""
            let body: ByteBuffer
            do throws(SignerError) {
                body = try await Self.collect(request, maximum: maximum)
            } catch {
                var entry = AuditLog.Entry(pubkey: identifier, client: nil)
                entry.fail(error)
                signer.record(entry, since: .now)
                throw error
            }
            do {
                var client: String?
                if let clientName, let certificate = await Self.peerCertificate(context.channel) { client = clientName(certificate) }
                let (signature, parsed) = try await signer.sign(identifier: identifier, body: body.readableBytesView, client: client)
                let hex = Hex.encode(signature.compressed)
                logger.debug("signed", metadata: ["type": "\(parsed.kind.rawValue)", "pubkey": "\(identifier.prefix(18))…"])
                if Self.wantsJSON(request) {
                    // Hex needs no escaping; this is the hot path, so no JSON encoder.
                    return Response(
                        status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(string: #"{"signature":""# + hex + #""}"#)))
                }
                return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: hex)))
            } catch let error as SignerError {
                if error.code == .refused || error.code == .unavailable || error.code == .storage {
                    logger.notice("not signed", metadata: ["pubkey": "\(identifier.prefix(18))…", "reason": "\(error.reason)"])
                }
                throw error
            }
        }
        let store = self.store
        router.get("/api/v1/eth2/publicKeys") { _, _ -> Response in
            Self.json(signer.keys.pubkeys.map { "0x\($0)" })
        }
        router.get("/api/v1/eth2/highWatermark") { _, _ -> Response in
            let watermark: HighWatermark?
            do throws(SlashingProtectionError) {
                watermark = try await store.highWatermark()
            } catch {
                throw SignerError(error.code == .unavailable ? .unavailable : .storage, "slashing protection: \(error.reason)")
            }
            guard let watermark else { return Self.json([String: String]()) }
            return Self.json(["epoch": "\(watermark.epoch)", "slot": "\(watermark.slot)"])
        }
        router.get("/upcheck") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "OK")))
        }
        let manager = self.manager
        router.get("/healthcheck") { _, _ -> Response in
            let storeUp: Bool
            do {
                _ = try await store.status(pubkeys: [])
                storeUp = true
            } catch {
                storeUp = false
            }
            let vaultUp = await manager.vaultReachable()
            let keyFailures = manager.failures
            var checks: [[String: Any]] = [
                ["id": "default-check", "status": "UP"],
                ["id": "keys-check", "status": keyFailures == 0 ? "UP" : "DOWN", "data": ["keys-loaded": signer.keys.count, "error-count": keyFailures]],
                ["id": "slashing-protection-db-health-check", "status": storeUp ? "UP" : "DOWN"],
            ]
            if let vaultUp { checks.append(["id": "vault-check", "status": vaultUp ? "UP" : "DOWN"]) }
            let outcome = storeUp && keyFailures == 0 && vaultUp != false ? "UP" : "DOWN"
            var response = Self.json(["status": outcome, "outcome": outcome, "checks": checks])
            if outcome != "UP" { response.status = .serviceUnavailable }
            return response
        }
        router.post("/reload") { _, _ -> Response in
            guard manager.startReload() else {
                var response = Self.json(["status": "error", "message": "A reload operation is already in progress. Please try again later."])
                response.status = .conflict
                return response
            }
            var response = Self.json([
                "status": "accepted", "message": "Reload operation accepted and is running in the background. Use GET /reload to check status.",
            ])
            response.status = .accepted
            return response
        }
        router.get("/reload") { _, _ -> Response in
            let status = manager.reloadStatus
            var body: [String: Any] = ["status": status.status.rawValue]
            if let time = status.lastOperationTime { body["lastOperationTime"] = time.formatted(.iso8601) }
            if let error = status.lastError { body["lastError"] = error }
            return Self.json(body)
        }
        if let token = configuration.keyManagerToken {
            KeyManagerRoutes.add(to: router, manager: manager, token: token, maximumBodyBytes: configuration.maximumBodyBytes)
        }
        router.refuseOtherMethods("/api/v1/eth2/sign/:identifier", allowing: [.post])
        for path: RouterPath in ["/api/v1/eth2/publicKeys", "/api/v1/eth2/highWatermark", "/upcheck", "/healthcheck"] {
            router.refuseOtherMethods(path, allowing: [.get])
        }
        router.refuseOtherMethods("/reload", allowing: [.get, .post])
        return router
    }

    /// The TLS client's certificate on `channel`, if it presented one (read on its event loop).
    private static func peerCertificate(_ channel: any Channel) async -> NIOSSLCertificate? {
        try? await channel.pipeline.handler(type: NIOSSLHandler.self).map { $0.peerCertificate }.get()
    }

    /// The body, refusing more than `maximum` bytes (413), by `Content-Length` first.
    static func collect(_ request: Request, maximum: Int) async throws(SignerError) -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maximum {
            throw SignerError(.payloadTooLarge, "body of \(length) bytes is larger than the \(maximum) accepted")
        }
        do {
            return try await request.body.collect(upTo: maximum)
        } catch {
            throw SignerError(.payloadTooLarge, "body is larger than the \(maximum) bytes accepted")
        }
    }

    /// Web3Signer answers JSON only to a client that asks for it.
    private static func wantsJSON(_ request: Request) -> Bool {
        request.headers[values: .accept].contains { $0.lowercased().contains("application/json") }
    }

    static func json(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// The signer's request context: Hummingbird's core context and the request's channel (whose TLS
/// handler holds the client certificate the audit log names).
struct SignerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

extension Duration {
    /// Whole milliseconds, for the start-up log.
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
