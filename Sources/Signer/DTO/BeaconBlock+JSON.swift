import ConsensusTypes

/// Full phase0 and Altair blocks in the JSON of Web3Signer's `BeaconBlock` and
/// `BeaconBlockAltair` schemas (`BLOCK`, and `BLOCK_V2` for `PHASE0` and `ALTAIR`). Every body
/// field is read and checked against its mainnet-preset limit, because the block's root, hence
/// the signing root, covers all of them.
extension ContainerJSON {
    static func phase0Block(_ value: JSONValue, _ path: String) throws(SignerError) -> BeaconBlock {
        var f = try JSONFields(value, path: path)
        let block = BeaconBlock(
            slot: try f.uint64("slot"), proposerIndex: try f.uint64("proposer_index"), parentRoot: try f.fixed("parent_root"),
            stateRoot: try f.fixed("state_root"), body: try phase0Body(try f.value("body"), f.name("body")))
        try f.finish()
        return block
    }

    static func altairBlock(_ value: JSONValue, _ path: String) throws(SignerError) -> AltairBeaconBlock {
        var f = try JSONFields(value, path: path)
        let block = AltairBeaconBlock(
            slot: try f.uint64("slot"), proposerIndex: try f.uint64("proposer_index"), parentRoot: try f.fixed("parent_root"),
            stateRoot: try f.fixed("state_root"), body: try altairBody(try f.value("body"), f.name("body")))
        try f.finish()
        return block
    }

    static func phase0Body(_ value: JSONValue, _ path: String) throws(SignerError) -> BeaconBlockBody {
        var f = try JSONFields(value, path: path)
        let body = BeaconBlockBody(
            randaoReveal: try f.fixed("randao_reveal"), eth1Data: try eth1Data(try f.value("eth1_data"), f.name("eth1_data")),
            graffiti: try f.fixed("graffiti"),
            proposerSlashings: try list(&f, "proposer_slashings", proposerSlashing),
            attesterSlashings: try list(&f, "attester_slashings", attesterSlashing),
            attestations: try list(&f, "attestations", attestation),
            deposits: try list(&f, "deposits", deposit),
            voluntaryExits: try list(&f, "voluntary_exits", signedVoluntaryExit))
        try f.finish()
        return body
    }

    static func altairBody(_ value: JSONValue, _ path: String) throws(SignerError) -> AltairBeaconBlockBody {
        var f = try JSONFields(value, path: path)
        let body = AltairBeaconBlockBody(
            randaoReveal: try f.fixed("randao_reveal"), eth1Data: try eth1Data(try f.value("eth1_data"), f.name("eth1_data")),
            graffiti: try f.fixed("graffiti"),
            proposerSlashings: try list(&f, "proposer_slashings", proposerSlashing),
            attesterSlashings: try list(&f, "attester_slashings", attesterSlashing),
            attestations: try list(&f, "attestations", attestation),
            deposits: try list(&f, "deposits", deposit),
            voluntaryExits: try list(&f, "voluntary_exits", signedVoluntaryExit),
            syncAggregate: try syncAggregate(try f.value("sync_aggregate"), f.name("sync_aggregate")))
        try f.finish()
        return body
    }

    static func eth1Data(_ value: JSONValue, _ path: String) throws(SignerError) -> Eth1Data {
        var f = try JSONFields(value, path: path)
        let data = Eth1Data(
            depositRoot: try f.fixed("deposit_root"), depositCount: try f.uint64("deposit_count"), blockHash: try f.fixed("block_hash"))
        try f.finish()
        return data
    }

    static func signedBeaconBlockHeader(_ value: JSONValue, _ path: String) throws(SignerError) -> SignedBeaconBlockHeader {
        var f = try JSONFields(value, path: path)
        let header = SignedBeaconBlockHeader(
            message: try beaconBlockHeader(try f.value("message"), f.name("message")), signature: try f.fixed("signature"))
        try f.finish()
        return header
    }

    static func proposerSlashing(_ value: JSONValue, _ path: String) throws(SignerError) -> ProposerSlashing {
        var f = try JSONFields(value, path: path)
        let slashing = ProposerSlashing(
            signedHeader1: try signedBeaconBlockHeader(try f.value("signed_header_1"), f.name("signed_header_1")),
            signedHeader2: try signedBeaconBlockHeader(try f.value("signed_header_2"), f.name("signed_header_2")))
        try f.finish()
        return slashing
    }

    static func indexedAttestation(_ value: JSONValue, _ path: String) throws(SignerError) -> IndexedAttestation {
        var f = try JSONFields(value, path: path)
        let attestation = IndexedAttestation(
            attestingIndices: try list(&f, "attesting_indices", uint64),
            data: try attestationData(try f.value("data"), f.name("data")), signature: try f.fixed("signature"))
        try f.finish()
        return attestation
    }

    static func attesterSlashing(_ value: JSONValue, _ path: String) throws(SignerError) -> AttesterSlashing {
        var f = try JSONFields(value, path: path)
        let slashing = AttesterSlashing(
            attestation1: try indexedAttestation(try f.value("attestation_1"), f.name("attestation_1")),
            attestation2: try indexedAttestation(try f.value("attestation_2"), f.name("attestation_2")))
        try f.finish()
        return slashing
    }

    static func depositData(_ value: JSONValue, _ path: String) throws(SignerError) -> DepositData {
        var f = try JSONFields(value, path: path)
        let message = DepositMessage(
            pubkey: try f.fixed("pubkey"), withdrawalCredentials: try f.fixed("withdrawal_credentials"), amount: try f.uint64("amount"))
        let data = DepositData(message: message, signature: try f.fixed("signature"))
        try f.finish()
        return data
    }

    static func deposit(_ value: JSONValue, _ path: String) throws(SignerError) -> Deposit {
        var f = try JSONFields(value, path: path)
        let proofLength = MainnetPreset.depositContractTreeDepth + 1
        let elements = try f.array("proof", maximumCount: proofLength)
        guard elements.count == proofLength else {
            throw SignerError(.badRequest, "field \(f.name("proof")) must have \(proofLength) elements, got \(elements.count)")
        }
        var proof: [Bytes32] = []
        for (element, elementPath) in elements { proof.append(try JSONRead.fixed(element, elementPath)) }
        let deposit: Deposit
        do {
            deposit = Deposit(proof: try SSZVector<Bytes32, 33>(proof), data: try depositData(try f.value("data"), f.name("data")))
        } catch let error as SignerError {
            throw error
        } catch {
            throw SignerError(.badRequest, "field \(f.name("proof")): \(error)")
        }
        try f.finish()
        return deposit
    }

    static func signedVoluntaryExit(_ value: JSONValue, _ path: String) throws(SignerError) -> SignedVoluntaryExit {
        var f = try JSONFields(value, path: path)
        let exit = SignedVoluntaryExit(
            message: try voluntaryExit(try f.value("message"), f.name("message")), signature: try f.fixed("signature"))
        try f.finish()
        return exit
    }

    static func syncAggregate(_ value: JSONValue, _ path: String) throws(SignerError) -> SyncAggregate {
        var f = try JSONFields(value, path: path)
        let aggregate = SyncAggregate(
            syncCommitteeBits: try bitvector(try f.value("sync_committee_bits"), f.name("sync_committee_bits")),
            syncCommitteeSignature: try f.fixed("sync_committee_signature"))
        try f.finish()
        return aggregate
    }
}
