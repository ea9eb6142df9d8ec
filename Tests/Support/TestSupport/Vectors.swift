public import Foundation

/// Locates and reads the public test vectors: `$ETHERKEEP_VECTORS`, else `../shared/vectors`
/// beside the package root. A missing file or directory throws, which fails the test: never a
/// skip (STYLE R15). Shared by every test target.
public enum Vectors {
    public static let root: URL = {
        if let env = ProcessInfo.processInfo.environment["ETHERKEEP_VECTORS"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        // #filePath = <package root>/Tests/Support/TestSupport/Vectors.swift
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/vectors").standardizedFileURL
    }()

    public struct Missing: Error, CustomStringConvertible {
        public let path: String
        public init(path: String) { self.path = path }
        public var description: String { "test vectors missing at \(path) (set ETHERKEEP_VECTORS)" }
    }

    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    public static func data(_ relative: String) throws -> Data { try data(url(relative)) }

    public static func data(_ url: URL) throws -> Data {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Missing(path: url.path) }
        return data
    }

    public static func json(_ relative: String) throws -> Any { try json(url(relative)) }

    public static func json(_ url: URL) throws -> Any { try JSONSerialization.jsonObject(with: try data(url)) }

    /// The files of a vector directory with the given suffix, sorted; throws if there are none.
    public static func files(in relative: String, suffix: String = ".json") throws -> [URL] {
        let directory = url(relative)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let files = names.filter { $0.hasSuffix(suffix) }.sorted().map { directory.appendingPathComponent($0) }
        guard !files.isEmpty else { throw Missing(path: directory.path) }
        return files
    }
}

/// Hex decoding for trusted test data (traps on malformed hex, which is a broken vector file).
public func hexBytes(_ s: String) -> [UInt8] {
    let chars = Array((s.hasPrefix("0x") ? String(s.dropFirst(2)) : s).utf8)
    precondition(chars.count % 2 == 0, "odd hex in test data")
    return stride(from: 0, to: chars.count, by: 2).map { UInt8(String(decoding: chars[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}

public func hexString(_ b: some Sequence<UInt8>) -> String { b.map { String(format: "%02x", $0) }.joined() }
