#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Writes a set of files into one folder all together or not at all.
///
/// Every file is first written (created exclusively, with ``mode``, then `fsync`ed) into a hidden
/// staging folder inside the target, then hard-linked into place, so that a name never points at
/// a half-written file and an existing file is never overwritten. On any failure every file
/// already placed, the staging folder and a target folder this writer created are removed.
/// The target's parent must exist; the target folder itself is created if missing (mode 0777
/// less the umask, as the reference's `os.mkdir`).
///
/// Contents are public files (deposit data, EIP-2335 keystores, which are encrypted); the mode
/// defaults to 0400, as ethstaker-deposit-cli's `sensitive_opener`.
public struct StagedFileWriter {
    /// The folder the files go into.
    public let folder: URL
    /// The permission bits of every file written (default 0400).
    public let mode: UInt16
    private var files: [(name: String, contents: String)] = []

    /// A writer into `folder`; nothing is written before ``commit()``.
    public init(folder: URL, mode: UInt16 = 0o400) {
        self.folder = folder
        self.mode = mode
    }

    /// Adds a file `name` (a plain file name: no `/`, not `.` or `..`) with UTF-8 `contents`.
    public mutating func add(_ name: String, _ contents: String) { files.append((name, contents)) }

    /// Adds every file of `entries` (``DepositCLIFiles`` builds them).
    public mutating func add(_ entries: [(name: String, contents: String)]) { files += entries }

    /// Writes every file added, or none.
    ///
    /// - Returns: the paths written, in the order added.
    /// - Throws: ``ValidatorKeysError`` (`fileSystem`) naming the path: a name that is not a plain
    ///   file name or is added twice, a target that exists and is not a folder, a file that
    ///   already exists, or a failure to create, write or link; nothing stays written then.
    public func commit() throws(ValidatorKeysError) -> [String] {
        try checkNames()
        let fm = FileManager.default
        var createdFolder = false
        var info = stat()
        if stat(folder.path, &info) != 0 {
            guard mkdir(folder.path, 0o777) == 0 else { throw Self.failure("cannot create", folder) }
            createdFolder = true
        } else if info.st_mode & S_IFMT != S_IFDIR {
            throw ValidatorKeysError(.fileSystem, "\(folder.path) exists and is not a folder")
        }
        let staging = folder.appendingPathComponent(".etherkeep-staging-\(UUID().uuidString)")
        var placed: [URL] = []
        do throws(ValidatorKeysError) {
            guard mkdir(staging.path, 0o700) == 0 else { throw Self.failure("cannot create", staging) }
            for file in files where fm.fileExists(atPath: folder.appendingPathComponent(file.name).path) {
                throw ValidatorKeysError(.fileSystem, "\(folder.appendingPathComponent(file.name).path) already exists; nothing was written")
            }
            for file in files { try writeExclusive(staging.appendingPathComponent(file.name), file.contents) }
            for file in files {
                let target = folder.appendingPathComponent(file.name)
                guard link(staging.appendingPathComponent(file.name).path, target.path) == 0 else { throw Self.failure("cannot create", target) }
                placed.append(target)
            }
            try? fm.removeItem(at: staging)
            return placed.map(\.path)
        } catch {
            for url in placed { try? fm.removeItem(at: url) }
            try? fm.removeItem(at: staging)
            if createdFolder { try? fm.removeItem(at: folder) }
            throw error
        }
    }

    private func checkNames() throws(ValidatorKeysError) {
        var seen: Set<String> = []
        for file in files {
            guard !file.name.isEmpty, file.name != ".", file.name != "..", !file.name.contains("/"), !file.name.contains("\0") else {
                throw ValidatorKeysError(.fileSystem, "\"\(file.name)\" is not a file name")
            }
            guard seen.insert(file.name).inserted else { throw ValidatorKeysError(.fileSystem, "\(file.name) is written twice") }
        }
    }

    /// `open(O_CREAT | O_EXCL, mode)`, write, fsync, close.
    private func writeExclusive(_ url: URL, _ contents: String) throws(ValidatorKeysError) {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, mode_t(mode))
        guard fd >= 0 else { throw Self.failure("cannot create", url) }
        defer { close(fd) }
        let bytes = Array(contents.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw Self.failure("cannot write", url) }
            offset += n
        }
        guard fsync(fd) == 0 else { throw Self.failure("cannot write", url) }
    }

    private static func failure(_ what: String, _ url: URL) -> ValidatorKeysError {
        ValidatorKeysError(.fileSystem, "\(what) \(url.path): \(String(cString: strerror(errno)))")
    }
}
