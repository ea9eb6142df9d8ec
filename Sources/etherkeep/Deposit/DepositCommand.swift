import ArgumentParser
import ValidatorKeys

/// `etherkeep deposit …`: ethstaker-deposit-cli's commands, with its option names
/// (`--num_validators`) and kebab-case aliases (`--num-validators`).
struct DepositCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deposit",
        abstract: "Validator keys, deposit data, exits and withdrawal-credential changes (ethstaker-deposit-cli compatible).",
        subcommands: [
            NewMnemonicCommand.self, ExistingMnemonicCommand.self, GenerateBLSToExecutionChangeCommand.self,
            ExitTransactionMnemonicCommand.self, ExitTransactionKeystoreCommand.self, PartialDepositCommand.self,
            TestKeystoreCommand.self,
        ]
    )
}

/// Runs a command body, turning library errors into a one-line message and exit code 1; an error
/// about a key-generation input names its option (`--amount: …`).
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as DepositCLIError {
        Terminal.say("Error: \(error.description)")
        throw ExitCode.failure
    } catch let error as ValidatorKeysError {
        Terminal.say("Error: \(error.input.map { "--\(option($0)): " } ?? "")\(error.reason)")
        throw ExitCode.failure
    } catch let error as ValidationError {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch {
        Terminal.say("Error: \(error)")
        throw ExitCode.failure
    }
}

/// The option of each key-generation input, in the reference's spelling.
private func option(_ input: GenerationInput.Field) -> String {
    switch input {
    case .count: "num_validators"
    case .chain: "chain"
    case .mnemonicLanguage: "mnemonic_language"
    case .withdrawalAddress: "withdrawal_address"
    case .withdrawalType: "compounding"
    case .amount: "amount"
    case .kdf: "pbkdf2"
    }
}
