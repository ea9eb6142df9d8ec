#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Wall-clock time and sleeping, injected so that signing dates, credential expiry and retry
/// back-off can be tested without waiting.
///
/// SigV4 and credential expiry need calendar time (seconds since 1970), which Swift's `Clock`
/// protocol does not give, so this small protocol carries both.
package protocol AWSClock: Sendable {
    /// Now, in seconds since 1970 (UTC), with sub-second precision.
    func now() -> Double
    /// Suspends for `seconds`; throws `CancellationError` when the task is cancelled.
    func sleep(seconds: Double) async throws
}

/// The system's wall clock and `Task.sleep`.
package struct SystemAWSClock: AWSClock {
    package init() {}
    package func now() -> Double { Date().timeIntervalSince1970 }
    package func sleep(seconds: Double) async throws {
        try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    }
}
