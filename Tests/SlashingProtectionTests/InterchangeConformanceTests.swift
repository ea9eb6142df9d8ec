import ConsensusTypes
import EthereumCore
import Foundation
import SlashingProtection
import TestSupport
import Testing

/// The 38 files of eth-clients/slashing-protection-interchange-tests v5.3.0, run on every store as
/// the suite's README says: a fresh store per file, each step's import succeeds iff
/// `should_succeed`, every check decided as `should_succeed_complete` (the full-history strategy),
/// and every allowed signature recorded (seen in an export afterwards). Each file runs twice: checks
/// one at a time, and each step's checks as one batch (group commit), which must decide the same.
@Suite struct InterchangeConformanceTests {
    static let directory = "eip3076-slashing-protection/tests/generated"

    @Test func allFilesPresent() throws {
        #expect(try Vectors.files(in: Self.directory).count == 38)
    }

    @Test(arguments: StoreKind.available, [false, true])
    func vectors(kind: StoreKind, batched: Bool) async throws {
        var checks = 0
        for file in try Vectors.files(in: Self.directory) {
            checks += try await run(file, kind: kind, batched: batched)
        }
        #expect(checks == 150)  // every block and attestation check of the 38 files
    }

    private func run(_ file: URL, kind: StoreKind, batched: Bool) async throws -> Int {
        let name = file.lastPathComponent
        let test = try #require(try Vectors.json(file) as? [String: Any])
        let gvr = try Root(try Hex.decode(try #require(test["genesis_validators_root"] as? String)))
        let store = try await kind.makeStore(gvr)
        var allowed: [(BLSPubkey, SigningRequest.Message)] = []
        var checks = 0
        for (index, step) in try #require(test["steps"] as? [[String: Any]]).enumerated() {
            let document = try JSONSerialization.data(withJSONObject: try #require(step["interchange"]))
            let shouldSucceed = try #require(step["should_succeed"] as? Bool)
            var failure: String?
            do {
                _ = try await store.importInterchange(try Interchange(json: Array(document)))
            } catch {
                failure = "\(error)"
            }
            #expect((failure == nil) == shouldSucceed, "\(name) step \(index): import \(failure ?? "succeeded")")
            var requests: [SigningRequest] = []
            var expected: [Bool] = []
            for block in step["blocks"] as? [[String: Any]] ?? [] {
                requests.append(
                    .block(
                        try pubkey(block), slot: try number(block["slot"]), signingRoot: try root(block["signing_root"]),
                        genesisValidatorsRoot: gvr))
                expected.append(try #require(block["should_succeed_complete"] as? Bool))
            }
            for attestation in step["attestations"] as? [[String: Any]] ?? [] {
                requests.append(
                    .attestation(
                        try pubkey(attestation), sourceEpoch: try number(attestation["source_epoch"]),
                        targetEpoch: try number(attestation["target_epoch"]), signingRoot: try root(attestation["signing_root"]),
                        genesisValidatorsRoot: gvr))
                expected.append(try #require(attestation["should_succeed_complete"] as? Bool))
            }
            // A signer registers the keys it holds before it signs.
            try await store.register(Array(Set(requests.map(\.pubkey))))
            let decisions: [SigningDecision]
            if batched {
                decisions = try await store.checkAndRecord(requests)
            } else {
                var one: [SigningDecision] = []
                for request in requests { one.append(try await store.check(request)) }
                decisions = one
            }
            try #require(decisions.count == requests.count && expected.count == requests.count, "\(name) step \(index): one decision per check")
            for (i, (request, decision)) in zip(requests, decisions).enumerated() {
                #expect(decision.isSafe == expected[i], "\(name) step \(index) check \(i) \(request.message): \(decision)")
                if decision == .safe(.valid) { allowed.append((request.pubkey, request.message)) }
                checks += 1
            }
        }
        // Every allowed signature is recorded (a later import of the same slot or target with
        // another root leaves it recorded with an unknown root, which refuses more, never less).
        let exported = try await store.exportInterchange(pubkeys: nil)
        for (pubkey, message) in allowed {
            let history = exported.data.filter { $0.pubkey == pubkey }
            switch message {
            case .block(let block):
                let recorded = history.flatMap(\.signedBlocks).first { $0.slot == block.slot }
                #expect(recorded != nil && (recorded?.signingRoot == nil || recorded == block), "\(name): allowed \(block) not recorded")
            case .attestation(let attestation):
                let recorded = history.flatMap(\.signedAttestations).first { $0.targetEpoch == attestation.targetEpoch }
                #expect(
                    recorded?.sourceEpoch == attestation.sourceEpoch && (recorded?.signingRoot == nil || recorded == attestation),
                    "\(name): allowed \(attestation) not recorded")
            }
        }
        return checks
    }

    private func pubkey(_ entry: [String: Any]) throws -> BLSPubkey {
        try BLSPubkey(try Hex.decode(try #require(entry["pubkey"] as? String)))
    }

    private func number(_ value: Any?) throws -> UInt64 {
        let text = try #require(value as? String)
        return try #require(UInt64(text))
    }

    private func root(_ value: Any?) throws -> Root? {
        guard let text = value as? String else { return nil }
        return try Root(try Hex.decode(text))
    }
}
