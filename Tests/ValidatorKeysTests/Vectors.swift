import Foundation
import Testing

/// Locates the shared test vectors: `$ETHERKEEP_VECTORS`, else `../shared/vectors` beside the
/// package root. A missing directory is a test failure, never a skip (STYLE R15).
enum Vectors {
    static let root: URL = {
        if let env = ProcessInfo.processInfo.environment["ETHERKEEP_VECTORS"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../shared/vectors").standardizedFileURL
    }()

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    static func data(_ relative: String) throws -> Data {
        let url = url(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            Issue.record("test vector missing: \(url.path) (set ETHERKEEP_VECTORS)")
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }

    static func json(_ relative: String) throws -> Any {
        try JSONSerialization.jsonObject(with: try data(relative))
    }

    static func files(in relative: String) throws -> [URL] {
        let dir = url(relative)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        let files = names.filter { $0.hasSuffix(".json") }.sorted().map { dir.appendingPathComponent($0) }
        if files.isEmpty { Issue.record("no vectors in \(dir.path)") }
        return files
    }
}
