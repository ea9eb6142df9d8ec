import ConsensusTypes
import TestSupport
import Testing

/// Hand-written unit tests for the general merkleizer: the virtual zero-hash padding against
/// naive padding, known roots, bit-field serialisation and the limits.
@Suite struct MerkleizationTests {
    /// `merkleize` as the spec writes it: allocate the padding, then hash pairs.
    private func naiveMerkleize(_ chunks: [[UInt8]], limit: Int) -> [UInt8] {
        var width = 1
        while width < limit { width <<= 1 }
        var layer = chunks + Array(repeating: [UInt8](repeating: 0, count: 32), count: width - chunks.count)
        while layer.count > 1 {
            layer = stride(from: 0, to: layer.count, by: 2).map { SSZ_sha256(layer[$0] + layer[$0 + 1]) }
        }
        return layer[0]
    }

    private func chunks(_ count: Int, seed: UInt8) -> [[UInt8]] {
        (0..<count).map { i in (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i &* 13) &+ seed } }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 33, 100, 256, 1000])
    func zeroHashPaddingMatchesNaivePadding(limit: Int) {
        var counts = Array(0...min(limit, 12))
        counts.append(limit)
        for count in counts {
            let input = chunks(count, seed: UInt8(truncatingIfNeeded: limit))
            let ours = SSZ.merkleize(input.flatMap { $0 }, limit: limit)
            #expect(ours.bytes == naiveMerkleize(input, limit: limit), "limit \(limit), \(count) chunks")
        }
    }

    @Test func withoutLimitPadsToThePowerOfTwoAboveTheCount() {
        for count in 1...17 {
            let input = chunks(count, seed: 3)
            #expect(SSZ.merkleize(input.flatMap { $0 }).bytes == naiveMerkleize(input, limit: count))
        }
    }

    @Test func partialLastChunkIsZeroPadded() {
        let bytes: [UInt8] = Array(1...40)
        let padded = [Array(bytes[0..<32]), Array(bytes[32..<40]) + [UInt8](repeating: 0, count: 24)]
        #expect(SSZ.merkleize(bytes).bytes == naiveMerkleize(padded, limit: 2))
    }

    @Test func zeroHashesAreRootsOfZeroTrees() {
        var zero = [UInt8](repeating: 0, count: 32)
        for depth in 0...20 {
            #expect(SSZ.zeroHash(depth: depth).bytes == zero, "depth \(depth)")
            zero = SSZ_sha256(zero + zero)
        }
        // Well-known values: zero_hashes[1] and zero_hashes[2].
        #expect(hexString(SSZ.zeroHash(depth: 1).bytes) == "f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b")
        #expect(hexString(SSZ.zeroHash(depth: 2).bytes) == "db56114e00fdd4c1f85c892bf35ac9a89289aaecb1ebd0a96cde606a748b5d71")
    }

    @Test func emptyListAtHugeLimitIsTheZeroTreeMixedWithZero() {
        // List[uint64, 2^31]: 2^29 chunks, depth 29; empty: mix_in_length(zero_hashes[29], 0).
        let empty = SSZList<UInt64, 2147483648>()
        let expected = SSZ_sha256(SSZ.zeroHash(depth: 29).bytes + [UInt8](repeating: 0, count: 32))
        #expect(empty.hashTreeRoot.bytes == expected)
    }

    @Test func moreChunksThanTheLimitDoesNotTrap() {
        // Unreachable through the list types; the merkleizer deepens the tree instead of trapping.
        let input = chunks(3, seed: 9)
        #expect(SSZ.merkleize(input.flatMap { $0 }, limit: 1).bytes == naiveMerkleize(input, limit: 4))
    }

    @Test func basicValuesPackLittleEndian() {
        #expect(UInt16(0x0102).hashTreeRoot.bytes == [0x02, 0x01] + [UInt8](repeating: 0, count: 30))
        #expect(true.hashTreeRoot.bytes == [1] + [UInt8](repeating: 0, count: 31))
        // Vector[uint16, 17]: 34 bytes, two chunks.
        let vector = try? SSZVector<UInt16, 17>((1...17).map { UInt16($0) })
        var packed = [UInt8]()
        for v in 1...17 { packed += [UInt8(v), 0] }
        let expected = naiveMerkleize([Array(packed[0..<32]), Array(packed[32...]) + [UInt8](repeating: 0, count: 30)], limit: 2)
        #expect(vector?.hashTreeRoot.bytes == expected)
    }

    @Test func bitlistSerialisationCarriesTheDelimiter() throws {
        #expect(try Bitlist<8>(sszBytes: [0x01]).count == 0)
        let one = try Bitlist<8>(sszBytes: [0x03])
        #expect(one.count == 1 && one.isSet(0))
        let eight = try Bitlist<8>(bits: Array(repeating: true, count: 8))
        #expect(eight.sszBytes == [0xff, 0x01])
        #expect(try Bitlist<8>(sszBytes: [0xff, 0x01]) == eight)
        #expect(try Bitlist<2048>(sszBytes: [0b0010_0101]).bits == [true, false, true, false, false])
        #expect(Bitlist<8>().sszBytes == [0x01])
    }

    @Test func malformedBitfieldsThrow() {
        #expect(throws: ConsensusTypesError(.invalidBitfield, "")) { try Bitlist<8>(sszBytes: []) }
        #expect(throws: ConsensusTypesError(.invalidBitfield, "")) { try Bitlist<8>(sszBytes: [0x05, 0x00]) }
        #expect(throws: ConsensusTypesError(.limitExceeded, "")) { try Bitlist<8>(sszBytes: [0xff, 0x02]) }
        #expect(throws: ConsensusTypesError(.invalidBitfield, "")) { try Bitvector<4>(sszBytes: [0x10]) }
        #expect(throws: ConsensusTypesError(.invalidLength, "")) { try Bitvector<9>(sszBytes: [0x01]) }
        var bits = Bitvector<4>()
        #expect(throws: ConsensusTypesError(.invalidLength, "")) { try bits.set(4) }
        #expect(!bits.isSet(-1) && !bits.isSet(100))
    }

    @Test func limitsAreCheckedWhenValuesAreBuilt() throws {
        #expect(throws: ConsensusTypesError(.limitExceeded, "")) { try SSZList<UInt64, 2>([1, 2, 3]) }
        #expect(throws: ConsensusTypesError(.limitExceeded, "")) { try ByteList<2>([1, 2, 3]) }
        #expect(throws: ConsensusTypesError(.limitExceeded, "")) { try Bitlist<2>(bits: [true, true, true]) }
        #expect(throws: ConsensusTypesError(.invalidLength, "")) { try SSZVector<UInt64, 2>([1]) }
        var list = try SSZList<UInt64, 1>([7])
        #expect(throws: ConsensusTypesError(.limitExceeded, "")) { try list.append(8) }
    }

    @Test func integerGenericArgumentsAbove32BitsAreTruncatedAtRunTime() {
        // Swift 6.3 keeps integer generic arguments in 32 bits of run-time metadata: in unspecialised
        // code `SSZList<T, 2^40>` reads a limit of 0. Limits here stay below 2^32 (the largest a
        // signing container uses is 2^17); this test notices when the compiler is fixed.
        func maxCount<L: SSZListLimitProbe>(_ type: L.Type) -> Int { type.probedLimit }
        withKnownIssue("integer generic arguments ≥ 2^32 are truncated in run-time metadata", isIntermittent: true) {
            #expect(maxCount(SSZList<UInt64, 1099511627776>.self) == 1099511627776)
        }
        #expect(maxCount(SSZList<UInt64, 2147483648>.self) == 2147483648)
    }
}

protocol SSZListLimitProbe { static var probedLimit: Int { get } }
extension SSZList: SSZListLimitProbe { static var probedLimit: Int { maxCount } }
