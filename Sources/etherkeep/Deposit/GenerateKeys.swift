import ConsensusTypes
import Crypto
import Foundation
import ValidatorKeys

/// The shared second half of `new-mnemonic` and `existing-mnemonic` (the reference's
/// `generate_keys`): resolve the options, generate and check everything, then write
/// `validator_keys/keystore-m_12381_3600_<i>_0_0-<ts>.json` and `deposit_data-<ts>.json`.
enum GenerateKeys {
    static let minimumPasswordLength = 12

    /// Everything key generation needs besides the seed, each value checked.
    struct Plan {
        let count: Int
        let withdrawal: WithdrawalType
        let amountGwei: UInt64
        let password: KeystorePassword
    }

    /// Resolves the options into a ``Plan``: asks for what is missing (until valid) when
    /// interactive. Called before a new mnemonic is shown, so that no answer can end a run after
    /// the user has written down a mnemonic for which nothing was generated.
    static func plan(_ options: KeyGenerationOptions, chain: ChainSetting, io: InteractionOptions) throws -> Plan {
        let count = try io.value(
            options.numValidators.map(String.init), option: "num_validators",
            prompt: "Please choose how many new validators you wish to run"
        ) { text in
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)), n >= 1 else {
                throw DepositCLIError("\"\(text)\" is not a number of validators (1 or more)")
            }
            return n
        }
        let withdrawal = try resolveWithdrawal(options, io: io)
        let amountGwei = try resolveAmount(options, withdrawal: withdrawal, chain: chain, io: io)
        let password = try io.value(
            SecretOption.value(options.keystorePassword, file: options.keystorePasswordFile, option: "keystore_password"),
            option: "keystore_password",
            prompt: "Create a password that secures your validator keystore(s)", hidden: true,
            confirm: "Repeat your keystore password for confirmation"
        ) { text in
            guard text.count >= minimumPasswordLength else {
                throw DepositCLIError("the keystore password must be at least \(minimumPasswordLength) characters long")
            }
            return KeystorePassword(text)
        }
        return Plan(count: count, withdrawal: withdrawal, amountGwei: amountGwei, password: password)
    }

    /// Generates, checks and writes the keys of `plan` from `seed`, starting at `startIndex`.
    static func run(seed: SymmetricKey, startIndex: UInt32, plan: Plan, options: KeyGenerationOptions, chain: ChainSetting) throws {
        let request = KeyGeneration.Request(
            startIndex: startIndex, count: plan.count, chain: chain, withdrawal: plan.withdrawal, amountGwei: plan.amountGwei,
            kdf: options.pbkdf2 ? .pbkdf2 : .scrypt, saltPolicy: options.sharedSalt ? .sharedPerRun : .perKeystore)

        let progress = StagedProgress(count: plan.count)
        let outputs = try KeyGeneration.run(seed: seed, password: plan.password, request: request) { stage, done in
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
        // Absent and non-interactive: 0x00 (BLS) credentials, as the reference.
        let address = try io.value(
            options.withdrawalAddress, option: "withdrawal_address",
            prompt: "Please enter the withdrawal address (leave empty for 0x00 BLS withdrawal credentials)",
            confirm: "Repeat your withdrawal address for confirmation", default: ""
        ) { text -> ExecutionAddress? in
            guard !text.isEmpty else {
                if options.compounding { throw DepositCLIError("--compounding needs a --withdrawal_address") }
                return nil
            }
            return try ExecutionAddress(eip55: text)
        }
        guard let address else { return .bls }
        var compounding = options.compounding
        if !options.compounding, !options.regularWithdrawal {
            compounding = try io.confirm("Generate compounding validators (0x02 credentials, up to 2048 ETH)?", default: false)
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
        return try io.value(
            options.amount, option: "amount",
            prompt: "Please enter the amount you wish to deposit to each validator, in ether (default 32)", default: "32"
        ) { text in
            let gwei = try Amounts.parseEther(text)
            let (scaled, overflow) = gwei.multipliedReportingOverflow(by: chain.multiplier)
            guard !overflow, scaled <= SignedDeposit.maxAmountGwei else {
                throw DepositCLIError("\(text) is above the 2048 ETH-equivalent maximum on \(chain.networkName)")
            }
            return scaled
        }
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
