#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes a set of files into a folder all together or not at all.
///
/// Every file is first written (mode 0400, as the reference's `sensitive_opener`) into a hidden
/// staging folder inside the target, then renamed into place; existing files are never
/// overwritten. On any failure every file already placed, the staging folder and a target folder
/// this run created are removed.
struct OutputFiles {
    let folder: URL
    private(set) var files: [(name: String, contents: String)] = []

    init(folder: URL) { self.folder = folder }

    mutating func add(_ name: String, _ contents: String) { files.append((name, contents)) }

    /// Writes everything; returns the paths written.
    func commit() throws -> [String] {
        let fm = FileManager.default
        var createdFolder = false
        var isDirectory: ObjCBool = false
        if !fm.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            try fm.createDirectory(at: folder, withIntermediateDirectories: false)
            createdFolder = true
        } else if !isDirectory.boolValue {
            throw DepositCLIError("\(folder.path) exists and is not a folder")
        }
        let staging = folder.appendingPathComponent(".etherkeep-staging-\(UUID().uuidString)")
        var placed: [URL] = []
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            for file in files where fm.fileExists(atPath: folder.appendingPathComponent(file.name).path) {
                throw DepositCLIError("\(folder.appendingPathComponent(file.name).path) already exists; nothing was written")
            }
            for file in files { try Self.writeExclusive(staging.appendingPathComponent(file.name), file.contents) }
            for file in files {
                let target = folder.appendingPathComponent(file.name)
                guard link(staging.appendingPathComponent(file.name).path, target.path) == 0 else {
                    throw DepositCLIError("cannot create \(target.path): \(String(cString: strerror(errno)))")
                }
                placed.append(target)
            }
            try fm.removeItem(at: staging)
            return placed.map(\.path)
        } catch {
            for url in placed { try? fm.removeItem(at: url) }
            try? fm.removeItem(at: staging)
            if createdFolder { try? fm.removeItem(at: folder) }
            throw error
        }
    }

    /// `open(O_CREAT | O_EXCL, 0400)`, write, fsync, close.
    private static func writeExclusive(_ url: URL, _ contents: String) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o400)
        guard fd >= 0 else { throw DepositCLIError("cannot create \(url.path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(contents.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw DepositCLIError("cannot write \(url.path): \(String(cString: strerror(errno)))") }
            offset += n
        }
        guard fsync(fd) == 0 else { throw DepositCLIError("cannot write \(url.path): \(String(cString: strerror(errno)))") }
    }
}
