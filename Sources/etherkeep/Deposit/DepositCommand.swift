import ArgumentParser

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

/// Runs a command body, turning library errors into a one-line message and exit code 1.
func runReportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as DepositCLIError {
        Terminal.say("Error: \(error.description)")
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
