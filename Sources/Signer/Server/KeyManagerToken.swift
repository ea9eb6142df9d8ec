import Crypto
import EthereumCore
import Foundation
public import Secrets

/// The keymanager API's bearer token, as the spec asks (`keymanager-oapi.yaml`, info): the
/// hex encoding of at least 256 random bits, kept in a file and reused across restarts.
public enum KeyManagerToken {
    /// Reads the token from `path`; when the file does not exist and `create` is set, writes a
    /// new one first (32 random bytes as 64 hex digits, mode 0600, created exclusively).
    ///
    /// - Returns: the token's ASCII bytes (trailing line breaks removed).
    /// - Throws: ``SignerError`` (`configuration`) when the file cannot be read or written, can be
    ///   read by group or others, or holds no token.
    public static func load(path: String, create: Bool) throws(SignerError) -> SecretBytes {
        if create, !FileManager.default.fileExists(atPath: path) {
            var random = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
            defer { random.wipe() }
            var text = Array(Hex.encode(random, prefix: false).utf8) + [0x0a]
            defer { text.wipe() }
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw SignerError(.configuration, "cannot create the keymanager API token file \(path): \(String(cString: strerror(errno)))") }
            let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            let synced = fsync(fd) == 0
            close(fd)
            guard written == text.count, synced else {
                unlink(path)
                throw SignerError(.configuration, "cannot write the keymanager API token file \(path)")
            }
        }
        guard let data = FileManager.default.contents(atPath: path),
              let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
        else {
            throw SignerError(.configuration, "cannot read the keymanager API token file \(path)")
        }
        // The token gives every keymanager right (delete included): nobody else may read it.
        guard mode & 0o077 == 0 else {
            throw SignerError(
                .configuration, "the keymanager API token file \(path) is readable by others (mode \(String(mode & 0o777, radix: 8))): chmod 600 it")
        }
        var bytes = Array(data)
        defer { bytes.wipe() }
        while let last = bytes.last, last == 0x0a || last == 0x0d || last == 0x20 { bytes.removeLast() }
        guard bytes.count >= 32, bytes.allSatisfy({ (0x21...0x7e).contains($0) }) else {
            throw SignerError(.configuration, "the keymanager API token file \(path) must hold one token of at least 32 visible ASCII characters")
        }
        return SecretBytes(copying: bytes)
    }
}
