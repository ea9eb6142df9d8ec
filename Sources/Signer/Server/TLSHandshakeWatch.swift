import NIOCore
import NIOSSL
import NIOTLS

/// Counts failed TLS handshakes (`etherkeep_signer_tls_handshake_failures_total`): a client
/// certificate refused, no common protocol or cipher, a client that is not speaking TLS. One per
/// connection, when an error reaches the pipeline before the handshake completed.
///
/// Added behind the HTTP decoder (Hummingbird's additional channel handlers); TLS events and
/// errors travel the whole pipeline, and everything else passes through untouched.
final class TLSHandshakeWatch: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Any

    private let metrics: SignerMetrics
    private var settled = false

    init(metrics: SignerMetrics) {
        self.metrics = metrics
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent { settled = true }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !settled, error is NIOSSLError || error is BoringSSLError {
            settled = true
            metrics.tlsHandshakeFailed()
        }
        context.fireErrorCaught(error)
    }
}
