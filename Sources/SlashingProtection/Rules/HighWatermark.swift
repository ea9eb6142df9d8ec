/// A limit above every validator's history, as Web3Signer's (`watermark-repair
/// --set-high-watermark`, `GET /api/v1/eth2/highWatermark`): blocks at or above ``slot`` and
/// attestations whose source or target epoch is at or above ``epoch`` are refused.
///
/// It is set on a store whose validators move elsewhere at a known point: the old signers stop
/// there, whatever their clients' clocks say, while the new ones start from it.
public struct HighWatermark: Hashable, Sendable {
    /// The first slot refused for blocks.
    public var slot: UInt64
    /// The first epoch refused as an attestation's source or target.
    public var epoch: UInt64

    public init(slot: UInt64, epoch: UInt64) {
        self.slot = slot
        self.epoch = epoch
    }

    /// The refusal for `message`, or `nil` when it is below the watermark.
    func refusal(_ message: SigningRequest.Message) -> RefusalReason? {
        switch message {
        case .block(let block):
            block.slot >= slot ? .aboveHighWatermark(self) : nil
        case .attestation(let attestation):
            attestation.sourceEpoch >= epoch || attestation.targetEpoch >= epoch ? .aboveHighWatermark(self) : nil
        }
    }

    /// The 16 bytes a store keeps: `slot ‖ epoch`, each big-endian.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: slot >> (56 - 8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: epoch >> (56 - 8 * $0)) }
    }

    /// Reads ``bytes``; `nil` unless there are exactly 16.
    public init?(bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        guard bytes.count == 16 else { return nil }
        slot = bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
        epoch = bytes[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
    }
}
