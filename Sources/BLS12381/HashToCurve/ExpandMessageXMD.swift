import Crypto

/// expand_message_xmd with SHA-256 (RFC 9380 section 5.3.1).
enum ExpandMessageXMD {
    /// b_in_bytes for SHA-256.
    private static let bInBytes = 32
    /// s_in_bytes, the SHA-256 block size.
    private static let sInBytes = 64

    /// Expands `msg` under the domain separation tag `dst` to `lenInBytes` uniform bytes.
    ///
    /// A DST longer than 255 bytes is first hashed (section 5.3.3).
    ///
    /// - Precondition: `lenInBytes <= 65535` and `ell <= 255` (callers pass constants).
    static func expand(_ msg: some Collection<UInt8>, dst: [UInt8], lenInBytes: Int) -> [UInt8] {
        // 5.3.3: DST = H("H2C-OVERSIZE-DST-" || a_very_long_DST)
        let dst = dst.count > 255 ? Array(SHA256.hash(data: Array("H2C-OVERSIZE-DST-".utf8) + dst)) : dst
        // 1. ell = ceil(len_in_bytes / b_in_bytes)
        let ell = (lenInBytes + bInBytes - 1) / bInBytes
        // 2. ABORT if ell > 255 or len_in_bytes > 65535 or len(DST) > 255
        precondition(ell <= 255 && lenInBytes <= 65535 && dst.count <= 255)  // invariant: lenInBytes and dst are constants of the ciphersuite (256 bytes, 43-byte DST), never input
        // 3. DST_prime = DST || I2OSP(len(DST), 1)
        let DST_prime = dst + [UInt8(dst.count)]
        // 4. Z_pad = I2OSP(0, s_in_bytes)
        let Z_pad = [UInt8](repeating: 0, count: sInBytes)
        // 5. l_i_b_str = I2OSP(len_in_bytes, 2)
        let l_i_b_str: [UInt8] = [UInt8(lenInBytes >> 8), UInt8(lenInBytes & 0xff)]
        // 6-7. msg_prime = Z_pad || msg || l_i_b_str || I2OSP(0, 1) || DST_prime; b_0 = H(msg_prime)
        var hasher = SHA256()
        hasher.update(data: Z_pad)
        hasher.update(data: Array(msg))
        hasher.update(data: l_i_b_str + [0])
        hasher.update(data: DST_prime)
        let b_0 = Array(hasher.finalize())
        // 8. b_1 = H(b_0 || I2OSP(1, 1) || DST_prime)
        var b_i = Array(SHA256.hash(data: b_0 + [1] + DST_prime))
        var uniform_bytes = b_i
        uniform_bytes.reserveCapacity(ell * bInBytes)
        // 9-10. b_i = H(strxor(b_0, b_(i - 1)) || I2OSP(i, 1) || DST_prime)
        if ell >= 2 {
            for i in 2...ell {
                var mixed = [UInt8](repeating: 0, count: bInBytes)
                for j in 0..<bInBytes { mixed[j] = b_0[j] ^ b_i[j] }
                b_i = Array(SHA256.hash(data: mixed + [UInt8(i)] + DST_prime))
                uniform_bytes += b_i
            }
        }
        // 11-12. return substr(b_1 || ... || b_ell, 0, len_in_bytes)
        return Array(uniform_bytes.prefix(lenInBytes))
    }
}
