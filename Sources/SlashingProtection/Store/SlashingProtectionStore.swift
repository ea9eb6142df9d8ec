public import ConsensusTypes

/// A slashing-protection database for one chain (`genesis_validators_root`).
///
/// Every implementation keeps these promises:
/// - ``checkAndRecord(_:)`` decides a batch with ``BatchDecision`` in one transaction that, per
///   validator, serialises against every other transaction on the same database (other tasks,
///   processes and replicas), and returns only after the records of the batch's `.safe(.valid)`
///   decisions are durably committed.
/// - When the database cannot be reached it throws `unavailable`; it never answers "safe" without a
///   committed record.
/// - Imports are all or nothing.
public protocol SlashingProtectionStore: Sendable {
    /// The chain whose history this store holds (fixed when the store was created).
    var genesisValidatorsRoot: Root { get }

    /// Checks and records a batch of requests; one decision per request, in order.
    ///
    /// - Throws: ``SlashingProtectionError`` (`unavailable` or `storage`) when nothing could be
    ///   decided; then nothing of the batch was recorded and nothing may be signed.
    func checkAndRecord(_ requests: [SigningRequest]) async throws(SlashingProtectionError) -> [SigningDecision]

    /// Registers validators (idempotent). Only registered validators may sign.
    func register(_ pubkeys: [BLSPubkey]) async throws(SlashingProtectionError)

    /// Merges an interchange document into the store, registering its validators; all or nothing.
    ///
    /// - Throws: ``SlashingProtectionError``: `genesisValidatorsRootMismatch` for another chain,
    ///   `invalidInterchange` for data the store refuses (naming the entry), or a storage error.
    func importInterchange(_ interchange: Interchange) async throws(SlashingProtectionError) -> ImportSummary

    /// The complete history of the chosen validators (all registered ones when `pubkeys` is nil).
    func exportInterchange(pubkeys: [BLSPubkey]?) async throws(SlashingProtectionError) -> Interchange

    /// Deletes, per validator, blocks more than `epochsToKeep` epochs (× 32 slots) below its highest
    /// slot and attestations whose target is more than `epochsToKeep` below its highest target,
    /// raising the lower bounds so that everything pruned stays refused. The newest record of each
    /// kind is always kept.
    func prune(epochsToKeep: UInt64) async throws(SlashingProtectionError) -> PruneSummary

    /// The high watermark, or `nil` when none is set.
    func highWatermark() async throws(SlashingProtectionError) -> HighWatermark?

    /// Sets the high watermark (`nil` removes it). It takes effect for every check that starts
    /// after this returns, in every process on the database; on a shared database it waits for
    /// the checks in progress.
    func setHighWatermark(_ watermark: HighWatermark?) async throws(SlashingProtectionError)

    /// Per-validator highest and lowest recorded values (all registered when `pubkeys` is nil).
    func status(pubkeys: [BLSPubkey]?) async throws(SlashingProtectionError) -> [ValidatorStatus]
}

/// What an import took in.
public struct ImportSummary: Hashable, Sendable {
    public var validators: Int
    public var blocks: Int
    public var attestations: Int
    public init(validators: Int, blocks: Int, attestations: Int) {
        self.validators = validators
        self.blocks = blocks
        self.attestations = attestations
    }
}

/// What a prune removed.
public struct PruneSummary: Hashable, Sendable {
    public var blocks: Int
    public var attestations: Int
    public init(blocks: Int, attestations: Int) {
        self.blocks = blocks
        self.attestations = attestations
    }
}

/// One validator's protection state.
public struct ValidatorStatus: Hashable, Sendable {
    public var pubkey: BLSPubkey
    public var highestBlockSlot: UInt64?
    public var highestSourceEpoch: UInt64?
    public var highestTargetEpoch: UInt64?
    /// The bounds the rules apply (slot and target refused at or below, source refused below).
    public var lowerBounds: LowerBounds
    public init(
        pubkey: BLSPubkey, highestBlockSlot: UInt64?, highestSourceEpoch: UInt64?, highestTargetEpoch: UInt64?,
        lowerBounds: LowerBounds
    ) {
        self.pubkey = pubkey
        self.highestBlockSlot = highestBlockSlot
        self.highestSourceEpoch = highestSourceEpoch
        self.highestTargetEpoch = highestTargetEpoch
        self.lowerBounds = lowerBounds
    }
}

/// Slots per epoch (mainnet and every public chain), for pruning blocks by epochs.
public let slotsPerEpoch: UInt64 = 32
