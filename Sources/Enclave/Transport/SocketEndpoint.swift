/// Where a transport listens or connects: a TCP host and port, an `AF_VSOCK` context identifier
/// (CID) and port, or a Unix domain socket path.
///
/// In the Nitro design the enclave has no network: the parent instance reaches the enclave by
/// vsock at the CID it was started with (`nitro-cli run-enclave --enclave-cid`, 16 in the
/// examples), and the enclave reaches the parent at CID 3
/// (https://docs.aws.amazon.com/enclaves/latest/user/nitro-enclave-concepts.html). Unix sockets
/// stand in for vsock where the kernel has no vsock loopback (tests on a plain Linux host).
///
/// The string forms, which ``init(parsing:)`` reads and ``description`` writes:
///
/// | form | example |
/// |---|---|
/// | `tcp://HOST:PORT` (IPv6 in brackets) | `tcp://127.0.0.1:8443`, `tcp://[::1]:8443`, `tcp://kms.eu-west-1.amazonaws.com:443` |
/// | `vsock://CID:PORT` | `vsock://16:5000`, `vsock://parent:8000`, `vsock://any:5000` |
/// | `unix:///PATH` | `unix:///run/etherkeep/signer.sock` |
///
/// A vsock CID or port is decimal (0 to 4294967295) or one of the names in ``VsockCID``; the
/// port may be `any` (`VMADDR_PORT_ANY`, to listen on a port the kernel chooses). A TCP port of 0
/// listens on a port the kernel chooses.
package enum SocketEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// TCP: a host name, IPv4 address or IPv6 address (stored without brackets), and a port 0–65535.
    case tcp(host: String, port: Int)
    /// `AF_VSOCK` (vsock(7)): a 32-bit context identifier and a 32-bit port.
    case vsock(cid: UInt32, port: UInt32)
    /// `AF_UNIX`: an absolute path of at most ``maximumUnixPathByteCount`` bytes of UTF-8.
    case unix(path: String)

    /// The longest Unix socket path: `sun_path` is 108 bytes on Linux, one of them the final NUL.
    package static let maximumUnixPathByteCount = 107
    /// The longest endpoint string ``init(parsing:)`` reads.
    package static let maximumTextByteCount = 1024

    /// Well-known vsock context identifiers (vsock(7), and AWS's fixed CID of the parent).
    package enum VsockCID {
        /// `VMADDR_CID_ANY`: listen on every CID of this machine.
        package static let any: UInt32 = 0xFFFF_FFFF
        /// `VMADDR_CID_LOCAL`: loopback, served by the `vsock_loopback` kernel module (Linux 5.6+).
        package static let local: UInt32 = 1
        /// `VMADDR_CID_HOST`: the host of a virtual machine.
        package static let host: UInt32 = 2
        /// The parent instance, as seen from a Nitro enclave.
        package static let parent: UInt32 = 3

        /// The names ``SocketEndpoint/init(parsing:)`` accepts for a CID, and their values.
        static let names: [(name: String, value: UInt32)] = [("any", any), ("local", local), ("host", host), ("parent", parent)]
    }

    /// `VMADDR_PORT_ANY`: listen on a vsock port the kernel chooses.
    package static let vsockPortAny: UInt32 = 0xFFFF_FFFF

    /// The canonical string form, which ``init(parsing:)`` reads back to an equal value: the CID
    /// and port `UInt32.max` are written `any`, other CIDs in decimal.
    package var description: String {
        switch self {
        case .tcp(let host, let port):
            return host.contains(":") ? "tcp://[\(host)]:\(port)" : "tcp://\(host):\(port)"
        case .vsock(let cid, let port):
            let cidText = cid == VsockCID.any ? "any" : String(cid)
            let portText = port == Self.vsockPortAny ? "any" : String(port)
            return "vsock://\(cidText):\(portText)"
        case .unix(let path):
            return "unix://\(path)"
        }
    }
}
