public import ConsensusTypes
import NIOCore
import PostgresNIO
public import SlashingProtection

extension PostgresSlashingProtectionStore {
    public func importInterchange(_ interchange: Interchange) async throws(SlashingProtectionError) -> ImportSummary {
        guard interchange.genesisValidatorsRoot == genesisValidatorsRoot else {
            throw SlashingProtectionError(
                .genesisValidatorsRootMismatch,
                "the interchange is for genesis_validators_root 0x\(interchange.genesisValidatorsRoot), the store for 0x\(genesisValidatorsRoot)")
        }
        let histories = try interchange.normalized()
        return try await transaction { [logger] connection in
            var summary = ImportSummary(validators: 0, blocks: 0, attestations: 0)
            for history in histories {
                let key = ByteBuffer(bytes: history.pubkey.bytes)
                try await connection.query(
                    "INSERT INTO validators (pubkey) VALUES (\(key)) ON CONFLICT (pubkey) DO NOTHING", logger: logger)
                var id: Int64?
                for try await v in try await connection.query(
                    "SELECT id FROM validators WHERE pubkey = \(key) FOR UPDATE", logger: logger
                ).decode(Int64.self) { id = v }
                guard let id else { throw SlashingProtectionError(.storage, "validator 0x\(history.pubkey) vanished during import") }
                summary.validators += 1

                let slots = history.signedBlocks.map { Int64($0.slot) }
                let blockRoots = history.signedBlocks.map { ByteBuffer(bytes: $0.signingRoot?.bytes ?? []) }
                if !slots.isEmpty {
                    // Same slot: the root survives only if both agree on a known root.
                    try await connection.query(
                        """
                        INSERT INTO signed_blocks (validator_id, slot, signing_root)
                        SELECT \(id), slot, NULLIF(root, ''::bytea) FROM unnest(\(slots)::bigint[], \(blockRoots)::bytea[]) AS r(slot, root)
                        ON CONFLICT (validator_id, slot) DO UPDATE SET signing_root =
                            CASE WHEN signed_blocks.signing_root = excluded.signing_root THEN signed_blocks.signing_root ELSE NULL END
                        """, logger: logger)
                    summary.blocks += slots.count
                }
                let sources = history.signedAttestations.map { Int64($0.sourceEpoch) }
                let targets = history.signedAttestations.map { Int64($0.targetEpoch) }
                let attestationRoots = history.signedAttestations.map { ByteBuffer(bytes: $0.signingRoot?.bytes ?? []) }
                if !targets.isEmpty {
                    for try await (target, stored, given) in try await connection.query(
                        """
                        SELECT a.target_epoch, a.source_epoch, r.s FROM unnest(\(sources)::bigint[], \(targets)::bigint[]) AS r(s, t)
                        JOIN signed_attestations a ON a.validator_id = \(id) AND a.target_epoch = r.t AND a.source_epoch <> r.s LIMIT 1
                        """, logger: logger
                    ).decode((Int64, Int64, Int64).self) {
                        throw SlashingProtectionError(
                            .invalidInterchange,
                            "pubkey 0x\(history.pubkey): the attestation with target epoch \(target) has source epoch \(given), "
                                + "but the store holds source epoch \(stored) for that target; refusing slashable data")
                    }
                    try await connection.query(
                        """
                        INSERT INTO signed_attestations (validator_id, source_epoch, target_epoch, signing_root)
                        SELECT \(id), s, t, NULLIF(root, ''::bytea)
                        FROM unnest(\(sources)::bigint[], \(targets)::bigint[], \(attestationRoots)::bytea[]) AS r(s, t, root)
                        ON CONFLICT (validator_id, target_epoch) DO UPDATE SET signing_root =
                            CASE WHEN signed_attestations.signing_root = excluded.signing_root THEN signed_attestations.signing_root ELSE NULL END
                        """, logger: logger)
                    summary.attestations += targets.count
                }
                let minSlot = slots.min()
                let minSource = sources.min()
                let minTarget = targets.min()
                try await connection.query(
                    """
                    UPDATE validators SET lowest_slot = LEAST(lowest_slot, \(minSlot)::bigint),
                        lowest_source = LEAST(lowest_source, \(minSource)::bigint), lowest_target = LEAST(lowest_target, \(minTarget)::bigint)
                    WHERE id = \(id)
                    """, logger: logger)
            }
            return summary
        }
    }

