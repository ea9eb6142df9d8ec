/// `Attestation` as modified in Electra (EIP-7549): the committees move out of
/// `AttestationData.index` into `committee_bits`, and the aggregation bits span every committee
/// of the slot.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/electra/beacon-chain.md#attestation
public struct ElectraAttestation: HashTreeRootable, Hashable {
    /// `Bitlist[MAX_VALIDATORS_PER_COMMITTEE * MAX_COMMITTEES_PER_SLOT]` (2048 × 64).
    public var aggregationBits: Bitlist<131072>
    public var data: AttestationData
    /// 96 bytes.
    public var signature: BLSSignature
    /// `Bitvector[MAX_COMMITTEES_PER_SLOT]`.
    public var committeeBits: Bitvector<64>

    public init(
        aggregationBits: Bitlist<131072>, data: AttestationData, signature: BLSSignature, committeeBits: Bitvector<64>
    ) {
        self.aggregationBits = aggregationBits
        self.data = data
        self.signature = signature
        self.committeeBits = committeeBits
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(aggregationBits, data, signature, committeeBits) }
}

/// `IndexedAttestation` as modified in Electra (EIP-7549).
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/electra/beacon-chain.md#indexedattestation
public struct ElectraIndexedAttestation: HashTreeRootable, Hashable {
    /// `List[ValidatorIndex, MAX_VALIDATORS_PER_COMMITTEE * MAX_COMMITTEES_PER_SLOT]` (2048 × 64).
    public var attestingIndices: SSZList<ValidatorIndex, 131072>
    public var data: AttestationData
    /// 96 bytes.
    public var signature: BLSSignature

    public init(attestingIndices: SSZList<ValidatorIndex, 131072>, data: AttestationData, signature: BLSSignature) {
        self.attestingIndices = attestingIndices
        self.data = data
        self.signature = signature
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(attestingIndices, data, signature) }
}

/// `AttesterSlashing` as modified in Electra: two Electra indexed attestations.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/electra/beacon-chain.md#attesterslashing
public struct ElectraAttesterSlashing: HashTreeRootable, Hashable {
    public var attestation1: ElectraIndexedAttestation
    public var attestation2: ElectraIndexedAttestation

    public init(attestation1: ElectraIndexedAttestation, attestation2: ElectraIndexedAttestation) {
        self.attestation1 = attestation1
        self.attestation2 = attestation2
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(attestation1, attestation2) }
}
