import ArgumentParser
import BLS12381
import EthereumCore
import ConsensusTypes
import Foundation
import ValidatorKeys

/// Parses the reference's lists ("1,2 3; 4", brackets allowed): `normalize_input_list`.
func parseList(_ text: String) -> [String] {
    text.trimmingCharacters(in: CharacterSet(charactersIn: "[({})] "))
        .split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }).map(String.init)
}

/// A list of validator indices (each 0…2^32−1, at least one).
func parseIndices(_ text: String, option: String) throws -> [UInt64] {
    let indices = try parseList(text).map {
        guard let i = UInt32($0) else { throw DepositCLIError("--\(option): \"\($0)\" is not a validator index (0 to 2^32−1)") }
        return UInt64(i)
    }
    guard !indices.isEmpty else { throw DepositCLIError("--\(option): no validator index given") }
    return indices
}

/// One index (0…2^32−1) as text, `what` naming it in the error.
func parseIndex(_ text: String, what: String) throws -> UInt32 {
    guard let index = UInt32(text.trimmingCharacters(in: .whitespaces)) else {
        throw DepositCLIError("\"\(text)\" is not \(what) (0 to 2^32−1)")
    }
    return index
}

/// The keys of validators `start…start+count−1` of a mnemonic.
func credentials(_ mnemonic: Mnemonic, passphrase: String, start: UInt32, count: Int) throws -> [ValidatorCredential] {
    guard count >= 0, UInt64(start) + UInt64(count) <= UInt64(UInt32.max) + 1 else {
        throw DepositCLIError("validator indices \(start) to \(start)+\(count)−1 go past 2^32−1")
    }
    let root = ValidatorCredential.accountRoot(master: try DerivedKey.master(seed: mnemonic.seed(passphrase: passphrase)))
    return try (0..<count).map { try ValidatorCredential(accountRoot: root, index: start + UInt32($0)) }
}

/// `generate-bls-to-execution-change`: move 0x00 validators to an execution address.
struct GenerateBLSToExecutionChangeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-bls-to-execution-change", abstract: "Sign BLS-to-execution changes (0x00 → 0x01 credentials).")

    @Option(name: [.customLong("bls_to_execution_changes_folder"), .customLong("bls-to-execution-changes-folder")])
    var folder: String = "."
    @OptionGroup var chain: ChainOptions
    @OptionGroup var mnemonic: MnemonicOptions
    @Option(name: [.customLong("validator_start_index"), .customLong("validator-start-index")]) var validatorStartIndex: UInt32?
    @Option(name: [.customLong("validator_indices"), .customLong("validator-indices")],
            help: "Beacon-chain validator indices, separated by spaces or commas.")
    var validatorIndices: String?
    @Option(name: [.customLong("bls_withdrawal_credentials_list"), .customLong("bls-withdrawal-credentials-list")],
            help: "The validators' current 0x00 withdrawal credentials, in the same order.")
    var credentialsList: String?
    @Option(name: [.customLong("withdrawal_address"), .customLong("withdrawal-address"), .customLong("execution_address"),
                   .customLong("execution-address")])
    var withdrawalAddress: String?
    @OptionGroup var io: InteractionOptions

    func run() throws {
        try runReportingErrors {
            try GenerateKeys.checkFolder(folder, option: "bls_to_execution_changes_folder", subfolder: DepositCLIFiles.blsToExecutionChangesFolder)
            let chainSetting = try chain.resolve(io)
            let m = try mnemonic.resolve(io)
            let start = try io.value(
                validatorStartIndex.map(String.init), option: "validator_start_index",
                prompt: "Enter the index position for the keys to start generating withdrawal credentials"
            ) { try parseIndex($0, what: "a key index") }
            let indices = try io.value(
                validatorIndices, option: "validator_indices", prompt: "Please enter a list of the validator indices of your validator(s)"
            ) { try parseIndices($0, option: "validator_indices") }
            let oldCredentials = try io.value(
                credentialsList, option: "bls_withdrawal_credentials_list",
                prompt: "Please enter a list of the old BLS withdrawal credentials of your validator(s)"
            ) { text in
                let list = parseList(text)
                guard list.count == indices.count else {
                    throw DepositCLIError("\(indices.count) validator indices but \(list.count) withdrawal credentials")
                }
                return try list.map { try Root(try HexBytes.decode($0, what: "withdrawal credentials")) }
            }
            let address = try io.value(
                withdrawalAddress, option: "withdrawal_address", prompt: "Please enter the withdrawal address",
                confirm: "Repeat your withdrawal address for confirmation", parse: ExecutionAddress.init(eip55:))
            let keys = try credentials(m, passphrase: mnemonic.passphrase(io), start: start, count: indices.count)
            var entries: [String] = []
            for (k, key) in keys.enumerated() {
                let given = oldCredentials[k]
                guard given.bytes[0] == 0x00 else {
                    throw DepositCLIError("withdrawal credentials \(given) are not 0x00 (BLS) credentials")
                }
                guard given == key.blsWithdrawalCredentials else {
                    throw DepositCLIError("withdrawal credentials \(given) do not match key \(key.index) of this mnemonic")
                }
                let change = try SignedMessages.blsToExecutionChange(
                    withdrawalKey: key.withdrawalKey, validatorIndex: indices[k], toExecutionAddress: address, chain: chainSetting)
                guard SignedMessages.verify(change, chain: chainSetting) else {
                    throw DepositCLIError("self-check failed: the change for validator \(indices[k]) does not verify")
                }
                entries.append(SignedMessages.json(change, chain: chainSetting, cliVersion: SignedDeposit.defaultCLIVersion))
            }
            var files = StagedFileWriter(folder: URL(fileURLWithPath: folder).appendingPathComponent(DepositCLIFiles.blsToExecutionChangesFolder))
            files.add(DepositCLIFiles.blsToExecutionChangeFileName(timestamp: Int(Date().timeIntervalSince1970)), "[" + entries.joined(separator: ", ") + "]")
            _ = try files.commit()
            Terminal.say("\nSuccess!\nYour SignedBLSToExecutionChange JSON file can be found at: \(files.folder.path)")
        }
    }
}

