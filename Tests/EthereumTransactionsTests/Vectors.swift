import Foundation
import Testing

/// Locates the shared test vectors: `$ETHERKEEP_VECTORS`, else `../shared/vectors` beside the
/// package root. Missing vectors are a failure, never a skip.
enum Vectors {
    static var directory: URL {
        if let env = ProcessInfo.processInfo.environment["ETHERKEEP_VECTORS"], !env.isEmpty {
            return URL(filePath: env)
        }
        // #filePath = <root>/Tests/<Target>/Vectors.swift
        let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appending(path: "shared/vectors")
    }

    static func load(_ relativePath: String) throws -> Data {
        let url = directory.appending(path: relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MissingVectors(path: url.path)
        }
        return try Data(contentsOf: url)
    }

    struct MissingVectors: Error, CustomStringConvertible {
        let path: String
        var description: String { "test vectors missing at \(path) (set ETHERKEEP_VECTORS)" }
    }
}

/// Hex decoding for test data.
func hexBytes(_ s: String) -> [UInt8] {
    let chars = Array((s.hasPrefix("0x") ? String(s.dropFirst(2)) : s).utf8)
    precondition(chars.count % 2 == 0, "odd hex in test data")
    return stride(from: 0, to: chars.count, by: 2).map { UInt8(String(decoding: chars[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}

func hexString(_ b: some Sequence<UInt8>) -> String { b.map { String(format: "%02x", $0) }.joined() }
