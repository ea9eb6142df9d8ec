import Foundation
import EthereumCore
import Testing

/// Locates and reads the public test vectors: `$ETHERKEEP_VECTORS`, else `../shared/vectors`
/// beside the package. A missing directory or file is a test failure, never a skip.
enum Vectors {
    static let root: URL = {
        if let path = ProcessInfo.processInfo.environment["ETHERKEEP_VECTORS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        // Tests/BLS12381Tests/Support/Vectors.swift -> package root -> ../shared/vectors
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/vectors")
    }()

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "test vectors missing: \(path) (set ETHERKEEP_VECTORS)" }
    }

    /// The JSON files of a vector directory, sorted; throws if there are none.
    static func files(in directory: String, suffix: String = ".json") throws -> [URL] {
        let url = root.appendingPathComponent(directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        let files = names.filter { $0.hasSuffix(suffix) }.sorted().map { url.appendingPathComponent($0) }
        guard !files.isEmpty else { throw Missing(path: url.path) }
        return files
    }

    static func json(_ url: URL) throws -> Any {
        guard let data = FileManager.default.contents(atPath: url.path) else { throw Missing(path: url.path) }
        return try JSONSerialization.jsonObject(with: data)
    }

    static func json(_ relativePath: String) throws -> Any {
        try json(root.appendingPathComponent(relativePath))
    }
}

/// Hex from a vector file (with or without 0x).
func hex(_ value: Any?) throws -> [UInt8] {
    guard let text = value as? String else { throw Vectors.Missing(path: "expected a hex string, got \(String(describing: value))") }
    return try Hex.decode(text)
}
