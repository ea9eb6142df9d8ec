import BLS12381
import Secrets
public import Crypto
import CryptoExtras
import EthereumCore
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An EIP-2335 keystore: a BLS secret key encrypted under a password
/// (https://eips.ethereum.org/EIPS/eip-2335).
///
/// Built either by parsing JSON (``init(json:)``: every field checked, the KDF parameters against
/// ``KeystoreKDF``'s limits, before any key derivation) or by ``encrypt(secret:password:path:kdf:pubkey:)``.
/// Holds only public data (the ciphertext, not the secret).
public struct Keystore: Sendable {
    public let kdf: KeystoreKDF
    /// `crypto.checksum.message`: SHA-256(DK[16..<32] ‖ cipher message).
    public let checksum: [UInt8]
    /// `crypto.cipher.params.iv`: the 16-byte initial AES-128-CTR counter block.
    public let iv: [UInt8]
    /// `crypto.cipher.message`: the encrypted 32-byte secret.
    public let cipherMessage: [UInt8]
    /// The BLS public key the secret belongs to (optional in EIP-2335; always written here).
    public let pubkey: [UInt8]?
    public let path: String
    public let uuid: String
    public let description: String

    /// Parses and checks keystore JSON. Derives nothing.
    ///
    /// - Throws: ``ValidatorKeysError``: `invalidKeystore` (not JSON, or a field missing, of the
    ///   wrong type, unknown or malformed: the reason names it); `unsupportedVersion`;
    ///   `unsupportedParameters` (a function other than scrypt/pbkdf2, sha256, aes-128-ctr, or
    ///   KDF parameters beyond the limits).
    public init(json: Data) throws(ValidatorKeysError) {
        let dto: KeystoreJSON
        do {
            dto = try JSONDecoder().decode(KeystoreJSON.self, from: json)
        } catch {
            throw ValidatorKeysError(.invalidKeystore, "not an EIP-2335 keystore: \(Self.describe(error))")
        }
        guard dto.version == 4 else {
            throw ValidatorKeysError(.unsupportedVersion, "keystore version \(dto.version) is not supported (only 4)")
        }
        let params = dto.crypto.kdf.params
        let salt = try Self.hex(params.salt, "crypto.kdf.params.salt")
        guard params.dklen == 32 else {
            throw ValidatorKeysError(.unsupportedParameters, "kdf dklen must be 32, got \(params.dklen)")
        }
        guard dto.crypto.kdf.message.isEmpty else {
            throw ValidatorKeysError(.invalidKeystore, "crypto.kdf.message must be empty")
        }
        switch dto.crypto.kdf.function {
        case "scrypt":
            guard let n = params.n, let r = params.r, let p = params.p, params.c == nil, params.prf == nil else {
                throw ValidatorKeysError(.invalidKeystore, "scrypt params must be exactly dklen, n, r, p, salt")
            }
            kdf = .scrypt(n: n, r: r, p: p, salt: salt)
        case "pbkdf2":
            guard let c = params.c, params.n == nil, params.r == nil, params.p == nil else {
                throw ValidatorKeysError(.invalidKeystore, "pbkdf2 params must be exactly dklen, c, prf, salt")
            }
            guard params.prf == "hmac-sha256" else {
                throw ValidatorKeysError(.unsupportedParameters, "pbkdf2 prf \"\(params.prf ?? "")\" is not supported (only hmac-sha256)")
            }
            kdf = .pbkdf2(c: c, salt: salt)
        default:
            throw ValidatorKeysError(.unsupportedParameters, "kdf function \"\(dto.crypto.kdf.function)\" is not supported")
        }
        try kdf.validate()
        guard dto.crypto.checksum.function == "sha256" else {
            throw ValidatorKeysError(.unsupportedParameters, "checksum function \"\(dto.crypto.checksum.function)\" is not supported")
        }
        checksum = try Self.hex(dto.crypto.checksum.message, "crypto.checksum.message", count: 32)
        guard dto.crypto.cipher.function == "aes-128-ctr" else {
            throw ValidatorKeysError(.unsupportedParameters, "cipher function \"\(dto.crypto.cipher.function)\" is not supported")
        }
        iv = try Self.hex(dto.crypto.cipher.params.iv, "crypto.cipher.params.iv", count: 16)
        cipherMessage = try Self.hex(dto.crypto.cipher.message, "crypto.cipher.message", count: 32)
        if let pk = dto.pubkey, !pk.isEmpty {
            pubkey = try Self.hex(pk, "pubkey", count: 48)
        } else {
            pubkey = nil
        }
        path = dto.path
        uuid = dto.uuid
        description = dto.description ?? ""
    }

    private init(
        kdf: KeystoreKDF, checksum: [UInt8], iv: [UInt8], cipherMessage: [UInt8], pubkey: [UInt8]?, path: String,
        uuid: String, description: String
    ) {
        self.kdf = kdf
        self.checksum = checksum
        self.iv = iv
        self.cipherMessage = cipherMessage
        self.pubkey = pubkey
        self.path = path
        self.uuid = uuid
        self.description = description
    }

