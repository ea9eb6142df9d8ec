#if canImport(Glibc)
import Glibc
#endif
import Enclave
import Foundation
import Testing

/// A Unix socket file left by a killed process (a restarted enclave's client listener, say) is
/// replaced when bound again; one a live process listens on is not taken from it.
@Suite struct StaleSocketTests {
    /// Binds a Unix socket at `path` and listens if `listening`; returns the descriptor.
    static func unixSocket(_ path: String, listening: Bool) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TransportTestFailure("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in path.utf8.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0 }
        }
        guard bound, !listening || listen(descriptor, 4) == 0 else {
            Glibc.close(descriptor)
            throw TransportTestFailure("bind/listen \(path): errno \(errno)")
        }
        return descriptor
    }

    @Test func aStaleSocketFileIsReplacedALiveOneIsNot() async throws {
        let directory = ProxyFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = SocketEndpoint.tcp(host: "127.0.0.1", port: 9)

        // Stale: the listener closed without removing its file, as a process killed with SIGKILL leaves it.
        let stale = directory + "/stale.sock"
        Glibc.close(try Self.unixSocket(stale, listening: true))
        #expect(FileManager.default.fileExists(atPath: stale))
        try await ProxyFixture.with([ByteProxyConfiguration(listen: .unix(path: stale), target: target)]) { proxies in
            #expect(proxies.count == 1)
        }

        // Live: another process listens there; binding fails and says so.
        let live = directory + "/live.sock"
        let listener = try Self.unixSocket(live, listening: true)
        defer { Glibc.close(listener) }
        await #expect("a live listener's socket is left alone", performing: {
            _ = try await ByteProxy.bind(ByteProxyConfiguration(listen: .unix(path: live), target: target))
        }, throws: { "\($0)".contains("something already listens there") })
        // A regular file at the path is no socket to replace.
        let file = directory + "/file.sock"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        await #expect("a file is not replaced", performing: {
            _ = try await ByteProxy.bind(ByteProxyConfiguration(listen: .unix(path: file), target: target))
        }, throws: { _ in true })
        #expect(FileManager.default.contents(atPath: file) == Data("x".utf8))
    }
}
