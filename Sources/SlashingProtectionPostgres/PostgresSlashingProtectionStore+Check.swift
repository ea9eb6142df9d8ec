import ConsensusTypes
import NIOCore
import PostgresNIO
public import SlashingProtection

/// A `validators` row: its id and bounds (as in the SQLite store).
struct ValidatorRow: Sendable {
    var id: Int64
    var lowest: LowerBounds
    var pruned: LowerBounds

    /// The bounds the rules apply: the higher of the history's minimum and what was pruned.
    var effective: LowerBounds { lowest.raised(to: pruned) }

    typealias Columns = (Int64, ByteBuffer, Int64?, Int64?, Int64?, Int64?, Int64?, Int64?)
    static let columns = "id, pubkey, lowest_slot, lowest_source, lowest_target, pruned_slot, pruned_source, pruned_target"

    init(_ c: Columns) {
        func u(_ v: Int64?) -> UInt64? { v.map { UInt64(clamping: $0) } }
        id = c.0
        lowest = LowerBounds(slot: u(c.2), sourceEpoch: u(c.3), targetEpoch: u(c.4))
        pruned = LowerBounds(slot: u(c.5), sourceEpoch: u(c.6), targetEpoch: u(c.7))
    }
}

extension PostgresSlashingProtectionStore {
    public func checkAndRecord(_ requests: [SigningRequest]) async throws(SlashingProtectionError) -> [SigningDecision] {
        guard !requests.isEmpty else { return [] }
        let gvr = genesisValidatorsRoot
        return try await transaction { [logger] connection in
            // 1. Lock the batch's validators, in id order.
            let keys = Array(Set(requests.map(\.pubkey))).map { ByteBuffer(bytes: $0.bytes) }
            var validators: [BLSPubkey: ValidatorRow] = [:]
            for try await row in try await connection.query(
                "SELECT \(unescaped: ValidatorRow.columns) FROM validators WHERE pubkey = ANY(\(keys)::bytea[]) ORDER BY id FOR UPDATE",
                logger: logger
            ).decode(ValidatorRow.Columns.self) {
                validators[try BLSPubkey(Array(buffer: row.1))] = ValidatorRow(row)
            }

            // 2. The facts of every request, two queries for the whole batch.
            var facts: [RequestFacts] = Array(repeating: .unregistered, count: requests.count)
            var blockQuery: (index: [Int64], vid: [Int64], slot: [Int64]) = ([], [], [])
            var attestationQuery: (index: [Int64], vid: [Int64], source: [Int64], target: [Int64]) = ([], [], [], [])
            for (i, request) in requests.enumerated() {
                guard let validator = validators[request.pubkey] else { continue }
                switch request.message {
                case .block(let block):
                    facts[i] = .block(BlockFacts(lowerBounds: validator.effective, atSlot: nil))
                    guard block.slot <= maximumSlotOrEpoch else { continue }
                    blockQuery.index.append(Int64(i))
                    blockQuery.vid.append(validator.id)
                    blockQuery.slot.append(Int64(block.slot))
                case .attestation(let a):
                    facts[i] = .attestation(AttestationFacts(lowerBounds: validator.effective, atTarget: nil, surrounding: nil, surrounded: nil))
                    guard a.sourceEpoch <= maximumSlotOrEpoch, a.targetEpoch <= maximumSlotOrEpoch else { continue }
                    attestationQuery.index.append(Int64(i))
                    attestationQuery.vid.append(validator.id)
                    attestationQuery.source.append(Int64(a.sourceEpoch))
                    attestationQuery.target.append(Int64(a.targetEpoch))
                }
            }
            if !blockQuery.index.isEmpty {
                for try await (i, slot, root) in try await connection.query(
                    """
                    SELECT r.i, b.slot, b.signing_root
                    FROM unnest(\(blockQuery.index)::bigint[], \(blockQuery.vid)::bigint[], \(blockQuery.slot)::bigint[]) AS r(i, vid, slot)
                    JOIN signed_blocks b ON b.validator_id = r.vid AND b.slot = r.slot
                    """, logger: logger
                ).decode((Int64, Int64, ByteBuffer?).self) {
                    guard case .block(var f) = facts[Int(i)] else { continue }
                    f.atSlot = SignedBlock(slot: UInt64(clamping: slot), signingRoot: try root.map { try Root(Array(buffer: $0)) })
                    facts[Int(i)] = .block(f)
                }
            }
            if !attestationQuery.index.isEmpty {
                for try await (i, kind, source, target, root) in try await connection.query(
                    """
                    SELECT r.i, a.kind, a.source_epoch, a.target_epoch, a.signing_root
                    FROM unnest(\(attestationQuery.index)::bigint[], \(attestationQuery.vid)::bigint[],
                                \(attestationQuery.source)::bigint[], \(attestationQuery.target)::bigint[]) AS r(i, vid, s, t)
                    CROSS JOIN LATERAL (
                        (SELECT 0 AS kind, source_epoch, target_epoch, signing_root FROM signed_attestations
                            WHERE validator_id = r.vid AND target_epoch = r.t)
                        UNION ALL
                        (SELECT 1, source_epoch, target_epoch, signing_root FROM signed_attestations
                            WHERE validator_id = r.vid AND target_epoch > r.t AND source_epoch < r.s LIMIT 1)
                        UNION ALL
                        (SELECT 2, source_epoch, target_epoch, signing_root FROM signed_attestations
                            WHERE validator_id = r.vid AND source_epoch > r.s AND target_epoch < r.t LIMIT 1)
                    ) AS a
                    """, logger: logger
                ).decode((Int64, Int32, Int64, Int64, ByteBuffer?).self) {
                    guard case .attestation(var f) = facts[Int(i)] else { continue }
                    let found = SignedAttestation(
                        sourceEpoch: UInt64(clamping: source), targetEpoch: UInt64(clamping: target),
                        signingRoot: try root.map { try Root(Array(buffer: $0)) })
                    switch kind {
                    case 0: f.atTarget = found
                    case 1: f.surrounding = found
                    default: f.surrounded = found
                    }
                    facts[Int(i)] = .attestation(f)
                }
            }

            // 3. Decide.
            let batch = BatchDecision(
                requests: requests, facts: facts, genesisValidatorsRoot: gvr,
                highWatermark: try await Self.highWatermark(connection, logger: logger))

            // 4. Record, and lower the bounds to include the new records.
            var blocks: (vid: [Int64], slot: [Int64], root: [ByteBuffer]) = ([], [], [])
            var attestations: (vid: [Int64], source: [Int64], target: [Int64], root: [ByteBuffer]) = ([], [], [], [])
            for (pubkey, message) in batch.records {
                guard let validator = validators[pubkey] else { continue }
                switch message {
                case .block(let b):
                    blocks.vid.append(validator.id)
                    blocks.slot.append(Int64(b.slot))
                    blocks.root.append(ByteBuffer(bytes: b.signingRoot?.bytes ?? []))
                case .attestation(let a):
                    attestations.vid.append(validator.id)
                    attestations.source.append(Int64(a.sourceEpoch))
                    attestations.target.append(Int64(a.targetEpoch))
                    attestations.root.append(ByteBuffer(bytes: a.signingRoot?.bytes ?? []))
                }
            }
            if !blocks.vid.isEmpty {
                try await connection.query(
                    """
                    INSERT INTO signed_blocks (validator_id, slot, signing_root)
                    SELECT vid, slot, NULLIF(root, ''::bytea) FROM unnest(\(blocks.vid)::bigint[], \(blocks.slot)::bigint[], \(blocks.root)::bytea[]) AS r(vid, slot, root)
                    """, logger: logger)
                try await connection.query(
                    """
                    UPDATE validators v SET lowest_slot = LEAST(v.lowest_slot, u.m)
                    FROM (SELECT vid, min(slot) AS m FROM unnest(\(blocks.vid)::bigint[], \(blocks.slot)::bigint[]) AS x(vid, slot) GROUP BY vid) u
                    WHERE v.id = u.vid AND (v.lowest_slot IS NULL OR v.lowest_slot > u.m)
                    """, logger: logger)
            }
            if !attestations.vid.isEmpty {
                try await connection.query(
                    """
                    INSERT INTO signed_attestations (validator_id, source_epoch, target_epoch, signing_root)
                    SELECT vid, s, t, NULLIF(root, ''::bytea)
                    FROM unnest(\(attestations.vid)::bigint[], \(attestations.source)::bigint[], \(attestations.target)::bigint[], \(attestations.root)::bytea[]) AS r(vid, s, t, root)
                    """, logger: logger)
                try await connection.query(
                    """
                    UPDATE validators v SET lowest_source = LEAST(v.lowest_source, u.ms), lowest_target = LEAST(v.lowest_target, u.mt)
                    FROM (SELECT vid, min(s) AS ms, min(t) AS mt
                          FROM unnest(\(attestations.vid)::bigint[], \(attestations.source)::bigint[], \(attestations.target)::bigint[]) AS x(vid, s, t)
                          GROUP BY vid) u
                    WHERE v.id = u.vid AND (v.lowest_source IS NULL OR v.lowest_source > u.ms OR v.lowest_target IS NULL OR v.lowest_target > u.mt)
                    """, logger: logger)
            }
            return batch.decisions
        }
    }
}
