#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The folders and file names ethstaker-deposit-cli writes, so that tools reading its output
/// (the launchpad, validator clients' importers) find ours where they look
/// (https://github.com/ethstaker/ethstaker-deposit-cli `ethstaker_deposit/utils/constants.py`,
/// `credentials.py`, `utils/export_data.py`). Timestamps are whole seconds since 1970, as the
/// reference's `int(time.time())`. Contents come from ``SignedDeposit``, ``Keystore`` and
/// ``SignedMessages``; ``StagedFileWriter`` writes them.
public enum DepositCLIFiles {
    /// `validator_keys`: keystores and the deposit data of `new-mnemonic` / `existing-mnemonic`.
    public static let validatorKeysFolder = "validator_keys"
    /// `exit_transactions`: signed voluntary exits.
    public static let exitTransactionsFolder = "exit_transactions"
    /// `partial_deposits`: the deposit data of `partial-deposit`.
    public static let partialDepositsFolder = "partial_deposits"
    /// `bls_to_execution_changes`: signed BLS→execution changes.
    public static let blsToExecutionChangesFolder = "bls_to_execution_changes"

    /// `keystore-<path, / as _>-<timestamp>.json`, e.g. `keystore-m_12381_3600_0_0_0-1700000000.json`.
    public static func keystoreFileName(path: String, timestamp: Int) -> String {
        "keystore-\(String(path.map { $0 == "/" ? "_" : $0 }))-\(timestamp).json"
    }

    /// `deposit_data-<timestamp>.json`.
    public static func depositDataFileName(timestamp: Int) -> String { "deposit_data-\(timestamp).json" }

    /// `signed_exit_transaction-<validator index>-<timestamp>.json`.
    public static func signedExitFileName(validatorIndex: UInt64, timestamp: Int) -> String {
        "signed_exit_transaction-\(validatorIndex)-\(timestamp).json"
    }

    /// `bls_to_execution_change-<timestamp>.json`.
    public static func blsToExecutionChangeFileName(timestamp: Int) -> String { "bls_to_execution_change-\(timestamp).json" }

    /// The `validator_keys` files of one key-generation run: each keystore (EIP-2335 JSON, as
    /// generated), then one deposit-data file holding every deposit in validator order.
    ///
    /// - Parameters:
    ///   - outputs: ``KeyGeneration`` outputs.
    ///   - timestamp: seconds since 1970, shared by every name.
    ///   - cliVersion: the `deposit_cli_version` written (``SignedDeposit/defaultCLIVersion``).
    public static func generatedKeys(
        _ outputs: [KeyGeneration.Output], timestamp: Int, cliVersion: String = SignedDeposit.defaultCLIVersion
    ) -> [(name: String, contents: String)] {
        outputs.map { (keystoreFileName(path: $0.keystore.path, timestamp: timestamp), $0.keystoreJSON) }
            + [(depositDataFileName(timestamp: timestamp), SignedDeposit.depositDataFile(outputs.map(\.deposit), cliVersion: cliVersion))]
    }
}