    /// Encrypts a 32-byte secret with a key already derived from the password under `kdf`
    /// (so that one derivation can serve many keystores when the salt is shared).
    ///
    /// - Parameters:
    ///   - secret: the 32-byte big-endian secret key.
    ///   - decryptionKey: `kdf` applied to the normalised password (``deriveKey(password:kdf:)``).
    ///   - iv: the 16-byte counter block; fresh random bytes by default. Never reuse an IV with
    ///     the same decryption key.
    public static func encrypt(
        secret: SymmetricKey, decryptionKey: SymmetricKey, kdf: KeystoreKDF, pubkey: [UInt8], path: KeyPath,
        iv: [UInt8]? = nil, uuid: UUID = UUID()
    ) throws(ValidatorKeysError) -> Keystore {
        guard secret.bitCount == 256 else {
            throw ValidatorKeysError(.invalidKey, "a keystore secret must be 32 bytes")
        }
        let iv = iv ?? randomBytes(16)
        guard iv.count == 16 else { throw ValidatorKeysError(.invalidKeystore, "the AES-128-CTR IV must be 16 bytes") }
        var plain = secret.withUnsafeBytes { Array($0) }
        defer { plain.wipe() }
        let cipherMessage = try aes128CTR(plain, decryptionKey: decryptionKey, iv: iv)
        return Keystore(
            kdf: kdf, checksum: checksumOf(decryptionKey: decryptionKey, cipherMessage: cipherMessage), iv: iv,
            cipherMessage: cipherMessage, pubkey: pubkey, path: path.description, uuid: uuid.uuidString.lowercased(),
            description: "")
    }

    /// Runs the KDF: the 32-byte decryption key `DK` for `password`.
    ///
    /// - Throws: ``ValidatorKeysError`` (`unsupportedParameters`) when `kdf` is beyond the limits.
    public static func deriveKey(password: KeystorePassword, kdf: KeystoreKDF) throws(ValidatorKeysError) -> SymmetricKey {
        try kdf.deriveKey(password: password)
    }

    /// Decrypts with a password: derives `DK`, then ``decrypt(decryptionKey:)``.
    public func decrypt(password: KeystorePassword) throws(ValidatorKeysError) -> SymmetricKey {
        try decrypt(decryptionKey: try Self.deriveKey(password: password, kdf: kdf))
    }

    /// Checks the checksum (constant-time), and only then decrypts.
    ///
    /// - Returns: the 32-byte secret. It is not checked against ``pubkey`` here; callers that
    ///   need a BLS key use ``decryptSecretKey(password:)``.
    /// - Throws: ``ValidatorKeysError`` (`wrongPassword`) when the checksum does not match.
    public func decrypt(decryptionKey: SymmetricKey) throws(ValidatorKeysError) -> SymmetricKey {
        let expected = Self.checksumOf(decryptionKey: decryptionKey, cipherMessage: cipherMessage)
        var diff: UInt64 = 0
        for i in 0..<32 { diff |= UInt64(expected[i] ^ checksum[i]) }
        // One public bit, the verdict (the password is right or wrong), not the difference itself.
        guard Declassify.isZero(diff) else {
            throw ValidatorKeysError(.wrongPassword, "wrong password: the keystore checksum does not match")
        }
        var plain = try Self.aes128CTR(cipherMessage, decryptionKey: decryptionKey, iv: iv)
        defer { plain.wipe() }
        return SymmetricKey(data: plain)
    }

    /// `checksum = SHA256(DK[16..<32] ‖ cipher_message)`.
    private static func checksumOf(decryptionKey: SymmetricKey, cipherMessage: [UInt8]) -> [UInt8] {
        var h = SHA256()
        decryptionKey.withUnsafeBytes { h.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[16..<32])) }
        h.update(data: cipherMessage)
        return Array(h.finalize())
    }

    /// AES-128-CTR under `DK[0..<16]` with the full 16-byte IV as the initial counter block.
    private static func aes128CTR(_ input: [UInt8], decryptionKey: SymmetricKey, iv: [UInt8]) throws(ValidatorKeysError) -> [UInt8] {
        do {
            let key = decryptionKey.withUnsafeBytes { SymmetricKey(data: $0[0..<16]) }
            var out = try AES._CTR.encrypt(input, using: key, nonce: try AES._CTR.Nonce(nonceBytes: iv))
            defer { out.resetBytes(in: 0..<out.count) }
            return Array(out)
        } catch {
            throw ValidatorKeysError(.invalidKeystore, "AES-128-CTR failed: \(error)")
        }
    }

    private static func hex(_ text: String, _ field: String, count: Int? = nil) throws(ValidatorKeysError) -> [UInt8] {
        do {
            let bytes = try Hex.decode(text)
            if let count, bytes.count != count {
                throw ValidatorKeysError(.invalidKeystore, "\(field) must be \(count) bytes, got \(bytes.count)")
            }
            return bytes
        } catch let error as ValidatorKeysError {
            throw error
        } catch {
            throw ValidatorKeysError(.invalidKeystore, "\(field) is not hex: \(error)")
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field \"\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        case DecodingError.dataCorrupted(let context):
            if let inner = context.underlyingError as? StrictJSON.UnknownMember { return inner.description }
            return context.codingPath.isEmpty ? "invalid JSON" : "invalid field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        default: return "invalid JSON"
        }
    }
}
