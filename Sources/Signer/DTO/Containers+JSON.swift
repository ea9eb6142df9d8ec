import ConsensusTypes

/// The consensus containers in the JSON of Web3Signer's `signing/schemas.yaml` (the beacon API's
/// snake_case field names; integers as decimal strings; fixed bytes as `0x` hex of exact length;
/// bit lists and bit vectors as their SSZ serialisation in `0x` hex). Each reader takes every
/// field the schema names, refuses any other, and names the field it refuses.
enum ContainerJSON {
    static func fork(_ value: JSONValue, _ path: String) throws(SignerError) -> Fork {
        var f = try JSONFields(value, path: path)
        let fork = Fork(
            previousVersion: try f.fixed("previous_version"), currentVersion: try f.fixed("current_version"),
            epoch: try f.uint64("epoch"))
        try f.finish()
        return fork
    }

    static func forkInfo(_ value: JSONValue, _ path: String) throws(SignerError) -> ForkInfo {
        var f = try JSONFields(value, path: path)
        let info = ForkInfo(
            fork: try fork(try f.value("fork"), f.name("fork")), genesisValidatorsRoot: try f.fixed("genesis_validators_root"))
        try f.finish()
        return info
    }

    static func checkpoint(_ value: JSONValue, _ path: String) throws(SignerError) -> Checkpoint {
        var f = try JSONFields(value, path: path)
        let checkpoint = Checkpoint(epoch: try f.uint64("epoch"), root: try f.fixed("root"))
        try f.finish()
        return checkpoint
    }

    static func attestationData(_ value: JSONValue, _ path: String) throws(SignerError) -> AttestationData {
        var f = try JSONFields(value, path: path)
        let data = AttestationData(
            slot: try f.uint64("slot"), index: try f.uint64("index"), beaconBlockRoot: try f.fixed("beacon_block_root"),
            source: try checkpoint(try f.value("source"), f.name("source")),
            target: try checkpoint(try f.value("target"), f.name("target")))
        try f.finish()
        return data
    }

    static func attestation(_ value: JSONValue, _ path: String) throws(SignerError) -> Attestation {
        var f = try JSONFields(value, path: path)
        let attestation = Attestation(
            aggregationBits: try bitlist(try f.value("aggregation_bits"), f.name("aggregation_bits")),
            data: try attestationData(try f.value("data"), f.name("data")), signature: try f.fixed("signature"))
        try f.finish()
        return attestation
    }

    static func electraAttestation(_ value: JSONValue, _ path: String) throws(SignerError) -> ElectraAttestation {
        var f = try JSONFields(value, path: path)
        let attestation = ElectraAttestation(
            aggregationBits: try bitlist(try f.value("aggregation_bits"), f.name("aggregation_bits")),
            data: try attestationData(try f.value("data"), f.name("data")), signature: try f.fixed("signature"),
            committeeBits: try bitvector(try f.value("committee_bits"), f.name("committee_bits")))
        try f.finish()
        return attestation
    }

    static func aggregateAndProof(_ value: JSONValue, _ path: String) throws(SignerError) -> AggregateAndProof {
        var f = try JSONFields(value, path: path)
        let result = AggregateAndProof(
            aggregatorIndex: try f.uint64("aggregator_index"),
            aggregate: try attestation(try f.value("aggregate"), f.name("aggregate")),
            selectionProof: try f.fixed("selection_proof"))
        try f.finish()
        return result
    }

    static func electraAggregateAndProof(_ value: JSONValue, _ path: String) throws(SignerError) -> ElectraAggregateAndProof {
        var f = try JSONFields(value, path: path)
        let result = ElectraAggregateAndProof(
            aggregatorIndex: try f.uint64("aggregator_index"),
            aggregate: try electraAttestation(try f.value("aggregate"), f.name("aggregate")),
            selectionProof: try f.fixed("selection_proof"))
        try f.finish()
        return result
    }

