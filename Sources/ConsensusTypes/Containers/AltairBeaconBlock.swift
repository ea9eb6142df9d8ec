/// `SyncAggregate` (altair): the sync committee's aggregate signature over the parent block root.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/altair/beacon-chain.md#syncaggregate
public struct SyncAggregate: HashTreeRootable, Hashable {
    /// `Bitvector[SYNC_COMMITTEE_SIZE]`.
    public var syncCommitteeBits: Bitvector<512>
    /// 96 bytes.
    public var syncCommitteeSignature: BLSSignature

    public init(syncCommitteeBits: Bitvector<512>, syncCommitteeSignature: BLSSignature) {
        self.syncCommitteeBits = syncCommitteeBits
        self.syncCommitteeSignature = syncCommitteeSignature
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(syncCommitteeBits, syncCommitteeSignature) }
}

/// `BeaconBlockBody` as Altair defines it: the phase0 fields and `sync_aggregate`.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/altair/beacon-chain.md#beaconblockbody
public struct AltairBeaconBlockBody: HashTreeRootable, Hashable {
    /// 96 bytes.
    public var randaoReveal: BLSSignature
    public var eth1Data: Eth1Data
    /// 32 bytes.
    public var graffiti: Bytes32
    /// `List[ProposerSlashing, MAX_PROPOSER_SLASHINGS]`.
    public var proposerSlashings: SSZList<ProposerSlashing, 16>
    /// `List[AttesterSlashing, MAX_ATTESTER_SLASHINGS]`.
    public var attesterSlashings: SSZList<AttesterSlashing, 2>
    /// `List[Attestation, MAX_ATTESTATIONS]`.
    public var attestations: SSZList<Attestation, 128>
    /// `List[Deposit, MAX_DEPOSITS]`.
    public var deposits: SSZList<Deposit, 16>
    /// `List[SignedVoluntaryExit, MAX_VOLUNTARY_EXITS]`.
    public var voluntaryExits: SSZList<SignedVoluntaryExit, 16>
    /// New in Altair.
    public var syncAggregate: SyncAggregate

    public init(
        randaoReveal: BLSSignature, eth1Data: Eth1Data, graffiti: Bytes32,
        proposerSlashings: SSZList<ProposerSlashing, 16> = .init(),
        attesterSlashings: SSZList<AttesterSlashing, 2> = .init(),
        attestations: SSZList<Attestation, 128> = .init(),
        deposits: SSZList<Deposit, 16> = .init(),
        voluntaryExits: SSZList<SignedVoluntaryExit, 16> = .init(),
        syncAggregate: SyncAggregate
    ) {
        self.randaoReveal = randaoReveal
        self.eth1Data = eth1Data
        self.graffiti = graffiti
        self.proposerSlashings = proposerSlashings
        self.attesterSlashings = attesterSlashings
        self.attestations = attestations
        self.deposits = deposits
        self.voluntaryExits = voluntaryExits
        self.syncAggregate = syncAggregate
    }

    public var hashTreeRoot: Root {
        SSZ.containerRoot(
            randaoReveal, eth1Data, graffiti, proposerSlashings, attesterSlashings, attestations, deposits,
            voluntaryExits, syncAggregate)
    }
}

/// `BeaconBlock` (altair): the phase0 block with the Altair body.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/altair/beacon-chain.md#beaconblock
public struct AltairBeaconBlock: HashTreeRootable, Hashable {
    public var slot: Slot
    public var proposerIndex: ValidatorIndex
    /// 32 bytes.
    public var parentRoot: Root
    /// 32 bytes.
    public var stateRoot: Root
    public var body: AltairBeaconBlockBody

    public init(slot: Slot, proposerIndex: ValidatorIndex, parentRoot: Root, stateRoot: Root, body: AltairBeaconBlockBody) {
        self.slot = slot
        self.proposerIndex = proposerIndex
        self.parentRoot = parentRoot
        self.stateRoot = stateRoot
        self.body = body
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(slot, proposerIndex, parentRoot, stateRoot, body) }

    /// The header with the same root: the body replaced by its root.
    public var header: BeaconBlockHeader {
        BeaconBlockHeader(
            slot: slot, proposerIndex: proposerIndex, parentRoot: parentRoot, stateRoot: stateRoot,
            bodyRoot: body.hashTreeRoot)
    }
}
