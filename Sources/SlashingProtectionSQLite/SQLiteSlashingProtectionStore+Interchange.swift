public import ConsensusTypes
public import SlashingProtection
import SQLite

extension SQLiteSlashingProtectionStore {
    public func importInterchange(_ interchange: Interchange) async throws(SlashingProtectionError) -> ImportSummary {
        guard interchange.genesisValidatorsRoot == genesisValidatorsRoot else {
            throw SlashingProtectionError(
                .genesisValidatorsRootMismatch,
                "the interchange is for genesis_validators_root 0x\(interchange.genesisValidatorsRoot), the store for 0x\(genesisValidatorsRoot)")
        }
        let histories = try interchange.normalized()
        return try await onQueue { store in
            try store.connection.transaction {
                var summary = ImportSummary(validators: 0, blocks: 0, attestations: 0)
                for history in histories {
                    try store.importHistory(history, into: &summary)
                }
                return summary
            }
        }
    }

    /// Merges one validator's normalised history (inside the import's transaction).
    private func importHistory(_ history: Interchange.ValidatorHistory, into summary: inout ImportSummary) throws {
        try connection.run("INSERT OR IGNORE INTO validators (pubkey) VALUES (?)", [.blob(history.pubkey.bytes)])
        guard let validator = try validator(history.pubkey) else {
            throw SlashingProtectionError(.storage, "validator 0x\(history.pubkey) vanished during import")
        }
        summary.validators += 1
        var bounds = LowerBounds()
        for block in history.signedBlocks {
            bounds.slot = min(bounds.slot ?? block.slot, block.slot)
            if let existing = try self.block(validator.id, slot: block.slot) {
                let merged = Interchange.merge(existing, block)
                if merged != existing {
                    try connection.run(
                        "UPDATE signed_blocks SET signing_root = NULL WHERE validator_id = ? AND slot = ?",
                        [.int(validator.id), .int(Int64(block.slot))])
                }
            } else {
                try connection.run(
                    "INSERT INTO signed_blocks (validator_id, slot, signing_root) VALUES (?, ?, ?)",
                    [.int(validator.id), .int(Int64(block.slot)), block.signingRoot.map { .blob($0.bytes) } ?? .null])
            }
            summary.blocks += 1
        }
        for a in history.signedAttestations {
            bounds.sourceEpoch = min(bounds.sourceEpoch ?? a.sourceEpoch, a.sourceEpoch)
            bounds.targetEpoch = min(bounds.targetEpoch ?? a.targetEpoch, a.targetEpoch)
            if let existing = try attestation(validator.id, target: a.targetEpoch) {
                guard let merged = Interchange.merge(existing, a) else {
                    throw SlashingProtectionError(
                        .invalidInterchange,
                        "pubkey 0x\(history.pubkey): the attestation with target epoch \(a.targetEpoch) has source epoch \(a.sourceEpoch), "
                            + "but the store holds source epoch \(existing.sourceEpoch) for that target; refusing slashable data")
                }
                if merged != existing {
                    try connection.run(
                        "UPDATE signed_attestations SET signing_root = NULL WHERE validator_id = ? AND target_epoch = ?",
                        [.int(validator.id), .int(Int64(a.targetEpoch))])
                }
            } else {
                try connection.run(
                    "INSERT INTO signed_attestations (validator_id, source_epoch, target_epoch, signing_root) VALUES (?, ?, ?, ?)",
                    [.int(validator.id), .int(Int64(a.sourceEpoch)), .int(Int64(a.targetEpoch)), a.signingRoot.map { .blob($0.bytes) } ?? .null])
            }
            summary.attestations += 1
        }
        try connection.run(
            """
            UPDATE validators SET lowest_slot = min(coalesce(lowest_slot, ?2), coalesce(?2, lowest_slot)),
                lowest_source = min(coalesce(lowest_source, ?3), coalesce(?3, lowest_source)),
                lowest_target = min(coalesce(lowest_target, ?4), coalesce(?4, lowest_target))
            WHERE id = ?1
            """,
            [.int(validator.id), Self.optional(bounds.slot), Self.optional(bounds.sourceEpoch), Self.optional(bounds.targetEpoch)])
    }

    public func exportInterchange(pubkeys: [BLSPubkey]?) async throws(SlashingProtectionError) -> Interchange {
        try await onQueue { store in
            try store.connection.transaction {
                var data: [Interchange.ValidatorHistory] = []
                for (pubkey, validator) in try store.validators(pubkeys) {
                    var blocks: [SignedBlock] = []
                    try store.connection.run(
                        "SELECT slot, signing_root FROM signed_blocks WHERE validator_id = ? ORDER BY slot", [.int(validator.id)]
                    ) { s in
                        blocks.append(SignedBlock(slot: UInt64(clamping: s.int(0)), signingRoot: try s.blob(1).map { try Root($0) }))
                    }
                    let attestations = try store.attestations("WHERE validator_id = ? ORDER BY target_epoch", [.int(validator.id)])
                    data.append(Interchange.ValidatorHistory(pubkey: pubkey, signedBlocks: blocks, signedAttestations: attestations))
                }
                return Interchange(genesisValidatorsRoot: store.genesisValidatorsRoot, data: data)
            }
        }
    }

