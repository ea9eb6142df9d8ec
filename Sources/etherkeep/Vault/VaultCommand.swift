import ArgumentParser
import Foundation
import Vault

/// `etherkeep vault …`: the key table.
struct VaultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vault",
        abstract: "The key table: list keys, assign them to a signer, activate, deactivate, export deposits.",
        subcommands: [List.self, Assign.self, Activate.self, Deactivate.self, ExportDeposits.self]
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
}
