/// `Slot` (phase0 custom type): a `uint64`.
public typealias Slot = UInt64
/// `Epoch` (phase0 custom type): a `uint64`.
public typealias Epoch = UInt64
/// `ValidatorIndex` (phase0 custom type): a `uint64`.
public typealias ValidatorIndex = UInt64
/// `CommitteeIndex` (phase0 custom type): a `uint64`.
public typealias CommitteeIndex = UInt64
/// `Gwei` (phase0 custom type): a `uint64`.
public typealias Gwei = UInt64

/// The mainnet preset values the container limits use
/// (https://github.com/ethereum/consensus-specs/tree/dev/presets/mainnet).
///
/// Swift's integer generic arguments must be literals, so the container types spell these
/// numbers out (`Bitlist<2048>`); `PresetTests` checks that every such type matches this table.
public enum MainnetPreset {
    /// `SLOTS_PER_EPOCH`.
    public static let slotsPerEpoch: UInt64 = 32
    /// `MAX_VALIDATORS_PER_COMMITTEE`.
    public static let maxValidatorsPerCommittee = 2048
    /// `MAX_COMMITTEES_PER_SLOT`.
    public static let maxCommitteesPerSlot = 64
    /// `MAX_PROPOSER_SLASHINGS`.
    public static let maxProposerSlashings = 16
    /// `MAX_ATTESTER_SLASHINGS` (phase0 to deneb).
    public static let maxAttesterSlashings = 2
    /// `MAX_ATTESTER_SLASHINGS_ELECTRA`.
    public static let maxAttesterSlashingsElectra = 1
    /// `MAX_ATTESTATIONS` (phase0 to deneb).
    public static let maxAttestations = 128
    /// `MAX_ATTESTATIONS_ELECTRA`.
    public static let maxAttestationsElectra = 8
    /// `MAX_DEPOSITS`.
    public static let maxDeposits = 16
    /// `MAX_VOLUNTARY_EXITS`.
    public static let maxVoluntaryExits = 16
    /// `SYNC_COMMITTEE_SIZE` (altair).
    public static let syncCommitteeSize = 512
    /// `SYNC_COMMITTEE_SUBNET_COUNT` (altair validator).
    public static let syncCommitteeSubnetCount = 4
    /// `DEPOSIT_CONTRACT_TREE_DEPTH`.
    public static let depositContractTreeDepth = 32
}

extension Signing {
    /// `compute_epoch_at_slot(slot)`: `slot // SLOTS_PER_EPOCH` (phase0 beacon-chain).
    public static func computeEpoch(atSlot slot: Slot) -> Epoch {
        slot / MainnetPreset.slotsPerEpoch
    }
}
