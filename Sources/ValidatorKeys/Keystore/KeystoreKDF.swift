public import Crypto
import CryptoExtras

/// The key-derivation function of an EIP-2335 keystore, with parameters already checked against
/// the limits below (https://eips.ethereum.org/EIPS/eip-2335#kdf).
///
/// The limits are checked before anything is allocated, so a hostile keystore cannot make
/// decryption exhaust memory or run for hours.
public enum KeystoreKDF: Hashable, Sendable {
    /// scrypt with cost `n` (a power of two), block size `r`, parallelism `p`.
    case scrypt(n: Int, r: Int, p: Int, salt: [UInt8])
    /// PBKDF2-HMAC-SHA256 with `c` rounds.
    case pbkdf2(c: Int, salt: [UInt8])

    /// The default scrypt parameters (n = 2^18, r = 8, p = 1) with a fresh 32-byte salt.
    public static func defaultScrypt() -> KeystoreKDF { .scrypt(n: 1 << 18, r: 8, p: 1, salt: randomBytes(32)) }

    /// The default PBKDF2 parameters (c = 2^18) with a fresh 32-byte salt.
    public static func defaultPBKDF2() -> KeystoreKDF { .pbkdf2(c: 1 << 18, salt: randomBytes(32)) }

    /// Largest scrypt memory accepted: 128·n·r·p ≤ 1 GiB (the default uses 256 MiB).
    public static let maxScryptMemory = 1 << 30
    /// Largest scrypt work accepted: n·r·p ≤ 2^25 (16× the default).
    public static let maxScryptWork = 1 << 25
    /// Largest PBKDF2 round count accepted: 2^24 (64× the default).
    public static let maxPBKDF2Rounds = 1 << 24
    /// Salt length bounds, in bytes.
    static let saltBytes = 1...1024

    /// The keystore `kdf.function` name.
    public var function: String {
        switch self {
        case .scrypt: "scrypt"
        case .pbkdf2: "pbkdf2"
        }
    }

    public var salt: [UInt8] {
        switch self {
        case .scrypt(_, _, _, let salt), .pbkdf2(_, let salt): salt
        }
    }

    /// Checks the parameters against the limits.
    ///
    /// - Throws: ``ValidatorKeysError`` (`unsupportedParameters`) naming the parameter.
    func validate() throws(ValidatorKeysError) {
        guard Self.saltBytes.contains(salt.count) else {
            throw ValidatorKeysError(.unsupportedParameters, "kdf salt must be 1 to 1024 bytes, got \(salt.count)")
        }
        switch self {
        case .scrypt(let n, let r, let p, _):
            guard n > 1, n & (n - 1) == 0 else {
                throw ValidatorKeysError(.unsupportedParameters, "scrypt n must be a power of two above 1, got \(n)")
            }
            guard (1...1024).contains(r), (1...1024).contains(p) else {
                throw ValidatorKeysError(.unsupportedParameters, "scrypt r and p must be 1 to 1024, got r=\(r) p=\(p)")
            }
            let (nr, o1) = n.multipliedReportingOverflow(by: r)
            let (work, o2) = nr.multipliedReportingOverflow(by: p)
            guard !o1, !o2, work <= Self.maxScryptWork, work * 128 <= Self.maxScryptMemory else {
                throw ValidatorKeysError(
                    .unsupportedParameters,
                    "scrypt n=\(n) r=\(r) p=\(p) needs more than \(Self.maxScryptMemory >> 20) MiB or \(Self.maxScryptWork) units of work")
            }
        case .pbkdf2(let c, _):
            guard (1...Self.maxPBKDF2Rounds).contains(c) else {
                throw ValidatorKeysError(.unsupportedParameters, "pbkdf2 c must be 1 to \(Self.maxPBKDF2Rounds), got \(c)")
            }
        }
    }

    /// Derives the 32-byte decryption key from an already normalised password.
    func deriveKey(password: KeystorePassword) throws(ValidatorKeysError) -> SymmetricKey {
        try validate()
        do {
            return try password.withBytes { bytes in
                // BoringSSL wants a non-null pointer even for an empty password.
                let input: [UInt8] = Array(bytes)
                switch self {
                case .scrypt(let n, let r, let p, let salt):
                    return try KDF.Scrypt.deriveKey(
                        from: input, salt: salt, outputByteCount: 32, rounds: n, blockSize: r, parallelism: p)
                case .pbkdf2(let c, let salt):
                    return try KDF.Insecure.PBKDF2.deriveKey(
                        from: input, salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: c)
                }
            }
        } catch {
            throw ValidatorKeysError(.unsupportedParameters, "the \(function) key derivation failed: \(error)")
        }
    }
}

/// `n` random bytes from the system generator.
func randomBytes(_ n: Int) -> [UInt8] {
    var rng = SystemRandomNumberGenerator()
    return (0..<n).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
}
