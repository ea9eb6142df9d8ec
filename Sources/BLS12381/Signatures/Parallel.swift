import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fork-join over contiguous chunks of an index range, for the verification functions that
/// handle many independent pairs (batch and aggregate verification). Public data only.
///
/// Uses `DispatchQueue.concurrentPerform`, which blocks the calling thread until every chunk is
/// done; the work is CPU-bound and short (milliseconds), as a synchronous verification is.
enum Parallel {
    /// The online processor count.
    static let defaultWorkers: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// `body` over `min(workers, count)` contiguous chunks of `0..<count` (sizes differing by at
    /// most one), run concurrently; the results in chunk order. One chunk runs on the caller.
    static func mapChunks<T>(count: Int, workers: Int, _ body: (Range<Int>) -> T) -> [T] {
        let chunks = max(1, min(workers, count))
        let ranges = (0..<chunks).map { k in (count * k / chunks)..<(count * (k + 1) / chunks) }
        if chunks == 1 { return [body(ranges[0])] }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: chunks)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(value: (body, results))
            DispatchQueue.concurrentPerform(iterations: chunks) { k in
                // Each iteration writes only its own slot.
                shared.value.1[k] = shared.value.0(ranges[k])
            }
        }
        return results.map { $0! }
    }
}

/// Carries non-Sendable values into `concurrentPerform`; safe here because every iteration
/// reads the shared inputs only and writes a slot of its own.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}