    static func beaconBlockHeader(_ value: JSONValue, _ path: String) throws(SignerError) -> BeaconBlockHeader {
        var f = try JSONFields(value, path: path)
        let header = BeaconBlockHeader(
            slot: try f.uint64("slot"), proposerIndex: try f.uint64("proposer_index"), parentRoot: try f.fixed("parent_root"),
            stateRoot: try f.fixed("state_root"), bodyRoot: try f.fixed("body_root"))
        try f.finish()
        return header
    }

    static func voluntaryExit(_ value: JSONValue, _ path: String) throws(SignerError) -> VoluntaryExit {
        var f = try JSONFields(value, path: path)
        let exit = VoluntaryExit(epoch: try f.uint64("epoch"), validatorIndex: try f.uint64("validator_index"))
        try f.finish()
        return exit
    }

    static func syncCommitteeContribution(_ value: JSONValue, _ path: String) throws(SignerError) -> SyncCommitteeContribution {
        var f = try JSONFields(value, path: path)
        let contribution = SyncCommitteeContribution(
            slot: try f.uint64("slot"), beaconBlockRoot: try f.fixed("beacon_block_root"),
            subcommitteeIndex: try f.uint64("subcommittee_index"),
            aggregationBits: try bitvector(try f.value("aggregation_bits"), f.name("aggregation_bits")),
            signature: try f.fixed("signature"))
        try f.finish()
        return contribution
    }

    static func contributionAndProof(_ value: JSONValue, _ path: String) throws(SignerError) -> ContributionAndProof {
        var f = try JSONFields(value, path: path)
        let result = ContributionAndProof(
            aggregatorIndex: try f.uint64("aggregator_index"),
            contribution: try syncCommitteeContribution(try f.value("contribution"), f.name("contribution")),
            selectionProof: try f.fixed("selection_proof"))
        try f.finish()
        return result
    }

    static func validatorRegistration(_ value: JSONValue, _ path: String) throws(SignerError) -> ValidatorRegistrationV1 {
        var f = try JSONFields(value, path: path)
        let registration = ValidatorRegistrationV1(
            feeRecipient: try f.fixed("fee_recipient"), gasLimit: try f.uint64("gas_limit"), timestamp: try f.uint64("timestamp"),
            pubkey: try f.fixed("pubkey"))
        try f.finish()
        return registration
    }

    // MARK: - Bit fields and lists

    /// `Bitlist[N]` from its SSZ serialisation (with the delimiter bit) in `0x` hex.
    static func bitlist<let limit: Int>(_ value: JSONValue, _ path: String) throws(SignerError) -> Bitlist<limit> {
        let bytes = try JSONRead.hex(value, path)
        do {
            return try Bitlist<limit>(sszBytes: bytes)
        } catch {
            throw SignerError(.badRequest, "field \(path): \(error.reason)")
        }
    }

    /// `Bitvector[N]` from its SSZ serialisation in `0x` hex.
    static func bitvector<let length: Int>(_ value: JSONValue, _ path: String) throws(SignerError) -> Bitvector<length> {
        let bytes = try JSONRead.hex(value, path)
        do {
            return try Bitvector<length>(sszBytes: bytes)
        } catch {
            throw SignerError(.badRequest, "field \(path): \(error.reason)")
        }
    }

    /// `List[T, N]` from a JSON array, each element read by `element`.
    static func list<T: HashTreeRootable, let limit: Int>(
        _ fields: inout JSONFields, _ field: String,
        _ element: (JSONValue, String) throws(SignerError) -> T
    ) throws(SignerError) -> SSZList<T, limit> {
        var elements: [T] = []
        for (value, path) in try fields.array(field, maximumCount: limit) { elements.append(try element(value, path)) }
        do {
            return try SSZList<T, limit>(elements)
        } catch {
            throw SignerError(.badRequest, "field \(fields.name(field)): \(error.reason)")
        }
    }

    /// A `uint64` as an element of a list.
    static func uint64(_ value: JSONValue, _ path: String) throws(SignerError) -> UInt64 { try JSONRead.uint64(value, path) }
}
