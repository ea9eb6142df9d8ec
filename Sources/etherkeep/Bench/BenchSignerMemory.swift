import ArgumentParser
import BLS12381
import EthereumCore
import Foundation
import ValidatorKeys
import Vault

/// `etherkeep bench signer-memory`: the signer's resident size and time to ready with many keys,
/// first start (every row decrypted) and restart (the key cache), each key count in its own vault.
///
/// The keys are random, in keystores of one PBKDF2 round sharing one derived key, so that making
/// 100,000 takes seconds: this measures what the signer holds per key, not the KDF (`bench
/// signer --kdf` and the README give the KDF-bound figures).
struct BenchSignerMemory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signer-memory",
        abstract: "The signer's resident memory and time to ready with 10,000 and 100,000 keys (first start and restart).")

    @Option(help: "Key counts to measure (repeatable).") var keys: [Int] = [10_000, 100_000]

    func validate() throws {
        guard !keys.isEmpty, keys.allSatisfy({ (1...1_000_000).contains($0) }) else { throw ValidationError("--keys must be 1…1000000") }
    }

    func run() async throws {
        print("etherkeep bench signer-memory — rerun: swift build -c release && .build/release/etherkeep bench signer-memory [--keys N …]")
        let curl = try BenchSigner.tool("curl")
        let me = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        print("keys     | make vault | first start: ready, RSS, peak RSS | restart (key cache): ready, RSS | RSS per key")
        for count in keys {
            let work = NSTemporaryDirectory() + "etherkeep-bench-memory-\(getpid())-\(count)"
            try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: work) }
            let making = ContinuousClock.now
            try await Self.makeVault(count, in: work + "/vault")
            let made = (ContinuousClock.now - making).seconds

            let first = try await SignerProcess.start(me, dataDir: work + "/vault", log: work + "/first.log", curl: curl)
            let firstMemory = try Self.memory(first.process.processIdentifier)
            guard first.stop() == 0, first.keyCount == count else { throw CLIError("bench: the first start served \(first.keyCount) of \(count) keys") }
            let again = try await SignerProcess.start(me, dataDir: work + "/vault", log: work + "/restart.log", curl: curl)
            let againMemory = try Self.memory(again.process.processIdentifier)
            guard again.stop() == 0, again.keyCount == count else { throw CLIError("bench: the restart served \(again.keyCount) of \(count) keys") }
            print(String(
                format: "%-8d | %8.1f s | %6.2f s, %7.1f MiB, %7.1f MiB        | %6.2f s, %7.1f MiB              | %.2f KiB",
                count, made, first.readySeconds, firstMemory.rss, firstMemory.peak, again.readySeconds, againMemory.rss,
                againMemory.rss * 1024 / Double(count)))
        }
    }

    /// `VmRSS` and `VmHWM` of a process, in MiB (`/proc/PID/status`).
    static func memory(_ pid: Int32) throws -> (rss: Double, peak: Double) {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        func kib(_ field: String) -> Double {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return 0 }
            return Double(line.split(separator: " ").dropFirst().first { Double($0) != nil } ?? "0") ?? 0
        }
        return (kib("VmRSS") / 1024, kib("VmHWM") / 1024)
    }

    /// An embedded vault of `count` random keys: keystores of one PBKDF2 round under one
    /// password and salt, encrypted by the vault's local master key as keygen stores them.
    static func makeVault(_ count: Int, in directory: String) async throws {
        let vault = try DataDirectory(explicit: directory).openVault(creating: true)
        let password = KeystorePassword("bench-password-not-a-secret")
        let kdf = KeystoreKDF.pbkdf2(c: 1, salt: Array(repeating: 0x5e, count: 32))
        let decryptionKey = try Keystore.deriveKey(password: password, kdf: kdf)
        let passwordBytes = password.withBytes { Array($0) }
        let chunk = 5000
        for start in stride(from: 0, to: count, by: chunk) {
            let size = min(chunk, count - start)
            let made = try await withThrowingTaskGroup(of: [Vault.NewKey].self) { group in
                for part in 0..<2 {
                    group.addTask {
                        try (0..<size).filter { $0 % 2 == part }.map { index in
                            var seed = [UInt8](repeating: 0, count: 32)
                            for i in seed.indices { seed[i] = UInt8.random(in: 0...255) }
                            seed[0] &= 0x1f  // below the group order
                            let key = try SecretKey(bytes: seed)
                            let keystore = try Keystore.encrypt(
                                secretKey: key, decryptionKey: decryptionKey, kdf: kdf, path: .signing(validatorIndex: UInt32(start + index)))
                            return Vault.NewKey(
                                pubkey: Hex.encode(key.publicKey().compressed, prefix: false), chain: "hoodi", datetime: "2026-12-01T00:00:00Z",
                                depositJSONBase64: "",
                                record: VaultRecord(keystore: Array(keystore.jsonString.utf8), password: passwordBytes, mnemonic: []))
                        }
                    }
                }
                var all: [Vault.NewKey] = []
                for try await part in group { all += part }
                return all
            }
            _ = try await vault.add(made)
        }
    }
}
