import TestSupport
import ConsensusTypes
import Foundation
import Signer
import SlashingProtection
import SlashingProtectionSQLite
import Testing

/// Blocks and attestations go through slashing protection before a signature leaves: conflicting
/// concurrent requests, double and surround votes, and a restart that keeps the history.
@Suite(.serialized) struct SlashingProtectionHTTPTests {
    @Test func aThousandConcurrentConflictingBlocksSignExactlyOne() async throws {
        let vault = try await TestVault(keys: 1)
        defer { vault.remove() }
        let signer = try await RunningSigner.start(keys: try await vault.loadKeys(), store: try vault.store())
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
        let bodies = (0..<1000).map { _ in jsonBytes(factory.request("BLOCK_V2", fork: "DENEB", slot: 4242)) }
        let url = "\(signer.baseURL)/api/v1/eth2/sign/\(vault.pubkeys[0])"
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for body in bodies { group.addTask { try await HTTP.post(url, body: body).status } }
            var statuses: [Int] = []
            for try await status in group { statuses.append(status) }
            return statuses
        }
        #expect(statuses.filter { $0 == 200 }.count == 1)
        #expect(statuses.filter { $0 == 412 }.count == 999)
        await signer.stop()
    }

    @Test func doubleAndSurroundVotesAndDoubleProposalsAreRefusedAndARestartKeepsTheHistory() async throws {
        let vault = try await TestVault(keys: 1)
        defer { vault.remove() }
        let keys = try await vault.loadKeys()
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
        let pubkey = vault.pubkeys[0]
        var signer = try await RunningSigner.start(keys: keys, store: try vault.store())
        let vote = factory.request("ATTESTATION", source: 10, target: 20)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: vote).status == 200)
        // The very same attestation again is safe (same data).
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: vote).status == 200)
        let double = try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 10, target: 20))
        #expect(double.status == 412 && double.body.contains("double vote"), "\(double.body)")
        // Below the history's lower bounds (source 10, target 20): refused.
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 9, target: 21)).status == 412)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 11, target: 19)).status == 412)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 21, target: 30)).status == 200)
        let surrounding = try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 15, target: 31))
        #expect(surrounding.status == 412 && surrounding.body.contains("surround"), "\(surrounding.body)")
        let surrounded = try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 22, target: 29))
        #expect(surrounded.status == 412 && surrounded.body.contains("surround"), "\(surrounded.body)")
        let block = factory.request("BLOCK_V2", fork: "ELECTRA", slot: 640)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: block).status == 200)
        let otherBlock = try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 640))
        #expect(otherBlock.status == 412 && otherBlock.body.contains("double block proposal"), "\(otherBlock.body)")
        // Unprotected types are never refused for repeats.
        let randao = factory.request("RANDAO_REVEAL")
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: randao).status == 200)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: randao).status == 200)
        await signer.stop()

        // A new signer process on the same store: the history holds.
        signer = try await RunningSigner.start(keys: try await vault.loadKeys(), store: try vault.store())
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 10, target: 20)).status == 412)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 640)).status == 412)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: vote).status == 200)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 30, target: 31)).status == 200)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 15, target: 32)).status == 412)
        await signer.stop()
    }

    /// A store that cannot be reached: signing a block answers 503, unprotected types still sign,
    /// and `/healthcheck` says DOWN with 503.
    @Test func anUnavailableStoreAnswers503() async throws {
        let vault = try await TestVault(keys: 1)
        defer { vault.remove() }
        let store = SwitchableStore(try vault.store())
        let signer = try await RunningSigner.start(keys: try await vault.loadKeys(), store: store)
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
        #expect(try await HTTP.get("\(signer.baseURL)/healthcheck").status == 200)
        store.available = false
        let block = try await HTTP.sign(signer.baseURL, pubkey: vault.pubkeys[0], body: factory.request("BLOCK_V2", fork: "CAPELLA", slot: 7))
        #expect(block.status == 503, "\(block.body)")
        #expect(try await HTTP.sign(signer.baseURL, pubkey: vault.pubkeys[0], body: factory.request("AGGREGATION_SLOT")).status == 200)
        let health = try await HTTP.get("\(signer.baseURL)/healthcheck")
        #expect(health.status == 503 && health.body.contains("\"DOWN\""))
        store.available = true
        #expect(try await HTTP.sign(signer.baseURL, pubkey: vault.pubkeys[0], body: factory.request("BLOCK_V2", fork: "CAPELLA", slot: 7)).status == 200)
        await signer.stop()
    }

    /// `GET /api/v1/eth2/highWatermark` as Web3Signer: `{}` without one, `{"epoch","slot"}` with
    /// one; the signer refuses at or above it (412 naming it) and signs below.
    @Test func theHighWatermarkIsServedAndEnforced() async throws {
        let vault = try await TestVault(keys: 1)
        defer { vault.remove() }
        let store = try vault.store()
        let signer = try await RunningSigner.start(keys: try await vault.loadKeys(), store: store)
        let url = signer.baseURL + "/api/v1/eth2/highWatermark"
        let none = try await HTTP.get(url)
        #expect(none.status == 200 && none.body == "{}")
        try await store.setHighWatermark(HighWatermark(slot: 6400, epoch: 200))
        let set = try JSONSerialization.jsonObject(with: Data(try await HTTP.get(url).body.utf8)) as? [String: String]
        #expect(set == ["epoch": "200", "slot": "6400"])
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
        let pubkey = vault.pubkeys[0]
        let above = try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 6400))
        #expect(above.status == 412 && above.body.contains("high watermark"), "\(above.body)")
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 150, target: 200)).status == 412)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 6399)).status == 200)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 150, target: 199)).status == 200)
        await signer.stop()
    }
}

