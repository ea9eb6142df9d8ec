/// Group commit in front of a store: concurrent single requests are gathered into batches, so that
/// one transaction (and one durable commit) serves every request that arrived while the previous
/// batch was being committed. One slot's attestations for thousands of validators then cost a few
/// commits instead of thousands.
///
/// Each request still gets its own decision; a refusal of one never affects another. When the store
/// fails, every request of that batch gets the error (and nothing of it was recorded). When it is
/// unavailable, so do the requests that queued behind the batch meanwhile: they have waited out
/// the store's deadline already, and would otherwise wait for a second one before their 503.
public actor GroupCommit {
    private let store: any SlashingProtectionStore
    private let maximumBatch: Int
    private var queue: [(request: SigningRequest, continuation: CheckedContinuation<SigningDecision, any Error>)] = []
    private var draining = false

    /// - Parameter maximumBatch: the largest batch one transaction takes (default 4,096).
    public init(store: any SlashingProtectionStore, maximumBatch: Int = 4096) {
        self.store = store
        self.maximumBatch = max(1, maximumBatch)
    }

    /// Checks and records one request, batched with whatever else is waiting.
    ///
    /// - Throws: ``SlashingProtectionError`` from the store (`unavailable`, `storage`).
    public func checkAndRecord(_ request: SigningRequest) async throws(SlashingProtectionError) -> SigningDecision {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                queue.append((request, continuation))
                if !draining {
                    draining = true
                    Task { await drain() }
                }
            }
        } catch let error as SlashingProtectionError {
            throw error
        } catch {
            throw SlashingProtectionError(.storage, "slashing protection failed: \(error)")
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(maximumBatch))
            queue.removeFirst(batch.count)
            do throws(SlashingProtectionError) {
                let decisions = try await store.checkAndRecord(batch.map(\.request))
                for (entry, decision) in zip(batch, decisions) { entry.continuation.resume(returning: decision) }
                // A store that answered fewer decisions than requests: refuse the rest, never sign.
                for entry in batch.dropFirst(decisions.count) {
                    entry.continuation.resume(returning: .refused(.unregisteredValidator))
                }
            } catch {
                var failed = batch
                if error.code == .unavailable {
                    failed += queue
                    queue.removeAll()
                }
                for entry in failed { entry.continuation.resume(throwing: error) }
            }
        }
        draining = false
    }
}
