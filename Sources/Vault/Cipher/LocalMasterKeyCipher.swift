import Secrets
package import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The embedded default's cipher: AES-256-GCM under a random 32-byte master key kept in a file of
/// mode 0600 beside the database.
///
/// The key is created on first use with `O_CREAT | O_EXCL` and mode 0600 (so two processes cannot
/// both create one), read back on later runs, and refused when the file is readable by group or
/// others or is not exactly 32 bytes. It is never printed. Ciphertext layout:
/// `0x01 ‖ nonce (12) ‖ ciphertext ‖ tag (16)`, with the row's public key as associated data, so a
/// record cannot be moved to another row.
package struct LocalMasterKeyCipher: VaultCipher {
    private let key: SymmetricKey
    package var name: String { "local-aes-256-gcm" }
    static let version: UInt8 = 1

    /// Loads the master key at `path`, creating it when `create` is true and it does not exist.
    ///
    /// - Throws: ``VaultError/Code/masterKey`` naming the problem.
    package init(path: String, create: Bool = true) throws(VaultError) {
        key = try Self.loadOrCreate(path: path, create: create)
    }

    package func encrypt(_ record: VaultRecord, pubkey: String) async throws(VaultError) -> (ciphertext: [UInt8], context: [String: String]?) {
        do {
            let sealed = try record.json.withUnsafeBytes { try AES.GCM.seal($0, using: key, authenticating: Self.aad(pubkey)) }
            return ([Self.version] + Array(sealed.nonce) + Array(sealed.ciphertext) + Array(sealed.tag), nil)
        } catch {
            throw VaultError(.cipher, "AES-GCM encryption failed")
        }
    }

    package func decrypt(_ ciphertext: [UInt8], pubkey: String, context: [String: String]?) async throws(VaultError) -> VaultRecord {
        guard ciphertext.count > 1 + 12 + 16, ciphertext[0] == Self.version else {
            throw VaultError(.cipher, "the ciphertext is not a local-master-key record (version 1)")
        }
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: ciphertext[1..<13]), ciphertext: ciphertext[13..<(ciphertext.count - 16)],
                tag: ciphertext[(ciphertext.count - 16)...])
            var plain = try AES.GCM.open(box, using: key, authenticating: Self.aad(pubkey))
            defer { plain.resetBytes(in: 0..<plain.count) }
            return try VaultRecord(decrypted: SymmetricKey(data: plain))
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError(.cipher, "the record does not decrypt under this master key for pubkey \(pubkey.prefix(12))… (wrong key or tampered)")
        }
    }

    static func aad(_ pubkey: String) -> [UInt8] { Array("etherkeep/vault/v1/\(pubkey)".utf8) }

    package func newDataKey(purpose: String) async throws(VaultError) -> (key: SymmetricKey, wrapped: [UInt8]) {
        let dataKey = SymmetricKey(size: .bits256)
        do {
            let sealed = try dataKey.withUnsafeBytes { try AES.GCM.seal($0, using: key, authenticating: Self.dataKeyAAD(purpose)) }
            return (dataKey, [Self.version] + Array(sealed.nonce) + Array(sealed.ciphertext) + Array(sealed.tag))
        } catch {
            throw VaultError(.cipher, "AES-GCM encryption of a data key failed")
        }
    }

    package func openDataKey(_ wrapped: [UInt8], purpose: String) async throws(VaultError) -> SymmetricKey {
        guard wrapped.count == 1 + 12 + 32 + 16, wrapped[0] == Self.version else {
            throw VaultError(.cipher, "not a data key wrapped by a local master key (version 1, 61 bytes)")
        }
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: wrapped[1..<13]), ciphertext: wrapped[13..<45], tag: wrapped[45...])
            var plain = try AES.GCM.open(box, using: key, authenticating: Self.dataKeyAAD(purpose))
            defer { plain.resetBytes(in: 0..<plain.count) }
            return SymmetricKey(data: plain)
        } catch {
            throw VaultError(.cipher, "the data key does not unwrap under this master key (another key, purpose or a tampered file)")
        }
    }

    static func dataKeyAAD(_ purpose: String) -> [UInt8] { Array("etherkeep/data-key/v1/\(purpose)".utf8) }

    private static func loadOrCreate(path: String, create: Bool) throws(VaultError) -> SymmetricKey {
        if FileManager.default.fileExists(atPath: path) { return try load(path) }
        guard create else { throw VaultError(.masterKey, "no master key at \(path)") }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { return try load(path) }  // another process created it first
            throw VaultError(.masterKey, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        let key = SymmetricKey(size: .bits256)
        let written = key.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd)
        close(fd)
        guard written == 32, synced == 0 else {
            unlink(path)
            throw VaultError(.masterKey, "cannot write \(path)")
        }
        return key
    }

    private static func load(_ path: String) throws(VaultError) -> SymmetricKey {
        var info = stat()
        guard stat(path, &info) == 0 else { throw VaultError(.masterKey, "cannot stat \(path)") }
        guard info.st_mode & 0o077 == 0 else {
            throw VaultError(.masterKey, "\(path) is readable by group or others (mode \(String(info.st_mode & 0o777, radix: 8))); run chmod 600")
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw VaultError(.masterKey, "cannot open \(path)") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 33)
        defer { buffer.wipe() }
        let n = read(fd, &buffer, 33)
        guard n == 32 else { throw VaultError(.masterKey, "\(path) must hold exactly 32 bytes") }
        return SymmetricKey(data: buffer[0..<32])
    }
}
