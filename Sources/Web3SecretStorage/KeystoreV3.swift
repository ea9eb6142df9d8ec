import _CryptoExtras
import Crypto
import EthereumCore
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import Secp256k1

/// Web3 Secret Storage, version 3: an account key encrypted with AES-128-CTR under a key derived
/// from a password by scrypt or PBKDF2-HMAC-SHA256, authenticated by
/// `mac = keccak256(DK[16..<32] ‖ ciphertext)`.
///
/// The MAC is compared in constant time; the plaintext key goes straight into ``PrivateKey`` and
/// the intermediate buffers are wiped (best effort: swift-crypto returns the plaintext as `Data`).
public enum KeystoreV3 {
    /// The key-derivation function and its cost.
    public enum KDF: Sendable, Equatable {
        /// scrypt with N = `n` (a power of two), r, p. geth's "standard" is n = 262144, r = 8, p = 1.
        case scrypt(n: Int, r: Int, p: Int)
        /// PBKDF2-HMAC-SHA256 with `c` iterations (at least 210 000 when creating).
        case pbkdf2(c: Int)

        /// geth's and eth-account's default.
        public static let standard = KDF.scrypt(n: 262_144, r: 8, p: 1)
    }

    /// Decrypts a keystore with `password` (its UTF-8 bytes; the caller wipes them).
    ///
    /// - Throws: ``Web3SecretStorageError/Code-swift.struct/invalidKeystore`` naming the field at
    ///   fault, or saying that the MAC does not match (wrong password or corrupted file).
    public static func decrypt(json: Data, password: [UInt8]) throws(Web3SecretStorageError) -> PrivateKey {
        let file: KeystoreV3JSON
        do { file = try JSONDecoder().decode(KeystoreV3JSON.self, from: json) } catch {
            let e = StrictJSON.Failure(error)
            throw Web3SecretStorageError(.invalidKeystore, field: e.field, e.reason)
        }
        return try decrypt(file, password: password)
    }