/// A real store with an off switch: while off, every call throws `unavailable`, as a store whose
/// database went away does.
final class SwitchableStore: SlashingProtectionStore, @unchecked Sendable {
    private let base: any SlashingProtectionStore
    private let lock = NSLock()
    private var _available = true
    var available: Bool {
        get { lock.withLock { _available } }
        set { lock.withLock { _available = newValue } }
    }
    init(_ base: any SlashingProtectionStore) { self.base = base }
    var genesisValidatorsRoot: Root { base.genesisValidatorsRoot }
    private func check() throws(SlashingProtectionError) {
        guard available else { throw SlashingProtectionError(.unavailable, "test: the database is down") }
    }
    func checkAndRecord(_ requests: [SigningRequest]) async throws(SlashingProtectionError) -> [SigningDecision] {
        try check()
        return try await base.checkAndRecord(requests)
    }
    func register(_ pubkeys: [BLSPubkey]) async throws(SlashingProtectionError) {
        try check()
        try await base.register(pubkeys)
    }
    func importInterchange(_ interchange: Interchange) async throws(SlashingProtectionError) -> ImportSummary {
        try check()
        return try await base.importInterchange(interchange)
    }
    func exportInterchange(pubkeys: [BLSPubkey]?) async throws(SlashingProtectionError) -> Interchange {
        try check()
        return try await base.exportInterchange(pubkeys: pubkeys)
    }
    func prune(epochsToKeep: UInt64) async throws(SlashingProtectionError) -> PruneSummary {
        try check()
        return try await base.prune(epochsToKeep: epochsToKeep)
    }
    func status(pubkeys: [BLSPubkey]?) async throws(SlashingProtectionError) -> [ValidatorStatus] {
        try check()
        return try await base.status(pubkeys: pubkeys)
    }
    func highWatermark() async throws(SlashingProtectionError) -> HighWatermark? {
        try check()
        return try await base.highWatermark()
    }
    func setHighWatermark(_ watermark: HighWatermark?) async throws(SlashingProtectionError) {
        try check()
        try await base.setHighWatermark(watermark)
    }

}
