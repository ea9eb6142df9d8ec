public import ConsensusTypes

/// The outcome of a check-and-record: sign, or refuse and say why (STYLE R8: a policy outcome is a
/// value, not an error). Modelled on lighthouse's `Safe` / `NotSafe`.
public enum SigningDecision: Hashable, Sendable {
    /// Signing is safe.
    case safe(SafeKind)
    /// Signing could make the validator slashable, or cannot be shown safe.
    case refused(RefusalReason)

    /// Why signing is safe.
    public enum SafeKind: Hashable, Sendable {
        /// A new message; it is now recorded.
        case valid
        /// The very message already recorded (same slot or target, same known signing root):
        /// signing it again cannot be slashed and nothing new is recorded.
        case sameData
    }

    /// Whether the decision allows signing.
    public var isSafe: Bool {
        if case .safe = self { return true }
        return false
    }
}

/// Why a signature was refused. Each case carries what it conflicts with, so that the signer's
/// 412 response and the audit log can say it.
public enum RefusalReason: Hashable, Sendable, CustomStringConvertible {
    /// The validator is not registered in this store.
    case unregisteredValidator
    /// The request is for another chain than the store's.
    case wrongGenesisValidatorsRoot(store: Root, request: Root)
    /// A slot or epoch above ``maximumSlotOrEpoch``.
    case valueOutOfRange
    /// A block at this slot is recorded with another (or an unknown) signing root.
    case doubleBlockProposal(existing: SignedBlock)
    /// The slot is at or below the lowest slot of the validator's known block history.
    case slotBelowLowerBound(slot: UInt64, lowerBound: UInt64)
    /// `source_epoch > target_epoch`.
    case sourceExceedsTarget
    /// An attestation with this target is recorded with another (or an unknown) signing root.
    case doubleVote(existing: SignedAttestation)
    /// The new attestation surrounds a recorded one.
    case surroundingVote(existing: SignedAttestation)
    /// A recorded attestation surrounds the new one.
    case surroundedVote(existing: SignedAttestation)
    /// The source epoch is below the lowest source of the validator's known history.
    case sourceBelowLowerBound(source: UInt64, lowerBound: UInt64)
    /// The target epoch is at or below the lowest target of the validator's known history.
    case targetBelowLowerBound(target: UInt64, lowerBound: UInt64)
    /// The slot, or an epoch, is at or above the store's ``HighWatermark``.
    case aboveHighWatermark(HighWatermark)

    public var description: String {
        switch self {
        case .unregisteredValidator: "validator is not registered for slashing protection"
        case .wrongGenesisValidatorsRoot(let store, let request):
            "genesis_validators_root 0x\(request) is not the store's 0x\(store)"
        case .valueOutOfRange: "slot or epoch above 2^63-1"
        case .doubleBlockProposal(let existing):
            "double block proposal: a block at slot \(existing.slot) is already signed with signing root \(Self.root(existing.signingRoot))"
        case .slotBelowLowerBound(let slot, let bound):
            "slot \(slot) is at or below the lower bound \(bound) of the validator's block history"
        case .sourceExceedsTarget: "source epoch is greater than target epoch"
        case .doubleVote(let existing):
            "double vote: an attestation with target epoch \(existing.targetEpoch) is already signed with signing root \(Self.root(existing.signingRoot))"
        case .surroundingVote(let existing):
            "surround vote: it surrounds the signed attestation (source \(existing.sourceEpoch), target \(existing.targetEpoch))"
        case .surroundedVote(let existing):
            "surround vote: the signed attestation (source \(existing.sourceEpoch), target \(existing.targetEpoch)) surrounds it"
        case .sourceBelowLowerBound(let source, let bound):
            "source epoch \(source) is below the lower bound \(bound) of the validator's attestation history"
        case .targetBelowLowerBound(let target, let bound):
            "target epoch \(target) is at or below the lower bound \(bound) of the validator's attestation history"
        case .aboveHighWatermark(let watermark):
            "at or above the high watermark (slot \(watermark.slot), epoch \(watermark.epoch)) set on this database"
        }
    }

    private static func root(_ root: Root?) -> String { root.map { "0x\($0)" } ?? "(unknown)" }
}
