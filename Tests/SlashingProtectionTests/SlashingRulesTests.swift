import ConsensusTypes
import SlashingProtection
import Testing

/// Every rule on its own, with unknown roots, equal and boundary epochs and lower bounds.
@Suite struct SlashingRulesTests {
    static let r1 = Root(unchecked: [UInt8](repeating: 1, count: 32))
    static let r2 = Root(unchecked: [UInt8](repeating: 2, count: 32))

    func block(_ slot: UInt64, _ root: Root? = r1, atSlot: SignedBlock? = nil, lower: UInt64? = nil) -> SigningDecision {
        SlashingRules.decide(SignedBlock(slot: slot, signingRoot: root), facts: BlockFacts(lowerBounds: LowerBounds(slot: lower), atSlot: atSlot))
    }

    func attestation(
        _ s: UInt64, _ t: UInt64, _ root: Root? = r1, atTarget: SignedAttestation? = nil, surrounding: SignedAttestation? = nil,
        surrounded: SignedAttestation? = nil, source: UInt64? = nil, target: UInt64? = nil
    ) -> SigningDecision {
        SlashingRules.decide(
            SignedAttestation(sourceEpoch: s, targetEpoch: t, signingRoot: root),
            facts: AttestationFacts(
                lowerBounds: LowerBounds(sourceEpoch: source, targetEpoch: target), atTarget: atTarget, surrounding: surrounding,
                surrounded: surrounded))
    }

    @Test func blocks() {
        #expect(block(10) == .safe(.valid))
        #expect(block(10, atSlot: SignedBlock(slot: 10, signingRoot: Self.r1)) == .safe(.sameData))
        let other = SignedBlock(slot: 10, signingRoot: Self.r2)
        #expect(block(10, atSlot: other) == .refused(.doubleBlockProposal(existing: other)))
        // An unknown recorded root conflicts with everything, even a request without a root.
        let unknown = SignedBlock(slot: 10, signingRoot: nil)
        #expect(block(10, atSlot: unknown) == .refused(.doubleBlockProposal(existing: unknown)))
        #expect(block(10, nil, atSlot: unknown) == .refused(.doubleBlockProposal(existing: unknown)))
        // A zero root is a known root (the interchange suite re-signs one), unlike a missing one.
        #expect(block(10, .zero, atSlot: SignedBlock(slot: 10, signingRoot: .zero)) == .safe(.sameData))
        // Lower bound: at or below refused, above allowed.
        #expect(block(5, lower: 5) == .refused(.slotBelowLowerBound(slot: 5, lowerBound: 5)))
        #expect(block(4, lower: 5) == .refused(.slotBelowLowerBound(slot: 4, lowerBound: 5)))
        #expect(block(6, lower: 5) == .safe(.valid))
        // A repeat at the bound's own slot is still a repeat.
        #expect(block(5, atSlot: SignedBlock(slot: 5, signingRoot: Self.r1), lower: 5) == .safe(.sameData))
        #expect(block(maximumSlotOrEpoch + 1) == .refused(.valueOutOfRange))
        #expect(block(maximumSlotOrEpoch) == .safe(.valid))
    }

    @Test func attestations() {
        #expect(attestation(1, 2) == .safe(.valid))
        #expect(attestation(2, 2) == .safe(.valid))
        #expect(attestation(3, 2) == .refused(.sourceExceedsTarget))
        let same = SignedAttestation(sourceEpoch: 1, targetEpoch: 2, signingRoot: Self.r1)
        #expect(attestation(1, 2, atTarget: same) == .safe(.sameData))
        let other = SignedAttestation(sourceEpoch: 1, targetEpoch: 2, signingRoot: Self.r2)
        #expect(attestation(1, 2, atTarget: other) == .refused(.doubleVote(existing: other)))
        let unknown = SignedAttestation(sourceEpoch: 1, targetEpoch: 2, signingRoot: nil)
        #expect(attestation(1, 2, atTarget: unknown) == .refused(.doubleVote(existing: unknown)))
        #expect(attestation(1, 2, nil, atTarget: unknown) == .refused(.doubleVote(existing: unknown)))
        // Same root but another source is not the same data.
        let otherSource = SignedAttestation(sourceEpoch: 0, targetEpoch: 2, signingRoot: Self.r1)
        #expect(attestation(1, 2, atTarget: otherSource) == .refused(.doubleVote(existing: otherSource)))
        // Surrounds.
        let inner = SignedAttestation(sourceEpoch: 3, targetEpoch: 4, signingRoot: nil)
        #expect(attestation(2, 5, surrounded: inner) == .refused(.surroundingVote(existing: inner)))
        let outer = SignedAttestation(sourceEpoch: 1, targetEpoch: 9, signingRoot: nil)
        #expect(attestation(2, 5, surrounding: outer) == .refused(.surroundedVote(existing: outer)))
        // Bounds: source below refused, equal allowed; target at or below refused.
        #expect(attestation(4, 9, source: 5) == .refused(.sourceBelowLowerBound(source: 4, lowerBound: 5)))
        #expect(attestation(5, 9, source: 5) == .safe(.valid))
        #expect(attestation(5, 9, target: 9) == .refused(.targetBelowLowerBound(target: 9, lowerBound: 9)))
        #expect(attestation(5, 10, target: 9) == .safe(.valid))
        // A repeat at the bound is still a repeat.
        let atBound = SignedAttestation(sourceEpoch: 5, targetEpoch: 9, signingRoot: Self.r1)
        #expect(attestation(5, 9, atTarget: atBound, target: 9) == .safe(.sameData))
        #expect(attestation(0, maximumSlotOrEpoch + 1) == .refused(.valueOutOfRange))
    }

