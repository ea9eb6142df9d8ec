import ArgumentParser
import ConsensusTypes
import Foundation
import SlashingProtection

/// `etherkeep slashing-protection …`: the slashing-protection database (EIP-3076 import/export,
/// pruning, status). The signer checks and records through the same stores.
struct SlashingProtectionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slashing-protection",
        abstract: "The slashing-protection database: import, export (EIP-3076 v5), prune, status.",
        subcommands: [Import.self, Export.self, Prune.self, Status.self, HighWatermarkCommand.self]
    )

    /// `slashing-protection import --from FILE`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge an EIP-3076 interchange file into the store, all or nothing.")
        @OptionGroup var location: SlashingProtectionLocation
        @Option(help: "The interchange file (EIP-3076 format version 5).") var from: String

        func run() async throws {
            try await reportingErrors {
                guard let data = FileManager.default.contents(atPath: from) else {
                    throw SlashingProtectionError(.invalidArgument, "cannot read \(from)")
                }
                let interchange = try Interchange(json: Array(data))
                let summary = try await location.withStore(creating: true) { try await $0.importInterchange(interchange) }
                print("imported \(summary.validators) validators, \(summary.blocks) blocks, \(summary.attestations) attestations")
            }
        }
    }

    /// `slashing-protection export --to FILE [--pubkey P …] [--minimal]`.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the history as an EIP-3076 interchange file.")
        @OptionGroup var location: SlashingProtectionLocation
        @Option(help: "The file to write.") var to: String
        @Option(help: "Only these validators (repeatable; default: all).") var pubkey: [String] = []
        @Flag(help: "The minimal form: per validator, its highest block and attestation, without roots.") var minimal = false

        func run() async throws {
            try await reportingErrors {
                let pubkeys = try parsePubkeys(pubkey)
                let complete = try await location.withStore { try await $0.exportInterchange(pubkeys: pubkeys) }
                let interchange = minimal ? complete.minimized() : complete
                try writeAtomically(interchange.json(), to: to)
                print("exported \(interchange.data.count) validators to \(to)")
            }
        }
    }

    /// `slashing-protection prune [--epochs-to-keep N]`.
    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete history older than the last N epochs per validator; what is deleted stays refused.")
        @OptionGroup var location: SlashingProtectionLocation
        @Option(help: "Epochs of history to keep per validator.") var epochsToKeep: UInt64 = 256

        func run() async throws {
            try await reportingErrors {
                let summary = try await location.withStore { try await $0.prune(epochsToKeep: epochsToKeep) }
                print("pruned \(summary.blocks) blocks and \(summary.attestations) attestations")
            }
        }
    }

    /// `slashing-protection status [--pubkey P …] [--json]`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per validator: highest block slot, highest source and target epochs, lower bounds.")
        @OptionGroup var location: SlashingProtectionLocation
        @Option(help: "Only these validators (repeatable; default: all).") var pubkey: [String] = []
        @Flag(help: "One JSON object instead of a table.") var json = false

        func run() async throws {
            try await reportingErrors {
                let pubkeys = try parsePubkeys(pubkey)
                let (root, statuses) = try await location.withStore { store in
                    (store.genesisValidatorsRoot, try await store.status(pubkeys: pubkeys))
                }
                print(json ? StatusFormat.json(root, statuses) : StatusFormat.table(root, statuses))
            }
        }
    }
}

extension SlashingProtectionCommand {
    /// `slashing-protection high-watermark [--set --slot S --epoch E | --remove]`: Web3Signer's
    /// `watermark-repair --set-high-watermark / --remove-high-watermark`.
    struct HighWatermarkCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "high-watermark",
            abstract: "Show, set or remove the high watermark: blocks at or above --slot and attestations at or above --epoch are refused.",
            discussion: """
                For a migration: set it on the old signers' database at the point where the new signers take over; \
                signers on this database then refuse anything at or above it, whatever their clients' clocks say. \
                Served at GET /api/v1/eth2/highWatermark.
                """)
        @OptionGroup var location: SlashingProtectionLocation
        @Flag(help: "Set the watermark to --slot and --epoch.") var set = false
        @Flag(help: "Remove the watermark.") var remove = false
        @Option(help: "With --set: the first slot refused for blocks.") var slot: UInt64?
        @Option(help: "With --set: the first epoch refused as an attestation's source or target.") var epoch: UInt64?

        func validate() throws {
            if set, remove { throw ValidationError("--set and --remove exclude each other") }
            if set, slot == nil || epoch == nil { throw ValidationError("--set needs --slot and --epoch") }
            if !set, slot != nil || epoch != nil { throw ValidationError("--slot and --epoch go with --set") }
        }

        func run() async throws {
            try await reportingErrors {
                let current = try await location.withStore { store in
                    if set, let slot, let epoch { try await store.setHighWatermark(HighWatermark(slot: slot, epoch: epoch)) }
                    if remove { try await store.setHighWatermark(nil) }
                    return try await store.highWatermark()
                }
                if let current {
                    print("high watermark: slot \(current.slot), epoch \(current.epoch)")
                } else {
                    print("no high watermark")
                }
            }
        }
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename, so that a reader never sees a
/// half-written file.
func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    let temporary = path + ".tmp-\(getpid())"
    guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o644]) else {
        throw SlashingProtectionError(.invalidArgument, "cannot write \(path)")
    }
    guard rename(temporary, path) == 0 else {
        unlink(temporary)
        throw SlashingProtectionError(.invalidArgument, "cannot write \(path)")
    }
}

enum StatusFormat {
    static func text(_ value: UInt64?) -> String { value.map(String.init) ?? "-" }

    static func table(_ root: Root, _ statuses: [ValidatorStatus]) -> String {
        var lines = [
            "genesis_validators_root 0x\(root)",
            "pubkey                                                                                              block  source target  lower(slot source target)",
        ]
        for s in statuses {
            lines.append(
                "0x\(s.pubkey)  \(text(s.highestBlockSlot)) \(text(s.highestSourceEpoch)) \(text(s.highestTargetEpoch))  "
                    + "\(text(s.lowerBounds.slot)) \(text(s.lowerBounds.sourceEpoch)) \(text(s.lowerBounds.targetEpoch))")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ root: Root, _ statuses: [ValidatorStatus]) -> String {
        func field(_ value: UInt64?) -> String { value.map { "\"\($0)\"" } ?? "null" }
        let validators = statuses.map { s in
            "{\"pubkey\":\"0x\(s.pubkey)\",\"highest_block_slot\":\(field(s.highestBlockSlot)),"
                + "\"highest_source_epoch\":\(field(s.highestSourceEpoch)),\"highest_target_epoch\":\(field(s.highestTargetEpoch)),"
                + "\"lower_bound_slot\":\(field(s.lowerBounds.slot)),\"lower_bound_source_epoch\":\(field(s.lowerBounds.sourceEpoch)),"
                + "\"lower_bound_target_epoch\":\(field(s.lowerBounds.targetEpoch))}"
        }
        return "{\"genesis_validators_root\":\"0x\(root)\",\"validators\":[\(validators.joined(separator: ","))]}"
    }
}
