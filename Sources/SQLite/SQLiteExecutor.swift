import Dispatch

/// A serial executor on a dispatch queue of its own: an actor that owns a SQLite connection runs
/// on it, so a statement waiting on another process's lock (up to the busy timeout) or an fsync
/// blocks that queue's thread, never one of the few threads of Swift's cooperative pool (two on
/// a two-core machine, which every signing request needs).
package final class SQLiteExecutor: SerialExecutor {
    private let queue: DispatchQueue

    package init(label: String) {
        queue = DispatchQueue(label: label)
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedSerialExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }

    package func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }
}