    public func exportInterchange(pubkeys: [BLSPubkey]?) async throws(SlashingProtectionError) -> Interchange {
        let gvr = genesisValidatorsRoot
        return try await transaction { [logger] connection in
            let validators = try await Self.validators(pubkeys, connection, logger: logger)
            let ids = validators.map(\.1.id)
            var blocks: [Int64: [SignedBlock]] = [:]
            for try await (vid, slot, root) in try await connection.query(
                "SELECT validator_id, slot, signing_root FROM signed_blocks WHERE validator_id = ANY(\(ids)::bigint[]) ORDER BY validator_id, slot",
                logger: logger
            ).decode((Int64, Int64, ByteBuffer?).self) {
                blocks[vid, default: []].append(
                    SignedBlock(slot: UInt64(clamping: slot), signingRoot: try root.map { try Root(Array(buffer: $0)) }))
            }
            var attestations: [Int64: [SignedAttestation]] = [:]
            for try await (vid, source, target, root) in try await connection.query(
                """
                SELECT validator_id, source_epoch, target_epoch, signing_root FROM signed_attestations
                WHERE validator_id = ANY(\(ids)::bigint[]) ORDER BY validator_id, target_epoch
                """, logger: logger
            ).decode((Int64, Int64, Int64, ByteBuffer?).self) {
                attestations[vid, default: []].append(
                    SignedAttestation(
                        sourceEpoch: UInt64(clamping: source), targetEpoch: UInt64(clamping: target),
                        signingRoot: try root.map { try Root(Array(buffer: $0)) }))
            }
            return Interchange(
                genesisValidatorsRoot: gvr,
                data: validators.map { pubkey, row in
                    Interchange.ValidatorHistory(
                        pubkey: pubkey, signedBlocks: blocks[row.id] ?? [], signedAttestations: attestations[row.id] ?? [])
                })
        }
    }

    public func status(pubkeys: [BLSPubkey]?) async throws(SlashingProtectionError) -> [ValidatorStatus] {
        try await transaction { [logger] connection in
            var result: [ValidatorStatus] = []
            for (pubkey, row) in try await Self.validators(pubkeys, connection, logger: logger) {
                var status = ValidatorStatus(
                    pubkey: pubkey, highestBlockSlot: nil, highestSourceEpoch: nil, highestTargetEpoch: nil, lowerBounds: row.effective)
                for try await (slot, source, target) in try await connection.query(
                    """
                    SELECT (SELECT max(slot) FROM signed_blocks WHERE validator_id = \(row.id)),
                           (SELECT max(source_epoch) FROM signed_attestations WHERE validator_id = \(row.id)),
                           (SELECT max(target_epoch) FROM signed_attestations WHERE validator_id = \(row.id))
                    """, logger: logger
                ).decode((Int64?, Int64?, Int64?).self) {
                    status.highestBlockSlot = slot.map { UInt64(clamping: $0) }
                    status.highestSourceEpoch = source.map { UInt64(clamping: $0) }
                    status.highestTargetEpoch = target.map { UInt64(clamping: $0) }
                }
                result.append(status)
            }
            return result
        }
    }