    public func status(pubkeys: [BLSPubkey]?) async throws(SlashingProtectionError) -> [ValidatorStatus] {
        try await onQueue { store in
            try store.connection.transaction {
                try store.validators(pubkeys).map { pubkey, validator in
                    var status = ValidatorStatus(
                        pubkey: pubkey, highestBlockSlot: nil, highestSourceEpoch: nil, highestTargetEpoch: nil,
                        lowerBounds: validator.effective)
                    try store.connection.run("SELECT max(slot) FROM signed_blocks WHERE validator_id = ?", [.int(validator.id)]) { s in
                        status.highestBlockSlot = s.optionalInt(0).map { UInt64(clamping: $0) }
                    }
                    try store.connection.run(
                        "SELECT max(source_epoch), max(target_epoch) FROM signed_attestations WHERE validator_id = ?", [.int(validator.id)]
                    ) { s in
                        status.highestSourceEpoch = s.optionalInt(0).map { UInt64(clamping: $0) }
                        status.highestTargetEpoch = s.optionalInt(1).map { UInt64(clamping: $0) }
                    }
                    return status
                }
            }
        }
    }

    public func prune(epochsToKeep: UInt64) async throws(SlashingProtectionError) -> PruneSummary {
        let keepSlots = epochsToKeep.multipliedReportingOverflow(by: slotsPerEpoch)
        let (slotWindow, epochWindow) = (
            Int64(clamping: keepSlots.overflow ? maximumSlotOrEpoch : keepSlots.partialValue), Int64(clamping: epochsToKeep)
        )
        return try await onQueue { store in
            try store.connection.transaction {
                var summary = PruneSummary(blocks: 0, attestations: 0)
                for (_, validator) in try store.validators(nil) {
                    let id = Int64.init(validator.id)
                    // Blocks: below (highest slot − window), keeping the highest; remember the highest pruned.
                    try store.connection.run(
                        """
                        UPDATE validators SET pruned_slot = max(coalesce(pruned_slot, p), p) FROM (
                            SELECT max(slot) AS p FROM signed_blocks
                            WHERE validator_id = ?1 AND slot < (SELECT max(slot) FROM signed_blocks WHERE validator_id = ?1) - ?2
                        ) WHERE id = ?1 AND p IS NOT NULL
                        """, [.int(id), .int(slotWindow)])
                    summary.blocks += try store.connection.run(
                        """
                        DELETE FROM signed_blocks WHERE validator_id = ?1
                            AND slot < (SELECT max(slot) FROM signed_blocks WHERE validator_id = ?1) - ?2
                        """, [.int(id), .int(slotWindow)])
                    try store.connection.run(
                        """
                        UPDATE validators SET pruned_source = max(coalesce(pruned_source, ps), ps), pruned_target = max(coalesce(pruned_target, pt), pt)
                        FROM (
                            SELECT max(source_epoch) AS ps, max(target_epoch) AS pt FROM signed_attestations
                            WHERE validator_id = ?1
                                AND target_epoch < (SELECT max(target_epoch) FROM signed_attestations WHERE validator_id = ?1) - ?2
                        ) WHERE id = ?1 AND pt IS NOT NULL
                        """, [.int(id), .int(epochWindow)])
                    summary.attestations += try store.connection.run(
                        """
                        DELETE FROM signed_attestations WHERE validator_id = ?1
                            AND target_epoch < (SELECT max(target_epoch) FROM signed_attestations WHERE validator_id = ?1) - ?2
                        """, [.int(id), .int(epochWindow)])
                    try store.connection.run(
                        """
                        UPDATE validators SET
                            lowest_slot = (SELECT min(slot) FROM signed_blocks WHERE validator_id = ?1),
                            lowest_source = (SELECT min(source_epoch) FROM signed_attestations WHERE validator_id = ?1),
                            lowest_target = (SELECT min(target_epoch) FROM signed_attestations WHERE validator_id = ?1)
                        WHERE id = ?1
                        """, [.int(id)])
                }
                return summary
            }
        }
    }

    /// The chosen validators (all when `pubkeys` is nil), in pubkey order; unknown pubkeys are skipped.
    func validators(_ pubkeys: [BLSPubkey]?) throws -> [(BLSPubkey, ValidatorRow)] {
        var rows: [(BLSPubkey, ValidatorRow)] = []
        if let pubkeys {
            for pubkey in pubkeys {
                if let row = try validator(pubkey) { rows.append((pubkey, row)) }
            }
            return rows
        }
        try connection.run("SELECT pubkey, \(Self.validatorColumns) FROM validators ORDER BY pubkey") { s in
            rows.append((try BLSPubkey(s.blob(0) ?? []), Self.validatorRow(s, from: 1)))
        }
        return rows
    }

    static func optional(_ value: UInt64?) -> SQLiteConnection.Value {
        value.map { .int(Int64($0)) } ?? .null
    }
}
