import ArgumentParser
import BLS12381
import ConsensusTypes
import EthereumCore
import Foundation
import ValidatorKeys


/// Reads and decrypts a keystore file: every check of ``Keystore`` (JSON, version, KDF limits,
/// checksum, pubkey). Interactive: a path that is not a keystore, or a wrong password, is asked
/// for again.
func loadKeystore(path: String?, password: String?, io: InteractionOptions) throws -> (Keystore, SecretKey) {
    let keystore = try io.value(path, option: "keystore", prompt: "Please enter the location of your keystore file") { path in
        guard let data = FileManager.default.contents(atPath: path) else { throw DepositCLIError("cannot read keystore file \(path)") }
        return try Keystore(json: data)
    }
    let key = try io.value(password, option: "keystore_password", prompt: "Enter the password that secures your keystore", hidden: true) {
        try keystore.decryptSecretKey(password: KeystorePassword($0))
    }
    return (keystore, key)
}

/// `exit-transaction-keystore`: a signed voluntary exit with a keystore's key.
struct ExitTransactionKeystoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exit-transaction-keystore", abstract: "Sign a voluntary exit with the key in a keystore.")

    @OptionGroup var chain: ChainOptions
    @Option(name: .customLong("keystore")) var keystore: String?
    @OptionGroup var keystorePassword: KeystorePasswordOptions
    @Option(name: [.customLong("validator_index"), .customLong("validator-index")]) var validatorIndex: UInt32?
    @Option(name: .customLong("epoch")) var epoch: UInt64 = 0
    @Option(name: [.customLong("output_folder"), .customLong("output-folder")]) var outputFolder: String = "."
    @OptionGroup var io: InteractionOptions

    func run() throws {
        try runReportingErrors {
            try GenerateKeys.checkFolder(outputFolder, option: "output_folder", subfolder: DepositCLIFiles.exitTransactionsFolder)
            let chainSetting = try chain.resolve(io)
            let (_, key) = try loadKeystore(path: keystore, password: keystorePassword.value(), io: io)
            let index = try io.value(
                validatorIndex.map(String.init), option: "validator_index", prompt: "Please enter the validator index of your validator"
            ) { try parseIndex($0, what: "a validator index") }
            let exit = try SignedMessages.voluntaryExit(signingKey: key, validatorIndex: UInt64(index), epoch: epoch, chain: chainSetting)
            guard SignedMessages.verify(exit, pubkey: key.publicKey().compressed, chain: chainSetting) else {
                throw DepositCLIError("self-check failed: the exit does not verify")
            }
            var files = StagedFileWriter(folder: URL(fileURLWithPath: outputFolder).appendingPathComponent(DepositCLIFiles.exitTransactionsFolder))
            files.add(DepositCLIFiles.signedExitFileName(validatorIndex: UInt64(index), timestamp: Int(Date().timeIntervalSince1970)),
                      SignedMessages.json(exit))
            _ = try files.commit()
            Terminal.say("\nSuccess!\nYour signed exit transaction can be found at: \(files.folder.path)")
        }
    }
}

/// `partial-deposit`: a deposit of any amount (``ValidatorKeys/DepositAmount``: 1 to 2048 ether,
/// 0.03125 to 64 GNO) for a keystore's key, with 0x01 or 0x02 credentials.
struct PartialDepositCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partial-deposit", abstract: "Create a deposit of any amount for the key in a keystore.")

    @OptionGroup var chain: ChainOptions
    @Option(name: .customLong("keystore")) var keystore: String?
    @OptionGroup var keystorePassword: KeystorePasswordOptions
    @Option(name: .customLong("amount"), help: "Amount in the chain's unit: ether (default 32), GNO on Gnosis (default 1).") var amount: String?
    @Option(name: [.customLong("withdrawal_address"), .customLong("withdrawal-address"), .customLong("execution_address"),
                   .customLong("execution-address"), .customLong("eth1_withdrawal_credentials")])
    var withdrawalAddress: String?
    @Flag(name: .customLong("compounding")) var compounding = false
    @Flag(name: [.customLong("regular-withdrawal"), .customLong("regular_withdrawal")]) var regularWithdrawal = false
    @Option(name: [.customLong("output_folder"), .customLong("output-folder")]) var outputFolder: String = "."
    @OptionGroup var io: InteractionOptions

    func validate() throws {
        guard !(compounding && regularWithdrawal) else {
            throw ValidationError("--compounding and --regular-withdrawal cannot be used together")
        }
    }

    func run() throws {
        try runReportingErrors {
            try GenerateKeys.checkFolder(outputFolder, option: "output_folder", subfolder: DepositCLIFiles.partialDepositsFolder)
            let chainSetting = try chain.resolve(io)
            let address = try io.value(
                withdrawalAddress, option: "withdrawal_address", prompt: "Please enter the withdrawal address",
                confirm: "Repeat your withdrawal address for confirmation", parse: ExecutionAddress.init(eip55:))
            let activation = DepositAmount.text(messageGwei: DepositAmount.activationAmountGwei, chain: chainSetting)
            let gwei = try io.value(
                amount, option: "amount",
                prompt: "Please enter the amount you wish to deposit, in \(DepositAmount.unitName(chainSetting)) (default \(activation))",
                default: activation
            ) { try DepositAmount.messageGwei($0, chain: chainSetting) }
            let (_, key) = try loadKeystore(path: keystore, password: keystorePassword.value(), io: io)
            let withdrawal: WithdrawalType = compounding ? .compounding(address) : .executionAddress(address)
            guard let credentials = withdrawal.addressCredentials else {
                throw DepositCLIError("a partial deposit needs an execution withdrawal address")
            }
            let deposit = try SignedDeposit(signingKey: key, withdrawalCredentials: credentials,
                                            amountGwei: gwei, chain: chainSetting)
            guard deposit.verify() else { throw DepositCLIError("self-check failed: the deposit signature does not verify") }
            var files = StagedFileWriter(folder: URL(fileURLWithPath: outputFolder).appendingPathComponent(DepositCLIFiles.partialDepositsFolder))
            files.add(DepositCLIFiles.depositDataFileName(timestamp: Int(Date().timeIntervalSince1970)),
                      SignedDeposit.depositDataFile([deposit], cliVersion: SignedDeposit.launchpadCLIVersion))
            _ = try files.commit()
            Terminal.say("\nSuccess!\nYour deposit file can be found at: \(files.folder.path)")
        }
    }
}

/// `test-keystore`: checks that a keystore decrypts with a password (and that its secret matches
/// its pubkey). Writes nothing.
struct TestKeystoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-keystore", abstract: "Check that a keystore decrypts with its password.")

    @Option(name: .customLong("keystore")) var keystore: String?
    @OptionGroup var keystorePassword: KeystorePasswordOptions
    @OptionGroup var io: InteractionOptions

    func run() throws {
        try runReportingErrors {
            let (parsed, _) = try loadKeystore(path: keystore, password: keystorePassword.value(), io: io)
            print("Keystore \(parsed.path) (pubkey \(parsed.pubkey.map { Hex.encode($0, prefix: false) } ?? "none")) decrypted successfully.")
        }
    }
}
