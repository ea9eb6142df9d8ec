import Enclave
import Foundation
import Testing

/// TLS through the proxies, untouched: an `openssl s_server` with a CA-signed certificate for
/// 127.0.0.1 sits behind two chained proxies (TCP → inner hop → TCP, as parent → enclave), and
/// `curl` and `openssl s_client` reach it through them, verifying the server's certificate
/// against the CA. Neither proxy has a key or certificate: a handshake that verifies proves the
/// bytes arrived as the server sent them.
@Suite struct ByteProxyTLSTests {
    /// A CA, and a server certificate for IP 127.0.0.1 signed by it; a second, unrelated CA.
    static func makeCertificates(in folder: String) async throws {
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        let steps: [[String]] = [
            ["openssl", "req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=proxy-test-ca"],
            ["openssl", "req"] + ec + ["-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"],
            ["openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.cnf"],
            ["openssl", "req", "-x509"] + ec + ["-keyout", "other.key", "-out", "other-ca.pem", "-days", "2", "-subj", "/CN=unrelated-ca"],
        ]
        try Data("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n".utf8).write(to: URL(fileURLWithPath: "\(folder)/san.cnf"))
        for step in steps {
            let result = try await TestProcess.run(step, in: folder)
            guard result.status == 0 else { throw TransportTestFailure("\(step.prefix(2).joined(separator: " ")) failed: \(result.output)") }
        }
    }

    /// The base64 of the first PEM certificate in `text`, without line breaks.
    static func firstCertificate(in text: String) -> String? {
        guard let begin = text.range(of: "-----BEGIN CERTIFICATE-----"),
            let end = text.range(of: "-----END CERTIFICATE-----", range: begin.upperBound..<text.endIndex)
        else { return nil }
        return text[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
    }

    @Test func tlsPassesThroughTwoChainedProxiesUntouched() async throws {
        let folder = ProxyFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Self.makeCertificates(in: folder)
        let server = try TestProcess.start(
            ["openssl", "s_server", "-accept", "127.0.0.1:0", "-cert", "server.pem", "-key", "server.key", "-www"], in: folder)
        let banner = try await server.waitForOutput(containing: "ACCEPT")
        guard let line = banner.split(separator: "\n").first(where: { $0.hasPrefix("ACCEPT") }),
            let portText = line.split(separator: ":").last, let port = Int(portText)
        else {
            await server.stop()
            throw TransportTestFailure("no port in s_server's output: \(banner)")
        }
        let inner = ProxyFixture.innerEndpoint(ProxyFixture.inner)
        print("TLS through tcp → \(inner) → tcp://127.0.0.1:\(port) (openssl s_server)")
        let configurations = [
            ByteProxyConfiguration(listen: .tcp(host: "127.0.0.1", port: 0), target: inner),
            ByteProxyConfiguration(listen: inner, target: .tcp(host: "127.0.0.1", port: port)),
        ]
        do {
            try await ProxyFixture.with(configurations) { proxies in
                let url = "https://\(proxies[0].listeningEndpoint.description.dropFirst("tcp://".count))/"
                // curl verifies the chain to the CA and the IP in the certificate.
                let good = try await TestProcess.run(["curl", "-sS", "--max-time", "20", "--cacert", "ca.pem", url], in: folder)
                #expect(good.status == 0, "\(good.output)")
                #expect(good.output.contains("s_server -accept"), "\(good.output)")
                // With another CA the same server is refused: curl really checks (60: peer certificate).
                let refused = try await TestProcess.run(["curl", "-sS", "--max-time", "20", "--cacert", "other-ca.pem", url], in: folder)
                #expect(refused.status == 60, "\(refused.output)")
                // s_client: verification succeeds, and the certificate it saw is the server's own, byte for byte.
                let client = try await TestProcess.run([
                    "openssl", "s_client", "-connect", String(url.dropFirst("https://".count).dropLast()), "-CAfile", "ca.pem",
                    "-verify_return_error", "-verify_ip", "127.0.0.1",
                ], in: folder)
                #expect(client.status == 0, "\(client.output)")
                #expect(client.output.contains("Verify return code: 0 (ok)"), "\(client.output)")
                let served = Self.firstCertificate(in: try String(contentsOfFile: "\(folder)/server.pem", encoding: .utf8))
                let seen = Self.firstCertificate(in: client.output)
                #expect(served != nil && seen == served)
                let counts = proxies.map(\.statistics.accepted)
                let expected = [3, 3]
                #expect(counts == expected)
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
