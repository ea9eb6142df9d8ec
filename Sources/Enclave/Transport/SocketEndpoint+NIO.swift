import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

extension SocketEndpoint {
    /// NIO's vsock address (`VsockAddress` lives in NIOPosix).
    private static func vsockAddress(cid: UInt32, port: UInt32) -> VsockAddress {
        VsockAddress(cid: VsockAddress.ContextID(rawValue: cid), port: VsockAddress.Port(rawValue: port))
    }

    /// Binds `bootstrap`'s listening socket here: TCP through name resolution of the host, vsock
    /// through `VsockAddress`, Unix at the path, which must not exist yet unless it is a stale
    /// socket (one left by a killed process: nothing accepts on it), which is replaced.
    func bind(_ bootstrap: ServerBootstrap) -> EventLoopFuture<any Channel> {
        switch self {
        case .tcp(let host, let port): bootstrap.bind(host: host, port: port)
        case .vsock(let cid, let port): bootstrap.bind(to: Self.vsockAddress(cid: cid, port: port))
        case .unix(let path): bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: Self.isStaleSocket(path))
        }
    }

    /// Whether `path` is a Unix socket that refuses connections: its listener is gone.
    static func isStaleSocket(_ path: String) -> Bool {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return result != 0 && errno == ECONNREFUSED
    }

    /// Connects `bootstrap` here; the bootstrap's connect timeout applies to every kind.
    func connect(_ bootstrap: ClientBootstrap) -> EventLoopFuture<any Channel> {
        switch self {
        case .tcp(let host, let port): bootstrap.connect(host: host, port: port)
        case .vsock(let cid, let port): bootstrap.connect(to: Self.vsockAddress(cid: cid, port: port))
        case .unix(let path): bootstrap.connect(unixDomainSocketPath: path)
        }
    }

    /// The endpoint a listener bound here actually listens on: a TCP port 0 replaced by the port
    /// the kernel chose. NIO does not report a vsock socket's local address, so a vsock endpoint
    /// is returned as configured (a port `any` stays `any`).
    func bound(_ channel: any Channel) -> SocketEndpoint {
        guard case .tcp(let host, 0) = self, let port = channel.localAddress?.port else { return self }
        return .tcp(host: host, port: port)
    }

    /// The kernel's error in words for a failed bind, with a hint where one helps.
    func listenFailure(_ error: any Error) -> EnclaveError {
        var reason = "cannot listen on \(self): \(Self.describe(error))"
        if let code = (error as? IOError)?.errnoCode {
            switch (self, code) {
            case (.vsock(let cid, _), EADDRNOTAVAIL) where cid == VsockCID.local:
                reason += "; CID 1 (VMADDR_CID_LOCAL) needs the vsock_loopback kernel module"
            case (.vsock, EADDRNOTAVAIL):
                reason += "; a vsock listener binds the machine's own CID or any"
            case (.vsock, EAFNOSUPPORT):
                reason += "; this kernel has no AF_VSOCK (the vsock module is not loaded)"
            case (_, EADDRINUSE):
                reason += "; something already listens there" + (Self.isUnix(self) ? " (or a stale socket file is left)" : "")
            default:
                break
            }
        }
        return EnclaveError(.listen, reason)
    }

    private static func isUnix(_ endpoint: SocketEndpoint) -> Bool {
        if case .unix = endpoint { return true }
        return false
    }

    /// `strerror` and errno for a system call's error, else the error's own description.
    static func describe(_ error: any Error) -> String {
        if let io = error as? IOError {
            return "\(String(cString: strerror(io.errnoCode))) (errno \(io.errnoCode))"
        }
        if let connection = error as? NIOConnectionError {
            if let first = connection.connectionErrors.first { return describe(first.error) }
            return "cannot resolve \(connection.host)"
        }
        if let channel = error as? ChannelError, case .connectTimeout(let timeout) = channel {
            return "no connection within \(timeout)"
        }
        return String(describing: error)
    }
}
