public import ConsensusTypes

/// The lowest slot and epochs of a validator's known history. Below them nothing is known (history
/// imported from a minimal interchange, or pruned), so everything there is refused.
///
/// Each bound is the minimum over the recorded history, kept as it is recorded, merged on import
/// and raised when old history is pruned; `nil` while the validator has no history of that kind.
public struct LowerBounds: Hashable, Sendable {
    public var slot: UInt64?
    public var sourceEpoch: UInt64?
    public var targetEpoch: UInt64?

    public init(slot: UInt64? = nil, sourceEpoch: UInt64? = nil, targetEpoch: UInt64? = nil) {
        self.slot = slot
        self.sourceEpoch = sourceEpoch
        self.targetEpoch = targetEpoch
    }

    /// Field by field, the higher (stricter) of the two bounds; a missing bound yields to the other.
    /// Stores apply `lowest.raised(to: pruned)`: the history's minimum, or what pruning removed.
    public func raised(to other: LowerBounds) -> LowerBounds {
        func higher(_ a: UInt64?, _ b: UInt64?) -> UInt64? {
            switch (a, b) {
            case (let a?, let b?): Swift.max(a, b)
            case (let a?, nil): a
            case (nil, let b): b
            }
        }
        return LowerBounds(
            slot: higher(slot, other.slot), sourceEpoch: higher(sourceEpoch, other.sourceEpoch),
            targetEpoch: higher(targetEpoch, other.targetEpoch))
    }

    /// Lowers the bounds to include a newly recorded message.
    mutating func include(_ message: SigningRequest.Message) {
        switch message {
        case .block(let block): slot = Swift.min(slot ?? block.slot, block.slot)
        case .attestation(let a):
            sourceEpoch = Swift.min(sourceEpoch ?? a.sourceEpoch, a.sourceEpoch)
            targetEpoch = Swift.min(targetEpoch ?? a.targetEpoch, a.targetEpoch)
        }
    }
}

/// What a store knows that bears on one block request: the validator's bounds and the block
/// recorded at the requested slot, if any.
public struct BlockFacts: Hashable, Sendable {
    public var lowerBounds: LowerBounds
    /// The recorded block at the request's slot.
    public var atSlot: SignedBlock?

    public init(lowerBounds: LowerBounds, atSlot: SignedBlock?) {
        self.lowerBounds = lowerBounds
        self.atSlot = atSlot
    }
}

/// What a store knows that bears on one attestation request (source s, target t): the bounds, the
/// recorded attestation with target t, one recorded attestation that surrounds (s, t) and one that
/// (s, t) surrounds, if any exist.
public struct AttestationFacts: Hashable, Sendable {
    public var lowerBounds: LowerBounds
    /// The recorded attestation with the request's target epoch.
    public var atTarget: SignedAttestation?
    /// A recorded attestation with `source < s` and `target > t`.
    public var surrounding: SignedAttestation?
    /// A recorded attestation with `source > s` and `target < t`.
    public var surrounded: SignedAttestation?

    public init(
        lowerBounds: LowerBounds, atTarget: SignedAttestation?, surrounding: SignedAttestation?, surrounded: SignedAttestation?
    ) {
        self.lowerBounds = lowerBounds
        self.atTarget = atTarget
        self.surrounding = surrounding
        self.surrounded = surrounded
    }
}

/// The slashing-protection rules: pure functions from a request and the facts a store holds to a
/// decision. They follow the "complete" (full-history) expectations of the EIP-3076 interchange
/// tests, with lower bounds for history that is not known (phase0 `is_slashable_block` /
/// `is_slashable_attestation_data`, https://eips.ethereum.org/EIPS/eip-3076).
public enum SlashingRules {
    /// Decides a block proposal at `block.slot`.
    ///
    /// 1. A block recorded at the same slot: the same known signing root is a repeat (safe, nothing
    ///    new recorded); another or an unknown root is a double proposal.
    /// 2. A slot at or below the lowest known slot is refused: the history below it is unknown.
    public static func decide(_ block: SignedBlock, facts: BlockFacts) -> SigningDecision {
        guard block.slot <= maximumSlotOrEpoch else { return .refused(.valueOutOfRange) }
        if let existing = facts.atSlot {
            if let root = existing.signingRoot, root == block.signingRoot { return .safe(.sameData) }
            return .refused(.doubleBlockProposal(existing: existing))
        }
        if let bound = facts.lowerBounds.slot, block.slot <= bound {
            return .refused(.slotBelowLowerBound(slot: block.slot, lowerBound: bound))
        }
        return .safe(.valid)
    }

    /// Decides an attestation (source, target).
    ///
    /// 1. `source > target` is never signed.
    /// 2. A recorded attestation with the same target: the same data and known root is a repeat;
    ///    anything else is a double vote.
    /// 3. `source` below the lowest known source, or `target` at or below the lowest known target,
    ///    is refused.
    /// 4. Surrounding or surrounded by a recorded attestation is refused.
    public static func decide(_ attestation: SignedAttestation, facts: AttestationFacts) -> SigningDecision {
        let (source, target) = (attestation.sourceEpoch, attestation.targetEpoch)
        guard source <= maximumSlotOrEpoch, target <= maximumSlotOrEpoch else { return .refused(.valueOutOfRange) }
        guard source <= target else { return .refused(.sourceExceedsTarget) }
        if let existing = facts.atTarget {
            if let root = existing.signingRoot, root == attestation.signingRoot, existing.sourceEpoch == source {
                return .safe(.sameData)
            }
            return .refused(.doubleVote(existing: existing))
        }
        if let bound = facts.lowerBounds.sourceEpoch, source < bound {
            return .refused(.sourceBelowLowerBound(source: source, lowerBound: bound))
        }
        if let bound = facts.lowerBounds.targetEpoch, target <= bound {
            return .refused(.targetBelowLowerBound(target: target, lowerBound: bound))
        }
        if let existing = facts.surrounded { return .refused(.surroundingVote(existing: existing)) }
        if let existing = facts.surrounding { return .refused(.surroundedVote(existing: existing)) }
        return .safe(.valid)
    }
}
