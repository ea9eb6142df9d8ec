import ConsensusTypes

// Random values and the spec's JSON field names for the phase0 containers.

extension Fork: DifferentialValue {
    static func random(_ g: inout Gen) throws -> Fork {
        Fork(previousVersion: try .random(&g), currentVersion: try .random(&g), epoch: g.u64())
    }
    var json: JSONValue {
        .object(["previous_version": previousVersion.json, "current_version": currentVersion.json, "epoch": epoch.json])
    }
}

extension ForkData: DifferentialValue {
    static func random(_ g: inout Gen) throws -> ForkData {
        ForkData(currentVersion: try .random(&g), genesisValidatorsRoot: try .random(&g))
    }
    var json: JSONValue {
        .object(["current_version": currentVersion.json, "genesis_validators_root": genesisValidatorsRoot.json])
    }
}

extension SigningData: DifferentialValue {
    static func random(_ g: inout Gen) throws -> SigningData {
        SigningData(objectRoot: try .random(&g), domain: try .random(&g))
    }
    var json: JSONValue { .object(["object_root": objectRoot.json, "domain": domain.json]) }
}

extension Checkpoint: DifferentialValue {
    static func random(_ g: inout Gen) throws -> Checkpoint { Checkpoint(epoch: g.u64(), root: try .random(&g)) }
    var json: JSONValue { .object(["epoch": epoch.json, "root": root.json]) }
}

extension AttestationData: DifferentialValue {
    static func random(_ g: inout Gen) throws -> AttestationData {
        AttestationData(
            slot: g.u64(), index: g.u64(), beaconBlockRoot: try .random(&g), source: try .random(&g),
            target: try .random(&g))
    }
    var json: JSONValue {
        .object([
            "slot": slot.json, "index": index.json, "beacon_block_root": beaconBlockRoot.json,
            "source": source.json, "target": target.json,
        ])
    }
}

extension Attestation: DifferentialValue {
    static func random(_ g: inout Gen) throws -> Attestation {
        Attestation(aggregationBits: try .random(&g), data: try .random(&g), signature: try .random(&g))
    }
    var json: JSONValue {
        .object(["aggregation_bits": aggregationBits.json, "data": data.json, "signature": signature.json])
    }
}

extension IndexedAttestation: DifferentialValue {
    static func random(_ g: inout Gen) throws -> IndexedAttestation {
        IndexedAttestation(attestingIndices: try .random(&g), data: try .random(&g), signature: try .random(&g))
    }
    var json: JSONValue {
        .object(["attesting_indices": attestingIndices.json, "data": data.json, "signature": signature.json])
    }
}

extension AttesterSlashing: DifferentialValue {
    static func random(_ g: inout Gen) throws -> AttesterSlashing {
        AttesterSlashing(attestation1: try .random(&g), attestation2: try .random(&g))
    }
    var json: JSONValue { .object(["attestation_1": attestation1.json, "attestation_2": attestation2.json]) }
}

extension Eth1Data: DifferentialValue {
    static func random(_ g: inout Gen) throws -> Eth1Data {
        Eth1Data(depositRoot: try .random(&g), depositCount: g.u64(), blockHash: try .random(&g))
    }
    var json: JSONValue {
        .object(["deposit_root": depositRoot.json, "deposit_count": depositCount.json, "block_hash": blockHash.json])
    }
}

extension DepositMessage: DifferentialValue {
    static func random(_ g: inout Gen) throws -> DepositMessage {
        DepositMessage(pubkey: try .random(&g), withdrawalCredentials: try .random(&g), amount: g.u64())
    }
    var json: JSONValue {
        .object(["pubkey": pubkey.json, "withdrawal_credentials": withdrawalCredentials.json, "amount": amount.json])
    }
}

extension DepositData: DifferentialValue {
    static func random(_ g: inout Gen) throws -> DepositData {
        DepositData(message: try .random(&g), signature: try .random(&g))
    }
    var json: JSONValue {
        .object([
            "pubkey": pubkey.json, "withdrawal_credentials": withdrawalCredentials.json, "amount": amount.json,
            "signature": signature.json,
        ])
    }
}

