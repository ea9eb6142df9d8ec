import ArgumentParser
import ConsensusTypes
import Foundation
import Secrets
import ValidatorKeys

/// `--chain` and `--devnet_chain_setting` (which overrides the chain).
struct ChainOptions: ParsableArguments {
    @Option(name: .customLong("chain"),
            help: "mainnet, sepolia, holesky, hoodi, ephemery, gnosis or chiado (default mainnet).")
    var chain: String?

    @Option(name: [.customLong("devnet_chain_setting"), .customLong("devnet-chain-setting")],
            help: #"Custom chain as JSON: {"network_name", "genesis_fork_version", "exit_fork_version", "genesis_validator_root"}."#)
    var devnetChainSetting: String?

    func resolve(_ io: InteractionOptions) throws -> ChainSetting {
        if let devnetChainSetting {
            let chain = try ChainSetting.devnet(json: devnetChainSetting)
            Terminal.say("**[Warning] Using devnet chain setting \(chain.networkName).**")
            return chain
        }
        let names = ChainSetting.builtIn.map(\.networkName).joined(separator: ", ")
        return try io.value(
            chain, option: "chain", prompt: "Please choose the (mainnet or testnet) network/chain name [\(names)] (default mainnet)",
            default: "mainnet") { try GenerationInput.chain($0) }
    }
}

/// A secret that ethstaker-deposit-cli takes as an option value: kept for compatibility, with a
/// warning, beside a `…_file` option that reads it from a file instead.
enum SecretOption {
    /// The option's value, or the first line of its file, or `nil` when neither is given.
    ///
    /// - Throws: ``DepositCLIError`` when both are given or the file cannot be read.
    static func value(_ given: String?, file: String?, option: String) throws -> String? {
        switch (given, file) {
        case (.some, .some):
            throw DepositCLIError("give --\(option) or --\(option)_file, not both")
        case (let given?, nil):
            Terminal.say("warning: --\(option) on the command line can be read by other users (ps) and stays in the shell history; "
                + "--\(option)_file FILE reads it from a file")
            return given
        case (nil, let file?):
            guard let data = FileManager.default.contents(atPath: file) else { throw DepositCLIError("--\(option)_file: cannot read \(file)") }
            var bytes = Array(data)
            defer { bytes.wipe() }
            // A UTF-8 byte-order mark (files saved by Windows Notepad) is not part of the secret.
            let body = bytes.starts(with: [0xef, 0xbb, 0xbf]) ? bytes.dropFirst(3) : bytes[...]
            let line = body.prefix { $0 != 0x0a && $0 != 0x0d }
            return String(decoding: line, as: UTF8.self)
        case (nil, nil):
            return nil
        }
    }
}

/// `--keystore_password` or `--keystore_password_file`, for the commands that read a keystore.
struct KeystorePasswordOptions: ParsableArguments {
    @Option(name: [.customLong("keystore_password"), .customLong("keystore-password")],
            help: "The keystore's password (prompted for, hidden, when absent; prefer --keystore_password_file).")
    var keystorePassword: String?

    @Option(name: [.customLong("keystore_password_file"), .customLong("keystore-password-file")],
            help: "A file whose first line is the keystore's password.")
    var keystorePasswordFile: String?

    func value() throws -> String? {
        try SecretOption.value(keystorePassword, file: keystorePasswordFile, option: "keystore_password")
    }
}

/// The mnemonic inputs of the commands that work from an existing mnemonic.
struct MnemonicOptions: ParsableArguments {
    @Option(name: .customLong("mnemonic"), help: "The mnemonic (prompted for, hidden, when absent; prefer --mnemonic_file).")
    var mnemonic: String?

    @Option(name: [.customLong("mnemonic_file"), .customLong("mnemonic-file")], help: "A file whose first line is the mnemonic.")
    var mnemonicFile: String?

    @Option(name: [.customLong("mnemonic_language"), .customLong("mnemonic-language")],
            help: "The mnemonic's language (detected when absent).")
    var mnemonicLanguage: String?

    @Option(name: [.customLong("mnemonic_password"), .customLong("mnemonic-password")],
            help: "The BIP-39 passphrase used when the keys were made (not the keystore password).")
    var mnemonicPassword: String?

