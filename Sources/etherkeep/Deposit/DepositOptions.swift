import ArgumentParser
import ConsensusTypes
import ValidatorKeys

/// `--non_interactive`: never prompt; a missing required option is an error.
struct InteractionOptions: ParsableArguments {
    @Flag(name: [.customLong("non_interactive"), .customLong("non-interactive")],
          help: "Never prompt: every needed option must be given.")
    var nonInteractive = false

    /// The option's value, or a prompt for it, or an error naming the option.
    func require(_ value: String?, option: String, prompt: String, hidden: Bool = false, confirm: String? = nil) throws -> String {
        if let value { return value }
        guard !nonInteractive else { throw DepositCLIError("missing option --\(option) (required with --non_interactive)") }
        if let confirm { return try Terminal.askConfirmed(prompt, confirm: confirm, hidden: hidden) }
        return try Terminal.ask(prompt, hidden: hidden)
    }
}

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
        if let chain { return try ChainSetting.named(chain) }
        if io.nonInteractive { return .mainnet }
        let names = ChainSetting.builtIn.map(\.networkName).joined(separator: ", ")
        let answer = try Terminal.ask("Please choose the (mainnet or testnet) network/chain name [\(names)] (default mainnet)")
        return answer.isEmpty ? .mainnet : try ChainSetting.named(answer)
    }
}

/// The mnemonic inputs of the commands that work from an existing mnemonic.
struct MnemonicOptions: ParsableArguments {
    @Option(name: .customLong("mnemonic"), help: "The mnemonic (prompted for, hidden, when absent).")
    var mnemonic: String?

    @Option(name: [.customLong("mnemonic_language"), .customLong("mnemonic-language")],
            help: "The mnemonic's language (detected when absent).")
    var mnemonicLanguage: String?

    @Option(name: [.customLong("mnemonic_password"), .customLong("mnemonic-password")],
            help: "The BIP-39 passphrase used when the keys were made (not the keystore password).")
    var mnemonicPassword: String?

    func resolve(_ io: InteractionOptions) throws -> Mnemonic {
        let language = try mnemonicLanguage.map { try MnemonicLanguage(named: $0) }
        let phrase = try io.require(mnemonic, option: "mnemonic", prompt: "Please enter your mnemonic separated by spaces (\" \")", hidden: true)
        return try Mnemonic(phrase: phrase, language: language)
    }

    /// The BIP-39 passphrase: asked (hidden, twice) only when interactive and not given.
    func passphrase(_ io: InteractionOptions) -> String { mnemonicPassword ?? "" }
}

/// The options of key generation (`new-mnemonic`, `existing-mnemonic`).
struct KeyGenerationOptions: ParsableArguments {
    @Option(name: [.customLong("num_validators"), .customLong("num-validators")], help: "Number of validators to create.")
    var numValidators: Int?

    @Option(name: .customLong("folder"), help: "Folder for validator_keys/ (default: the current folder).")
    var folder: String = "."

    @Option(name: [.customLong("keystore_password"), .customLong("keystore-password")],
            help: "Password for the keystores (prompted for, hidden, when absent). At least 12 characters.")
    var keystorePassword: String?

    @Option(name: [.customLong("withdrawal_address"), .customLong("withdrawal-address"), .customLong("execution_address"),
                   .customLong("execution-address"), .customLong("eth1_withdrawal_address"), .customLong("eth1-withdrawal-address")],
            help: "EIP-55 execution address for 0x01/0x02 withdrawal credentials (0x00 when absent).")
    var withdrawalAddress: String?

    @Flag(name: .customLong("compounding"), help: "0x02 compounding credentials (needs a withdrawal address).")
    var compounding = false

    @Flag(name: [.customLong("regular-withdrawal"), .customLong("regular_withdrawal")], help: "0x01 credentials (the default).")
    var regularWithdrawal = false

    @Option(name: .customLong("amount"), help: "Deposit amount in ether for compounding validators, 1 to 2048 (default 32).")
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
        if let numValidators, numValidators < 1 { throw ValidationError("--num_validators must be at least 1") }
    }
}