extension BeaconBlockHeader: DifferentialValue {
    static func random(_ g: inout Gen) throws -> BeaconBlockHeader {
        BeaconBlockHeader(
            slot: g.u64(), proposerIndex: g.u64(), parentRoot: try .random(&g), stateRoot: try .random(&g),
            bodyRoot: try .random(&g))
    }
    var json: JSONValue {
        .object([
            "slot": slot.json, "proposer_index": proposerIndex.json, "parent_root": parentRoot.json,
            "state_root": stateRoot.json, "body_root": bodyRoot.json,
        ])
    }
}

extension SignedBeaconBlockHeader: DifferentialValue {
    static func random(_ g: inout Gen) throws -> SignedBeaconBlockHeader {
        SignedBeaconBlockHeader(message: try .random(&g), signature: try .random(&g))
    }
    var json: JSONValue { .object(["message": message.json, "signature": signature.json]) }
}

extension ProposerSlashing: DifferentialValue {
    static func random(_ g: inout Gen) throws -> ProposerSlashing {
        ProposerSlashing(signedHeader1: try .random(&g), signedHeader2: try .random(&g))
    }
    var json: JSONValue { .object(["signed_header_1": signedHeader1.json, "signed_header_2": signedHeader2.json]) }
}

extension Deposit: DifferentialValue {
    static func random(_ g: inout Gen) throws -> Deposit { Deposit(proof: try .random(&g), data: try .random(&g)) }
    var json: JSONValue { .object(["proof": proof.json, "data": data.json]) }
}

extension VoluntaryExit: DifferentialValue {
    static func random(_ g: inout Gen) throws -> VoluntaryExit { VoluntaryExit(epoch: g.u64(), validatorIndex: g.u64()) }
    var json: JSONValue { .object(["epoch": epoch.json, "validator_index": validatorIndex.json]) }
}

extension SignedVoluntaryExit: DifferentialValue {
    static func random(_ g: inout Gen) throws -> SignedVoluntaryExit {
        SignedVoluntaryExit(message: try .random(&g), signature: try .random(&g))
    }
    var json: JSONValue { .object(["message": message.json, "signature": signature.json]) }
}

extension BeaconBlockBody: DifferentialValue {
    static func random(_ g: inout Gen) throws -> BeaconBlockBody {
        BeaconBlockBody(
            randaoReveal: try .random(&g), eth1Data: try .random(&g), graffiti: try .random(&g),
            proposerSlashings: try .random(&g), attesterSlashings: try .random(&g), attestations: try .random(&g),
            deposits: try .random(&g), voluntaryExits: try .random(&g))
    }
    var json: JSONValue {
        .object([
            "randao_reveal": randaoReveal.json, "eth1_data": eth1Data.json, "graffiti": graffiti.json,
            "proposer_slashings": proposerSlashings.json, "attester_slashings": attesterSlashings.json,
            "attestations": attestations.json, "deposits": deposits.json, "voluntary_exits": voluntaryExits.json,
        ])
    }
}

extension BeaconBlock: DifferentialValue {
    static func random(_ g: inout Gen) throws -> BeaconBlock {
        BeaconBlock(
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

extension AggregateAndProof: DifferentialValue {
    static func random(_ g: inout Gen) throws -> AggregateAndProof {
        AggregateAndProof(aggregatorIndex: g.u64(), aggregate: try .random(&g), selectionProof: try .random(&g))
    }
    var json: JSONValue {
        .object([
            "aggregator_index": aggregatorIndex.json, "aggregate": aggregate.json, "selection_proof": selectionProof.json,
        ])
    }
}

extension AggregationSlot: DifferentialValue {
    static func random(_ g: inout Gen) throws -> AggregationSlot { AggregationSlot(slot: g.u64()) }
    var json: JSONValue { slot.json }
}

extension RandaoReveal: DifferentialValue {
    static func random(_ g: inout Gen) throws -> RandaoReveal { RandaoReveal(epoch: g.u64()) }
    var json: JSONValue { epoch.json }
}
