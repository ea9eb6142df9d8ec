import Enclave
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import TestSupport
import Testing

/// Bytes through one proxy and through two chained ones (TCP → inner hop → TCP, the parent →
/// enclave shape), checked with SHA-256 both ways; half-close; 100 connections at once; a
/// graceful stop that lets a transfer in flight finish.
@Suite struct ByteProxyTransferTests {
    static let localTCP = SocketEndpoint.tcp(host: "127.0.0.1", port: 0)

    /// Sizes from 0 to 6 MiB each way: the edges of the 64 KiB blocks and random ones.
    static func sizes(_ name: String) throws -> [(upload: Int, download: Int)] {
        var rng = TestSeed.rng(try TestSeed.value(), for: name)
        var sizes = [(0, 0), (1, 0), (0, 1), (65_535, 65_537), (6 << 20, 0), (0, 6 << 20)]
        for _ in 0..<6 {
            sizes.append((Int.random(in: 0...(4 << 20), using: &rng), Int.random(in: 0...(4 << 20), using: &rng)))
        }
        return sizes
    }

    static func chain(_ server: SocketEndpoint, inner: SocketEndpoint) -> [ByteProxyConfiguration] {
        [ByteProxyConfiguration(listen: localTCP, target: inner), ByteProxyConfiguration(listen: inner, target: server)]
    }

    @Test func randomSizesThroughOneProxy() async throws {
        let sizes = try Self.sizes("one-proxy")
        let seed = try TestSeed.value()
        try await TransferServer.with { server in
            try await ProxyFixture.with([ByteProxyConfiguration(listen: Self.localTCP, target: server)]) { proxies in
                for (index, size) in sizes.enumerated() {
                    let outcome = try await TransferClient.transfer(
                        to: proxies[0].listeningEndpoint, upload: size.upload, download: size.download, seed: seed &+ UInt64(index))
                    #expect(outcome.intact, "\(outcome)")
                }
                #expect(proxies[0].statistics.accepted == sizes.count)
            }
        }
    }

    @Test func randomSizesThroughTwoChainedProxies() async throws {
        let sizes = try Self.sizes("two-proxies")
        let seed = try TestSeed.value()
        let inner = ProxyFixture.innerEndpoint(ProxyFixture.inner)
        print("chain: tcp → \(inner) → tcp")
        try await TransferServer.with { server in
            try await ProxyFixture.with(Self.chain(server, inner: inner)) { proxies in
                for (index, size) in sizes.enumerated() {
                    let outcome = try await TransferClient.transfer(
                        to: proxies[0].listeningEndpoint, upload: size.upload, download: size.download, seed: seed &+ UInt64(index))
                    #expect(outcome.intact, "\(outcome)")
                }
            }
        }
    }

    /// The client sends everything and shuts its write half; the server answers only after that
    /// end of stream reached it (through both proxies), and the whole answer still comes back.
    @Test func halfCloseThenTheWholeAnswer() async throws {
        let inner = ProxyFixture.innerEndpoint(ProxyFixture.inner)
        try await TransferServer.with { server in
            try await ProxyFixture.with(Self.chain(server, inner: inner)) { proxies in
                for (upload, download) in [(0, 0), (1_000, 3 << 20), (2 << 20, 5 << 20), (3 << 20, 1)] {
                    let outcome = try await TransferClient.transfer(
                        to: proxies[0].listeningEndpoint, upload: upload, download: download, seed: UInt64(upload ^ download), answerAfterEnd: true)
                    #expect(outcome.intact, "\(outcome)")
                }
            }
        }
    }

