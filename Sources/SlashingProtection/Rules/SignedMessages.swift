public import ConsensusTypes

/// A block proposal a validator signed, or asks to sign: EIP-3076's `signed_blocks` entry.
///
/// `signingRoot` is `compute_signing_root(block, domain)` (32 bytes). `nil` means the root is not
/// known (an interchange entry without one): such a record conflicts with every other block at its
/// slot, including an identical one. Any 32 bytes, zero included, are a known root.
public struct SignedBlock: Hashable, Sendable {
    /// The block's slot.
    public var slot: UInt64
    /// The signing root, or `nil` when unknown.
    public var signingRoot: Root?

    public init(slot: UInt64, signingRoot: Root?) {
        self.slot = slot
        self.signingRoot = signingRoot
    }
}

/// An attestation a validator signed, or asks to sign: EIP-3076's `signed_attestations` entry
/// (`attestation.data.source.epoch`, `attestation.data.target.epoch`, signing root).
public struct SignedAttestation: Hashable, Sendable {
    public var sourceEpoch: UInt64
    public var targetEpoch: UInt64
    /// The signing root, or `nil` when unknown (see ``SignedBlock/signingRoot``).
    public var signingRoot: Root?

    public init(sourceEpoch: UInt64, targetEpoch: UInt64, signingRoot: Root?) {
        self.sourceEpoch = sourceEpoch
        self.targetEpoch = targetEpoch
        self.signingRoot = signingRoot
    }

    /// `self` surrounds `other`: `self.source < other.source` and `other.target < self.target`
    /// (the phase0 spec's `is_slashable_attestation_data`, surround case).
    public func surrounds(_ other: SignedAttestation) -> Bool {
        sourceEpoch < other.sourceEpoch && other.targetEpoch < targetEpoch
    }
}

/// Slots and epochs are stored as signed 64-bit integers (SQLite `INTEGER`, PostgreSQL `BIGINT`);
/// larger values are refused at the boundary. 2^63−1 slots is about 3.5 × 10^12 years.
public let maximumSlotOrEpoch = UInt64(Int64.max)

/// One check-and-record request: sign this block or attestation for this validator, on this chain.
public struct SigningRequest: Hashable, Sendable {
    /// What is to be signed.
    public enum Message: Hashable, Sendable {
        case block(SignedBlock)
        case attestation(SignedAttestation)
    }

    /// The validator's 48-byte BLS public key.
    public var pubkey: BLSPubkey
    /// The chain the request is for; it must be the store's.
    public var genesisValidatorsRoot: Root
    public var message: Message

    public init(pubkey: BLSPubkey, genesisValidatorsRoot: Root, message: Message) {
        self.pubkey = pubkey
        self.genesisValidatorsRoot = genesisValidatorsRoot
        self.message = message
    }

    /// A block request.
    public static func block(_ pubkey: BLSPubkey, slot: UInt64, signingRoot: Root?, genesisValidatorsRoot: Root) -> Self {
        Self(pubkey: pubkey, genesisValidatorsRoot: genesisValidatorsRoot, message: .block(SignedBlock(slot: slot, signingRoot: signingRoot)))
    }

    /// An attestation request.
    public static func attestation(
        _ pubkey: BLSPubkey, sourceEpoch: UInt64, targetEpoch: UInt64, signingRoot: Root?, genesisValidatorsRoot: Root
    ) -> Self {
        Self(
            pubkey: pubkey, genesisValidatorsRoot: genesisValidatorsRoot,
            message: .attestation(SignedAttestation(sourceEpoch: sourceEpoch, targetEpoch: targetEpoch, signingRoot: signingRoot)))
    }
}
