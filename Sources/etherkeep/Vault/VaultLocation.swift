import AWSClients
import AWSCore
import ArgumentParser
import Foundation
import SlashingProtection
import Vault

/// Where the vault is: `--table` (DynamoDB, with `--kms-key-id` where it encrypts) or the embedded
/// default in `--data-dir` (default `$ETHERKEEP_HOME` or `~/.etherkeep`).
struct VaultLocation: ParsableArguments {
    @Option(help: "DynamoDB key table; without it the embedded vault in --data-dir is used.")
    var table: String?

    @Option(help: "KMS key to encrypt new records under (with --table).")
    var kmsKeyID: String?

    @Option(help: "Embedded vault directory (default: $ETHERKEEP_HOME or ~/.etherkeep).")
    var dataDir: String?

    @Option(help: "With --table: a second KMS key that encrypts each mnemonic apart from the record the signer decrypts.")
    var mnemonicKmsKeyID: String?

    @Option(help: "Embedded vault: a second local key file (created 0600 if missing) that encrypts each mnemonic apart.")
    var mnemonicKeyFile: String?

    func validate() throws {
        if mnemonicKmsKeyID != nil, table == nil { throw ValidationError("--mnemonic-kms-key-id needs --table (embedded: --mnemonic-key-file)") }
        if mnemonicKeyFile != nil, table != nil { throw ValidationError("--mnemonic-key-file is for the embedded vault (with --table: --mnemonic-kms-key-id)") }
        if table == nil, kmsKeyID != nil { throw ValidationError("--kms-key-id needs --table (the embedded vault uses its local master key)") }
        if table != nil, dataDir != nil { throw ValidationError("--data-dir and --table exclude each other") }
    }

    /// Opens the vault, runs `body`, and closes the AWS connections if any.
    ///
    /// - Parameter creating: whether a missing embedded vault and `--mnemonic-key-file` are
    ///   created (key generation) rather than an error (every other command).
    func withVault<R>(creating: Bool = false, _ body: (Vault) async throws -> R) async throws -> R {
        try await Self.withVault(
            table: table, kmsKeyID: kmsKeyID, dataDir: dataDir, mnemonicKmsKeyID: mnemonicKmsKeyID, mnemonicKeyFile: mnemonicKeyFile,
            creating: creating, body)
    }

    /// Opens the vault named by these settings (a mnemonic key only where mnemonics are written or
    /// recovered; the signer never names one), runs `body`, and closes the AWS connections if any.
    static func withVault<R>(
        table: String?, kmsKeyID: String?, dataDir: String?, mnemonicKmsKeyID: String? = nil, mnemonicKeyFile: String? = nil,
        creating: Bool = false, _ body: (Vault) async throws -> R
    ) async throws -> R {
        guard let table else {
            let vault = try DataDirectory(explicit: dataDir).openVault(creating: creating)
            guard let mnemonicKeyFile else { return try await body(vault) }
            return try await body(
                Vault(store: vault.store, cipher: vault.cipher, mnemonicCipher: try LocalMasterKeyCipher(path: mnemonicKeyFile, create: creating)))
        }
        let transport = AHCTransport()
        do {
            let context = try AWSContext.make(transport: transport)
            let vault = Vault(
                store: DynamoDBVaultStore(ddb: try DynamoDBClient(context: context), table: table),
                cipher: KMSVaultCipher(kms: try KMSClient(context: context), keyID: kmsKeyID),
                mnemonicCipher: try mnemonicKmsKeyID.map { KMSVaultCipher(kms: try KMSClient(context: context), keyID: $0, bindToPublicKey: true) })
            let result = try await body(vault)
            try await transport.shutdown()
            return result
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }
}

/// Prints a vault or AWS error as one line on stderr and exits 1; other errors go to ArgumentParser.
func reportingErrors<R>(_ body: () async throws -> R) async throws -> R {
    do {
        return try await body()
    } catch let error as VaultError {
        FileHandle.standardError.write(Data("error: \(error.reason)\n".utf8))
        throw ExitCode(1)
    } catch let error as AWSError {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(1)
    } catch let error as SlashingProtectionError {
        FileHandle.standardError.write(Data("error: \(error.reason)\n".utf8))
        throw ExitCode(1)
    }
}
