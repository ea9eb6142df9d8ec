import ArgumentParser
import ValidatorKeys

/// `new-mnemonic`: a fresh 24-word mnemonic, shown once and typed back, then keys as
/// `existing-mnemonic` makes them.
struct NewMnemonicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-mnemonic", abstract: "Generate a new mnemonic, validator keystores and deposit data.")

    @Option(name: [.customLong("mnemonic_language"), .customLong("mnemonic-language")], help: "Word-list language (default english).")
    var mnemonicLanguage: String?

    @OptionGroup var chain: ChainOptions
    @OptionGroup var keys: KeyGenerationOptions
    @OptionGroup var io: InteractionOptions

    func run() throws {
        try runReportingErrors {
            try GenerateKeys.checkFolder(keys.folder)
            let names = MnemonicLanguage.allCases.map(\.rawValue).joined(separator: ", ")
            let language = try io.value(
                mnemonicLanguage, option: "mnemonic_language",
                prompt: "Please choose the language of the mnemonic word list [\(names)] (default english)", default: "english"
            ) { try GenerationInput.mnemonicLanguage($0) }
            let chainSetting = try chain.resolve(io)
            // Every answer before the mnemonic is shown: once it is written down, nothing may stop the run.
            let plan = try GenerateKeys.plan(keys, chain: chainSetting, io: io)
            let mnemonic = try Mnemonic.generate(language: language)
            try show(mnemonic)
            try GenerateKeys.run(seed: mnemonic.seed(), startIndex: 0, plan: plan, options: keys, chain: chainSetting)
        }
    }

    /// Shows the mnemonic once. Interactive: on the terminal, then cleared, then typed back and
    /// compared (abbreviations to four letters accepted). Non-interactive: printed on stdout.
    private func show(_ mnemonic: Mnemonic) throws {
        let intro = "This is your mnemonic (seed phrase). Write it down and store it safely. It is the ONLY way to retrieve your deposit."
        guard !io.nonInteractive else {
            print(intro)
            mnemonic.withPhrase { print($0) }
            return
        }
        Terminal.say("\n\(intro)\n")
        mnemonic.withPhrase { Terminal.say($0 + "\n") }
        _ = try Terminal.ask("Press Enter when you have written down your mnemonic")
        Terminal.clear()
        while true {
            let typed = try Terminal.ask("Please type your mnemonic (separated by spaces) to confirm you have written it down", hidden: true)
            if let again = try? Mnemonic(phrase: typed, language: mnemonic.language), again.matches(mnemonic) { return }
            Terminal.say("Error: that is not the mnemonic shown. Please try again.")
        }
    }
}

/// `existing-mnemonic`: keys from a mnemonic already written down.
struct ExistingMnemonicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "existing-mnemonic", abstract: "Generate validator keystores and deposit data from an existing mnemonic.")

    @OptionGroup var mnemonic: MnemonicOptions

    @Option(name: [.customLong("validator_start_index"), .customLong("validator-start-index")],
            help: "Index of the first key to generate (keys made before: use the next index).")
    var validatorStartIndex: UInt32?

    @OptionGroup var chain: ChainOptions
    @OptionGroup var keys: KeyGenerationOptions
    @OptionGroup var io: InteractionOptions

    func run() throws {
        try runReportingErrors {
            try GenerateKeys.checkFolder(keys.folder)
            let m = try mnemonic.resolve(io)
            let start = try io.value(
                validatorStartIndex.map(String.init), option: "validator_start_index",
                prompt: "Enter the index (key number) you wish to start generating more keys from (default 0)",
                default: io.nonInteractive ? nil : "0"  // re-making keys from 0 by accident: named explicitly when scripted
            ) { try parseIndex($0, what: "a key index") }
            let chainSetting = try chain.resolve(io)
            let plan = try GenerateKeys.plan(keys, startIndex: start, chain: chainSetting, io: io)
            try GenerateKeys.run(seed: m.seed(passphrase: mnemonic.passphrase(io)), startIndex: start, plan: plan, options: keys,
                                 chain: chainSetting)
        }
    }
}
