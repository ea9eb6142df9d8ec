import ConsensusTypes
import Crypto
import Foundation
import ValidatorKeys

/// The shared second half of `new-mnemonic` and `existing-mnemonic` (the reference's
/// `generate_keys`): resolve the options, generate and check everything, then write
/// `validator_keys/keystore-m_12381_3600_<i>_0_0-<ts>.json` and `deposit_data-<ts>.json`.
enum GenerateKeys {
    static let minimumPasswordLength = 12

    static func run(
        seed: SymmetricKey, startIndex: UInt32, options: KeyGenerationOptions, chain: ChainSetting,
        io: InteractionOptions
    ) throws {
        let count = try options.numValidators ?? {
            let text = try io.require(nil, option: "num_validators", prompt: "Please choose how many new validators you wish to run")
            guard let n = Int(text), n >= 1 else { throw DepositCLIError("\"\(text)\" is not a number of validators") }
            return n
        }()
        let withdrawal = try resolveWithdrawal(options, io: io)
        let amountGwei = try resolveAmount(options, withdrawal: withdrawal, chain: chain, io: io)
        let passwordText = try io.require(
            SecretOption.value(options.keystorePassword, file: options.keystorePasswordFile, option: "keystore_password"),
            option: "keystore_password",
            prompt: "Create a password that secures your validator keystore(s)", hidden: true,
            confirm: "Repeat your keystore password for confirmation")
        guard passwordText.count >= minimumPasswordLength else {
            throw DepositCLIError("the keystore password must be at least \(minimumPasswordLength) characters long")
        }
        let password = KeystorePassword(passwordText)
        let request = KeyGeneration.Request(
            startIndex: startIndex, count: count, chain: chain, withdrawal: withdrawal, amountGwei: amountGwei,
            kdf: options.pbkdf2 ? .pbkdf2 : .scrypt, saltPolicy: options.sharedSalt ? .sharedPerRun : .perKeystore)

        let progress = StagedProgress(count: count)
        let outputs = try KeyGeneration.run(seed: seed, password: password, request: request) { stage, done in
            progress.update(stage, done)
        }

        let timestamp = Int(Date().timeIntervalSince1970)
        var files = OutputFiles(folder: URL(fileURLWithPath: options.folder).appendingPathComponent("validator_keys"))
        for output in outputs {
            files.add("keystore-m_12381_3600_\(output.index)_0_0-\(timestamp).json", output.keystoreJSON)
        }
        files.add("deposit_data-\(timestamp).json",
                  SignedDeposit.depositDataFile(outputs.map(\.deposit), cliVersion: SignedDeposit.defaultCLIVersion))
        _ = try files.commit()
        Terminal.say("\nSuccess!\nYour keys can be found at: \(files.folder.path)")
    }

    private static func resolveWithdrawal(_ options: KeyGenerationOptions, io: InteractionOptions) throws -> WithdrawalType {
        var text = options.withdrawalAddress
        if text == nil, !io.nonInteractive {
            text = try Terminal.askConfirmed(
                "Please enter the withdrawal address (leave empty for 0x00 BLS withdrawal credentials)",
                confirm: "Repeat your withdrawal address for confirmation", hidden: false)
        }
        guard let text, !text.isEmpty else {
            if options.compounding { throw DepositCLIError("--compounding needs a --withdrawal_address") }
            return .bls
        }
        let address = try ExecutionAddress(eip55: text)
        var compounding = options.compounding
        if !options.compounding, !options.regularWithdrawal, !io.nonInteractive {
            let answer = try Terminal.ask("Generate compounding validators (0x02 credentials, up to 2048 ETH)? [y/N]")
            compounding = ["y", "yes", "true", "1"].contains(answer.lowercased())
        }
        return compounding ? .compounding(address) : .executionAddress(address)
    }

    private static func resolveAmount(
        _ options: KeyGenerationOptions, withdrawal: WithdrawalType, chain: ChainSetting, io: InteractionOptions
    ) throws -> UInt64 {
        guard case .compounding = withdrawal else {
            if options.amount != nil { Terminal.say("Note: --amount applies to compounding validators only; using 32 ETH.") }
            return 32 * Amounts.gweiPerEther  // MIN_ACTIVATION_AMOUNT × MULTIPLIER, 32 ETH-equivalent on every chain
        }
        var text = options.amount
        if text == nil, !io.nonInteractive {
            let answer = try Terminal.ask("Please enter the amount you wish to deposit to each validator, in ether (default 32)")
            text = answer.isEmpty ? nil : answer
        }
        let gwei = try Amounts.parseEther(text ?? "32")
        let (scaled, overflow) = gwei.multipliedReportingOverflow(by: chain.multiplier)
        guard !overflow, scaled <= SignedDeposit.maxAmountGwei else {
            throw DepositCLIError("\(text ?? "32") is above the 2048 ETH-equivalent maximum on \(chain.networkName)")
        }
        return scaled
    }
}

/// One progress bar per stage, as the reference shows them.
final class StagedProgress: @unchecked Sendable {  // called serialised by KeyGeneration
    private let count: Int
    private var current: (KeyGeneration.Stage, ProgressBar)

    init(count: Int) {
        self.count = count
        current = (.deriving, ProgressBar(label: Self.label(.deriving), total: count))
    }

    private static func label(_ stage: KeyGeneration.Stage) -> String {
        switch stage {
        case .deriving: "Creating your keys:                "
        case .encrypting: "Creating your keystores:           "
        case .verifying: "Verifying your keystores/deposits: "
        }
    }

    func update(_ stage: KeyGeneration.Stage, _ done: Int) {
        if stage != current.0 {
            current = (stage, ProgressBar(label: Self.label(stage), total: count))
        }
        current.1.update(done)
    }
}
