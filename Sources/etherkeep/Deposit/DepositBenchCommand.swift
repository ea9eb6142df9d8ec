import ArgumentParser
import ConsensusTypes
import Crypto
import Foundation
import ValidatorKeys

/// `etherkeep deposit bench`: key-generation wall time against the KDF bound (the same number of
/// KDF runs spread over the cores), measured in the same run. Prints figures; asserts nothing.
struct DepositBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deposit", abstract: "Validator key generation vs the KDF bound (wall time, ratio).")

    @Option(name: .customLong("validators"), help: "Comma-separated validator counts.") var validators = "16,64"
    @Flag(name: .customLong("pbkdf2")) var pbkdf2 = false
    @Flag(name: .customLong("json")) var json = false
    @Option(name: .customLong("repeat"), help: "Runs per figure; the median is shown.") var repetitions = 3

    func run() throws {
        let counts = try validators.split(separator: ",").map { text in
            guard let n = Int(text), n >= 1 else { throw DepositCLIError("--validators: \"\(text)\" is not a number of validators") }
            return n
        }
        let seed = try Mnemonic(phrase: "test test test test test test test test test test test waste").seed()
        let password = KeystorePassword("benchmark-password")
        let kdf: KeyGeneration.KDFChoice = pbkdf2 ? .pbkdf2 : .scrypt
        let withdrawal = WithdrawalType.executionAddress(try ExecutionAddress(eip55: "0x0f51bb10119727a7e5eA3538074fb341F56B09Ad"))
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var rows: [[String: Any]] = []
        if !json {
            print("EtherKeep key generation, \(pbkdf2 ? "pbkdf2 c=2^18" : "scrypt n=2^18 r=8 p=1"), \(cores) cores")
            print("validators  salt          wall (s)  KDF bound (s)  wall/bound  KDF runs")
        }
        for n in counts {
            for policy in [KeyGeneration.SaltPolicy.perKeystore, .sharedPerRun] {
                let request = KeyGeneration.Request(
                    startIndex: 0, count: n, chain: .mainnet, withdrawal: withdrawal, amountGwei: 32_000_000_000, kdf: kdf,
                    saltPolicy: policy)
                // The bound is the KDF runs the generation needs: n per keystore, 1 shared. Bound and
                // wall time are measured alternately, so that load from elsewhere hits both alike.
                let kdfRuns = policy == .perKeystore ? n : 1
                var walls: [Double] = [], bounds: [Double] = []
                for _ in 0..<max(1, repetitions) {
                    bounds.append(try time { try KeyGeneration.runKDFs(count: kdfRuns, kdf: kdf, password: password) })
                    walls.append(try time {
                        _ = try KeyGeneration.run(seed: seed, passwords: Array(repeating: password, count: n), request: request)
                    })
                }
                let wall = median(walls), bound = median(bounds)
                let name = policy == .perKeystore ? "per-keystore" : "shared"
                rows.append(["validators": n, "salt": name, "wall_s": wall, "kdf_bound_s": bound,
                             "ratio": wall / bound, "kdf_runs": kdfRuns, "cores": cores, "repeat": repetitions])
                if !json {
                    let padded = name.padding(toLength: 12, withPad: " ", startingAt: 0)
                    print(String(format: "%10d  ", n) + padded + String(format: "  %8.2f  %13.2f  %10.2f  %8d", wall, bound, wall / bound, kdfRuns))
                }
            }
        }
        if json {
            let data = try JSONSerialization.data(withJSONObject: ["deposit_bench": rows], options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    private func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    private func time(_ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        let elapsed = try clock.measure(body)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
