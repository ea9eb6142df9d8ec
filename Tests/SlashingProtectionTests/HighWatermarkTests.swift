import ConsensusTypes
import SlashingProtection
import SlashingProtectionPostgres
import Testing

/// The high watermark on every store: at or above it nothing is signed, below it the usual rules
/// apply, and it survives reopening the store.
struct HighWatermarkTests {
    static let gvr = Root(unchecked: Array(repeating: 0x42, count: 32))
    static let pubkey = BLSPubkey(unchecked: Array(repeating: 0xa1, count: 48))
    static func root(_ byte: UInt8) -> Root { Root(unchecked: Array(repeating: byte, count: 32)) }

    @Test(arguments: StoreKind.available)
    func requestsAtOrAboveTheWatermarkAreRefused(kind: StoreKind) async throws {
        let store = try await kind.makeStore(Self.gvr)
        try await store.register([Self.pubkey])
        #expect(try await store.highWatermark() == nil)
        let watermark = HighWatermark(slot: 3200, epoch: 100)
        try await store.setHighWatermark(watermark)
        #expect(try await store.highWatermark() == watermark)

        func block(_ slot: UInt64) async throws -> SigningDecision {
            try await store.check(.block(Self.pubkey, slot: slot, signingRoot: Self.root(UInt8(truncatingIfNeeded: slot)), genesisValidatorsRoot: Self.gvr))
        }
        func attestation(_ source: UInt64, _ target: UInt64) async throws -> SigningDecision {
            try await store.check(.attestation(
                Self.pubkey, sourceEpoch: source, targetEpoch: target, signingRoot: Self.root(UInt8(truncatingIfNeeded: target)),
                genesisValidatorsRoot: Self.gvr))
        }
        #expect(try await block(3200) == .refused(.aboveHighWatermark(watermark)))
        #expect(try await block(5000) == .refused(.aboveHighWatermark(watermark)))
        #expect(try await block(3199) == .safe(.valid))
        #expect(try await attestation(99, 100) == .refused(.aboveHighWatermark(watermark)))
        #expect(try await attestation(100, 101) == .refused(.aboveHighWatermark(watermark)))
        #expect(try await attestation(98, 99) == .safe(.valid))
        // Nothing refused was recorded: the history ends below the watermark.
        let status = try await store.status(pubkeys: [Self.pubkey])
        #expect(status.first?.highestBlockSlot == 3199 && status.first?.highestTargetEpoch == 99)

        // Removed: the usual rules again.
        try await store.setHighWatermark(nil)
        #expect(try await store.highWatermark() == nil)
        #expect(try await block(3200) == .safe(.valid))
        #expect(try await attestation(99, 100) == .safe(.valid))
        if let postgres = store as? PostgresSlashingProtectionStore { await postgres.shutdown() }
    }

    @Test func theWatermarkIsSixteenBigEndianBytes() {
        let watermark = HighWatermark(slot: 0x0102_0304_0506_0708, epoch: UInt64.max)
        #expect(watermark.bytes == [1, 2, 3, 4, 5, 6, 7, 8] + Array(repeating: 0xff, count: 8))
        #expect(HighWatermark(bytes: watermark.bytes) == watermark)
        #expect(HighWatermark(bytes: [UInt8](repeating: 0, count: 15)) == nil)
    }
}