    func resolve(_ io: InteractionOptions) throws -> Mnemonic {
        let language = try mnemonicLanguage.map { try MnemonicLanguage(named: $0) }
        let given = try SecretOption.value(mnemonic, file: mnemonicFile, option: "mnemonic")
        let parsed = try io.value(
            given, option: "mnemonic", prompt: "Please enter your mnemonic separated by spaces (\" \")", hidden: true
        ) { phrase in try ParsedMnemonic(phrase: phrase, language: language) }
        switch parsed {
        case .mnemonic(let mnemonic):
            return mnemonic
        case .ambiguous(let phrase, let reason):
            // Never guess: each language gives other keys. Ask, or say how to name it.
            guard !io.nonInteractive else { throw DepositCLIError("\(reason) with --mnemonic_language") }
            let fitting = try Mnemonic.fittingLanguages(phrase: phrase)
            let names = fitting.map(\.rawValue).joined(separator: ", ")
            return try io.value(
                nil, option: "mnemonic_language",
                prompt: "Your mnemonic fits several word lists, each giving other keys. Which language is it? [\(names)]"
            ) { answer in
                // The answer is never quoted back: it may be the mnemonic, pasted again by mistake.
                guard let chosen = try? MnemonicLanguage(named: answer) else {
                    throw DepositCLIError("that is not a word-list language; answer one of: \(names)")
                }
                guard fitting.contains(chosen) else { throw DepositCLIError("the mnemonic is not \(chosen.rawValue); answer one of: \(names)") }
                return try Mnemonic(phrase: phrase, language: chosen)
            }
        }
    }

    /// The BIP-39 passphrase: never asked for (as the reference: almost nobody has one), empty unless given.
    func passphrase(_ io: InteractionOptions) -> String { mnemonicPassword ?? "" }
}

/// A phrase read as a mnemonic: parsed, or fitting several languages (to be asked which).
private enum ParsedMnemonic {
    case mnemonic(Mnemonic)
    case ambiguous(phrase: String, reason: String)

    /// - Throws: every ``Mnemonic`` error but `ambiguousLanguage`.
    init(phrase: String, language: MnemonicLanguage?) throws {
        do {
            self = .mnemonic(try Mnemonic(phrase: phrase, language: language))
        } catch {
            guard error.code == .ambiguousLanguage else { throw error }
            self = .ambiguous(phrase: phrase, reason: error.reason)
        }
    }
}

/// The options of key generation (`new-mnemonic`, `existing-mnemonic`).
struct KeyGenerationOptions: ParsableArguments {
    @Option(name: [.customLong("num_validators"), .customLong("num-validators")], help: "Number of validators to create.")
    var numValidators: Int?

    @Option(name: .customLong("folder"), help: "Folder for validator_keys/ (default: the current folder).")
    var folder: String = "."

    @Option(name: [.customLong("keystore_password"), .customLong("keystore-password")],
            help: "Password for the keystores (prompted for, hidden, when absent; prefer --keystore_password_file). At least 12 characters.")
    var keystorePassword: String?

    @Option(name: [.customLong("keystore_password_file"), .customLong("keystore-password-file")],
            help: "A file whose first line is the keystores' password.")
    var keystorePasswordFile: String?

    @Option(name: [.customLong("withdrawal_address"), .customLong("withdrawal-address"), .customLong("execution_address"),
                   .customLong("execution-address"), .customLong("eth1_withdrawal_address"), .customLong("eth1-withdrawal-address")],
            help: "EIP-55 execution address for 0x01/0x02 withdrawal credentials (0x00 when absent).")
    var withdrawalAddress: String?

    @Flag(name: .customLong("compounding"), help: "0x02 compounding credentials (needs a withdrawal address).")
    var compounding = false

    @Flag(name: [.customLong("regular-withdrawal"), .customLong("regular_withdrawal")], help: "0x01 credentials (the default).")
    var regularWithdrawal = false

    @Option(name: .customLong("amount"),
            help: "Deposit amount for compounding validators in the chain's unit: ether, 1 to 2048 (default 32); GNO on Gnosis, 0.03125 to 64 (default 1).")
    var amount: String?

    @Flag(name: .customLong("pbkdf2"), help: "Keystores with PBKDF2 instead of scrypt (faster, weaker).")
    var pbkdf2 = false

    @Flag(name: [.customLong("shared-salt"), .customLong("shared_salt")],
          help: "One KDF salt and key for the whole run, as ethstaker-deposit-cli does (faster; see README).")
    var sharedSalt = false

    func validate() throws {
        guard !(compounding && regularWithdrawal) else {
            throw ValidationError("--compounding and --regular-withdrawal cannot be used together")
        }
    }
}
