#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Wall-clock time in milliseconds since the Unix epoch, injected so that deadline arithmetic can be
/// tested. Lambda's deadline is wall-clock time, which `ContinuousClock` does not give.
package protocol EpochClock: Sendable {
    /// Now, in milliseconds since 1970-01-01T00:00:00Z.
    func millisecondsSinceEpoch() -> Int64
}

/// The system's real-time clock.
package struct SystemEpochClock: EpochClock {
    package init() {}

    package func millisecondsSinceEpoch() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }
}
