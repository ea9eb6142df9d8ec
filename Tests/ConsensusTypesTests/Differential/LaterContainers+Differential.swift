import ConsensusTypes

// Random values and the spec's JSON field names for the altair, capella, electra and builder
// containers.

extension SyncAggregate: DifferentialValue {
    static func random(_ g: inout Gen) throws -> SyncAggregate {
        SyncAggregate(syncCommitteeBits: try .random(&g), syncCommitteeSignature: try .random(&g))
    }
    var json: JSONValue {
        .object(["sync_committee_bits": syncCommitteeBits.json, "sync_committee_signature": syncCommitteeSignature.json])
    }
}

extension AltairBeaconBlockBody: DifferentialValue {
    static func random(_ g: inout Gen) throws -> AltairBeaconBlockBody {
        AltairBeaconBlockBody(
            randaoReveal: try .random(&g), eth1Data: try .random(&g), graffiti: try .random(&g),
            proposerSlashings: try .random(&g), attesterSlashings: try .random(&g), attestations: try .random(&g),
            deposits: try .random(&g), voluntaryExits: try .random(&g), syncAggregate: try .random(&g))
    }
    var json: JSONValue {
        .object([
            "randao_reveal": randaoReveal.json, "eth1_data": eth1Data.json, "graffiti": graffiti.json,
            "proposer_slashings": proposerSlashings.json, "attester_slashings": attesterSlashings.json,
            "attestations": attestations.json, "deposits": deposits.json, "voluntary_exits": voluntaryExits.json,
            "sync_aggregate": syncAggregate.json,
        ])
    }
}

extension AltairBeaconBlock: DifferentialValue {
    static func random(_ g: inout Gen) throws -> AltairBeaconBlock {
        AltairBeaconBlock(
            slot: g.u64(), proposerIndex: g.u64(), parentRoot: try .random(&g), stateRoot: try .random(&g),
            body: try .random(&g))
    }
    var json: JSONValue {
        .object([
            "slot": slot.json, "proposer_index": proposerIndex.json, "parent_root": parentRoot.json,
            "state_root": stateRoot.json, "body": body.json,
        ])
    }
}

extension SyncCommitteeContribution: DifferentialValue {
    static func random(_ g: inout Gen) throws -> SyncCommitteeContribution {
        SyncCommitteeContribution(
            slot: g.u64(), beaconBlockRoot: try .random(&g), subcommitteeIndex: g.u64(), aggregationBits: try .random(&g),
            signature: try .random(&g))
    }
    var json: JSONValue {
        .object([
            "slot": slot.json, "beacon_block_root": beaconBlockRoot.json, "subcommittee_index": subcommitteeIndex.json,
            "aggregation_bits": aggregationBits.json, "signature": signature.json,
        ])
    }
}

extension ContributionAndProof: DifferentialValue {
    static func random(_ g: inout Gen) throws -> ContributionAndProof {
        ContributionAndProof(aggregatorIndex: g.u64(), contribution: try .random(&g), selectionProof: try .random(&g))
    }
    var json: JSONValue {
        .object([
            "aggregator_index": aggregatorIndex.json, "contribution": contribution.json,
            "selection_proof": selectionProof.json,
        ])
    }
}

extension SyncAggregatorSelectionData: DifferentialValue {
    static func random(_ g: inout Gen) throws -> SyncAggregatorSelectionData {
        SyncAggregatorSelectionData(slot: g.u64(), subcommitteeIndex: g.u64())
    }
    var json: JSONValue { .object(["slot": slot.json, "subcommittee_index": subcommitteeIndex.json]) }
}

extension BLSToExecutionChange: DifferentialValue {
    static func random(_ g: inout Gen) throws -> BLSToExecutionChange {
        BLSToExecutionChange(validatorIndex: g.u64(), fromBLSPubkey: try .random(&g), toExecutionAddress: try .random(&g))
    }
    var json: JSONValue {
        .object([
            "validator_index": validatorIndex.json, "from_bls_pubkey": fromBLSPubkey.json,
            "to_execution_address": toExecutionAddress.json,
        ])
    }
}

extension SignedBLSToExecutionChange: DifferentialValue {
    static func random(_ g: inout Gen) throws -> SignedBLSToExecutionChange {
        SignedBLSToExecutionChange(message: try .random(&g), signature: try .random(&g))
    }
    var json: JSONValue { .object(["message": message.json, "signature": signature.json]) }
}

extension ElectraAttestation: DifferentialValue {
    static func random(_ g: inout Gen) throws -> ElectraAttestation {
        ElectraAttestation(
            aggregationBits: try .random(&g), data: try .random(&g), signature: try .random(&g),
            committeeBits: try .random(&g))
    }
    var json: JSONValue {
        .object([
            "aggregation_bits": aggregationBits.json, "data": data.json, "signature": signature.json,
            "committee_bits": committeeBits.json,
        ])
    }
}

extension ElectraIndexedAttestation: DifferentialValue {
    static func random(_ g: inout Gen) throws -> ElectraIndexedAttestation {
        ElectraIndexedAttestation(attestingIndices: try .random(&g), data: try .random(&g), signature: try .random(&g))
    }
    var json: JSONValue {
        .object(["attesting_indices": attestingIndices.json, "data": data.json, "signature": signature.json])
    }
}

extension ElectraAttesterSlashing: DifferentialValue {
    static func random(_ g: inout Gen) throws -> ElectraAttesterSlashing {
        ElectraAttesterSlashing(attestation1: try .random(&g), attestation2: try .random(&g))
    }
    var json: JSONValue { .object(["attestation_1": attestation1.json, "attestation_2": attestation2.json]) }
}

extension ElectraAggregateAndProof: DifferentialValue {
    static func random(_ g: inout Gen) throws -> ElectraAggregateAndProof {
        ElectraAggregateAndProof(aggregatorIndex: g.u64(), aggregate: try .random(&g), selectionProof: try .random(&g))
    }
    var json: JSONValue {
        .object([
            "aggregator_index": aggregatorIndex.json, "aggregate": aggregate.json, "selection_proof": selectionProof.json,
        ])
    }
}

extension ValidatorRegistrationV1: DifferentialValue {
    static func random(_ g: inout Gen) throws -> ValidatorRegistrationV1 {
        ValidatorRegistrationV1(feeRecipient: try .random(&g), gasLimit: g.u64(), timestamp: g.u64(), pubkey: try .random(&g))
    }
    var json: JSONValue {
        .object([
            "fee_recipient": feeRecipient.json, "gas_limit": gasLimit.json, "timestamp": timestamp.json,
            "pubkey": pubkey.json,
        ])
    }
}
