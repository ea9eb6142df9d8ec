/// The 5×5×64-bit Keccak-f[1600] state and permutation (FIPS 202 §3.2, Algorithm 7).
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
            Self.permute(lanes.baseAddress!)
        }
    }

    /// Reads the first `count` (≤ rate) bytes of the state.
    func squeeze(count: Int) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(count)
        for i in 0..<count { out.append(UInt8(truncatingIfNeeded: a[i / 8] >> (8 * UInt64(i % 8)))) }
        return out
    }

    /// ι round constants RC[i] (FIPS 202 §3.2.5, Algorithm 5–6).
    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    /// ρ offsets, listed in the order π visits lanes starting from (1, 0) (FIPS 202 §3.2.2, Table 2).
    private static let rhoOffsets: [UInt64] = [
        1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44,
    ]
    /// The lane indices that π visits: each is x + 5y of the next lane on the (x, y) → (y, 2x + 3y) orbit.
    private static let piLanes: [Int] = [
        10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1,
    ]

    @inline(__always)
    private static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x << n) | (x >> (64 &- n)) }

    /// Keccak-f[1600]: 24 rounds of Rnd = ι ∘ χ ∘ π ∘ ρ ∘ θ.
    private static func permute(_ A: UnsafeMutablePointer<UInt64>) {
        var C = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        roundConstants.withUnsafeBufferPointer { RC in
        rhoOffsets.withUnsafeBufferPointer { rho in
        piLanes.withUnsafeBufferPointer { pi in
            for round in 0..<24 {
                // θ: C[x] = A[x,0] ⊕ … ⊕ A[x,4]; D[x] = C[x−1] ⊕ rot(C[x+1], 1); A[x,y] ⊕= D[x].
                C.0 = A[0] ^ A[5] ^ A[10] ^ A[15] ^ A[20]
                C.1 = A[1] ^ A[6] ^ A[11] ^ A[16] ^ A[21]
                C.2 = A[2] ^ A[7] ^ A[12] ^ A[17] ^ A[22]
                C.3 = A[3] ^ A[8] ^ A[13] ^ A[18] ^ A[23]
                C.4 = A[4] ^ A[9] ^ A[14] ^ A[19] ^ A[24]
                let D0 = C.4 ^ rotl(C.1, 1), D1 = C.0 ^ rotl(C.2, 1), D2 = C.1 ^ rotl(C.3, 1)
                let D3 = C.2 ^ rotl(C.4, 1), D4 = C.3 ^ rotl(C.0, 1)
                for y in stride(from: 0, to: 25, by: 5) {
                    A[y] ^= D0; A[y + 1] ^= D1; A[y + 2] ^= D2; A[y + 3] ^= D3; A[y + 4] ^= D4
                }
                // ρ and π together: walk the π orbit from lane (1, 0), rotating each lane as it moves.
                var current = A[1]
                for i in 0..<24 {
                    let j = pi[i]
                    let next = A[j]
                    A[j] = rotl(current, rho[i])
                    current = next
                }
                // χ: A[x,y] ⊕= (¬A[x+1,y]) ∧ A[x+2,y], row by row.
                for y in stride(from: 0, to: 25, by: 5) {
                    let a0 = A[y], a1 = A[y + 1], a2 = A[y + 2], a3 = A[y + 3], a4 = A[y + 4]
                    A[y] = a0 ^ (~a1 & a2)
                    A[y + 1] = a1 ^ (~a2 & a3)
                    A[y + 2] = a2 ^ (~a3 & a4)
                    A[y + 3] = a3 ^ (~a4 & a0)
                    A[y + 4] = a4 ^ (~a0 & a1)
                }
                // ι
                A[0] ^= RC[round]
            }
        }
        }
        }
    }
}
