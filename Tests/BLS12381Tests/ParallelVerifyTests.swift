@testable import BLS12381
import Testing

/// Batch and aggregate verification give the same verdict whatever the number of threads their
/// Miller loops are spread over (the partial loops share one final exponentiation).
@Suite struct ParallelVerifyTests {
    private static let keys = (1...7).map { i in
        try! SecretKey(bytes: [UInt8](repeating: 0, count: 31) + [UInt8(i * 13)])
    }
    private static let messages = (0..<7).map { i in [UInt8](repeating: UInt8(i), count: 32) }

    private static func items(corrupt index: Int?) -> [BLS.BatchItem] {
        zip(keys, messages).enumerated().map { i, pair in
            let (key, message) = pair
            let signed = i == index ? message + [1] : message
            return BLS.BatchItem(publicKey: key.publicKey(), message: message, signature: key.sign(signed))
        }
    }

    /// A fixed generator, so every thread count sees the same coefficients.
    private struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    @Test func batchVerifyAgreesAcrossThreadCounts() {
        for corrupt in [nil, 0, 3, 6] as [Int?] {
            let batch = Self.items(corrupt: corrupt)
            for workers in [1, 2, 3, 7, 16] {
                var rng = SplitMix(state: 42)
                #expect(BLS.batchVerify(batch, using: &rng, workers: workers) == (corrupt == nil),
                        "corrupt \(String(describing: corrupt)), \(workers) workers")
            }
        }
    }

    @Test func aggregateVerifyAgreesAcrossThreadCounts() throws {
        let signatures = zip(Self.keys, Self.messages).map { $0.sign($1) }
        let aggregate = try BLS.aggregate(signatures)
        let wrong = try BLS.aggregate(Array(signatures.dropLast()))
        let publicKeys = Self.keys.map { $0.publicKey() }
        for workers in [1, 2, 3, 7, 16] {
            #expect(BLS.coreAggregateVerify(publicKeys: publicKeys, messages: Self.messages, signature: aggregate,
                                            dst: BLS.ciphersuite, workers: workers))
            #expect(!BLS.coreAggregateVerify(publicKeys: publicKeys, messages: Self.messages, signature: wrong,
                                             dst: BLS.ciphersuite, workers: workers))
        }
    }

    @Test func chunksCoverTheRangeInOrder() {
        for count in [1, 2, 5, 64] {
            for workers in [1, 2, 3, 100] {
                let chunks = Parallel.mapChunks(count: count, workers: workers) { Array($0) }
                #expect(chunks.flatMap { $0 } == Array(0..<count))
                #expect(chunks.count == min(max(1, workers), count))
            }
        }
    }
}
