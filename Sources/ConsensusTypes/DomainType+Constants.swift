/// The domain types of every signed message
/// (https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#domain-types,
/// altair, capella, and builder-specs `DOMAIN_APPLICATION_BUILDER`). Each is 4 bytes.
extension DomainType {
    /// `DOMAIN_BEACON_PROPOSER` (phase0): blocks and block headers.
    public static let beaconProposer = DomainType(unchecked: [0x00, 0, 0, 0])
    /// `DOMAIN_BEACON_ATTESTER` (phase0): attestation data.
    public static let beaconAttester = DomainType(unchecked: [0x01, 0, 0, 0])
    /// `DOMAIN_RANDAO` (phase0): the epoch of a RANDAO reveal.
    public static let randao = DomainType(unchecked: [0x02, 0, 0, 0])
    /// `DOMAIN_DEPOSIT` (phase0).
    public static let deposit = DomainType(unchecked: [0x03, 0, 0, 0])
    /// `DOMAIN_VOLUNTARY_EXIT` (phase0).
    public static let voluntaryExit = DomainType(unchecked: [0x04, 0, 0, 0])
    /// `DOMAIN_SELECTION_PROOF` (phase0 validator): the slot an aggregator is selected for.
    public static let selectionProof = DomainType(unchecked: [0x05, 0, 0, 0])
    /// `DOMAIN_AGGREGATE_AND_PROOF` (phase0 validator).
    public static let aggregateAndProof = DomainType(unchecked: [0x06, 0, 0, 0])
    /// `DOMAIN_SYNC_COMMITTEE` (altair): the block root of a sync committee message.
    public static let syncCommittee = DomainType(unchecked: [0x07, 0, 0, 0])
    /// `DOMAIN_SYNC_COMMITTEE_SELECTION_PROOF` (altair): `SyncAggregatorSelectionData`.
    public static let syncCommitteeSelectionProof = DomainType(unchecked: [0x08, 0, 0, 0])
    /// `DOMAIN_CONTRIBUTION_AND_PROOF` (altair).
    public static let contributionAndProof = DomainType(unchecked: [0x09, 0, 0, 0])
    /// `DOMAIN_BLS_TO_EXECUTION_CHANGE` (capella).
    public static let blsToExecutionChange = DomainType(unchecked: [0x0a, 0, 0, 0])
    /// `DOMAIN_APPLICATION_BUILDER` (builder-specs): validator registrations, `0x00000001`.
    public static let applicationBuilder = DomainType(unchecked: [0x00, 0x00, 0x00, 0x01])
}
