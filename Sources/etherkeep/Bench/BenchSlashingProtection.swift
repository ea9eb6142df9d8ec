import ArgumentParser
import BLS12381
import ConsensusTypes
import Foundation
import SlashingProtection
import SlashingProtectionPostgres
import SlashingProtectionSQLite

/// `etherkeep bench slashing-protection`: check-and-record throughput and latency on SQLite and
/// PostgreSQL, one validator at a time and one slot's attestations for 1,000 validators in a batch,
/// beside the 1,000 BLS signatures that batch protects, timed in the same run.
struct BenchSlashingProtection: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slashing-protection",
        abstract: "Slashing-protection check-and-record on SQLite and PostgreSQL beside the BLS signing it protects.")

    @Option(help: "PostgreSQL store to measure too (a database the benchmark may write to; password from PGPASSWORD).")
    var slashingProtectionDbUrl: String?
    @Option(help: "Validators in the batch (one slot's attestations).") var validators = 1000
    @Option(help: "Batches (slots) to time.") var batches = 30
    @Option(help: "Sequential check-and-records to time for one validator.") var sequential = 300

    func run() async throws {
        print("etherkeep bench slashing-protection — rerun: swift build -c release && .build/release/etherkeep bench slashing-protection"
            + " [--slashing-protection-db-url URL]  (scripts/bench-slashing-protection starts a throwaway PostgreSQL)")
        let signSeconds = blsSigningSeconds(count: validators)
        print(String(format: "BLS: %d signatures in %.1f ms (%.0f µs each, one core)", validators, signSeconds * 1e3, signSeconds * 1e6 / Double(validators)))

        let directory = NSTemporaryDirectory() + "etherkeep-bench-sp-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let sqlite = try SQLiteSlashingProtectionStore(path: directory + "/slashing-protection.sqlite", genesisValidatorsRoot: .zero)
        try await measure("SQLite", sqlite, signSeconds: signSeconds)

        if let url = slashingProtectionDbUrl {
            let config = try PostgresConfiguration(url: url, password: ProcessInfo.processInfo.environment["PGPASSWORD"])
            let postgres = try await PostgresSlashingProtectionStore.open(config, genesisValidatorsRoot: .zero)
            try await measure("PostgreSQL", postgres, signSeconds: signSeconds)
            await postgres.shutdown()
        } else {
            print("PostgreSQL: not measured (give --slashing-protection-db-url)")
        }
    }

    private func blsSigningSeconds(count: Int) -> Double {
        let key = SecretKey.random()
        let messages = (0..<count).map { i in (0..<32).map { UInt8(truncatingIfNeeded: $0 &+ i) } }
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<3 {
            let elapsed = clock.measure { for m in messages { _ = key.sign(m) } }
            best = min(best, elapsed.seconds)
        }
        return best
    }

    private func measure(_ name: String, _ store: any SlashingProtectionStore, signSeconds: Double) async throws {
        let pubkeys = (0..<validators).map { i in
            BLSPubkey(unchecked: [UInt8](repeating: 0xb0, count: 40) + withUnsafeBytes(of: UInt64(i).bigEndian, Array.init))
        }
        try await store.register(pubkeys)
        let clock = ContinuousClock()
        // Start above any history a previous run left in a reused database.
        let base = (try await store.status(pubkeys: [pubkeys[0]]).first?.highestTargetEpoch ?? 0) + 2

        // One validator, one request per transaction (a lone attestation: one durable commit each).
        var single: [Double] = []
        for i in 0..<sequential {
            let epoch = base + UInt64(i)
            let request = SigningRequest.attestation(
                pubkeys[0], sourceEpoch: epoch - 1, targetEpoch: epoch, signingRoot: Self.root(i), genesisValidatorsRoot: .zero)
            let elapsed = try await clock.measure { _ = try await store.checkAndRecord([request]) }
            single.append(elapsed.seconds)
        }
        // One slot's attestations for every validator, one batch per slot (group commit).
        var batch: [Double] = []
        for b in 0..<batches {
            let epoch = base + UInt64(sequential + b)
            let requests = pubkeys.enumerated().map { i, pubkey in
                SigningRequest.attestation(
                    pubkey, sourceEpoch: epoch - 1, targetEpoch: epoch, signingRoot: Self.root(i + b), genesisValidatorsRoot: .zero)
            }
            var decisions: [SigningDecision] = []
            let elapsed = try await clock.measure { decisions = try await store.checkAndRecord(requests) }
            if let refused = decisions.first(where: { $0 != .safe(.valid) }) {
                throw ValidationError("benchmark batch refused: \(refused)")
            }
            batch.append(elapsed.seconds)
        }
        let (s50, s99) = Self.percentiles(single)
        let (b50, b99) = Self.percentiles(batch)
        print(String(format: "%@ 1 validator sequential: %.0f checks/s, p50 %.2f ms, p99 %.2f ms", name, 1 / s50, s50 * 1e3, s99 * 1e3))
        print(
            String(
                format: "%@ batch of %d validators: %.0f checks/s, p50 %.1f ms, p99 %.1f ms per batch; %.1f%% of the %d signatures it protects",
                name, validators, Double(validators) / b50, b50 * 1e3, b99 * 1e3, 100 * b50 / signSeconds, validators))
    }

    static func root(_ i: Int) -> Root {
        Root(unchecked: (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i) })
    }

    static func percentiles(_ values: [Double]) -> (p50: Double, p99: Double) {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return (0, 0) }
        return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))])
    }
}
