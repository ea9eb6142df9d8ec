import ArgumentParser
import Foundation
import Keygen
import ValidatorKeys
import Vault

/// `etherkeep keygen`: the keygen function on one machine. A fresh mnemonic, N validators, each
/// keystore under its own random password; everything checked, then written to the vault (the
/// embedded default, or a DynamoDB table with `--table` and `--kms-key-id`) all or nothing.
struct KeygenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Generate validator keys into the vault; prints the public keys and the deposit file.",
        discussion: """
            The mnemonic, keystores and passwords are never shown: each row's record (keystore, \
            password, mnemonic) is encrypted under the vault's key (the local master key, or KMS).
            """)

    @Option(help: "How many validators.")
    var numValidators: Int
    @Option(help: "The chain: mainnet, sepolia, holesky, hoodi, ephemery, gnosis, chiado.")
    var chain: String
    @Option(help: "EIP-55 execution address for 0x01 withdrawal credentials (none: 0x00, BLS).")
    var withdrawalAddress: String?
    @Flag(help: "0x02 (compounding) credentials to --withdrawal-address.")
    var compounding = false
    @Option(help: "With --compounding: each deposit in the chain's unit (ether 1 to 2048, GNO 0.03125 to 64; default 32 ether, 1 GNO).")
    var amount: String?
    @Option(help: "BIP-39 word-list language.")
    var mnemonicLanguage = "english"
    @Option(help: "Keystore KDF: scrypt or pbkdf2.")
    var kdf = "scrypt"
    @Option(help: "Directory for the deposit file (default: the data directory, or . with --table).")
    var depositDir: String?
    @OptionGroup var location: VaultLocation

    func run() async throws {
        try await reportingErrors { print(try await result()) }
    }

    func result() async throws -> String {
        let plan: KeygenPlan
        do {
            plan = try KeygenPlan(validating: .init(
                count: numValidators, mnemonicLanguage: mnemonicLanguage, chain: chain, withdrawalAddress: withdrawalAddress,
                withdrawalCredentials: compounding ? .compounding : nil, amount: amount, kdf: kdf))
        } catch {
            throw CLIError("\(Self.option(error.input)): \(error.reason)")
        }
        let generated = try await ValidatorKeyBatch.generate(plan)
        try await location.withVault(creating: true) { vault in _ = try await vault.add(generated.keys) }
        let directory = depositDir ?? (location.table == nil ? DataDirectory(explicit: location.dataDir).path : ".")
        let name = DepositCLIFiles.depositDataFileName(timestamp: Int(Date().timeIntervalSince1970))
        var files = StagedFileWriter(folder: URL(fileURLWithPath: directory), mode: 0o644)
        files.add(name, SignedDeposit.depositDataFile(generated.deposits, cliVersion: SignedDeposit.defaultCLIVersion))
        do { _ = try files.commit() } catch {
            throw CLIError("the keys are in the vault, but the deposit file cannot be written (\(error)): export it with `etherkeep vault export-deposits`")
        }
        let where_ = location.table.map { "DynamoDB table \($0)" } ?? "the embedded vault in \(DataDirectory(explicit: location.dataDir).path)"
        return (generated.pubkeys + ["\(generated.pubkeys.count) validator keys written to \(where_)", "deposit file: \(files.folder.appendingPathComponent(name).path)"])
            .joined(separator: "\n")
    }

    /// The option of each input, for errors.
    private static func option(_ input: GenerationInput.Field?) -> String {
        switch input {
        case .count?: "--num-validators"
        case .chain?: "--chain"
        case .mnemonicLanguage?: "--mnemonic-language"
        case .withdrawalAddress?: "--withdrawal-address"
        case .withdrawalType?: "--compounding"
        case .amount?: "--amount"
        case .kdf?: "--kdf"
        case nil: "keygen"
        }
    }
}
