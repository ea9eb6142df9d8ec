public import BLS12381
import Crypto
import EthereumCore
import Foundation
package import Vault

/// Fast restart: the signer's decrypted vault keys, re-encrypted under one data key, in a file
/// beside its data.
///
/// A first start decrypts every row (the vault cipher, then each keystore's KDF: about 15 s per
/// 1,000 PBKDF2 keystores on 2 cores, and scrypt is 10–20× slower). It then writes this cache:
/// a fresh 32-byte data key, wrapped by the vault's cipher (KMS `GenerateDataKey`, or the local
/// master key) and bound to the purpose `etherkeep/signer-key-cache/<signer uuid>`, and per key
/// `AES-256-GCM(data key, secret key)` with the public key and the row's fingerprint as
/// associated data. A restart unwraps the data key once and opens each entry with AES-GCM.
///
/// Only rows the vault still lists, active and assigned to this signer, are looked up; an entry
/// whose row changed (another ciphertext, so another fingerprint), that does not open, or whose
/// key is not the row's public key is ignored and the row decrypted the slow way.
///
/// Threat model: the cache is as strong as the vault cipher. Whoever can use the cipher (the KMS
/// key, or the master key file) and read the cache gets the keys without the keystore
/// passwords' KDF slowing a guess — which the vault record (it holds the passwords) gives them
/// already. `--no-key-cache` turns it off.
///
/// File (JSON, mode 0600, replaced atomically): `{"version": 1, "cipher": name, "data_key": base64,
/// "entries": {pubkey hex: {"fingerprint": hex, "sealed": base64 of nonce ‖ ciphertext ‖ tag}}}`.
package enum KeyCache {
    /// A row's identity in the cache: its public key (hex, no `0x`) and the SHA-256 of the row's
    /// ciphertext, so a re-encrypted or replaced row is never served from an old entry.
    package struct Tag: Sendable, Hashable {
        package let pubkey: String
        package let fingerprint: [UInt8]

        package init(_ row: KeyRow) {
            pubkey = row.pubkey.lowercased()
            fingerprint = Array(SHA256.hash(data: Array(row.encryptedKeyPasswordMnemonicBase64.utf8)))
        }

        /// The row's ``KeyRing/Entry/identity``: a reload reuses the loaded key while it is unchanged.
        package var identity: String { "vault:\(pubkey):\(Hex.encode(fingerprint, prefix: false))" }
    }

    /// The cache file's name in a data directory, one per signer UUID.
    package static func path(directory: String, signer: String) -> String {
        directory + "/signer-key-cache-\(signer).json"
    }

    static func purpose(signer: String) -> String { "etherkeep/signer-key-cache/\(signer)" }

    /// An opened cache: the unwrapped data key and the sealed entries.
    package final class Opened: Sendable {
        private let dataKey: SymmetricKey
        private let entries: [String: File.Entry]

        init(dataKey: SymmetricKey, entries: [String: File.Entry]) {
            self.dataKey = dataKey
            self.entries = entries
        }

        /// How many entries the file holds.
        package var count: Int { entries.count }

        /// The key cached for `tag`, or `nil` when there is none, its row changed, or it does not
        /// open. (The caller checks it against the row's public key, as for any decrypted key.)
        package func key(for tag: Tag) -> SecretKey? {
            guard let entry = entries[tag.pubkey], entry.fingerprint == Hex.encode(tag.fingerprint, prefix: false),
                  let sealed = Data(base64Encoded: entry.sealed), sealed.count == 12 + 32 + 16
            else { return nil }
            do {
                let box = try AES.GCM.SealedBox(
                    nonce: AES.GCM.Nonce(data: sealed.prefix(12)), ciphertext: sealed.dropFirst(12).prefix(32), tag: sealed.suffix(16))
                var plain = try AES.GCM.open(box, using: dataKey, authenticating: KeyCache.aad(tag))
                defer { plain.resetBytes(in: 0..<plain.count) }
                return try SecretKey(bytes: plain)
            } catch {
                return nil
            }
        }
    }

    /// Opens the cache at `path` with the vault's `cipher`.
    ///
    /// - Returns: the opened cache, or `nil` and why (no file, unreadable, another cipher, or a
    ///   data key that does not unwrap): the signer then decrypts every row and writes a new one.
    package static func open(path: String, cipher: any VaultCipher, signer: String) async -> (Opened?, String) {
        guard let data = FileManager.default.contents(atPath: path) else { return (nil, "no cache file") }
        guard let file = try? JSONDecoder().decode(File.self, from: data), file.version == 1 else {
            return (nil, "the cache file is not a version 1 key cache")
        }
        guard file.cipher == cipher.name else { return (nil, "the cache was written under the \(file.cipher) cipher, not \(cipher.name)") }
        guard let wrapped = Data(base64Encoded: file.dataKey) else { return (nil, "the cache's data key is not base64") }
        do {
            let dataKey = try await cipher.openDataKey(Array(wrapped), purpose: purpose(signer: signer))
            return (Opened(dataKey: dataKey, entries: file.entries), "opened")
        } catch {
            return (nil, "the cache's data key does not unwrap: \(error.reason)")
        }
    }

    /// Writes a new cache of `keys` under a fresh data key, replacing the file atomically
    /// (written to a temporary file of mode 0600 in the same directory, synced, renamed).
    ///
    /// - Throws: ``VaultError`` when the cipher cannot make a data key or the file cannot be written.
    package static func write(path: String, cipher: any VaultCipher, signer: String, keys: [(Tag, SecretKey)]) async throws(VaultError) {
        let (dataKey, wrapped) = try await cipher.newDataKey(purpose: purpose(signer: signer))
        var entries: [String: File.Entry] = [:]
        for (tag, key) in keys {
            do {
                let sealed = try key.withSerializedBytes { try AES.GCM.seal($0, using: dataKey, authenticating: aad(tag)) }
                entries[tag.pubkey] = File.Entry(
                    fingerprint: Hex.encode(tag.fingerprint, prefix: false),
                    sealed: (Data(sealed.nonce) + sealed.ciphertext + sealed.tag).base64EncodedString())
            } catch {
                throw VaultError(.cipher, "AES-GCM encryption of a cache entry failed")
            }
        }
        let file = File(version: 1, cipher: cipher.name, dataKey: Data(wrapped).base64EncodedString(), entries: entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes: Data
        do { bytes = try encoder.encode(file) } catch { throw VaultError(.storage, "encoding the key cache failed") }
        try replace(path, with: bytes)
    }

    private static func replace(_ path: String, with bytes: Data) throws(VaultError) {
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = path + ".tmp-\(getpid())"
        let fd = Foundation.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw VaultError(.storage, "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)  // invariant: raw.count > 0 here, so baseAddress is set
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard written, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw VaultError(.storage, "cannot write the key cache \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func aad(_ tag: Tag) -> [UInt8] {
        Array("etherkeep/key-cache/v1/\(tag.pubkey)/\(Hex.encode(tag.fingerprint, prefix: false))".utf8)
    }

    /// The file's wire shape: ciphertexts and names only, never a secret in the clear.
    struct File: Codable {
        var version: Int
        var cipher: String
        var dataKey: String
        var entries: [String: Entry]

        struct Entry: Codable, Sendable {
            var fingerprint: String
            var sealed: String
        }

        enum CodingKeys: String, CodingKey {
            case version, cipher, entries
            case dataKey = "data_key"
        }
    }
}
