#if canImport(Glibc)
import Glibc
#endif
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
    ///
    /// - Parameter startIndex: the first key's index; the count is bounded so that every index
    ///   fits in 32 bits (EIP-2334).
    static func plan(_ options: KeyGenerationOptions, startIndex: UInt32 = 0, chain: ChainSetting, io: InteractionOptions) throws -> Plan {
        try checkFolder(options.folder)
        let count = try io.value(
            options.numValidators.map(String.init), option: "num_validators",
            prompt: "Please choose how many new validators you wish to run"
        ) { text in
            let count = try GenerationInput.count(text)
            guard UInt64(startIndex) + UInt64(count) <= UInt64(UInt32.max) + 1 else {
                throw DepositCLIError("\(count) validators from index \(startIndex) go past index 2^32−1 (EIP-2334 indices are 32-bit)")
            }
            return count
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

    /// Refuses an output folder that cannot be written before anything is asked or generated:
    /// `folder` must be a writable directory (`subfolder` is created inside it at the end).
    ///
    /// - Throws: ``DepositCLIError`` naming `--folder`.
    static func checkFolder(_ folder: String, option: String = "folder", subfolder: String = "validator_keys") throws {
        var info = stat()
        guard stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw DepositCLIError("--\(option): \(folder) is not an existing folder")
        }
        guard access(folder, W_OK | X_OK) == 0 else { throw DepositCLIError("--\(option): \(folder) is not writable") }
        let keys = folder + "/" + subfolder
        if stat(keys, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR, access(keys, W_OK | X_OK) == 0 else {
                throw DepositCLIError("--\(option): \(keys) exists and is not a writable folder")
            }
        }
    }

    /// Generates, checks and writes the keys of `plan` from `seed`, starting at `startIndex`: the
    /// keystores (all under the plan's one password) and the deposit data, into
    /// `<folder>/validator_keys`, all or nothing.
    static func run(seed: SymmetricKey, startIndex: UInt32, plan: Plan, options: KeyGenerationOptions, chain: ChainSetting) throws {
        let request = KeyGeneration.Request(
            startIndex: startIndex, count: plan.count, chain: chain, withdrawal: plan.withdrawal, amountGwei: plan.amountGwei,
            kdf: options.pbkdf2 ? .pbkdf2 : .scrypt, saltPolicy: options.sharedSalt ? .sharedPerRun : .perKeystore)

        let progress = StagedProgress(count: plan.count)
        let passwords = Array(repeating: plan.password, count: plan.count)
        let outputs = try KeyGeneration.run(seed: seed, passwords: passwords, request: request) { stage, done in
            progress.update(stage, done)
        }

        var files = StagedFileWriter(folder: URL(fileURLWithPath: options.folder).appendingPathComponent(DepositCLIFiles.validatorKeysFolder))
        files.add(DepositCLIFiles.generatedKeys(outputs, timestamp: Int(Date().timeIntervalSince1970)))
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
            let address = try GenerationInput.withdrawalAddress(text)
            if address == nil, options.compounding { _ = try GenerationInput.withdrawal(address: nil, credentials: .compounding) }
            return address
        }
        guard let address else { return .bls }
        var compounding = options.compounding
        if !options.compounding, !options.regularWithdrawal {
            compounding = try io.confirm("Generate compounding validators (0x02 credentials, balances up to the 2048 ETH-equivalent maximum)?", default: false)
        }
        return try GenerationInput.withdrawal(address: address, credentials: compounding ? .compounding : .regular)
    }

    /// The deposit amount (``DepositAmount``): asked for 0x02 validators only; the activation
    /// amount otherwise, where `--amount` is refused.
    private static func resolveAmount(
        _ options: KeyGenerationOptions, withdrawal: WithdrawalType, chain: ChainSetting, io: InteractionOptions
    ) throws -> UInt64 {
        guard case .compounding = withdrawal else { return try GenerationInput.amount(options.amount, withdrawal: withdrawal, chain: chain) }
        let activation = DepositAmount.text(messageGwei: DepositAmount.activationAmountGwei, chain: chain)
        return try io.value(
            options.amount, option: "amount",
            prompt: "Please enter the amount you wish to deposit to each validator, in \(DepositAmount.unitName(chain)) (default \(activation))",
            default: activation
        ) { try GenerationInput.amount($0, withdrawal: withdrawal, chain: chain) }
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
