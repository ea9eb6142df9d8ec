import BLS12381
import Secrets
public import Crypto

/// An EIP-2333 secret key: a node of the BLS12-381 key tree
/// (https://eips.ethereum.org/EIPS/eip-2333).
///
/// The 32-byte big-endian scalar lives in a ``SymmetricKey`` (zeroised when released) and is
/// reachable only through ``withUnsafeBytes(_:)``. Not `Codable`, no `description`. Derivation
/// is constant-time in the secret apart from `HKDF_mod_r`'s retry on a zero result, which
/// happens with probability about 2^-255.
public struct DerivedKey: Sendable {
    private let key: SymmetricKey

    private init(key: SymmetricKey) { self.key = key }

    /// `derive_master_SK(seed)`: `HKDF_mod_r(seed)`.
    ///
    /// - Parameter seed: at least 32 bytes (a BIP-39 seed is 64).
    /// - Throws: ``ValidatorKeysError`` (`invalidSeed`) for a shorter seed.
    public static func master(seed: SymmetricKey) throws(ValidatorKeysError) -> DerivedKey {
        guard seed.bitCount >= 256 else {
            throw ValidatorKeysError(.invalidSeed, "an EIP-2333 seed must be at least 32 bytes, got \(seed.bitCount / 8)")
        }
        return DerivedKey(key: hkdfModR(ikm: seed))
    }

    /// `derive_child_SK(parent_SK, index)`: `HKDF_mod_r(parent_SK_to_lamport_PK(parent_SK, index))`.
    public func child(at index: UInt32) -> DerivedKey {
        let compressedLamportPK = parentSKToLamportPK(index: index)
        return DerivedKey(key: Self.hkdfModR(ikm: compressedLamportPK))
    }

    /// Derives along `path` from this key (normally the master key).
    public func derive(_ path: KeyPath) -> DerivedKey {
        path.indices.reduce(self) { $0.child(at: $1) }
    }

    /// Gives `body` the 32-byte big-endian secret. Do not let the bytes escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try key.withUnsafeBytes(body)
    }

    /// `HKDF_mod_r(IKM, key_info="")` with `L = 48`:
    ///
    ///     salt = "BLS-SIG-KEYGEN-SALT-"; SK = 0
    ///     while SK == 0:
    ///         salt = H(salt)
    ///         PRK = HKDF-Extract(salt, IKM || I2OSP(0, 1))
    ///         OKM = HKDF-Expand(PRK, key_info || I2OSP(L, 2), L)
    ///         SK = OS2IP(OKM) mod r
    static func hkdfModR(ikm: SymmetricKey) -> SymmetricKey {
        var salt = Array("BLS-SIG-KEYGEN-SALT-".utf8)
        let ikmPadded = ikm.withUnsafeBytes { SymmetricKey(data: Array($0) + [0]) }  // IKM || I2OSP(0, 1)
        while true {
            salt = Array(SHA256.hash(data: salt))
            let prk = HKDF<SHA256>.extract(inputKeyMaterial: ikmPadded, salt: salt)
            let okm = HKDF<SHA256>.expand(pseudoRandomKey: prk, info: [0, 48], outputByteCount: 48)
            var sk = [UInt8](repeating: 0, count: 32)
            defer { sk.wipe() }
            okm.withUnsafeBytes { okmBytes in
                sk.withUnsafeMutableBytes { ScalarReduction.reduce(bigEndian: okmBytes, into: $0) }
            }
            // One public bit: whether SK is zero (then the loop retries, probability ~2^-255).
            if !Declassify.isZero(sk.reduce(UInt64(0)) { $0 | UInt64($1) }) { return SymmetricKey(data: sk) }
        }
    }

    /// `parent_SK_to_lamport_PK(parent_SK, index)`, returning `compressed_lamport_PK`:
    ///
    ///     salt = I2OSP(index, 4); IKM = I2OSP(parent_SK, 32)
    ///     lamport_0 = IKM_to_lamport_SK(IKM, salt)
    ///     not_IKM = flip_bits(IKM)
    ///     lamport_1 = IKM_to_lamport_SK(not_IKM, salt)
    ///     lamport_PK = SHA256(lamport_0[i]) for each i ‖ SHA256(lamport_1[i]) for each i
    ///     compressed_lamport_PK = SHA256(lamport_PK)
    func parentSKToLamportPK(index: UInt32) -> SymmetricKey {
        let salt: [UInt8] = [UInt8(index >> 24), UInt8(truncatingIfNeeded: index >> 16),
                             UInt8(truncatingIfNeeded: index >> 8), UInt8(truncatingIfNeeded: index)]
        let notIKM = key.withUnsafeBytes { SymmetricKey(data: $0.map { ~$0 }) }
        var compressor = SHA256()
        for ikm in [key, notIKM] {
            // IKM_to_lamport_SK(IKM, salt): OKM = HKDF-Expand(HKDF-Extract(salt, IKM), "", 255·32),
            // split into 255 chunks of 32 bytes.
            let prk = HKDF<SHA256>.extract(inputKeyMaterial: ikm, salt: salt)
            let okm = HKDF<SHA256>.expand(pseudoRandomKey: prk, info: [UInt8](), outputByteCount: 255 * 32)
            okm.withUnsafeBytes { chunks in
                for i in 0..<255 {
                    SHA256.hash(data: UnsafeRawBufferPointer(rebasing: chunks[(i * 32)..<(i * 32 + 32)]))
                        .withUnsafeBytes { compressor.update(bufferPointer: $0) }
                }
            }
        }
        return SymmetricKey(data: compressor.finalize())
    }
}
