import Enclave

extension FuzzCatalog {
    /// The enclave transport's endpoint strings (`tcp://`, `vsock://`, `unix://`): what parses
    /// writes back a canonical form that parses to the same endpoint, within the limits it states.
    static let socketEndpoint = FuzzTarget(
        "socket-endpoint", summary: "SocketEndpoint(parsing:) and its canonical description (round trip)", json: false,
        seeds: { utf8(socketEndpointSeeds) },
        body: { input throws(FuzzFailure) in
            let text = String(decoding: input, as: UTF8.self)
            guard let endpoint = try? SocketEndpoint(parsing: text) else { return }
            let canonical = endpoint.description
            guard let again = try? SocketEndpoint(parsing: canonical) else {
                throw FuzzFailure("socket-endpoint: \(endpoint) writes \"\(canonical)\", which does not parse")
            }
            try require(again == endpoint, "socket-endpoint: \"\(canonical)\" parses to \(again), not \(endpoint)")
            switch endpoint {
            case .tcp(let host, let port):
                try require(!host.isEmpty && (0...65535).contains(port), "socket-endpoint: tcp \(host) \(port) parsed")
            case .unix(let path):
                try require(path.hasPrefix("/") && path.utf8.count <= SocketEndpoint.maximumUnixPathByteCount, "socket-endpoint: unix path \(path) parsed")
            case .vsock:
                break
            }
        })
}

/// Endpoints as operators write them, and near misses.
let socketEndpointSeeds = [
    "tcp://127.0.0.1:8443", "tcp://0.0.0.0:0", "tcp://[::1]:9000", "tcp://[fe80::1%eth0]:80", "tcp://kms.eu-west-1.amazonaws.com:443",
    "tcp://localhost:65535", "tcp://localhost:65536", "tcp://::1:80", "tcp://[::1]", "tcp://:80", "tcp://a:-1",
    "vsock://16:5000", "vsock://3:8000", "vsock://parent:8000", "vsock://any:any", "vsock://4294967295:4294967295",
    "vsock://4294967296:1", "vsock://1:", "vsock://16", "vsock://16:5000:1", "vsock://local:1", "vsock://host:2",
    "unix:///run/etherkeep/signer.sock", "unix://relative", "unix:///", "unix://", "http://x:1", "", "://", "tcp://",
]
