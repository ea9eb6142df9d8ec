import ArgumentParser

/// `etherkeep`: one command-line tool, one subcommand per job. Thin: parse, wire, run.
@main
struct EtherKeep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "etherkeep",
        abstract: "Secure Ethereum key management: validator keys, remote signing, accounts.",
        subcommands: [
            BLSCommand.self, AccountCommand.self, KeygenCommand.self, VaultCommand.self, DepositCommand.self, SlashingProtectionCommand.self, SignerCommand.self, EnclaveCommand.self, BenchCommand.self,
        ]
    )
}
