import Enclave
import Foundation
import Testing

/// Throughput through the proxies beside a direct connection, printed, never asserted (README,
/// Benchmarks). The same client and server measure all three; on a shared 2-core machine only the
/// ratios of one run mean anything, and a debug build measures the test client as much as the
/// proxy. A benchmark, so it runs when asked (`ETHERKEEP_PROXY_BENCH=1`), alone: beside the other
/// tests it would slow them and they it.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["ETHERKEEP_PROXY_BENCH"] == "1", "a benchmark: ETHERKEEP_PROXY_BENCH=1"))
struct ProxyThroughputTests {
    static let bytes = 64 << 20

    /// The best of three runs of one 64 MiB download, in MiB/s.
    static func best(_ endpoint: SocketEndpoint) async throws -> Double {
        var best = 0.0
        for run in 0..<3 {
            let outcome = try await TransferClient.transfer(to: endpoint, upload: 0, download: bytes, seed: UInt64(run))
            guard outcome.intact else { throw TransportTestFailure("damaged: \(outcome)") }
            best = max(best, Double(bytes) / 1_048_576 / outcome.seconds)
        }
        return best
    }

    @Test func throughputDirectAndThroughProxies() async throws {
        let inner = ProxyFixture.innerEndpoint(ProxyFixture.inner)
        try await TransferServer.with { server in
            let direct = try await Self.best(server)
            let one = try await ProxyFixture.with([ByteProxyConfiguration(listen: .tcp(host: "127.0.0.1", port: 0), target: server)]) {
                try await Self.best($0[0].listeningEndpoint)
            }
            let two = try await ProxyFixture.with(ByteProxyTransferTests.chain(server, inner: inner)) {
                try await Self.best($0[0].listeningEndpoint)
            }
            func format(_ value: Double) -> String { String(Int(value.rounded())) }
            print("throughput (64 MiB download, best of 3): direct \(format(direct)) MiB/s; one proxy \(format(one)) MiB/s (\(format(100 * one / direct)) %); two proxies over \(inner) \(format(two)) MiB/s (\(format(100 * two / direct)) %)")
        }
    }
}
