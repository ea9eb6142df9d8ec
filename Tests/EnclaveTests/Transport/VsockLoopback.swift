#if canImport(Glibc)
import Glibc
#endif

/// Whether this kernel carries vsock between two sockets of this machine (CID 1,
/// `VMADDR_CID_LOCAL`, served by the `vsock_loopback` module since Linux 5.6), probed with plain
/// system calls, independently of NIO and of the code under test.
///
/// Binding CID 1 fails with `EADDRNOTAVAIL` unless the loopback transport is there, so the probe
/// connects only after that bind succeeded: without loopback a connection to CID 1 would leave
/// through the guest-to-host transport of a virtual machine, to the hypervisor.
enum VsockLoopback {
    /// What the probe saw.
    enum Outcome: Equatable, CustomStringConvertible {
        /// A listener on CID 1 accepted a connection from this machine.
        case available
        /// `socket(AF_VSOCK)` failed: no vsock in this kernel.
        case noVsock(errno: Int32)
        /// `bind` on CID 1 failed: vsock, but no loopback transport.
        case noLoopback(errno: Int32)
        /// Bound on CID 1, but the connection to it failed.
        case connectFailed(errno: Int32)

        var isAvailable: Bool { self == .available }

        var description: String {
            switch self {
            case .available: "vsock loopback available (bound and connected on CID 1)"
            case .noVsock(let code): "no AF_VSOCK: socket() failed with \(Self.name(code))"
            case .noLoopback(let code): "AF_VSOCK present, no loopback: bind(CID 1) failed with \(Self.name(code)) (vsock_loopback not loaded)"
            case .connectFailed(let code): "bound CID 1 but connect failed with \(Self.name(code))"
            }
        }

        static func name(_ code: Int32) -> String { "\(String(cString: strerror(code))) (errno \(code))" }
    }

    /// `AF_VSOCK` (linux/socket.h).
    static let family: Int32 = 40

    /// `struct sockaddr_vm` (linux/vm_sockets.h): 16 bytes.
    struct Address {
        var family = UInt16(VsockLoopback.family)
        var reserved: UInt16 = 0
        var port: UInt32
        var cid: UInt32
        var flags: UInt8 = 0
        var zero: (UInt8, UInt8, UInt8) = (0, 0, 0)
    }

    static func probe() -> Outcome {
        let listener = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { return .noVsock(errno: errno) }
        defer { close(listener) }
        var address = Address(port: UInt32.random(in: 20_000...60_000), cid: 1)
        guard call(listener, &address, bind) == 0 else { return .noLoopback(errno: errno) }
        guard listen(listener, 1) == 0 else { return .noLoopback(errno: errno) }
        let client = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard client >= 0 else { return .noVsock(errno: errno) }
        defer { close(client) }
        guard call(client, &address, connect) == 0 else { return .connectFailed(errno: errno) }
        return .available
    }

    private static func call(
        _ fd: Int32, _ address: inout Address, _ function: (Int32, UnsafePointer<sockaddr>?, socklen_t) -> Int32
    ) -> Int32 {
        withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { function(fd, $0, socklen_t(MemoryLayout<Address>.size)) }
        }
    }
}
