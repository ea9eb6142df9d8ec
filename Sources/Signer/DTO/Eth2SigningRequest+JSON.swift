import ConsensusTypes

extension Eth2SigningRequest {
    /// Parses a signing body strictly, as Web3Signer's `signing/schemas.yaml` describes it.
    ///
    /// Shape: `{"type": KIND, "signingRoot"?: "0x…32 bytes", "fork_info": {"fork":
    /// {"previous_version", "current_version", "epoch"}, "genesis_validators_root"}, <object of
    /// KIND>: {…}}`. `fork_info` is required except for `DEPOSIT` and `VALIDATOR_REGISTRATION`,
    /// whose domains do not depend on it (it is still parsed strictly when sent, then unused).
    /// `BLOCK_V2` carries `beacon_block: {"version", "block"}` for `PHASE0` and `ALTAIR` and
    /// `{"version", "block_header"}` from `BELLATRIX` to `FULU`; `AGGREGATE_AND_PROOF_V2` carries
    /// `aggregate_and_proof: {"version", "data"}`, with the Electra container for `ELECTRA` and
    /// `FULU`. A body with only a `signingRoot` and no object is refused: the signer signs only
    /// what it can compute itself.
    ///
    /// - Throws: ``SignerError`` (`badRequest`) naming the field: missing, `null`, of the wrong
    ///   type or length, out of range, not allowed for the type, or unknown.
    public static func parse(_ body: some Collection<UInt8>) throws(SignerError) -> Eth2SigningRequest {
        var f = try JSONFields(try JSONValue.parse(body), path: "")
        let typeName = try f.string("type")
        guard let kind = Kind(rawValue: typeName) else {
            throw SignerError(
                .badRequest, "field type: unknown signing type \"\(typeName.prefix(64))\"; known: \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let claimed: Root? = try f.optionalValue("signingRoot").map { (value) throws(SignerError) in try JSONRead.fixed(value, "signingRoot") }
        let forkInfo: ForkInfo? = try f.optionalValue("fork_info").map { (value) throws(SignerError) in try ContainerJSON.forkInfo(value, "fork_info") }
        func fork() throws(SignerError) -> ForkInfo {
            guard let forkInfo else { throw SignerError(.badRequest, "missing field fork_info") }
            return forkInfo
        }
        let message: Message
        switch kind {
        case .aggregationSlot:
            var o = try f.object("aggregation_slot")
            message = .aggregationSlot(try fork(), AggregationSlot(slot: try o.uint64("slot")))
            try o.finish()
        case .aggregateAndProof:
            message = .aggregateAndProof(try fork(), try ContainerJSON.aggregateAndProof(try f.value("aggregate_and_proof"), "aggregate_and_proof"))
        case .aggregateAndProofV2:
            var o = try f.object("aggregate_and_proof")
            let version = try ForkName.parse(try o.value("version"), o.name("version"))
            let data = try o.value("data")
            message = version >= .electra
                ? .electraAggregateAndProof(try fork(), try ContainerJSON.electraAggregateAndProof(data, o.name("data")))
                : .aggregateAndProof(try fork(), try ContainerJSON.aggregateAndProof(data, o.name("data")))
            try o.finish()
        case .attestation:
            message = .attestation(try fork(), try ContainerJSON.attestationData(try f.value("attestation"), "attestation"))
        case .block:
            message = .block(try fork(), try ContainerJSON.phase0Block(try f.value("block"), "block").header)
        case .blockV2:
            var o = try f.object("beacon_block")
            let version = try ForkName.parse(try o.value("version"), o.name("version"))
            let header: BeaconBlockHeader
            switch version {
            case .phase0: header = try ContainerJSON.phase0Block(try o.value("block"), o.name("block")).header
            case .altair: header = try ContainerJSON.altairBlock(try o.value("block"), o.name("block")).header
            default: header = try ContainerJSON.beaconBlockHeader(try o.value("block_header"), o.name("block_header"))
            }
            try o.finish()
            message = .block(try fork(), header)
        case .deposit:
            var o = try f.object("deposit")
            let deposit = DepositMessage(
                pubkey: try o.fixed("pubkey"), withdrawalCredentials: try o.fixed("withdrawal_credentials"), amount: try o.uint64("amount"))
            message = .deposit(deposit, genesisForkVersion: try o.fixed("genesis_fork_version"))
            try o.finish()
        case .randaoReveal:
            var o = try f.object("randao_reveal")
            message = .randaoReveal(try fork(), RandaoReveal(epoch: try o.uint64("epoch")))
            try o.finish()
        case .voluntaryExit:
            message = .voluntaryExit(try fork(), try ContainerJSON.voluntaryExit(try f.value("voluntary_exit"), "voluntary_exit"))
        case .syncCommitteeMessage:
            var o = try f.object("sync_committee_message")
            message = .syncCommitteeMessage(try fork(), slot: try o.uint64("slot"), beaconBlockRoot: try o.fixed("beacon_block_root"))
            try o.finish()
        case .syncCommitteeSelectionProof:
            var o = try f.object("sync_aggregator_selection_data")
            message = .syncCommitteeSelectionProof(
                try fork(), SyncAggregatorSelectionData(slot: try o.uint64("slot"), subcommitteeIndex: try o.uint64("subcommittee_index")))
            try o.finish()
        case .syncCommitteeContributionAndProof:
            message = .contributionAndProof(
                try fork(), try ContainerJSON.contributionAndProof(try f.value("contribution_and_proof"), "contribution_and_proof"))
        case .validatorRegistration:
            message = .validatorRegistration(
                try ContainerJSON.validatorRegistration(try f.value("validator_registration"), "validator_registration"))
        }
        try f.finish()
        let request = Eth2SigningRequest(kind: kind, message: message, claimedSigningRoot: claimed)
        try request.checkProtectedRange()
        return request
    }

    /// Slashing protection stores slots and epochs as signed 64-bit integers; larger values in a
    /// block or attestation are refused here, as bad input, before anything is recorded.
    private func checkProtectedRange() throws(SignerError) {
        let limit = UInt64(Int64.max)
        switch message {
        case .block(_, let header) where header.slot > limit:
            throw SignerError(.badRequest, "field \(kind == .block ? "block" : "beacon_block").slot is above 2^63-1")
        case .attestation(_, let data) where data.source.epoch > limit:
            throw SignerError(.badRequest, "field attestation.source.epoch is above 2^63-1")
        case .attestation(_, let data) where data.target.epoch > limit:
            throw SignerError(.badRequest, "field attestation.target.epoch is above 2^63-1")
        default: break
        }
    }
}

/// The fork names of `version` in `BLOCK_V2` and `AGGREGATE_AND_PROOF_V2`, in order.
enum ForkName: Int, Comparable, CaseIterable {
    case phase0, altair, bellatrix, capella, deneb, electra, fulu

    static func < (lhs: ForkName, rhs: ForkName) -> Bool { lhs.rawValue < rhs.rawValue }

    var name: String { "\(self)".uppercased() }

    static func parse(_ value: JSONValue, _ path: String) throws(SignerError) -> ForkName {
        let text = try JSONRead.string(value, path)
        guard let fork = allCases.first(where: { $0.name == text }) else {
            throw SignerError(
                .badRequest, "field \(path): unknown version \"\(text.prefix(32))\"; known: \(allCases.map(\.name).joined(separator: ", "))")
        }
        return fork
    }
}
