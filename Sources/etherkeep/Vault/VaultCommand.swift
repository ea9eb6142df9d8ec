import ArgumentParser
import Foundation
import Vault

/// `etherkeep vault …`: the key table.
struct VaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: "The key table: list keys, assign them to a signer, activate, deactivate, export deposits.",
        subcommands: [List.self, Assign.self, Activate.self, Deactivate.self, ExportDeposits.self, RecoverMnemonic.self]
    )

    /// `vault list [--signer-uuid U] [--json]`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (all, or those assigned to a signer).")
        @OptionGroup var location: VaultLocation
        @Option(help: "Only keys assigned to this signer.") var signerUUID: String?
        @Flag(help: "Only active keys.") var activeOnly = false
        @Flag(help: "One JSON array instead of a table.") var json = false

        func run() async throws {
            try await reportingErrors {
                let rows = try await location.withVault { vault in
                    let rows = try await vault.rows(signer: signerUUID)
                    return activeOnly ? rows.filter(\.active) : rows
                }
                print(json ? VaultListing.json(rows) : VaultListing.table(rows))
            }
        }
    }

    /// `vault assign --pubkey P --signer-uuid U`.
    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Assign a key to a signer.")
        @OptionGroup var location: VaultLocation
        @Option(help: "The key's 48-byte BLS public key (hex).") var pubkey: String
        @Option(help: "The signer's id (web3signer_uuid), or 'none' to unassign.") var signerUUID: String

        func run() async throws {
            try await reportingErrors {
                let row = try await location.withVault { try await $0.assign(pubkey: pubkey, to: signerUUID) }
                print("assigned \(row.pubkey) to \(row.web3signerUUID)")
            }
        }
    }

    /// `vault activate --pubkey P`.
    struct Activate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a key active (its signer loads it).")
        @OptionGroup var location: VaultLocation
        @Option(help: "The key's public key (hex).") var pubkey: String

        func run() async throws {
            try await reportingErrors {
                let row = try await location.withVault { try await $0.setActive(true, pubkey: pubkey) }
                print("activated \(row.pubkey)")
            }
        }
    }

    /// `vault deactivate --pubkey P`.
    struct Deactivate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a key inactive (its signer drops it).")
        @OptionGroup var location: VaultLocation
        @Option(help: "The key's public key (hex).") var pubkey: String

        func run() async throws {
            try await reportingErrors {
                let row = try await location.withVault { try await $0.setActive(false, pubkey: pubkey) }
                print("deactivated \(row.pubkey)")
            }
        }
    }

    /// `vault export-deposits --signer-uuid U [--output FILE]`.
    struct ExportDeposits: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export-deposits", abstract: "Write a launchpad deposit file of a signer's active keys.")
        @OptionGroup var location: VaultLocation
        @Option(help: "The signer's id (web3signer_uuid; 'none' for unassigned keys).") var signerUUID: String
        @Option(help: "Write to this file instead of standard output.") var output: String?

        func run() async throws {
            try await reportingErrors {
                let rows = try await location.withVault { try await $0.activeRows(signer: signerUUID) }
                guard !rows.isEmpty else { throw VaultError(.notFound, "no active keys are assigned to \(signerUUID)") }
                let file = try Vault.depositFile(rows)
                if let output {
                    guard FileManager.default.createFile(atPath: output, contents: Data(file)) else {
                        throw VaultError(.storage, "cannot write \(output)")
                    }
                    FileHandle.standardError.write(Data("wrote \(rows.count) deposit(s) to \(output)\n".utf8))
                } else {
                    print(String(decoding: file, as: UTF8.self))
                }
            }
        }
    }

    /// `vault recover-mnemonic --pubkey P --output FILE [--mnemonic-kms-key-id K | --mnemonic-key-file F]`.
    struct RecoverMnemonic: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recover-mnemonic",
            abstract: "Write a key's mnemonic to a new 0600 file (from encrypted_mnemonic_b64 with the mnemonic key, else from the record).")
        @OptionGroup var location: VaultLocation
        @Option(help: "The key's public key (hex).") var pubkey: String
        @Option(help: "The file to create (mode 0600; must not exist).") var output: String

        func run() async throws {
            try await reportingErrors {
                let record = try await location.withVault { try await $0.recoverMnemonic(pubkey: pubkey) }
                try record.withParts { _, _, mnemonic in
                    guard !mnemonic.isEmpty else {
                        throw VaultError(.invalidRow, "the record holds no mnemonic (it is kept apart: give --mnemonic-kms-key-id or --mnemonic-key-file)")
                    }
                    let fd = open(output, O_WRONLY | O_CREAT | O_EXCL, 0o600)
                    guard fd >= 0 else { throw VaultError(.storage, "cannot create \(output) (it must not exist)") }
                    defer { close(fd) }
                    let written = (mnemonic + [0x0a]).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                    guard written == mnemonic.count + 1 else { throw VaultError(.storage, "cannot write \(output)") }
                }
                FileHandle.standardError.write(Data("wrote the mnemonic of \(pubkey.prefix(14))… to \(output)\n".utf8))
            }
        }
    }
}
