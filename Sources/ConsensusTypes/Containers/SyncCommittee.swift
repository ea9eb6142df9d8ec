/// `SyncCommitteeContribution` (altair validator): one subcommittee's aggregate over a block root.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/altair/validator.md#synccommitteecontribution
public struct SyncCommitteeContribution: HashTreeRootable, Hashable {
    public var slot: Slot
    /// 32 bytes.
    public var beaconBlockRoot: Root
    public var subcommitteeIndex: UInt64
    /// `Bitvector[SYNC_COMMITTEE_SIZE // SYNC_COMMITTEE_SUBNET_COUNT]` (512 / 4).
    public var aggregationBits: Bitvector<128>
    /// 96 bytes.
    public var signature: BLSSignature

    public init(
        slot: Slot, beaconBlockRoot: Root, subcommitteeIndex: UInt64, aggregationBits: Bitvector<128>,
        signature: BLSSignature
    ) {
        self.slot = slot
        self.beaconBlockRoot = beaconBlockRoot
        self.subcommitteeIndex = subcommitteeIndex
        self.aggregationBits = aggregationBits
        self.signature = signature
    }

    public var hashTreeRoot: Root {
        SSZ.containerRoot(slot, beaconBlockRoot, subcommitteeIndex, aggregationBits, signature)
    }
}

/// `ContributionAndProof` (altair validator); signed with `DOMAIN_CONTRIBUTION_AND_PROOF`.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/altair/validator.md#contributionandproof
public struct ContributionAndProof: HashTreeRootable, Hashable {
    public var aggregatorIndex: ValidatorIndex
    public var contribution: SyncCommitteeContribution
    /// 96 bytes: the signature over `SyncAggregatorSelectionData`.
    public var selectionProof: BLSSignature

    public init(aggregatorIndex: ValidatorIndex, contribution: SyncCommitteeContribution, selectionProof: BLSSignature) {
        self.aggregatorIndex = aggregatorIndex
        self.contribution = contribution
        self.selectionProof = selectionProof
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(aggregatorIndex, contribution, selectionProof) }
}

/// `SyncAggregatorSelectionData` (altair validator); signed with
/// `DOMAIN_SYNC_COMMITTEE_SELECTION_PROOF`.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/altair/validator.md#syncaggregatorselectiondata
public struct SyncAggregatorSelectionData: HashTreeRootable, Hashable {
    public var slot: Slot
    public var subcommitteeIndex: UInt64

    public init(slot: Slot, subcommitteeIndex: UInt64) {
        self.slot = slot
        self.subcommitteeIndex = subcommitteeIndex
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(slot, subcommitteeIndex) }
}
