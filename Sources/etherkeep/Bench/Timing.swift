/// Timing helpers shared by the benchmarks: medians of repeated samples, never a single run.
extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}

enum Timing {
    /// The median over `samples` of the time per operation, each sample running `body`
    /// `perSample` times, in nanoseconds.
    static func medianNanoseconds(samples: Int, perSample: Int, _ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        var times: [Double] = []
        for _ in 0..<samples {
            let elapsed = try clock.measure { for _ in 0..<perSample { try body() } }
            times.append(elapsed.seconds * 1e9 / Double(perSample))
        }
        times.sort()
        return times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
    }
}

import Foundation

extension Timing {
    /// Runs blocking work (a child process waited for, a pipe read to its end) on a thread of its
    /// own and awaits it. On the cooperative pool it would hold one of the pool's threads (one of
    /// two on a 2-core machine) for the whole run, starving a server in this process.
    static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
