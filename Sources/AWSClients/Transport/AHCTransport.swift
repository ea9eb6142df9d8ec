package import AWSCore
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL

/// ``AWSHTTPTransport`` over AsyncHTTPClient: the thin executor under every AWS client.
///
/// Redirects are refused (AWS never redirects these APIs, and following one would resend a signed
/// request elsewhere). Failures map to ``AWSError/Code/transport`` (connect, reset, closed early) or
/// ``AWSError/Code/timeout``; messages name the host, never headers or bodies. Call ``shutdown()``
/// when done.
///
/// ``init(maxResponseBytes:)`` trusts the system's roots, for AWS. ``init(maxResponseBytes:trustingOnly:)``
/// trusts one certificate and nothing else: for a server whose self-signed certificate the caller
/// holds from a trusted place (the validator signer's, from its TLS table).
package final class AHCTransport: AWSHTTPTransport {
    private let client: HTTPClient
    /// The largest response body read, bytes (a DynamoDB page is at most 1 MB of items plus JSON).
    package let maxResponseBytes: Int

    package convenience init(maxResponseBytes: Int = 16 << 20) {
        self.init(maxResponseBytes: maxResponseBytes, tls: nil)
    }

    /// A transport that trusts only `certificatePEM`: the server's certificate must chain to it (for
    /// a self-signed certificate: be it), be valid now and name the request's host in its
    /// subjectAltName. The system's roots are not consulted, so no public CA can stand in for it.
    ///
    /// - Parameter certificatePEM: one PEM `CERTIFICATE` block.
    /// - Throws: ``AWSError/Code/invalidConfiguration`` when it is not a PEM certificate.
    package convenience init(maxResponseBytes: Int = 16 << 20, trustingOnly certificatePEM: [UInt8]) throws(AWSError) {
        let certificate: NIOSSLCertificate
        do {
            certificate = try NIOSSLCertificate(bytes: certificatePEM, format: .pem)
        } catch {
            throw AWSError(.invalidConfiguration, "the certificate to trust is not a PEM certificate")
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates([certificate])
        tls.additionalTrustRoots = []
        tls.certificateVerification = .fullVerification
        tls.minimumTLSVersion = .tlsv12
        self.init(maxResponseBytes: maxResponseBytes, tls: tls)
    }

    private init(maxResponseBytes: Int, tls: TLSConfiguration?) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5)))
        configuration.decompression = .disabled
        if let tls { configuration.tlsConfiguration = tls }
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        self.maxResponseBytes = maxResponseBytes
    }

    /// Closes every connection.
    package func shutdown() async throws {
        try await client.shutdown()
    }

    package func send(_ request: AWSHTTPRequest, timeoutSeconds: Double) async throws(AWSError) -> AWSHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let host = request.origin
        do {
            let response = try await client.execute(outgoing, timeout: .milliseconds(Int64(max(timeoutSeconds, 0.001) * 1000)))
            let body = try await response.body.collect(upTo: maxResponseBytes)
            return AWSHTTPResponse(
                status: Int(response.status.code),
                headers: response.headers.map { SigV4Request.HTTPField($0.name, $0.value) },
                body: Array(buffer: body))
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout:
                throw AWSError(.timeout, "request to \(host) timed out (\(error.shortDescription))")
            default:
                throw AWSError(.transport, "request to \(host) failed: \(error.shortDescription)")
            }
        } catch is CancellationError {
            throw AWSError(.timeout, "request to \(host) was cancelled")
        } catch {
            // NIO's IOError and connection errors say what failed ("Connection refused") and never
            // carry request contents.
            throw AWSError(.transport, "request to \(host) failed: \(String(describing: error).prefix(200))")
        }
    }
}
