#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What configuration is read from: environment variables, the home directory and file contents.
///
/// A value, so tests build one from a dictionary and temporary files; ``process()`` snapshots the
/// running process.
package struct AWSEnvironment: Sendable {
    /// Environment variables.
    package var variables: [String: String]
    /// The home directory, for `~/.aws/config` and `~/.aws/credentials`.
    package var home: String?

    package init(variables: [String: String], home: String? = nil) {
        self.variables = variables
        self.home = home ?? variables["HOME"]
    }

    /// The current process's environment.
    package static func process() -> AWSEnvironment {
        AWSEnvironment(variables: ProcessInfo.processInfo.environment)
    }

    /// A variable's value, or `nil` when unset or empty.
    package subscript(_ name: String) -> String? {
        guard let v = variables[name], !v.isEmpty else { return nil }
        return v
    }

    /// `AWS_CONFIG_FILE`, else `~/.aws/config`.
    var configFilePath: String? { self["AWS_CONFIG_FILE"].map(expandTilde) ?? home.map { $0 + "/.aws/config" } }
    /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`.
    var credentialsFilePath: String? {
        self["AWS_SHARED_CREDENTIALS_FILE"].map(expandTilde) ?? home.map { $0 + "/.aws/credentials" }
    }
    /// `AWS_PROFILE`, else `default`.
    var profileName: String { self["AWS_PROFILE"] ?? "default" }

    private func expandTilde(_ path: String) -> String {
        guard path.hasPrefix("~/"), let home else { return path }
        return home + path.dropFirst()
    }

    /// Reads a whole file; `nil` when it does not exist.
    ///
    /// - Throws: ``AWSError/Code/invalidConfiguration`` when it exists but cannot be read.
    static func readFile(_ path: String) throws(AWSError) -> [UInt8]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AWSError(.invalidConfiguration, "cannot read \(path)")
        }
        return Array(data)
    }
}
