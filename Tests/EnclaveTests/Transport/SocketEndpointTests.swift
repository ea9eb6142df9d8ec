import Enclave
import Testing

/// `SocketEndpoint`: every form read, the canonical form written back, and each mistake refused
/// with a reason that names it.
@Suite struct SocketEndpointTests {
    @Test(arguments: [
        ("tcp://127.0.0.1:8443", SocketEndpoint.tcp(host: "127.0.0.1", port: 8443), "tcp://127.0.0.1:8443"),
        ("tcp://0.0.0.0:0", .tcp(host: "0.0.0.0", port: 0), "tcp://0.0.0.0:0"),
        ("tcp://[::1]:9000", .tcp(host: "::1", port: 9000), "tcp://[::1]:9000"),
        ("tcp://kms.eu-west-1.amazonaws.com:443", .tcp(host: "kms.eu-west-1.amazonaws.com", port: 443), "tcp://kms.eu-west-1.amazonaws.com:443"),
        ("tcp://localhost:65535", .tcp(host: "localhost", port: 65535), "tcp://localhost:65535"),
        ("vsock://16:5000", .vsock(cid: 16, port: 5000), "vsock://16:5000"),
        ("vsock://parent:8000", .vsock(cid: 3, port: 8000), "vsock://3:8000"),
        ("vsock://any:any", .vsock(cid: 0xFFFF_FFFF, port: 0xFFFF_FFFF), "vsock://any:any"),
        ("vsock://4294967295:0", .vsock(cid: 0xFFFF_FFFF, port: 0), "vsock://any:0"),
        ("vsock://local:1", .vsock(cid: 1, port: 1), "vsock://1:1"),
        ("vsock://host:2", .vsock(cid: 2, port: 2), "vsock://2:2"),
        ("unix:///run/etherkeep/signer.sock", .unix(path: "/run/etherkeep/signer.sock"), "unix:///run/etherkeep/signer.sock"),
    ])
    func parses(_ text: String, _ expected: SocketEndpoint, _ canonical: String) throws {
        let endpoint = try SocketEndpoint(parsing: text)
        #expect(endpoint == expected)
        #expect(endpoint.description == canonical)
        let again = try SocketEndpoint(parsing: canonical)
        #expect(again == expected)
    }

    @Test func wellKnownCIDs() {
        #expect(SocketEndpoint.VsockCID.parent == 3)
        #expect(SocketEndpoint.VsockCID.local == 1)
        #expect(SocketEndpoint.VsockCID.host == 2)
        #expect(SocketEndpoint.VsockCID.any == 0xFFFF_FFFF)
    }

    /// Each refusal names what is wrong (the second string must appear in the reason).
    @Test(arguments: [
        ("", "is empty"),
        ("127.0.0.1:8443", "has no scheme"),
        ("http://127.0.0.1:80", "unknown scheme \"http\""),
        ("TCP://127.0.0.1:80", "unknown scheme \"TCP\""),
        ("tcp://127.0.0.1", "no :PORT after the host"),
        ("tcp://:80", "no host"),
        ("tcp://127.0.0.1:65536", "\"65536\" as TCP port"),
        ("tcp://127.0.0.1:-1", "\"-1\" as TCP port"),
        ("tcp://127.0.0.1:", "\"\" as TCP port"),
        ("tcp://127.0.0.1:80/path", "\"80/path\" as TCP port"),
        ("tcp://::1:80", "IPv6 address without brackets"),
        ("tcp://[::1:80", "never closes it"),
        ("tcp://[::1]", "no :PORT after the bracketed IPv6 address"),
        ("tcp://[example.com]:80", "not an IPv6 address"),
        ("tcp://user@host:80", "not a host name or address"),
        ("tcp://host name:80", "whitespace or a control character"),
        ("tcp://host\n:80", "whitespace or a control character"),
        ("vsock://16", "no :PORT after the CID"),
        ("vsock://16:5000:1", "more than one ':'"),
        ("vsock://parnet:5000", "\"parnet\" as vsock CID"),
        ("vsock://4294967296:1", "\"4294967296\" as vsock CID"),
        ("vsock://-1:5000", "\"-1\" as vsock CID"),
        ("vsock://3:", "\"\" as vsock port"),
        ("vsock://3:0x10", "\"0x10\" as vsock port"),
        ("unix://", "no path"),
        ("unix://relative/sock", "relative path"),
        ("unix:///run/dir/", "ends in '/'"),
        ("unix:///" + String(repeating: "a", count: 107), "108-byte path"),
        ("tcp://" + String(repeating: "a", count: 2000) + ":1", "at most 1024"),
    ])
    func refuses(_ text: String, _ expected: String) {
        do {
            let endpoint = try SocketEndpoint(parsing: text)
            Issue.record("parsed \(endpoint)")
        } catch {
            #expect(error.code == .invalidEndpoint)
            #expect(error.reason.contains(expected), "\(error.reason)")
        }
    }

    /// The quoted input in a reason is cut short and shows control characters as `?`.
    @Test func reasonsQuoteSafely() {
        let text = "ftp://" + String(repeating: "x", count: 200)
        do {
            _ = try SocketEndpoint(parsing: text)
            Issue.record("parsed")
        } catch {
            #expect(error.reason.count < 200, "\(error.reason)")
            #expect(error.reason.contains("…"))
        }
    }
}
