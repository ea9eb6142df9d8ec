import Foundation
import Testing

/// Where the public test vectors live: `$ETHERKEEP_VECTORS`, else `../shared/vectors` beside the
/// package root (found from this file's path). Missing vectors are a failure, never a skip.
enum VectorDirectory {
    static var root: URL {
        if let env = ProcessInfo.processInfo.environment["ETHERKEEP_VECTORS"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/vectors")
    }

    /// The sub-folder `name`, or a recorded failure when it does not exist.
    static func folder(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> URL? {
        let url = root.appendingPathComponent(name)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else {
            Issue.record("test vectors missing: \(url.path) (set ETHERKEEP_VECTORS)", sourceLocation: sourceLocation)
            return nil
        }
        return url
    }

    static func text(_ url: URL) throws -> String {
        try String(decoding: Data(contentsOf: url), as: UTF8.self)
    }
}
