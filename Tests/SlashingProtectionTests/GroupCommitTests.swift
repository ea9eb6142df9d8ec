import ConsensusTypes
import SlashingProtection
import Synchronization
import Testing

/// GroupCommit's batching, with a stand-in store (a unit test of this layer; the real stores'
/// outages are tested in PostgresOutageTests and the signer's fleet tests).
struct GroupCommitTests {
    /// A store that is down: each call waits, then throws `unavailable`; calls are counted.
    final class DownStore: SlashingProtectionStore {
        let calls = Mutex(0)
        let genesisValidatorsRoot = Root.zero
        func checkAndRecord(_ requests: [SigningRequest]) async throws(SlashingProtectionError) -> [SigningDecision] {
            calls.withLock { $0 += 1 }
            try? await Task.sleep(for: .milliseconds(300))
            throw SlashingProtectionError(.unavailable, "test: down")
        }
        func register(_ pubkeys: [BLSPubkey]) async throws(SlashingProtectionError) {}
        func importInterchange(_ interchange: Interchange) async throws(SlashingProtectionError) -> ImportSummary { ImportSummary(validators: 0, blocks: 0, attestations: 0) }
        func exportInterchange(pubkeys: [BLSPubkey]?) async throws(SlashingProtectionError) -> Interchange { Interchange(genesisValidatorsRoot: .zero, data: []) }
        func prune(epochsToKeep: UInt64) async throws(SlashingProtectionError) -> PruneSummary { PruneSummary(blocks: 0, attestations: 0) }
        func status(pubkeys: [BLSPubkey]?) async throws(SlashingProtectionError) -> [ValidatorStatus] { [] }
        func highWatermark() async throws(SlashingProtectionError) -> HighWatermark? { nil }
        func setHighWatermark(_ watermark: HighWatermark?) async throws(SlashingProtectionError) {}
    }

    /// Requests that queued behind a batch the store could not serve fail with it: each waits
    /// for one deadline, not two (the store is asked once).
    @Test func requestsQueuedBehindAnUnavailableBatchFailWithIt() async throws {
        let store = DownStore()
        let commit = GroupCommit(store: store)
        let pubkey = BLSPubkey(unchecked: Array(repeating: 0xa1, count: 48))
        func request(_ slot: UInt64) -> SigningRequest {
            .block(pubkey, slot: slot, signingRoot: Root(unchecked: Array(repeating: UInt8(slot), count: 32)), genesisValidatorsRoot: .zero)
        }
        let errors = await withTaskGroup(of: SlashingProtectionError?.self) { group in
            group.addTask {
                do throws(SlashingProtectionError) { _ = try await commit.checkAndRecord(request(1)); return nil } catch { return error }
            }
            try? await Task.sleep(for: .milliseconds(100))
            for slot in 2...11 {
                group.addTask {
                    do throws(SlashingProtectionError) { _ = try await commit.checkAndRecord(request(UInt64(slot))); return nil } catch { return error }
                }
            }
            var errors: [SlashingProtectionError?] = []
            for await error in group { errors.append(error) }
            return errors
        }
        #expect(errors.count == 11 && errors.allSatisfy { $0?.code == .unavailable })
        #expect(store.calls.withLock { $0 } == 1)
    }
}
