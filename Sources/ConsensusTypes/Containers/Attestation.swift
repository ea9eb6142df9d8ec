/// `Checkpoint` (phase0): an epoch and the root of the block at its start.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#checkpoint
public struct Checkpoint: HashTreeRootable, Hashable {
    public var epoch: Epoch
    /// 32 bytes.
    public var root: Root

    public init(epoch: Epoch, root: Root) {
        self.epoch = epoch
        self.root = root
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(epoch, root) }
}

/// `AttestationData` (phase0): what an attester votes for; signed with `DOMAIN_BEACON_ATTESTER`.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#attestationdata
public struct AttestationData: HashTreeRootable, Hashable {
    public var slot: Slot
    /// The committee index (always 0 from Electra on, EIP-7549).
    public var index: CommitteeIndex
    /// LMD GHOST vote, 32 bytes.
    public var beaconBlockRoot: Root
    /// FFG vote: source.
    public var source: Checkpoint
    /// FFG vote: target.
    public var target: Checkpoint

    public init(slot: Slot, index: CommitteeIndex, beaconBlockRoot: Root, source: Checkpoint, target: Checkpoint) {
        self.slot = slot
        self.index = index
        self.beaconBlockRoot = beaconBlockRoot
        self.source = source
        self.target = target
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(slot, index, beaconBlockRoot, source, target) }
}

/// `Attestation` (phase0 to deneb).
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#attestation
public struct Attestation: HashTreeRootable, Hashable {
    /// `Bitlist[MAX_VALIDATORS_PER_COMMITTEE]`.
    public var aggregationBits: Bitlist<2048>
    public var data: AttestationData
    /// 96 bytes.
    public var signature: BLSSignature

    public init(aggregationBits: Bitlist<2048>, data: AttestationData, signature: BLSSignature) {
        self.aggregationBits = aggregationBits
        self.data = data
        self.signature = signature
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(aggregationBits, data, signature) }
}

/// `IndexedAttestation` (phase0 to deneb).
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#indexedattestation
public struct IndexedAttestation: HashTreeRootable, Hashable {
    /// `List[ValidatorIndex, MAX_VALIDATORS_PER_COMMITTEE]`.
    public var attestingIndices: SSZList<ValidatorIndex, 2048>
    public var data: AttestationData
    /// 96 bytes.
    public var signature: BLSSignature

    public init(attestingIndices: SSZList<ValidatorIndex, 2048>, data: AttestationData, signature: BLSSignature) {
        self.attestingIndices = attestingIndices
        self.data = data
        self.signature = signature
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(attestingIndices, data, signature) }
}

/// `AttesterSlashing` (phase0 to deneb).
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#attesterslashing
public struct AttesterSlashing: HashTreeRootable, Hashable {
    public var attestation1: IndexedAttestation
    public var attestation2: IndexedAttestation

    public init(attestation1: IndexedAttestation, attestation2: IndexedAttestation) {
        self.attestation1 = attestation1
        self.attestation2 = attestation2
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(attestation1, attestation2) }
}
