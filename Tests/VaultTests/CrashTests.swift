import Foundation
import Testing

@testable import Vault

/// `kill -9` of a writer in the middle of a batch: no partial batch, no committed batch lost.
@Suite struct CrashTests {
    /// The helper executable, built beside the test bundle.
    static var writer: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("VaultCrashWriter")
    }

    @Test func killDashNineMidBatchLosesNothingAndLeavesNoPartialBatch() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.writer.path), "VaultCrashWriter not built at \(Self.writer.path)")
        let dir = DataDirectory(explicit: TestKeys.tempDirectory())
        defer { try? FileManager.default.removeItem(atPath: dir.path) }
        let perBatch = 500
        var killedMidBatch = 0
        var lastCommitted = 0
        for round in 0..<6 {
            let process = Process()
            process.executableURL = Self.writer
            process.arguments = [dir.path, String(perBatch)]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            // Wait for a few commits, then for the start of the next batch, then kill inside it.
            var committed = lastCommitted
            var inFlight: Int?
            var buffer = ""
            let target = 2 + round % 3
            var seenCommits = 0
            while inFlight == nil {
                let data = pipe.fileHandleForReading.availableData
                if data.isEmpty { break }
                buffer += String(decoding: data, as: UTF8.self)
                while let newline = buffer.firstIndex(of: "\n") {
                    let line = String(buffer[..<newline])
                    buffer.removeSubrange(...newline)
                    if line.hasPrefix("committed ") {
                        committed = Int(line.dropFirst(10)) ?? committed
                        seenCommits += 1
                    } else if line.hasPrefix("begin "), seenCommits >= target {
                        inFlight = Int(line.dropFirst(6))
                    }
                }
            }
            usleep(UInt32(1_000 * (round * 3 % 10)))  // 0–9 ms into the transaction
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)

            // Every committed batch is there in full; the batch in flight is all or nothing.
            let store = try SQLiteVaultStore(path: dir.databasePath, cipherName: "local-aes-256-gcm")
            let rows = try await store.allRows()
            let byBatch = Dictionary(grouping: rows, by: \.chain).mapValues(\.count)
            #expect(byBatch.values.allSatisfy { $0 == perBatch }, "a partial batch: \(byBatch.filter { $0.value != perBatch })")
            for batch in 1...committed { #expect(byBatch["batch-\(batch)"] == perBatch, "committed batch \(batch) lost") }
            let total = rows.count / perBatch
            #expect(total == committed || total == committed + 1)
            if let inFlight, byBatch["batch-\(inFlight)"] == nil { killedMidBatch += 1 }
            lastCommitted = total
            // The surviving rows still decrypt with the master key.
            let vault = try dir.openVault()
            if let sample = rows.last { _ = try await vault.record(of: sample) }
        }
        // The kill landed inside an uncommitted transaction in at least one round.
        #expect(killedMidBatch >= 1)
        print("crash test: \(lastCommitted) batches of \(perBatch) rows intact after 6 kill -9; \(killedMidBatch) kills landed mid-batch")
    }
}
