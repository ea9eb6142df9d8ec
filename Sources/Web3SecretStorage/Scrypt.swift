import Secrets
import _CryptoExtras
import Crypto

/// scrypt (RFC 7914) in Swift, used only for parameters that BoringSSL refuses.
///
/// RFC 7914 §2 asks for N < 2^(128·r/8); BoringSSL enforces it, but geth (golang.org/x/crypto)
/// does not, and the Web3 Secret Storage test vector itself uses n = 2^18 with r = 1. Keystores
/// like that are still valid V3 files, so they are read with this implementation. Password-derived
/// data flows through fixed-size loops only; the data-dependent index in ROMix is inherent to scrypt.
enum Scrypt {
    /// scrypt(P, S, N, r, p, dkLen) = PBKDF2-HMAC-SHA256(P, ROMix(PBKDF2-HMAC-SHA256(P, S, 1, p·128·r)), 1, dkLen).
    static func deriveKey(password: [UInt8], salt: [UInt8], n: Int, r: Int, p: Int, outputByteCount: Int) throws -> SymmetricKey {
        // 1. B = PBKDF2-HMAC-SHA256(P, S, 1, p * 128 * r)
        let b = try KDF.Insecure.PBKDF2.deriveKey(from: password, salt: salt, using: .sha256, outputByteCount: p * 128 * r, unsafeUncheckedRounds: 1)
        let words = 32 * r  // one 128·r-byte block as 32-bit words
        var blocks = b.withUnsafeBytes { raw in
            (0..<(p * words)).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)) }
        }
        defer { blocks.wipe() }
        // 2. B_i = scryptROMix(r, B_i, N) for each of the p blocks
        var v = [UInt32](repeating: 0, count: n * words)
        defer { v.wipe() }
        var scratch = [UInt32](repeating: 0, count: 2 * words + 16)
        defer { scratch.wipe() }
        blocks.withUnsafeMutableBufferPointer { bp in
            v.withUnsafeMutableBufferPointer { vp in
                scratch.withUnsafeMutableBufferPointer { sp in
                    for i in 0..<p { romix(bp.baseAddress! + i * words, r: r, n: n, v: vp.baseAddress!, scratch: sp.baseAddress!) }  // invariant: the caller checked n > 1 and r, p ≥ 1, so no buffer is empty
                }
            }
        }
        var mixed = [UInt8](repeating: 0, count: 4 * blocks.count)
        defer { mixed.wipe() }
        for (i, w) in blocks.enumerated() { for k in 0..<4 { mixed[4 * i + k] = UInt8(truncatingIfNeeded: w >> (8 * UInt32(k))) } }
        // 3. DK = PBKDF2-HMAC-SHA256(P, B, 1, dkLen)
        return try KDF.Insecure.PBKDF2.deriveKey(from: password, salt: mixed, using: .sha256, outputByteCount: outputByteCount, unsafeUncheckedRounds: 1)
    }

    /// scryptROMix (RFC 7914 §5) on one block `x` of 32·r words, in place.
    private static func romix(_ x: UnsafeMutablePointer<UInt32>, r: Int, n: Int, v: UnsafeMutablePointer<UInt32>, scratch: UnsafeMutablePointer<UInt32>) {
        let words = 32 * r
        // 2. for i = 0 to N − 1: V_i = X; X = scryptBlockMix(X)
        for i in 0..<n {
            (v + i * words).update(from: x, count: words)
            blockMix(x, r: r, scratch: scratch)
        }
        // 3. for i = 0 to N − 1: j = Integerify(X) mod N; X = scryptBlockMix(X xor V_j)
        for _ in 0..<n {
            let j = Int(x[(2 * r - 1) * 16]) & (n - 1)
            let vj = v + j * words
            for k in 0..<words { x[k] ^= vj[k] }
            blockMix(x, r: r, scratch: scratch)
        }
    }

    /// scryptBlockMix (RFC 7914 §4) on 2r 64-byte blocks, in place.
    private static func blockMix(_ b: UnsafeMutablePointer<UInt32>, r: Int, scratch: UnsafeMutablePointer<UInt32>) {
        let y = scratch, x = scratch + 32 * r
        // 1. X = B_{2r−1}
        x.update(from: b + (2 * r - 1) * 16, count: 16)
        // 2. for i = 0 to 2r − 1: X = Salsa(X xor B_i); Y_i = X
        for i in 0..<(2 * r) {
            for k in 0..<16 { x[k] ^= b[i * 16 + k] }
            salsa20_8(x)
            (y + i * 16).update(from: x, count: 16)
        }
        // 3. B' = (Y_0, Y_2, …, Y_{2r−2}, Y_1, Y_3, …, Y_{2r−1})
        for i in 0..<r {
            (b + i * 16).update(from: y + (2 * i) * 16, count: 16)
            (b + (r + i) * 16).update(from: y + (2 * i + 1) * 16, count: 16)
        }
    }

    @inline(__always) private static func rotl(_ a: UInt32, _ n: UInt32) -> UInt32 { (a << n) | (a >> (32 &- n)) }

    /// Salsa20/8 core (RFC 7914 §3): 4 double rounds, then add the input.
    private static func salsa20_8(_ b: UnsafeMutablePointer<UInt32>) {
        var x0 = b[0], x1 = b[1], x2 = b[2], x3 = b[3], x4 = b[4], x5 = b[5], x6 = b[6], x7 = b[7]
        var x8 = b[8], x9 = b[9], x10 = b[10], x11 = b[11], x12 = b[12], x13 = b[13], x14 = b[14], x15 = b[15]
        for _ in 0..<4 {
            // Columns.
            x4 ^= rotl(x0 &+ x12, 7); x8 ^= rotl(x4 &+ x0, 9); x12 ^= rotl(x8 &+ x4, 13); x0 ^= rotl(x12 &+ x8, 18)
            x9 ^= rotl(x5 &+ x1, 7); x13 ^= rotl(x9 &+ x5, 9); x1 ^= rotl(x13 &+ x9, 13); x5 ^= rotl(x1 &+ x13, 18)
            x14 ^= rotl(x10 &+ x6, 7); x2 ^= rotl(x14 &+ x10, 9); x6 ^= rotl(x2 &+ x14, 13); x10 ^= rotl(x6 &+ x2, 18)
            x3 ^= rotl(x15 &+ x11, 7); x7 ^= rotl(x3 &+ x15, 9); x11 ^= rotl(x7 &+ x3, 13); x15 ^= rotl(x11 &+ x7, 18)
            // Rows.
            x1 ^= rotl(x0 &+ x3, 7); x2 ^= rotl(x1 &+ x0, 9); x3 ^= rotl(x2 &+ x1, 13); x0 ^= rotl(x3 &+ x2, 18)
            x6 ^= rotl(x5 &+ x4, 7); x7 ^= rotl(x6 &+ x5, 9); x4 ^= rotl(x7 &+ x6, 13); x5 ^= rotl(x4 &+ x7, 18)
            x11 ^= rotl(x10 &+ x9, 7); x8 ^= rotl(x11 &+ x10, 9); x9 ^= rotl(x8 &+ x11, 13); x10 ^= rotl(x9 &+ x8, 18)
            x12 ^= rotl(x15 &+ x14, 7); x13 ^= rotl(x12 &+ x15, 9); x14 ^= rotl(x13 &+ x12, 13); x15 ^= rotl(x14 &+ x13, 18)
        }
        b[0] &+= x0; b[1] &+= x1; b[2] &+= x2; b[3] &+= x3; b[4] &+= x4; b[5] &+= x5; b[6] &+= x6; b[7] &+= x7
        b[8] &+= x8; b[9] &+= x9; b[10] &+= x10; b[11] &+= x11; b[12] &+= x12; b[13] &+= x13; b[14] &+= x14; b[15] &+= x15
    }
}