/// `exit-transaction-mnemonic`: signed voluntary exits for keys of a mnemonic.
struct ExitTransactionMnemonicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exit-transaction-mnemonic", abstract: "Sign voluntary exits with keys from a mnemonic.")

    @OptionGroup var chain: ChainOptions
    @OptionGroup var mnemonic: MnemonicOptions
    @Option(name: [.customLong("validator_start_index"), .customLong("validator-start-index")]) var validatorStartIndex: UInt32?
    @Option(name: [.customLong("validator_indices"), .customLong("validator-indices")]) var validatorIndices: String?
    @Option(name: .customLong("epoch"), help: "Earliest epoch at which the exit is valid (default 0: always).") var epoch: UInt64 = 0
    @Option(name: [.customLong("output_folder"), .customLong("output-folder")]) var outputFolder: String = "."
    @OptionGroup var io: InteractionOptions

    func run() throws {
        try runReportingErrors {
            try GenerateKeys.checkFolder(outputFolder, option: "output_folder", subfolder: DepositCLIFiles.exitTransactionsFolder)
            let chainSetting = try chain.resolve(io)
            let m = try mnemonic.resolve(io)
            let start = try io.value(
                validatorStartIndex.map(String.init), option: "validator_start_index",
                prompt: "Enter the index position for the keys to start generating exits"
            ) { try parseIndex($0, what: "a key index") }
            let indices = try io.value(
                validatorIndices, option: "validator_indices", prompt: "Please enter a list of the validator indices of your validator(s)"
            ) { try parseIndices($0, option: "validator_indices") }
            let keys = try credentials(m, passphrase: mnemonic.passphrase(io), start: start, count: indices.count)
            let timestamp = Int(Date().timeIntervalSince1970)
            var files = StagedFileWriter(folder: URL(fileURLWithPath: outputFolder).appendingPathComponent(DepositCLIFiles.exitTransactionsFolder))
            for (k, key) in keys.enumerated() {
                let exit = try SignedMessages.voluntaryExit(
                    signingKey: key.signingKey, validatorIndex: indices[k], epoch: epoch, chain: chainSetting)
                guard SignedMessages.verify(exit, pubkey: key.signingPubkey.compressed, chain: chainSetting) else {
                    throw DepositCLIError("self-check failed: the exit of validator \(indices[k]) does not verify")
                }
                files.add(DepositCLIFiles.signedExitFileName(validatorIndex: UInt64(indices[k]), timestamp: timestamp), SignedMessages.json(exit))
            }
            _ = try files.commit()
            Terminal.say("\nSuccess!\nYour signed exit transaction(s) can be found at: \(files.folder.path)")
        }
    }
}

/// Hex → bytes for the commands, naming the value on error.
enum HexBytes {
    static func decode(_ text: String, what: String) throws -> [UInt8] {
        do { return try Hex.decode(text) } catch { throw DepositCLIError("\(what) \"\(text)\": \(error)") }
    }
}