    @Test func surroundRelation() {
        let a = SignedAttestation(sourceEpoch: 1, targetEpoch: 10, signingRoot: nil)
        #expect(a.surrounds(SignedAttestation(sourceEpoch: 2, targetEpoch: 9, signingRoot: nil)))
        // Equal source or equal target is not a surround (a double vote, or nothing).
        #expect(!a.surrounds(SignedAttestation(sourceEpoch: 1, targetEpoch: 9, signingRoot: nil)))
        #expect(!a.surrounds(SignedAttestation(sourceEpoch: 2, targetEpoch: 10, signingRoot: nil)))
    }

    @Test func batchSeesItsOwnRecords() {
        let pk = BLSPubkey(unchecked: [UInt8](repeating: 0xaa, count: 48))
        let gvr = Root.zero
        let empty = RequestFacts.block(BlockFacts(lowerBounds: LowerBounds(), atSlot: nil))
        let noAttestations = RequestFacts.attestation(AttestationFacts(lowerBounds: LowerBounds(), atTarget: nil, surrounding: nil, surrounded: nil))
        let requests: [SigningRequest] = [
            .block(pk, slot: 10, signingRoot: Self.r1, genesisValidatorsRoot: gvr),
            .block(pk, slot: 10, signingRoot: Self.r2, genesisValidatorsRoot: gvr),
            .block(pk, slot: 10, signingRoot: Self.r1, genesisValidatorsRoot: gvr),
            .block(pk, slot: 9, signingRoot: Self.r1, genesisValidatorsRoot: gvr),
            .attestation(pk, sourceEpoch: 2, targetEpoch: 5, signingRoot: Self.r1, genesisValidatorsRoot: gvr),
            .attestation(pk, sourceEpoch: 1, targetEpoch: 6, signingRoot: Self.r1, genesisValidatorsRoot: gvr),
            .attestation(pk, sourceEpoch: 3, targetEpoch: 4, signingRoot: Self.r1, genesisValidatorsRoot: gvr),
            .attestation(pk, sourceEpoch: 2, targetEpoch: 5, signingRoot: Self.r2, genesisValidatorsRoot: gvr),
            .block(pk, slot: 11, signingRoot: Self.r1, genesisValidatorsRoot: Self.r2),
        ]
        let facts: [RequestFacts] = [empty, empty, empty, empty, noAttestations, noAttestations, noAttestations, noAttestations, empty]
        let batch = BatchDecision(requests: requests, facts: facts, genesisValidatorsRoot: gvr)
        #expect(batch.decisions.map(\.isSafe) == [true, false, true, false, true, false, false, false, false])
        #expect(batch.decisions[2] == .safe(.sameData))
        #expect(batch.records.count == 2)
        #expect(batch.decisions[8] == .refused(.wrongGenesisValidatorsRoot(store: gvr, request: Self.r2)))
    }

    @Test func unregisteredRefused() {
        let pk = BLSPubkey(unchecked: [UInt8](repeating: 0xaa, count: 48))
        let batch = BatchDecision(
            requests: [.block(pk, slot: 1, signingRoot: nil, genesisValidatorsRoot: .zero)], facts: [.unregistered], genesisValidatorsRoot: .zero)
        #expect(batch.decisions == [.refused(.unregisteredValidator)])
        #expect(batch.records.isEmpty)
    }
}
