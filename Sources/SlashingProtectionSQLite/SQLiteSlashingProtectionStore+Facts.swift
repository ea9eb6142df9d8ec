import ConsensusTypes
import SlashingProtection
import SQLite

/// A `validators` row: its id and bounds.
struct ValidatorRow {
    var id: Int64
    var lowest: LowerBounds
    var pruned: LowerBounds

    /// The bounds the rules apply: the higher of the history's minimum and what was pruned.
    var effective: LowerBounds { lowest.raised(to: pruned) }
}

extension SQLiteSlashingProtectionStore {
    static let validatorColumns =
        "id, lowest_slot, lowest_source, lowest_target, pruned_slot, pruned_source, pruned_target"

    func validator(_ pubkey: BLSPubkey) throws -> ValidatorRow? {
        var row: ValidatorRow?
        try connection.run("SELECT \(Self.validatorColumns) FROM validators WHERE pubkey = ?", [.blob(pubkey.bytes)]) { s in
            row = Self.validatorRow(s)
        }
        return row
    }

    static func validatorRow(_ s: SQLiteConnection.Statement, from column: Int32 = 0) -> ValidatorRow {
        func value(_ c: Int32) -> UInt64? { s.optionalInt(column + c).map { UInt64(clamping: $0) } }
        return ValidatorRow(
            id: s.int(column),
            lowest: LowerBounds(slot: value(1), sourceEpoch: value(2), targetEpoch: value(3)),
            pruned: LowerBounds(slot: value(4), sourceEpoch: value(5), targetEpoch: value(6)))
    }

    /// What the store knows about one request, read inside the batch's transaction.
    func facts(for message: SigningRequest.Message, validator: ValidatorRow) throws -> RequestFacts {
        switch message {
        case .block(let block):
            guard block.slot <= maximumSlotOrEpoch else { return .block(BlockFacts(lowerBounds: validator.effective, atSlot: nil)) }
            return .block(BlockFacts(lowerBounds: validator.effective, atSlot: try self.block(validator.id, slot: block.slot)))
        case .attestation(let a):
            guard a.sourceEpoch <= maximumSlotOrEpoch, a.targetEpoch <= maximumSlotOrEpoch else {
                return .attestation(AttestationFacts(lowerBounds: validator.effective, atTarget: nil, surrounding: nil, surrounded: nil))
            }
            let (s, t) = (Int64(a.sourceEpoch), Int64(a.targetEpoch))
            return .attestation(
                AttestationFacts(
                    lowerBounds: validator.effective,
                    atTarget: try attestation(validator.id, target: a.targetEpoch),
                    surrounding: try firstAttestation(
                        "WHERE validator_id = ? AND target_epoch > ? AND source_epoch < ? LIMIT 1", [.int(validator.id), .int(t), .int(s)]),
                    surrounded: try firstAttestation(
                        "WHERE validator_id = ? AND source_epoch > ? AND target_epoch < ? LIMIT 1", [.int(validator.id), .int(s), .int(t)])))
        }
    }

    func block(_ validatorID: Int64, slot: UInt64) throws -> SignedBlock? {
        var block: SignedBlock?
        try connection.run(
            "SELECT signing_root FROM signed_blocks WHERE validator_id = ? AND slot = ?", [.int(validatorID), .int(Int64(slot))]
        ) { s in
            block = SignedBlock(slot: slot, signingRoot: try s.blob(0).map { try Root($0) })
        }
        return block
    }

    func attestation(_ validatorID: Int64, target: UInt64) throws -> SignedAttestation? {
        try firstAttestation("WHERE validator_id = ? AND target_epoch = ?", [.int(validatorID), .int(Int64(target))])
    }

    func firstAttestation(_ clause: String, _ values: [SQLiteConnection.Value]) throws -> SignedAttestation? {
        try attestations(clause, values).first
    }

    func attestations(_ clause: String, _ values: [SQLiteConnection.Value]) throws -> [SignedAttestation] {
        var found: [SignedAttestation] = []
        try connection.run("SELECT source_epoch, target_epoch, signing_root FROM signed_attestations \(clause)", values) { s in
            found.append(
                SignedAttestation(
                    sourceEpoch: UInt64(clamping: s.int(0)), targetEpoch: UInt64(clamping: s.int(1)),
                    signingRoot: try s.blob(2).map { try Root($0) }))
        }
        return found
    }

    /// Inserts a newly allowed message and lowers the validator's bounds to include it.
    func insert(_ message: SigningRequest.Message, validatorID: Int64) throws {
        switch message {
        case .block(let block):
            let slot = Int64(block.slot)
            try connection.run(
                "INSERT INTO signed_blocks (validator_id, slot, signing_root) VALUES (?, ?, ?)",
                [.int(validatorID), .int(slot), block.signingRoot.map { .blob($0.bytes) } ?? .null])
            try connection.run(
                "UPDATE validators SET lowest_slot = ?2 WHERE id = ?1 AND (lowest_slot IS NULL OR lowest_slot > ?2)",
                [.int(validatorID), .int(slot)])
        case .attestation(let a):
            let (s, t) = (Int64(a.sourceEpoch), Int64(a.targetEpoch))
            try connection.run(
                "INSERT INTO signed_attestations (validator_id, source_epoch, target_epoch, signing_root) VALUES (?, ?, ?, ?)",
                [.int(validatorID), .int(s), .int(t), a.signingRoot.map { .blob($0.bytes) } ?? .null])
            try connection.run(
                """
                UPDATE validators SET lowest_source = min(coalesce(lowest_source, ?2), ?2), lowest_target = min(coalesce(lowest_target, ?3), ?3)
                WHERE id = ?1 AND (lowest_source IS NULL OR lowest_source > ?2 OR lowest_target IS NULL OR lowest_target > ?3)
                """,
                [.int(validatorID), .int(s), .int(t)])
        }
    }
}
