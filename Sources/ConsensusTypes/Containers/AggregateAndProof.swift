/// `AggregateAndProof` (phase0 validator): an aggregate attestation with the aggregator's
/// selection proof; signed with `DOMAIN_AGGREGATE_AND_PROOF`.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/validator.md#aggregateandproof
public struct AggregateAndProof: HashTreeRootable, Hashable {
    public var aggregatorIndex: ValidatorIndex
    public var aggregate: Attestation
    /// 96 bytes: the aggregator's signature over the slot (`DOMAIN_SELECTION_PROOF`).
    public var selectionProof: BLSSignature

    public init(aggregatorIndex: ValidatorIndex, aggregate: Attestation, selectionProof: BLSSignature) {
        self.aggregatorIndex = aggregatorIndex
        self.aggregate = aggregate
        self.selectionProof = selectionProof
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(aggregatorIndex, aggregate, selectionProof) }
}

/// `AggregateAndProof` as modified in Electra (EIP-7549): the aggregate is an Electra attestation.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/electra/validator.md#aggregateandproof
public struct ElectraAggregateAndProof: HashTreeRootable, Hashable {
    public var aggregatorIndex: ValidatorIndex
    public var aggregate: ElectraAttestation
    /// 96 bytes.
    public var selectionProof: BLSSignature

    public init(aggregatorIndex: ValidatorIndex, aggregate: ElectraAttestation, selectionProof: BLSSignature) {
        self.aggregatorIndex = aggregatorIndex
        self.aggregate = aggregate
        self.selectionProof = selectionProof
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(aggregatorIndex, aggregate, selectionProof) }
}
