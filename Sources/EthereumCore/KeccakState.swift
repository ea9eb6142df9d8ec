/// The 5×5×64-bit Keccak-f[1600] state (FIPS 202 §3.1); the permutation is in KeccakPermutation.swift.
///
/// Lanes are indexed `A[x + 5y]`; bytes are loaded little-endian into lanes (FIPS 202 §3.1.2).
struct KeccakState: Sendable {
    private var a = [UInt64](repeating: 0, count: 25)

    /// XORs one `rate`-byte block into the state and permutes.
    mutating func absorb(block: UnsafeRawPointer) {
        a.withUnsafeMutableBufferPointer { lanes in
            for i in 0..<(Keccak256.rate / 8) {
                lanes[i] ^= UInt64(littleEndian: block.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
            }
            keccakF1600(lanes.baseAddress!)  // invariant: the 25-lane state is never empty
        }
    }

    /// Reads the first `count` (≤ rate) bytes of the state.
    func squeeze(count: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count)
        for i in 0..<count { out.append(UInt8(truncatingIfNeeded: a[i / 8] >> (8 * UInt64(i % 8)))) }
        return out
    }
}