    @Test func hundredConcurrentConnections() async throws {
        let seed = try TestSeed.value()
        var rng = TestSeed.rng(seed, for: "hundred")
        let sizes = (0..<100).map { _ in (Int.random(in: 0...(256 << 10), using: &rng), Int.random(in: 0...(256 << 10), using: &rng)) }
        let inner = ProxyFixture.innerEndpoint(ProxyFixture.inner)
        try await TransferServer.with { server in
            try await ProxyFixture.with(Self.chain(server, inner: inner)) { proxies in
                let entry = proxies[0].listeningEndpoint
                let outcomes = try await withThrowingTaskGroup(of: TransferOutcome.self) { group in
                    for (index, size) in sizes.enumerated() {
                        group.addTask {
                            try await TransferClient.transfer(to: entry, upload: size.0, download: size.1, seed: seed &+ UInt64(index))
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(outcomes.count == 100)
                let damaged = outcomes.filter { !$0.intact }
                #expect(damaged.isEmpty, "\(damaged)")
                try await Self.waitUntil { proxies.allSatisfy { $0.statistics.active == 0 } }
                let accepted = proxies.map(\.statistics.accepted)
                let refused = proxies.map(\.statistics.refused)
                let expectedAccepted = [100, 100], none = [0, 0]
                #expect(accepted == expectedAccepted)
                #expect(refused == none)
            }
        }
    }

    /// A client that does not read holds the server back: the proxies stop reading from the
    /// server once their buffers toward the client are full, so the server can hand its sockets
    /// only what the kernel buffers and the proxies' high water marks hold, not 256 MiB.
    @Test func aClientThatDoesNotReadHoldsTheServerBack() async throws {
        let sent = ByteCounter()
        let inner = ProxyFixture.innerEndpoint(ProxyFixture.inner)
        try await TransferServer.with(sent: sent) { server in
            try await ProxyFixture.with(Self.chain(server, inner: inner)) { proxies in
                guard case .tcp(let host, let port) = proxies[0].listeningEndpoint else { return }
                let client = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .channelOption(.autoRead, value: false)
                    .connect(host: host, port: port).get()
                var header = ByteBuffer()
                header.writeInteger(UInt64(256 << 20))
                header.writeInteger(UInt64(5))
                header.writeInteger(UInt64(0))
                try await client.writeAndFlush(header)
                try await Self.waitUntil { sent.value > 0 }
                try await Task.sleep(for: .seconds(2))
                let held = sent.value
                print("backpressure: with the client not reading, the server handed over \(held >> 10) KiB of 256 MiB in 2 s")
                #expect(held < 64 << 20, "\(held) bytes sent to a client that reads nothing")
                try await client.close()
                try await Self.waitUntil { proxies.allSatisfy { $0.statistics.active == 0 } }
            }
        }
    }

    /// A graceful shutdown closes the listener at once, and waits for the transfer in flight,
    /// which finishes intact.
    @Test func gracefulStopLetsTransfersInFlightFinish() async throws {
        let (gate, open) = AsyncStream<Void>.makeStream()
        try await TransferServer.with { server in
            let proxy = try await ByteProxy.bind(ByteProxyConfiguration(listen: Self.localTCP, target: server))
            let entry = proxy.listeningEndpoint
            let group = ServiceGroup(services: [proxy], logger: Logger(label: "etherkeep.proxy.test"))
            let stopped = Flag()
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask {
                    try await group.run()
                    stopped.set()
                }
                async let transfer = TransferClient.transfer(
                    to: entry, upload: 3 << 20, download: 3 << 20, seed: 7, answerAfterEnd: true,
                    beforeHalfClose: { for await _ in gate { break } })
                try await Self.waitUntil { proxy.statistics.active == 1 }
                await group.triggerGracefulShutdown()
                // The listener closes: a new connection is refused.
                try await Self.waitUntil {
                    guard let probe = try? await TransferClient.connectAndHold(entry) else { return true }
                    probe.close(promise: nil)
                    return false
                }
                try await Task.sleep(for: .milliseconds(300))
                let stoppedEarly = stopped.isSet
                #expect(!stoppedEarly, "the proxy stopped with a transfer in flight")
                open.yield()
                let outcome = try await transfer
                #expect(outcome.intact, "\(outcome)")
                try await tasks.waitForAll()
                let stoppedAtEnd = stopped.isSet
                #expect(stoppedAtEnd)
                #expect(proxy.statistics.active == 0)
            }
        }
    }

    /// Polls `condition` every 20 ms for up to 10 s.
    static func waitUntil(_ condition: @Sendable () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TransportTestFailure("a condition did not hold within 10 s")
    }
}

/// A flag set once, read from any task.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .sequentiallyConsistent) }
    var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
}
