import EthereumCore
import EthereumTransactions
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
import Secp256k1
import ServiceLifecycle
public import UnixSignals

/// Web3Signer's eth1 mode over HTTP:
///
/// - `POST /`: JSON-RPC 2.0 (``Eth1RPC``), `application/json`;
/// - `GET /api/v1/eth1/publicKeys`: JSON array of the accounts' public keys, `0x` + 64 bytes (x ‖ y);
/// - `POST /api/v1/eth1/sign/{publicKey}` `{"data": "0x…"}`: the account's EIP-191 `personal_sign`
///   signature of `data`, `0x` + r ‖ s ‖ v (65 bytes, v = 27/28), as `text/plain`; 404 for an
///   unknown key, 400 for a bad body;
/// - `GET /upcheck`: `OK`.
public struct Eth1Server: Sendable {
    public let rpc: Eth1RPC
    public let host: String
    public let port: Int
    /// The largest body accepted (413 above it).
    public let maximumBodyBytes: Int
    public let tls: SignerTLSConfiguration?
    private let logger: Logger

    public init(rpc: Eth1RPC, host: String = "127.0.0.1", port: Int = 9000, maximumBodyBytes: Int = 1 << 20, tls: SignerTLSConfiguration? = nil, logger: Logger) {
        self.rpc = rpc
        self.host = host
        self.port = port
        self.maximumBodyBytes = maximumBodyBytes
        self.tls = tls
        self.logger = logger
    }

    /// Serves until cancelled or one of `gracefulShutdownSignals` arrives.
    ///
    /// - Parameter onListening: called with the bound port once the server accepts connections.
    public func run(gracefulShutdownSignals: [UnixSignal] = [], onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let http1 = HTTPServerBuilder.http1(configuration: .init(idleTimeout: .seconds(30)))
        let server: HTTPServerBuilder = if let tls { try .tls(http1, configuration: try tls.channelConfiguration()) } else { http1 }
        let logger = self.logger
        let accounts = rpc.accounts.all.count
        let app = Application(
            router: makeRouter(),
            server: server,
            configuration: .init(address: .hostname(host, port: port), serverName: "etherkeep"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? 0
                logger.info("eth1 signer listening", metadata: ["port": "\(bound)", "accounts": "\(accounts)", "tls": "\(tls != nil)"])
                await onListening(bound)
            },
            eventLoopGroupProvider: .shared(SignerServer.eventLoopGroup),
            logger: logger)
        var configuration = ServiceGroupConfiguration(services: [app], gracefulShutdownSignals: gracefulShutdownSignals, cancellationSignals: [], logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(10)
        try await ServiceGroup(configuration: configuration).run()
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let rpc = self.rpc
        let maximum = maximumBodyBytes
        router.post("/") { request, _ -> Response in
            guard let body = try? await request.body.collect(upTo: maximum) else {
                return Self.plain("body is larger than the \(maximum) bytes accepted", status: .contentTooLarge)
            }
            guard let answer = await rpc.handle(Array(buffer: body)) else { return Response(status: .noContent) }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: answer)))
        }
        router.get("/api/v1/eth1/publicKeys") { _, _ -> Response in
            let keys = AnyJSON.array(rpc.accounts.all.map { .string(Hex.encode($0.publicKey.xy)) })
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: keys.encoded())))
        }
        router.post("/api/v1/eth1/sign/:identifier") { request, context -> Response in
            let identifier = context.parameters.get("identifier") ?? ""
            guard let account = rpc.accounts.account(publicKey: identifier) else {
                return Self.plain("no key for public key \(identifier.prefix(140))", status: .notFound)
            }
            guard let body = try? await request.body.collect(upTo: maximum) else {
                return Self.plain("body is larger than the \(maximum) bytes accepted", status: .contentTooLarge)
            }
            guard let object = (try? AnyJSON.parse(Array(buffer: body), rejectingDuplicateKeys: true))?.objectValue,
                  let text = object["data"]?.stringValue, text.hasPrefix("0x"), let data = try? Hex.decode(text)
            else {
                return Self.plain("the body must be {\"data\": \"0x…\"} (hex)", status: .badRequest)
            }
            do {
                let signature = try await account.signer.signPersonalMessage(data)
                return Self.plain(signature.rsvHex, status: .ok)
            } catch {
                return Self.plain("signing failed", status: .internalServerError)
            }
        }
        router.get("/upcheck") { _, _ -> Response in Self.plain("OK", status: .ok) }
        router.refuseOtherMethods("/", allowing: [.post])
        router.refuseOtherMethods("/api/v1/eth1/sign/:identifier", allowing: [.post])
        router.refuseOtherMethods("/api/v1/eth1/publicKeys", allowing: [.get])
        router.refuseOtherMethods("/upcheck", allowing: [.get])
        return router
    }

    private static func plain(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