    /// Decrypts a decoded keystore. Parameters are read as the file gives them (an existing file's
    /// low PBKDF2 count is accepted); only their shape is checked.
    public static func decrypt(_ file: KeystoreV3JSON, password: [UInt8]) throws(Web3SecretStorageError) -> PrivateKey {
        guard file.version == 3 else { throw error("version", "expected 3, found \(file.version)") }
        let c = file.crypto
        guard c.cipher == "aes-128-ctr" else { throw error("crypto.cipher", "unsupported cipher \"\(c.cipher)\" (expected aes-128-ctr)") }
        let iv = try hex(c.cipherparams.iv, "crypto.cipherparams.iv")
        guard iv.count == 16 else { throw error("crypto.cipherparams.iv", "expected 16 bytes, got \(iv.count)") }
        let ciphertext = try hex(c.ciphertext, "crypto.ciphertext")
        guard ciphertext.count == 32 else { throw error("crypto.ciphertext", "expected 32 bytes, got \(ciphertext.count)") }
        let mac = try hex(c.mac, "crypto.mac")
        let salt = try hex(c.kdfparams.salt, "crypto.kdfparams.salt")
        guard c.kdfparams.dklen == 32 else { throw error("crypto.kdfparams.dklen", "expected 32, found \(c.kdfparams.dklen)") }
        let kdf: KDF
        switch c.kdf {
        case "scrypt":
            guard let n = c.kdfparams.n, let r = c.kdfparams.r, let p = c.kdfparams.p else {
                throw error("crypto.kdfparams", "scrypt needs n, r and p")
            }
            kdf = .scrypt(n: n, r: r, p: p)
        case "pbkdf2":
            guard let iterations = c.kdfparams.c else { throw error("crypto.kdfparams.c", "required for pbkdf2") }
            guard c.kdfparams.prf == "hmac-sha256" else { throw error("crypto.kdfparams.prf", "unsupported (expected hmac-sha256)") }
            kdf = .pbkdf2(c: iterations)
        default:
            throw error("crypto.kdf", "unsupported KDF \"\(c.kdf)\" (expected scrypt or pbkdf2)")
        }
        let derived = try deriveKey(kdf, password: password, salt: salt, creating: false)
        // mac = keccak256(DK[16..<32] ‖ ciphertext), compared without early exit.
        let expected = derived.withUnsafeBytes { Keccak256.hash(Array($0[16..<32]) + ciphertext) }
        guard mac.count == 32, zip(mac, expected).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw error("crypto.mac", "MAC mismatch: wrong password or corrupted keystore")
        }
        var plaintext: Data
        do {
            plaintext = try AES._CTR.decrypt(ciphertext, using: encryptionKey(derived), nonce: AES._CTR.Nonce(nonceBytes: iv))
        } catch { throw Web3SecretStorageError(.invalidKeystore, "AES-128-CTR failed: \(error)") }
        defer { plaintext.resetBytes(in: 0..<plaintext.count) }
        let key: PrivateKey?
        do { key = try plaintext.withUnsafeBytes { raw in try PrivateKey(unsafeBytes: raw) } } catch { key = nil }
        guard let key else { throw Web3SecretStorageError(.invalidKeystore, "decrypted key is not a valid secp256k1 key") }
        return key
    }

    /// Encrypts `key` under `password` with fresh random salt, IV and UUID.
    ///
    /// - Returns: the keystore JSON (with the lower-case address, as geth writes it).
    public static func encrypt(_ key: PrivateKey, password: [UInt8], kdf: KDF = .standard) throws(Web3SecretStorageError) -> KeystoreV3JSON {
        let salt = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        let iv = SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
        let derived = try deriveKey(kdf, password: password, salt: salt, creating: true)
        let ciphertext: [UInt8]
        do {
            ciphertext = try key.withUnsafeSecretBytes { secret in
                Array(try AES._CTR.encrypt(secret, using: encryptionKey(derived), nonce: AES._CTR.Nonce(nonceBytes: iv)))
            }
        } catch { throw Web3SecretStorageError(.invalidKeystore, "AES-128-CTR failed: \(error)") }
        let mac = derived.withUnsafeBytes { Keccak256.hash(Array($0[16..<32]) + ciphertext) }
        let params: KeystoreV3JSON.KDFParamsJSON
        switch kdf {
        case .scrypt(let n, let r, let p): params = .init(dklen: 32, salt: Hex.encode(salt, prefix: false), n: n, r: r, p: p)
        case .pbkdf2(let c): params = .init(dklen: 32, salt: Hex.encode(salt, prefix: false), c: c, prf: "hmac-sha256")
        }
        let kdfName = if case .scrypt = kdf { "scrypt" } else { "pbkdf2" }
        let address: Address
        do { address = try Address(publicKeyXY: key.publicKey.xy) } catch { throw Web3SecretStorageError(.invalidKeystore, "\(error)") }
        return KeystoreV3JSON(
            crypto: .init(cipher: "aes-128-ctr", cipherparams: .init(iv: Hex.encode(iv, prefix: false)),
                          ciphertext: Hex.encode(ciphertext, prefix: false), kdf: kdfName, kdfparams: params,
                          mac: Hex.encode(mac, prefix: false)),
            id: UUID().uuidString.lowercased(), version: 3,
            address: Hex.encode(address.bytes, prefix: false))
    }

    /// DK = scrypt(password, salt, n, r, p, 32) or PBKDF2-HMAC-SHA256(password, salt, c, 32).
    private static func deriveKey(_ kdf: KDF, password: [UInt8], salt: [UInt8], creating: Bool) throws(Web3SecretStorageError) -> SymmetricKey {
        do {
            switch kdf {
            case .scrypt(let n, let r, let p):
                guard n > 1, n & (n - 1) == 0, n <= 1 << 22 else { throw error("crypto.kdfparams.n", "must be a power of two between 2 and 2^22, found \(n)") }
                // r and p come from the file: bound each before multiplying, so no product can overflow.
                guard (1..<(1 << 20)).contains(r), (1..<(1 << 20)).contains(p), r * p < 1 << 20, 128 * n * r * p <= 1 << 32 else {
                    throw error("crypto.kdfparams", "scrypt r = \(r), p = \(p) out of range (memory 128·n·r·p at most 4 GiB)")
                }
                // BoringSSL enforces RFC 7914's N < 2^(16·r); geth does not, so such files use our own scrypt.
                if r < 4, n >= 1 << (16 * r) {
                    return try Scrypt.deriveKey(password: password, salt: salt, n: n, r: r, p: p, outputByteCount: 32)
                }
                return try _CryptoExtras.KDF.Scrypt.deriveKey(from: password, salt: salt, outputByteCount: 32, rounds: n, blockSize: r, parallelism: p)
            case .pbkdf2(let c):
                guard c >= 1, c <= 100_000_000 else { throw error("crypto.kdfparams.c", "iteration count \(c) out of range") }
                if creating {
                    return try _CryptoExtras.KDF.Insecure.PBKDF2.deriveKey(from: password, salt: salt, using: .sha256, outputByteCount: 32, rounds: c)
                }
                // Reading an existing file: its iteration count is not ours to choose.
                return try _CryptoExtras.KDF.Insecure.PBKDF2.deriveKey(from: password, salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: c)
            }
        } catch let e as Web3SecretStorageError {
            throw e
        } catch {
            throw Web3SecretStorageError(.invalidKeystore, field: "crypto.kdfparams", "key derivation failed: \(error)")
        }
    }

    /// The AES-128 key: DK[0..<16].
    private static func encryptionKey(_ derived: SymmetricKey) -> SymmetricKey {
        derived.withUnsafeBytes { SymmetricKey(data: UnsafeRawBufferPointer(rebasing: $0[0..<16])) }
    }

    private static func hex(_ text: String, _ field: String) throws(Web3SecretStorageError) -> [UInt8] {
        do { return try Hex.decode(text) } catch { throw self.error(field, error.reason) }
    }

    private static func error(_ field: String, _ reason: String) -> Web3SecretStorageError {
        Web3SecretStorageError(.invalidKeystore, field: field, reason)
    }
}
