import NIOCore
import Synchronization

/// Counts of a ``ByteProxy``'s connections since it was bound.
package struct ByteProxyStatistics: Sendable, Hashable, CustomStringConvertible {
    /// Connections open now (accepted and not yet closed on both sides).
    package var active = 0
    /// Connections accepted and served (not counting those refused at the limit).
    package var accepted = 0
    /// Connections closed at once because ``ByteProxyConfiguration/maximumConnections`` were open.
    package var refused = 0
    /// Accepted connections whose target could not be reached (refused, timed out, unresolvable).
    package var connectFailures = 0
    /// Accepted connections that have ended.
    package var completed = 0

    /// All counts zero.
    package init() {}

    package var description: String {
        "active \(active), accepted \(accepted), refused \(refused), connect failures \(connectFailures), completed \(completed)"
    }
}

/// The proxy's open connections, shared by every event loop: admission against the limit, the
/// counts, closing everything on a forced stop, and waiting until the last connection ends.
final class ProxyRegistry: Sendable {
    private struct Entry: Sendable {
        var client: any Channel
        var target: (any Channel)?
    }

    private struct State: Sendable {
        var entries: [Int: Entry] = [:]
        var nextID = 0
        var admitting = true
        var statistics = ByteProxyStatistics()
        var drainWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let maximum: Int

    init(maximumConnections: Int) {
        self.maximum = maximumConnections
    }

    var statistics: ByteProxyStatistics { state.withLock { $0.statistics } }

    /// Registers an accepted connection and returns its id, or returns nil (and counts a refusal)
    /// when the limit is reached or the proxy is stopping.
    func admit(_ client: any Channel) -> Int? {
        state.withLock { state in
            guard state.admitting, state.entries.count < maximum else {
                state.statistics.refused += 1
                return nil
            }
            let id = state.nextID
            state.nextID += 1
            state.entries[id] = Entry(client: client)
            state.statistics.accepted += 1
            state.statistics.active = state.entries.count
            return id
        }
    }

    /// Records the target connection of `id`, so that a forced stop closes it too.
    func attach(target: any Channel, to id: Int) {
        state.withLock { $0.entries[id]?.target = target }
    }

    /// Connection `id` has ended on both sides.
    func finished(_ id: Int, connectFailed: Bool) {
        let waiters: [CheckedContinuation<Void, Never>] = state.withLock { state in
            guard state.entries.removeValue(forKey: id) != nil else { return [] }
            state.statistics.completed += 1
            if connectFailed { state.statistics.connectFailures += 1 }
            state.statistics.active = state.entries.count
            guard state.entries.isEmpty else { return [] }
            defer { state.drainWaiters = [] }
            return state.drainWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Refuses every connection from now on (the listener is closing).
    func stopAdmitting() {
        state.withLock { $0.admitting = false }
    }

    /// Refuses new connections and closes every open one at once (a forced stop).
    func closeAll() {
        let channels: [any Channel] = state.withLock { state in
            state.admitting = false
            return state.entries.values.flatMap { [$0.client] + ($0.target.map { [$0] } ?? []) }
        }
        for channel in channels { channel.close(promise: nil) }
    }

    /// Returns once no connection is open.
    func drained() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let empty = state.withLock { state in
                if state.entries.isEmpty { return true }
                state.drainWaiters.append(continuation)
                return false
            }
            if empty { continuation.resume() }
        }
    }
}
