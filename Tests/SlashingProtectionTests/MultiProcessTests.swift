import ConsensusTypes
import Foundation
import SlashingProtection
import SlashingProtectionPostgres
import Testing

/// Two OS processes on one store, and kill -9 at random points: conflicting requests racing from
/// both processes get exactly one "safe"; every decision a killed process released is in the store
/// afterwards; the store never holds two conflicting records.
@Suite(.serialized) struct MultiProcessTests {
    static let pubkey = BLSPubkey(unchecked: [UInt8](repeating: 0xa5, count: 48))

    static var worker: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("SlashingProtectionWorker")
    }

    /// A store both processes can open: a SQLite path or a PostgreSQL URL of a fresh database.
    static func spec(_ kind: StoreKind) async throws -> String {
        switch kind {
        case .sqlite: return "sqlite:" + (try StoreKind.sqlitePath())
        case .postgres: return "postgres:" + (try StoreKind.postgresURL(database: try await StoreKind.newPostgresDatabase().database))
        }
    }

    static func start(_ arguments: [String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = worker
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        return (process, pipe)
    }

    static func lines(_ pipe: Pipe) -> [String] {
        String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test(arguments: StoreKind.available, ["race-blocks", "race-attestations"])
    func thousandConflictingRequestsFromTwoProcessesAllowExactlyOne(kind: StoreKind, mode: String) async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.worker.path), "SlashingProtectionWorker not built at \(Self.worker.path)")
        let spec = try await Self.spec(kind)
        // The first process creates the store; then both race: one through group commit, one with
        // 500 concurrent direct calls.
        let (a, pipeA) = try Self.start([spec, mode, "500", "7"])
        let (b, pipeB) = try Self.start([spec, mode, "500", "7", "direct"])
        let outA = Self.lines(pipeA)
        let outB = Self.lines(pipeB)
        a.waitUntilExit()
        b.waitUntilExit()
        #expect(a.terminationStatus == 0 && b.terminationStatus == 0, "\(outA.suffix(2)) \(outB.suffix(2))")
        #expect(outA.last == "done" && outB.last == "done")
        let allowed = (outA + outB).filter { $0.hasPrefix("allowed ") }
        #expect(allowed.count == 1, "\(kind) \(mode): \(allowed.count) allowed")

        // The store holds exactly the one that was allowed.
        let store = try await Self.open(spec)
        let history = try await store.exportInterchange(pubkeys: [Self.pubkey]).data.first
        if mode == "race-blocks" {
            #expect(history?.signedBlocks.count == 1)
            #expect(allowed.first == history?.signedBlocks.first.map { "allowed block 7 \($0.signingRoot.map { "\($0)" } ?? "-")" })
        } else {
            #expect(history?.signedAttestations.count == 1)
            #expect(allowed.first == history?.signedAttestations.first.map { "allowed attestation 0 7 \($0.signingRoot.map { "\($0)" } ?? "-")" })
        }
    }

    @Test(arguments: StoreKind.available)
    func killDashNineAtRandomPointsLosesNoReleasedDecision(kind: StoreKind) async throws {
        let spec = try await Self.spec(kind)
        var released: [String] = []
        var rounds = 0
        var generator = SystemRandomNumberGenerator()
        while rounds < 110 {
            let (process, pipe) = try Self.start([spec, "loop"])
            try await Task.sleep(for: .milliseconds(Int.random(in: 20...250, using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            released += Self.lines(pipe).filter { $0.hasPrefix("allowed ") }
            process.waitUntilExit()
            rounds += 1
        }
        #expect(released.count > 100, "the workers released only \(released.count) decisions")

        let store = try await Self.open(spec)
        let history = try #require(try await store.exportInterchange(pubkeys: [Self.pubkey]).data.first)
        let blocks = Dictionary(history.signedBlocks.map { ($0.slot, $0) }, uniquingKeysWith: { a, _ in a })
        let attestations = Dictionary(history.signedAttestations.map { ($0.targetEpoch, $0) }, uniquingKeysWith: { a, _ in a })
        // No two records at one slot or target (the primary keys), and no surround pair.
        #expect(blocks.count == history.signedBlocks.count)
        #expect(attestations.count == history.signedAttestations.count)
        let sorted = history.signedAttestations.sorted { $0.sourceEpoch < $1.sourceEpoch }
        var surrounds = 0
        for (i, a) in sorted.enumerated() {
            for b in sorted[(i + 1)...] where a.surrounds(b) || b.surrounds(a) { surrounds += 1 }
        }
        #expect(surrounds == 0)
        // Every released decision is recorded.
        var missing: [String] = []
        for line in released {
            let f = line.split(separator: " ").map(String.init)
            switch f[1] {
            case "block":
                if blocks[UInt64(f[2]) ?? 0].map({ "\($0.signingRoot.map { "\($0)" } ?? "-")" }) != f[3] { missing.append(line) }
            default:
                let a = attestations[UInt64(f[3]) ?? 0]
                if a.map({ "\($0.sourceEpoch) \($0.signingRoot.map { "\($0)" } ?? "-")" }) != "\(f[2]) \(f[4])" { missing.append(line) }
            }
        }
        #expect(missing.isEmpty, "\(kind): released but not recorded: \(missing.prefix(3))")
    }

    static func open(_ spec: String) async throws -> any SlashingProtectionStore {
        if spec.hasPrefix("sqlite:") {
            return try await StoreKind.sqlite.open(path: String(spec.dropFirst(7)))
        }
        return try await StoreKind.postgres.open(url: String(spec.dropFirst(9)))
    }
}
