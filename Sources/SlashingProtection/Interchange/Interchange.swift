public import ConsensusTypes

/// An EIP-3076 slashing-protection interchange document, format version 5
/// (https://eips.ethereum.org/EIPS/eip-3076).
///
/// Parsing is strict (``init(json:)``): numbers are decimal strings, `pubkey` is `0x` + 48 bytes,
/// roots are `0x` + 32 bytes, `interchange_format_version` is `"5"`. A missing signing root is
/// "unknown" (`nil`). The same pubkey may appear in several entries; importers merge them.
public struct Interchange: Hashable, Sendable {
    /// The only version this type reads and writes.
    public static let formatVersion = "5"

    /// The chain the history belongs to.
    public var genesisValidatorsRoot: Root
    /// One entry per validator (a pubkey may repeat).
    public var data: [ValidatorHistory]

    public init(genesisValidatorsRoot: Root, data: [ValidatorHistory]) {
        self.genesisValidatorsRoot = genesisValidatorsRoot
        self.data = data
    }

    /// The blocks and attestations one validator signed.
    public struct ValidatorHistory: Hashable, Sendable {
        /// The 48-byte BLS public key.
        public var pubkey: BLSPubkey
        public var signedBlocks: [SignedBlock]
        public var signedAttestations: [SignedAttestation]

        public init(pubkey: BLSPubkey, signedBlocks: [SignedBlock], signedAttestations: [SignedAttestation]) {
            self.pubkey = pubkey
            self.signedBlocks = signedBlocks
            self.signedAttestations = signedAttestations
        }
    }

    /// The EIP's "minimal" form: per validator, one block at its highest slot and one attestation
    /// at its highest source and highest target (which need not have been signed together), all
    /// without signing roots. Importing it sets lower bounds that refuse everything at or below.
    public func minimized() -> Interchange {
        var order: [BLSPubkey] = []
        var merged: [BLSPubkey: (slot: UInt64?, source: UInt64?, target: UInt64?)] = [:]
        for entry in data {
            if merged[entry.pubkey] == nil { order.append(entry.pubkey) }
            var m = merged[entry.pubkey] ?? (nil, nil, nil)
            for block in entry.signedBlocks { m.slot = max(m.slot ?? block.slot, block.slot) }
            for a in entry.signedAttestations {
                m.source = max(m.source ?? a.sourceEpoch, a.sourceEpoch)
                m.target = max(m.target ?? a.targetEpoch, a.targetEpoch)
            }
            merged[entry.pubkey] = m
        }
        return Interchange(
            genesisValidatorsRoot: genesisValidatorsRoot,
            data: order.map { pubkey in
                let m = merged[pubkey] ?? (nil, nil, nil)
                return ValidatorHistory(
                    pubkey: pubkey,
                    signedBlocks: m.slot.map { [SignedBlock(slot: $0, signingRoot: nil)] } ?? [],
                    signedAttestations: m.source.flatMap { source in
                        m.target.map { [SignedAttestation(sourceEpoch: source, targetEpoch: $0, signingRoot: nil)] }
                    } ?? [])
            })
    }

    /// The history with each pubkey once, and at most one block per slot and one attestation per
    /// target: entries that repeat a slot (or a target and source) with the same known root
    /// collapse into one; with different or unknown roots into one with an *unknown* root, which
    /// refuses every later message there. Nothing is lost: the slashing conditions depend only on
    /// slots and epochs. Surrounding pairs and `source > target` entries are kept as they are.
    ///
    /// - Throws: ``SlashingProtectionError`` (`invalidInterchange`) for two attestations with one
    ///   target and different sources: one row per target could not hold both without weakening a
    ///   surround check, so such a file is refused, naming the entry.
    public func normalized() throws(SlashingProtectionError) -> [ValidatorHistory] {
        var order: [BLSPubkey] = []
        var blocks: [BLSPubkey: [UInt64: SignedBlock]] = [:]
        var attestations: [BLSPubkey: [UInt64: SignedAttestation]] = [:]
        for (index, entry) in data.enumerated() {
            if blocks[entry.pubkey] == nil { order.append(entry.pubkey) }
            var b = blocks[entry.pubkey] ?? [:]
            for block in entry.signedBlocks {
                b[block.slot] = b[block.slot].map { Self.merge($0, block) } ?? block
            }
            blocks[entry.pubkey] = b
            var a = attestations[entry.pubkey] ?? [:]
            for att in entry.signedAttestations {
                if let existing = a[att.targetEpoch] {
                    guard let merged = Self.merge(existing, att) else {
                        throw SlashingProtectionError(
                            .invalidInterchange,
                            "data[\(index)] (pubkey 0x\(entry.pubkey)): two attestations with target epoch \(att.targetEpoch) "
                                + "have different source epochs (\(existing.sourceEpoch) and \(att.sourceEpoch)); refusing slashable data")
                    }
                    a[att.targetEpoch] = merged
                } else {
                    a[att.targetEpoch] = att
                }
            }
            attestations[entry.pubkey] = a
        }
        return order.map { pubkey in
            ValidatorHistory(
                pubkey: pubkey,
                signedBlocks: (blocks[pubkey] ?? [:]).values.sorted { $0.slot < $1.slot },
                signedAttestations: (attestations[pubkey] ?? [:]).values.sorted { $0.targetEpoch < $1.targetEpoch })
        }
    }

    /// Two blocks at one slot as one record: the root is kept only if both agree on a known root.
    public static func merge(_ a: SignedBlock, _ b: SignedBlock) -> SignedBlock {
        a.signingRoot != nil && a.signingRoot == b.signingRoot ? a : SignedBlock(slot: a.slot, signingRoot: nil)
    }

    /// Two attestations with one target as one record, or `nil` when their sources differ.
    public static func merge(_ a: SignedAttestation, _ b: SignedAttestation) -> SignedAttestation? {
        guard a.sourceEpoch == b.sourceEpoch else { return nil }
        return a.signingRoot != nil && a.signingRoot == b.signingRoot ? a : SignedAttestation(sourceEpoch: a.sourceEpoch, targetEpoch: a.targetEpoch, signingRoot: nil)
    }
}
