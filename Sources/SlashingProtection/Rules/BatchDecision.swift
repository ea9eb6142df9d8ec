public import ConsensusTypes

/// What a store read for one request of a batch, before any of the batch was recorded.
public enum RequestFacts: Hashable, Sendable {
    /// The validator is not registered.
    case unregistered
    case block(BlockFacts)
    case attestation(AttestationFacts)
}

/// The decisions for a batch of requests checked in one transaction, and what to record.
///
/// Requests are decided in order. Each decision is independent of the others except that a request
/// sees what earlier requests of the same batch recorded: two conflicting requests for one validator
/// in one batch get one `valid` and one refusal, exactly as if they had come in two transactions.
public struct BatchDecision: Sendable {
    /// One decision per request, in request order.
    public private(set) var decisions: [SigningDecision] = []
    /// The new records (decided `.safe(.valid)`), in request order: the store must insert these,
    /// and lower each validator's bounds to include them, in the same transaction.
    public private(set) var records: [(pubkey: BLSPubkey, message: SigningRequest.Message)] = []

    /// Decides `requests` against `facts` (one per request, read before the batch).
    ///
    /// - Parameters:
    ///   - genesisValidatorsRoot: the store's chain; other requests are refused.
    ///   - highWatermark: the store's, read in the same transaction; requests at or above it are refused.
    public init(requests: [SigningRequest], facts: [RequestFacts], genesisValidatorsRoot: Root, highWatermark: HighWatermark? = nil) {
        var pending: [BLSPubkey: Pending] = [:]
        decisions.reserveCapacity(requests.count)
        for (request, fact) in zip(requests, facts) {
            let decision: SigningDecision
            if request.genesisValidatorsRoot != genesisValidatorsRoot {
                decision = .refused(.wrongGenesisValidatorsRoot(store: genesisValidatorsRoot, request: request.genesisValidatorsRoot))
            } else if let refusal = highWatermark?.refusal(request.message) {
                decision = .refused(refusal)
            } else {
                switch (request.message, fact) {
                case (_, .unregistered):
                    decision = .refused(.unregisteredValidator)
                case (.block(let block), .block(let facts)):
                    decision = SlashingRules.decide(block, facts: pending[request.pubkey]?.merged(facts, block) ?? facts)
                case (.attestation(let attestation), .attestation(let facts)):
                    decision = SlashingRules.decide(attestation, facts: pending[request.pubkey]?.merged(facts, attestation) ?? facts)
                default:
                    // A store answered a block request with attestation facts or the reverse: refuse
                    // rather than guess (a store bug, never outside input).
                    decision = .refused(.unregisteredValidator)
                }
            }
            if decision == .safe(.valid) {
                pending[request.pubkey, default: Pending()].record(request.message)
                records.append((request.pubkey, request.message))
            }
            decisions.append(decision)
        }
        // Requests beyond the facts given (a store bug) are refused, never signed.
        while decisions.count < requests.count { decisions.append(.refused(.unregisteredValidator)) }
    }

    /// What earlier requests of this batch recorded for one validator.
    private struct Pending {
        var blocks: [SignedBlock] = []
        var attestations: [SignedAttestation] = []
        var bounds = LowerBounds()

        mutating func record(_ message: SigningRequest.Message) {
            switch message {
            case .block(let block): blocks.append(block)
            case .attestation(let attestation): attestations.append(attestation)
            }
            bounds.include(message)
        }

        func merged(_ facts: BlockFacts, _ block: SignedBlock) -> BlockFacts {
            var facts = facts
            facts.atSlot = facts.atSlot ?? blocks.first { $0.slot == block.slot }
            facts.lowerBounds.slot = Self.min(facts.lowerBounds.slot, bounds.slot)
            return facts
        }

        func merged(_ facts: AttestationFacts, _ new: SignedAttestation) -> AttestationFacts {
            var facts = facts
            facts.atTarget = facts.atTarget ?? attestations.first { $0.targetEpoch == new.targetEpoch }
            facts.surrounding = facts.surrounding ?? attestations.first { $0.surrounds(new) }
            facts.surrounded = facts.surrounded ?? attestations.first { new.surrounds($0) }
            facts.lowerBounds.sourceEpoch = Self.min(facts.lowerBounds.sourceEpoch, bounds.sourceEpoch)
            facts.lowerBounds.targetEpoch = Self.min(facts.lowerBounds.targetEpoch, bounds.targetEpoch)
            return facts
        }

        private static func min(_ a: UInt64?, _ b: UInt64?) -> UInt64? {
            switch (a, b) {
            case (let a?, let b?): Swift.min(a, b)
            case (let a?, nil): a
            case (nil, let b): b
            }
        }
    }
}
