#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The embedded default's home: `--data-dir`, else `$ETHERKEEP_HOME`, else `~/.etherkeep`; holds
/// `vault.sqlite` and `master.key` (mode 0600). Created with mode 0700.
package struct DataDirectory: Sendable {
    package let path: String

    /// Resolves the directory (without touching the disk).
    package init(explicit: String?, environment: [String: String]? = nil) {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let explicit, !explicit.isEmpty {
            path = explicit
        } else if let home = environment["ETHERKEEP_HOME"], !home.isEmpty {
            path = home
        } else {
            path = (environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path) + "/.etherkeep"
        }
    }

    package var databasePath: String { path + "/vault.sqlite" }
    package var masterKeyPath: String { path + "/master.key" }

    /// Creates the directory (mode 0700) if needed.
    package func create() throws(VaultError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw VaultError(.storage, "cannot create data directory \(path)")
        }
    }

    /// The embedded vault: SQLite store and local master key in this directory.
    ///
    /// - Parameter creating: whether a missing directory, database and master key are created
    ///   (key generation); otherwise a missing vault is an error, so that a mistyped `--data-dir`
    ///   is reported instead of opening an empty vault.
    /// - Throws: ``VaultError`` `notFound` when `creating` is false and `vault.sqlite` is missing;
    ///   the store's and the master key's errors otherwise.
    package func openVault(creating: Bool = true) throws(VaultError) -> Vault {
        if creating {
            try create()
        } else if !FileManager.default.fileExists(atPath: databasePath) {
            throw VaultError(.notFound, "no vault in \(path) (\(databasePath) does not exist); `etherkeep keygen` makes one there")
        }
        let cipher = try LocalMasterKeyCipher(path: masterKeyPath, create: creating)
        return Vault(store: try SQLiteVaultStore(path: databasePath, cipherName: cipher.name), cipher: cipher)
    }
}
