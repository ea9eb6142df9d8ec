import ArgumentParser
import ConsensusTypes
import EthereumCore
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
    @Option(help: "With --compounding: each deposit in ether (32 to 2048; default 32).")
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
        let plan = try makePlan()
        let generated = try await ValidatorKeyBatch.generate(plan)
        try await location.withVault(creating: true) { vault in _ = try await vault.add(generated.keys) }
        let directory = depositDir ?? (location.table == nil ? DataDirectory(explicit: location.dataDir).path : ".")
        let file = URL(fileURLWithPath: directory).appendingPathComponent("deposit_data-\(Int(Date().timeIntervalSince1970)).json")
        let text = SignedDeposit.depositDataFile(generated.deposits, cliVersion: SignedDeposit.defaultCLIVersion)
        guard FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o644]) else {
            throw CLIError("the keys are in the vault, but the deposit file \(file.path) cannot be written: export it with `etherkeep vault export-deposits`")
        }
        let where_ = location.table.map { "DynamoDB table \($0)" } ?? "the embedded vault in \(DataDirectory(explicit: location.dataDir).path)"
        return (generated.pubkeys + ["\(generated.pubkeys.count) validator keys written to \(where_)", "deposit file: \(file.path)"])
            .joined(separator: "\n")
    }

    private func makePlan() throws -> KeygenPlan {
        guard (1...Int(UInt32.max) + 1).contains(numValidators) else {
            throw CLIError("--num-validators must be from 1 to 2^32 (EIP-2334 indices are 32-bit), got \(numValidators)")
        }
        let chainSetting: ChainSetting
        do { chainSetting = try ChainSetting.named(chain.lowercased()) } catch { throw CLIError("--chain: \(error)") }
        let language: MnemonicLanguage
        do { language = try MnemonicLanguage(named: mnemonicLanguage) } catch { throw CLIError("--mnemonic-language: \(error)") }
        var withdrawal = WithdrawalType.bls
        if let withdrawalAddress {
            let address: ExecutionAddress
            do { address = try ExecutionAddress(eip55: withdrawalAddress) } catch { throw CLIError("--withdrawal-address: \(error)") }
            withdrawal = compounding ? .compounding(address) : .executionAddress(address)
        } else if compounding {
            throw CLIError("--compounding needs --withdrawal-address")
        }
        var amountGwei = KeygenPlan.standardAmountGwei
        if let amount {
            guard compounding else { throw CLIError("--amount goes with --compounding (0x00 and 0x01 deposits are 32 ETH)") }
            let wei: UInt256
            do { wei = try Units.parse(amount, unit: .ether) } catch { throw CLIError("--amount: \(error)") }
            let (gwei, remainder) = wei.quotientAndRemainder(dividingBy: 1_000_000_000)
            guard remainder == 0, let value = gwei.uint64, value >= KeygenPlan.standardAmountGwei, value <= SignedDeposit.maxAmountGwei else {
                throw CLIError("--amount must be a whole number of gwei between 32 and 2048 ether")
            }
            amountGwei = value
        }
        let kdfChoice: KeyGeneration.KDFChoice
        switch kdf {
        case "scrypt": kdfChoice = .scrypt
        case "pbkdf2": kdfChoice = .pbkdf2
        default: throw CLIError("--kdf must be scrypt or pbkdf2")
        }
        return KeygenPlan(count: numValidators, language: language, chain: chainSetting, withdrawal: withdrawal, amountGwei: amountGwei, kdf: kdfChoice)
    }
}
