/// `BeaconBlockBody` (phase0), every field, with the mainnet preset limits.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#beaconblockbody
public struct BeaconBlockBody: HashTreeRootable, Hashable {
    /// 96 bytes: the proposer's signature over the epoch (`DOMAIN_RANDAO`).
    public var randaoReveal: BLSSignature
    /// Eth1 data vote.
    public var eth1Data: Eth1Data
    /// Arbitrary data, 32 bytes.
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

    public init(
        randaoReveal: BLSSignature, eth1Data: Eth1Data, graffiti: Bytes32,
        proposerSlashings: SSZList<ProposerSlashing, 16> = .init(),
        attesterSlashings: SSZList<AttesterSlashing, 2> = .init(),
        attestations: SSZList<Attestation, 128> = .init(),
        deposits: SSZList<Deposit, 16> = .init(),
        voluntaryExits: SSZList<SignedVoluntaryExit, 16> = .init()
    ) {
        self.randaoReveal = randaoReveal
        self.eth1Data = eth1Data
        self.graffiti = graffiti
        self.proposerSlashings = proposerSlashings
        self.attesterSlashings = attesterSlashings
        self.attestations = attestations
        self.deposits = deposits
        self.voluntaryExits = voluntaryExits
    }

    public var hashTreeRoot: Root {
        SSZ.containerRoot(
            randaoReveal, eth1Data, graffiti, proposerSlashings, attesterSlashings, attestations, deposits,
            voluntaryExits)
    }
}

/// `BeaconBlock` (phase0); signed with `DOMAIN_BEACON_PROPOSER`.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#beaconblock
public struct BeaconBlock: HashTreeRootable, Hashable {
    public var slot: Slot
    public var proposerIndex: ValidatorIndex
    /// 32 bytes.
    public var parentRoot: Root
    /// 32 bytes.
    public var stateRoot: Root
    public var body: BeaconBlockBody

    public init(slot: Slot, proposerIndex: ValidatorIndex, parentRoot: Root, stateRoot: Root, body: BeaconBlockBody) {
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
