public import ConsensusTypes

/// A validated eth2 signing request: Web3Signer's `POST /api/v1/eth2/sign/{identifier}` body,
/// parsed into consensus types (see ``parse(_:)``).
///
/// The signer computes what it signs from ``message`` alone (``signingRoot(genesisForkVersion:)``);
/// a client's `signingRoot` is only compared against it.
public struct Eth2SigningRequest: Sendable, Hashable {
    /// The `type` discriminator, spelled as Web3Signer spells it.
    public enum Kind: String, Sendable, CaseIterable {
        case aggregationSlot = "AGGREGATION_SLOT"
        case aggregateAndProof = "AGGREGATE_AND_PROOF"
        case aggregateAndProofV2 = "AGGREGATE_AND_PROOF_V2"
        case attestation = "ATTESTATION"
        case block = "BLOCK"
        case blockV2 = "BLOCK_V2"
        case deposit = "DEPOSIT"
        case randaoReveal = "RANDAO_REVEAL"
        case voluntaryExit = "VOLUNTARY_EXIT"
        case syncCommitteeMessage = "SYNC_COMMITTEE_MESSAGE"
        case syncCommitteeSelectionProof = "SYNC_COMMITTEE_SELECTION_PROOF"
        case syncCommitteeContributionAndProof = "SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF"
        case validatorRegistration = "VALIDATOR_REGISTRATION"
    }

    /// What is to be signed, with the chain data its domain needs.
    public enum Message: Sendable, Hashable {
        /// `AGGREGATION_SLOT`: `DOMAIN_SELECTION_PROOF` at the slot's epoch.
        case aggregationSlot(ForkInfo, AggregationSlot)
        /// `AGGREGATE_AND_PROOF` and `AGGREGATE_AND_PROOF_V2` up to Deneb:
        /// `DOMAIN_AGGREGATE_AND_PROOF` at the epoch of `aggregate.data.slot`.
        case aggregateAndProof(ForkInfo, AggregateAndProof)
        /// `AGGREGATE_AND_PROOF_V2` for Electra and Fulu.
        case electraAggregateAndProof(ForkInfo, ElectraAggregateAndProof)
        /// `ATTESTATION`: `DOMAIN_BEACON_ATTESTER` at `target.epoch`.
        case attestation(ForkInfo, AttestationData)
        /// `BLOCK` and `BLOCK_V2`: `DOMAIN_BEACON_PROPOSER` at the slot's epoch. A full phase0 or
        /// Altair block is reduced to its header, which has the same root.
        case block(ForkInfo, BeaconBlockHeader)
        /// `RANDAO_REVEAL`: `DOMAIN_RANDAO` at the epoch.
        case randaoReveal(ForkInfo, RandaoReveal)
        /// `VOLUNTARY_EXIT`: `DOMAIN_VOLUNTARY_EXIT` at the exit's epoch, with the fork version
        /// `fork_info` gives for it (as Web3Signer: the client picks the fork, EIP-7044 included).
        case voluntaryExit(ForkInfo, VoluntaryExit)
        /// `SYNC_COMMITTEE_MESSAGE`: the block root under `DOMAIN_SYNC_COMMITTEE` at the slot's epoch.
        case syncCommitteeMessage(ForkInfo, slot: Slot, beaconBlockRoot: Root)
        /// `SYNC_COMMITTEE_SELECTION_PROOF`: `DOMAIN_SYNC_COMMITTEE_SELECTION_PROOF`.
        case syncCommitteeSelectionProof(ForkInfo, SyncAggregatorSelectionData)
        /// `SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF`: `DOMAIN_CONTRIBUTION_AND_PROOF` at the epoch of
        /// `contribution.slot`.
        case contributionAndProof(ForkInfo, ContributionAndProof)
        /// `DEPOSIT`: the deposit domain of the request's own `genesis_fork_version`.
        case deposit(DepositMessage, genesisForkVersion: Version)
        /// `VALIDATOR_REGISTRATION`: the builder domain of the network's genesis fork version.
        case validatorRegistration(ValidatorRegistrationV1)
    }

    /// What slashing protection must check and record before a signature may leave.
    public enum Protection: Sendable, Hashable {
        case block(slot: Slot)
        case attestation(sourceEpoch: Epoch, targetEpoch: Epoch)
    }

