import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// `etherkeep`: one command-line tool, one subcommand per job. Thin: parse, wire, run.
@main
struct EtherKeep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "etherkeep",
        abstract: "Secure Ethereum key management: validator keys, remote signing, accounts.",
        subcommands: [
            BLSCommand.self, AccountCommand.self, KeygenCommand.self, VaultCommand.self, DepositCommand.self, SlashingProtectionCommand.self, SignerCommand.self,
            EnclaveCommand.self, BenchCommand.self,
        ]
    )

    static func main() async {
        unblockStopSignals()
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// Ignored signals and the signal mask are inherited across exec: a process started with
    /// SIGTERM, SIGINT or SIGHUP ignored or blocked (by a supervisor or a test runner that handles
    /// them itself) would never see `systemctl stop` or a reload. The signer, the enclave host and
    /// the enclave stop and reload on them, so they start from the defaults.
    static func unblockStopSignals() {
        var signals = sigset_t()
        sigemptyset(&signals)
        for stop in [SIGTERM, SIGINT, SIGHUP] {
            sigaddset(&signals, stop)
            signal(stop, SIG_DFL)
        }
        sigprocmask(SIG_UNBLOCK, &signals, nil)
    }
}
