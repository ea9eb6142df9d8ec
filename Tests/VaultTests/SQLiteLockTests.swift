import Foundation
import SQLite
import Testing

@testable import Vault

/// Writes that wait on another process's lock must not hold Swift's cooperative threads.
@Suite struct SQLiteLockTests {
    /// More blocked writers than the machine has cores (each vault handle is its own actor and
    /// connection): the rest of the process keeps running, and every write lands once the lock goes.
    /// Before the store ran on a queue of its own, the blocked writers took every cooperative
    /// thread and the process stood still until the busy timeout (30 s).
    @Test func writesWaitingOnALockLeaveTheProcessRunning() async throws {
        let dir = DataDirectory(explicit: TestKeys.tempDirectory())
        defer { try? FileManager.default.removeItem(atPath: dir.path) }
        _ = try dir.openVault()
        let writers = ProcessInfo.processInfo.activeProcessorCount + 1
        let vaults = try (0..<writers).map { _ in try dir.openVault() }
        let holder = try SQLiteConnection(path: dir.databasePath, busyTimeoutMilliseconds: 1000)
        try holder.execute("BEGIN EXCLUSIVE")
        let writes = vaults.enumerated().map { index, vault in Task { try await vault.add([TestKeys.newKey(index)]) } }
        try await Task.sleep(for: .milliseconds(300))

        let started = ContinuousClock.now
        let answered = await Task { await Task.yield(); return 42 }.value
        try await Task.sleep(for: .milliseconds(50))
        let waited = ContinuousClock.now - started
        #expect(answered == 42 && waited < .seconds(5), "the process stood still for \(waited) behind \(writers) blocked writes")

        try holder.execute("COMMIT")
        for write in writes { _ = try await write.value }
        #expect(try await dir.openVault().rows().count == writers)
    }
}