    public func prune(epochsToKeep: UInt64) async throws(SlashingProtectionError) -> PruneSummary {
        let keepSlots = epochsToKeep.multipliedReportingOverflow(by: slotsPerEpoch)
        let slotWindow = Int64(clamping: keepSlots.overflow ? maximumSlotOrEpoch : keepSlots.partialValue)
        let epochWindow = Int64(clamping: epochsToKeep)
        return try await transaction { [logger] connection in
            // Lock every validator: pruning must not interleave with a check-and-record.
            try await connection.query("SELECT id FROM validators ORDER BY id FOR UPDATE", logger: logger)
            try await connection.query(
                """
                UPDATE validators v SET pruned_slot = GREATEST(v.pruned_slot, p.p) FROM (
                    SELECT b.validator_id, max(b.slot) AS p FROM signed_blocks b
                    JOIN (SELECT validator_id, max(slot) AS top FROM signed_blocks GROUP BY validator_id) m USING (validator_id)
                    WHERE b.slot < m.top - \(slotWindow) GROUP BY b.validator_id
                ) p WHERE v.id = p.validator_id
                """, logger: logger)
            var blocks = 0
            for try await n in try await connection.query(
                """
                WITH d AS (
                    DELETE FROM signed_blocks b USING (SELECT validator_id, max(slot) AS top FROM signed_blocks GROUP BY validator_id) m
                    WHERE b.validator_id = m.validator_id AND b.slot < m.top - \(slotWindow) RETURNING 1
                ) SELECT count(*) FROM d
                """, logger: logger
            ).decode(Int64.self) { blocks = Int(n) }
            try await connection.query(
                """
                UPDATE validators v SET pruned_source = GREATEST(v.pruned_source, p.ps), pruned_target = GREATEST(v.pruned_target, p.pt) FROM (
                    SELECT a.validator_id, max(a.source_epoch) AS ps, max(a.target_epoch) AS pt FROM signed_attestations a
                    JOIN (SELECT validator_id, max(target_epoch) AS top FROM signed_attestations GROUP BY validator_id) m USING (validator_id)
                    WHERE a.target_epoch < m.top - \(epochWindow) GROUP BY a.validator_id
                ) p WHERE v.id = p.validator_id
                """, logger: logger)
            var attestations = 0
            for try await n in try await connection.query(
                """
                WITH d AS (
                    DELETE FROM signed_attestations a
                    USING (SELECT validator_id, max(target_epoch) AS top FROM signed_attestations GROUP BY validator_id) m
                    WHERE a.validator_id = m.validator_id AND a.target_epoch < m.top - \(epochWindow) RETURNING 1
                ) SELECT count(*) FROM d
                """, logger: logger
            ).decode(Int64.self) { attestations = Int(n) }
            try await connection.query(
                """
                UPDATE validators v SET
                    lowest_slot = (SELECT min(slot) FROM signed_blocks WHERE validator_id = v.id),
                    lowest_source = (SELECT min(source_epoch) FROM signed_attestations WHERE validator_id = v.id),
                    lowest_target = (SELECT min(target_epoch) FROM signed_attestations WHERE validator_id = v.id)
                """, logger: logger)
            return PruneSummary(blocks: blocks, attestations: attestations)
        }
    }

    /// The chosen validators (all when `pubkeys` is nil), in pubkey order; unknown pubkeys are skipped.
    static func validators(_ pubkeys: [BLSPubkey]?, _ connection: PostgresConnection, logger: Logger) async throws -> [(BLSPubkey, ValidatorRow)] {
        var rows: [(BLSPubkey, ValidatorRow)] = []
        let sequence: PostgresRowSequence
        if let pubkeys {
            let keys = pubkeys.map { ByteBuffer(bytes: $0.bytes) }
            sequence = try await connection.query(
                "SELECT \(unescaped: ValidatorRow.columns) FROM validators WHERE pubkey = ANY(\(keys)::bytea[]) ORDER BY pubkey", logger: logger)
        } else {
            sequence = try await connection.query("SELECT \(unescaped: ValidatorRow.columns) FROM validators ORDER BY pubkey", logger: logger)
        }
        for try await row in sequence.decode(ValidatorRow.Columns.self) {
            rows.append((try BLSPubkey(Array(buffer: row.1)), ValidatorRow(row)))
        }
        return rows
    }
}
