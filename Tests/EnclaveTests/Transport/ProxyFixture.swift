import Enclave
import Foundation
import Logging
import ServiceLifecycle

/// Proxies bound for a test and run in a `ServiceGroup`, and the inner hop they are chained over.
enum ProxyFixture {
    /// The hop between two chained proxies, where the Nitro design has vsock: vsock loopback
    /// (CID 1) when this kernel has it (``VsockLoopback/probe()``), otherwise a Unix socket; the
    /// proxies and everything else are the same.
    static func innerEndpoint(_ kind: InnerTransport, name: String = "inner") -> SocketEndpoint {
        switch kind {
        case .vsock: .vsock(cid: SocketEndpoint.VsockCID.local, port: UInt32.random(in: 20_000...60_000))
        case .unix: .unix(path: socketDirectory + "/\(name)-\(UInt32.random(in: 0...UInt32.max)).sock")
        }
    }

    /// One directory per test process for the Unix sockets (each proxy removes its own on stop).
    static let socketDirectory = temporaryDirectory()

    /// A fresh directory under the system's temporary directory, short enough for socket paths.
    static func temporaryDirectory() -> String {
        let path = "/tmp/ek-proxy-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The kind of inner hop this machine runs the chained tests over, printed once.
    static let inner: InnerTransport = {
        let probe = VsockLoopback.probe()
        print("transport tests: inner hop over \(probe.isAvailable ? "vsock loopback (CID 1)" : "Unix sockets"): \(probe)")
        return probe.isAvailable ? .vsock : .unix
    }()

    /// Binds `configurations` in order, runs them in a `ServiceGroup` while `body` runs, then
    /// shuts the group down gracefully (or cancels it if `body` threw).
    static func with<T: Sendable>(
        _ configurations: [ByteProxyConfiguration], logLevel: Logger.Level = .info,
        _ body: @Sendable ([ByteProxy]) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: "etherkeep.proxy.test")
        logger.logLevel = ProcessInfo.processInfo.environment["ETHERKEEP_PROXY_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? logLevel
        var proxies: [ByteProxy] = []
        for configuration in configurations {
            proxies.append(try await ByteProxy.bind(configuration, logger: logger))
        }
        let group = ServiceGroup(services: proxies, logger: logger)
        let bound = proxies
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            do {
                let result = try await body(bound)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                tasks.cancelAll()
                throw error
            }
        }
    }
}

/// Where the inner hop of a chain runs.
enum InnerTransport: Sendable, CustomStringConvertible {
    case vsock, unix
    var description: String { self == .vsock ? "vsock" : "unix" }
}