    public var kind: Kind
    public var message: Message
    /// The client's `signingRoot`, when it sent one.
    public var claimedSigningRoot: Root?

    public init(kind: Kind, message: Message, claimedSigningRoot: Root?) {
        self.kind = kind
        self.message = message
        self.claimedSigningRoot = claimedSigningRoot
    }

    /// The `fork_info` of the request (none for `DEPOSIT` and `VALIDATOR_REGISTRATION`).
    public var forkInfo: ForkInfo? {
        switch message {
        case .aggregationSlot(let f, _), .aggregateAndProof(let f, _), .electraAggregateAndProof(let f, _),
            .attestation(let f, _), .block(let f, _), .randaoReveal(let f, _), .voluntaryExit(let f, _),
            .syncCommitteeMessage(let f, _, _), .syncCommitteeSelectionProof(let f, _), .contributionAndProof(let f, _):
            f
        case .deposit, .validatorRegistration: nil
        }
    }

    /// The public key the message itself names, with its JSON field: `DEPOSIT` and
    /// `VALIDATOR_REGISTRATION` carry the validator's key, and a signature by another key
    /// would be one no beacon node or builder accepts.
    public var namedPubkey: (field: String, pubkey: BLSPubkey)? {
        switch message {
        case .deposit(let deposit, _): ("deposit.pubkey", deposit.pubkey)
        case .validatorRegistration(let registration): ("validator_registration.pubkey", registration.pubkey)
        default: nil
        }
    }

    /// Blocks and attestations need slashing protection; nothing else does.
    public var protection: Protection? {
        switch message {
        case .block(_, let header): .block(slot: header.slot)
        case .attestation(_, let data): .attestation(sourceEpoch: data.source.epoch, targetEpoch: data.target.epoch)
        default: nil
        }
    }

    /// `compute_signing_root(object, domain)` of the request, with the domain of its type.
    ///
    /// - Parameter genesisForkVersion: the network's, for the builder domain of
    ///   `VALIDATOR_REGISTRATION` (builder-specs `compute_builder_domain`).
    public func signingRoot(genesisForkVersion: Version) -> Root {
        switch message {
        case .aggregationSlot(let fork, let value):
            Signing.computeSigningRoot(value, domain: fork.domain(.selectionProof, slot: value.slot))
        case .aggregateAndProof(let fork, let value):
            Signing.computeSigningRoot(value, domain: fork.domain(.aggregateAndProof, slot: value.aggregate.data.slot))
        case .electraAggregateAndProof(let fork, let value):
            Signing.computeSigningRoot(value, domain: fork.domain(.aggregateAndProof, slot: value.aggregate.data.slot))
        case .attestation(let fork, let data):
            Signing.computeSigningRoot(data, domain: fork.domain(.beaconAttester, epoch: data.target.epoch))
        case .block(let fork, let header):
            Signing.computeSigningRoot(header, domain: fork.domain(.beaconProposer, slot: header.slot))
        case .randaoReveal(let fork, let value):
            Signing.computeSigningRoot(value, domain: fork.domain(.randao, epoch: value.epoch))
        case .voluntaryExit(let fork, let exit):
            Signing.computeSigningRoot(exit, domain: fork.domain(.voluntaryExit, epoch: exit.epoch))
        case .syncCommitteeMessage(let fork, let slot, let root):
            Signing.computeSigningRoot(root, domain: fork.domain(.syncCommittee, slot: slot))
        case .syncCommitteeSelectionProof(let fork, let data):
            Signing.computeSigningRoot(data, domain: fork.domain(.syncCommitteeSelectionProof, slot: data.slot))
        case .contributionAndProof(let fork, let value):
            Signing.computeSigningRoot(value, domain: fork.domain(.contributionAndProof, slot: value.contribution.slot))
        case .deposit(let message, let version):
            Signing.computeSigningRoot(message, domain: Signing.depositDomain(forkVersion: version))
        case .validatorRegistration(let registration):
            Signing.computeSigningRoot(registration, domain: Signing.builderDomain(genesisForkVersion: genesisForkVersion))
        }
    }
}
