import ArgumentParser
import BLS12381
import ConsensusTypes
import Foundation

/// `etherkeep bench signer`: the remote signer under load from `wrk` (Debian's, with
/// `Benchmarks/signer_attestations.lua`) on loopback — ATTESTATION requests for every validator of
/// an embedded vault, slashing protection on SQLite — beside the raw BLS signing rate on every
/// core, measured in the same run. Also the signer's time from start to ready, first start and
/// restart from the key cache, beside the KDF bound: the time the vault's keystores' KDFs alone
/// take on every core, measured in the same run. Prints figures; asserts nothing.
///
/// The signer runs as its own process (`etherkeep signer`), as in production; the load generator
/// shares the machine's cores with it, as a validator client on the same host would.
struct BenchSigner: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signer",
        abstract: "Signer attestations/s and latency under wrk, beside the raw BLS signing rate; start-to-ready time.")

    @Option(help: "Validators (vault keys) to sign for.") var validators = 1000
    @Option(help: "Seconds of load per measurement.") var duration = 20
    @Option(help: "wrk connections at full load.") var connections = 64
    @Option(help: "wrk threads.") var threads = 1
    @Option(help: "An embedded vault (keygen --data-dir D) whose keys to use instead of generating them; the benchmark copies its vault and never writes to it.")
    var dataDir: String?
    @Option(help: "Keystore KDF of generated keys: scrypt or pbkdf2.") var kdf = "pbkdf2"

    func validate() throws {
        guard (1...100_000).contains(validators) else { throw ValidationError("--validators must be from 1 to 100000") }
        guard (1...3600).contains(duration) else { throw ValidationError("--duration must be from 1 to 3600 seconds") }
        guard (1...10_000).contains(connections), (1...64).contains(threads), threads <= connections else {
            throw ValidationError("--connections must be 1…10000 and --threads 1…64, no more threads than connections")
        }
        guard kdf == "scrypt" || kdf == "pbkdf2" else { throw ValidationError("--kdf must be scrypt or pbkdf2") }
    }

    func run() async throws {
        print("etherkeep bench signer — rerun: scripts/bench-signer [--validators N] [--duration S] [--data-dir D]")
        let wrk = try Self.tool("wrk"), curl = try Self.tool("curl")
        let script = ReferenceProcess.script("signer_attestations.lua")
        guard FileManager.default.fileExists(atPath: script) else { throw CLIError("bench: \(script) is missing (run from a source tree)") }
        let me = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let work = NSTemporaryDirectory() + "etherkeep-bench-signer-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let chain = ChainSetting.hoodi
        guard let genesisValidatorsRoot = chain.genesisValidatorsRoot else { throw CLIError("bench: hoodi has no genesis validators root") }

        // The signer runs on a vault of the benchmark's own: its made-up attestations must never
        // enter the slashing history of real keys.
        let vault = work + "/vault"
        if let dataDir {
            try FileManager.default.createDirectory(atPath: vault, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dataDir) else {
                throw CLIError("--data-dir: cannot read the folder \(dataDir)")
            }
            let names = entries.filter { $0.hasPrefix("vault.sqlite") } + ["master.key"]
            guard names.contains("vault.sqlite") else { throw CLIError("--data-dir: \(dataDir) holds no embedded vault (vault.sqlite)") }
            for name in names { try FileManager.default.copyItem(atPath: dataDir + "/" + name, toPath: vault + "/" + name) }
            print("keys: a copy of the vault in \(dataDir)")
        } else {
            let started = ContinuousClock.now
            try Self.runQuietly(me, ["keygen", "--num-validators", "\(validators)", "--chain", "hoodi", "--kdf", kdf,
                                     "--withdrawal-address", "0x6F4b46423fc6181a0cF34e6716c220BD4d6C2471", "--data-dir", vault])
            print(String(format: "keys: %d validators generated into a fresh embedded vault (keygen --kdf %@) in %.1f s",
                          validators, kdf, (ContinuousClock.now - started).seconds))
        }

        let rawBefore = Self.rawSigningRate()
        let bound = try await KDFBound.measure(dataDir: vault)
        print(String(format: "KDF bound: %.2f s for %d keystores (%@): their KDFs alone on all %d cores, the floor of a first start",
                      bound.seconds, bound.keys, bound.kdfs, ProcessInfo.processInfo.activeProcessorCount))
        let signer = try await SignerProcess.start(me, dataDir: vault, log: work + "/signer.log", curl: curl)
        defer { signer.stop() }
        print(String(format: "start to ready: %.2f s for %d keys (%@) = %.2f× the KDF bound",
                      signer.readySeconds, signer.keyCount, signer.steps, signer.readySeconds / bound.seconds))
        let pubkeysFile = work + "/pubkeys.txt"
        try signer.pubkeys.joined(separator: "\n").appending("\n").write(toFile: pubkeysFile, atomically: true, encoding: .utf8)

        // Above any history a reused vault's store holds: 100 epochs per second of wall time is
        // more than any run consumes (it would take 100 × validators requests per second).
        var epoch = UInt64(Date().timeIntervalSince1970) * 100
        func load(connections: Int, rate: Double?) throws -> WrkResult {
            let result = try WrkResult.run(
                wrk: wrk, script: script, url: "http://127.0.0.1:\(signer.port)", threads: threads, connections: connections,
                seconds: duration, paced: rate != nil, arguments: [pubkeysFile, "\(threads)", "\(epoch)", String(format: "%.3f", (rate ?? 0) / Double(threads)),
                                               "0x\(genesisValidatorsRoot)", "0x\(chain.genesisForkVersion)"])
            epoch += UInt64(result.requests / signer.keyCount + 2)
            return result
        }
        let full = try load(connections: connections, rate: nil)
        let rawAfter = Self.rawSigningRate()
        let raw = (rawBefore + rawAfter) / 2
        print(String(format: "raw BLS signing, %d cores: %.0f signatures/s (%.0f before the load, %.0f after)",
                      ProcessInfo.processInfo.activeProcessorCount, raw, rawBefore, rawAfter))
        print(String(format: "signer, full load (wrk %d threads, %d connections, %d s): %.0f attestations/s = %.1f%% of raw BLS (goal ≥ 85%%); "
                      + "latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms; %d refused or failed",
                      threads, connections, duration, full.rate, 100 * full.rate / raw, full.p50, full.p90, full.p99, full.failures))
        let halfConnections = max(threads, min(connections, 16))
        let half = try load(connections: halfConnections, rate: full.rate / 2)
        print(String(format: "signer, half load (%.0f/s offered, %.0f/s served, %d connections): latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms "
                      + "(goal ≤ 20 ms), max %.1f ms; %d refused or failed",
                      full.rate / 2, half.rate, halfConnections, half.p50, half.p90, half.p99, half.max, half.failures))
        let exit = signer.stop()
        print("signer stopped by SIGTERM: exit \(exit)")
        // Fast restart: the first start wrote the key cache; a second start reads it.
        let restarted = try await SignerProcess.start(me, dataDir: vault, log: work + "/signer-restart.log", curl: curl)
        defer { restarted.stop() }
        print(String(format: "restart to ready (key cache): %.2f s for %d keys (%@); first start %.2f s; KDF bound %.2f s",
                      restarted.readySeconds, restarted.keyCount, restarted.steps, signer.readySeconds, bound.seconds))
    }

    /// BLS signatures per second on every core: one thread per core, each signing its own
    /// distinct messages (hash-to-curve included, as a signer signs), the wall time of the slowest.
    static func rawSigningRate(perCore: Int = 1500) -> Double {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let key = SecretKey.random()
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            DispatchQueue.concurrentPerform(iterations: cores) { core in
                var sink: UInt8 = 0
                for i in 0..<perCore {
                    let message = (0..<32).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ i &+ core &* 7919) }
                    sink ^= key.sign(message).compressed[1]
                }
                blackHole(sink)
            }
        }
        return Double(cores * perCore) / elapsed.seconds
    }

    /// Keeps a benchmark's result alive, so the work that made it is not optimised away.
    @_optimize(none) @inline(never)
    static func blackHole(_ value: UInt8) {}

    static func tool(_ name: String) throws -> String {
        for directory in ["/usr/bin", "/usr/local/bin", "/bin"] where FileManager.default.isExecutableFile(atPath: "\(directory)/\(name)") {
            return "\(directory)/\(name)"
        }
        throw CLIError("bench signer needs \(name): scripts/setup --bench (Debian package \(name))")
    }

    static func runQuietly(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(filePath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CLIError("bench: `etherkeep \(arguments.first ?? "")` failed (exit \(process.terminationStatus))")
        }
    }
}

/// `etherkeep signer` as a child process on a free port, its log in a file.
final class SignerProcess {
    let process: Process
    let port: Int
    let readySeconds: Double
    let pubkeys: [String]
    let steps: String
    var keyCount: Int { pubkeys.count }

    private init(process: Process, port: Int, readySeconds: Double, pubkeys: [String], steps: String) {
        self.process = process
        self.port = port
        self.readySeconds = readySeconds
        self.pubkeys = pubkeys
        self.steps = steps
    }

    /// Starts the signer and waits until it answers `GET /upcheck`; "ready" is the time from
    /// launch to that first `OK`.
    static func start(_ executable: String, dataDir: String, log: String, curl: String) async throws -> SignerProcess {
        FileManager.default.createFile(atPath: log, contents: nil)
        let output = try FileHandle(forWritingTo: URL(filePath: log))
        let process = Process()
        process.executableURL = URL(filePath: executable)
        process.arguments = ["signer", "--network", "hoodi", "--data-dir", dataDir, "--http-listen-port", "0"]
        process.standardOutput = output
        process.standardError = output
        let started = ContinuousClock.now
        try process.run()
        do {
            return try await waitUntilReady(process, started: started, log: log, curl: curl)
        } catch {
            process.terminate()
            process.waitUntilExit()
            throw error
        }
    }

    private static func waitUntilReady(_ process: Process, started: ContinuousClock.Instant, log: String, curl: String) async throws -> SignerProcess {
        var port: Int?
        while port == nil {
            guard process.isRunning else {
                throw CLIError("bench: the signer exited (\(process.terminationStatus)) before it was ready; its log: \(log)")
            }
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.contains("signer listening") }) {
                port = Self.value("port", in: line)
            } else {
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        guard let port else { throw CLIError("bench: no port in the signer's log \(log)") }
        let url = "http://127.0.0.1:\(port)"
        while (try? Self.get(curl, url + "/upcheck")) != "OK" {
            try await Task.sleep(for: .milliseconds(5))
        }
        let ready = (ContinuousClock.now - started).seconds
        let keys = try Self.get(curl, url + "/api/v1/eth2/publicKeys")
        guard let pubkeys = try JSONSerialization.jsonObject(with: Data(keys.utf8)) as? [String], !pubkeys.isEmpty else {
            throw CLIError("bench: the signer lists no keys (is the vault empty?)")
        }
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let steps = [
            ("vault read", "vault read"), ("vault keys decrypted", "vault keys"), ("key cache written", "cache written"),
            ("registered keys", "register"),
        ].compactMap { marker, name in
            text.split(separator: "\n").first { $0.contains(marker) }.flatMap { Self.value("ms", in: $0) }.map { "\(name) \($0) ms" }
        }.joined(separator: ", ")
        return SignerProcess(process: process, port: port, readySeconds: ready, pubkeys: pubkeys, steps: steps)
    }

    /// SIGTERM, then the exit status (0 when it drained and stopped cleanly).
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    private static func value(_ key: String, in line: Substring) -> Int? {
        guard let range = line.range(of: " \(key)=") ?? line.range(of: "\(key)=") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }

    private static func get(_ curl: String, _ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(filePath: curl)
        process.arguments = ["-sf", "--max-time", "5", url]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CLIError("curl \(url): exit \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}

/// One `wrk` run and the figures its script's `done` printed.
struct WrkResult {
    let requests: Int
    let seconds: Double
    let failures: Int
    /// Latencies in milliseconds.
    let p50: Double, p90: Double, p99: Double, max: Double
    var rate: Double { Double(requests - failures) / seconds }

    static func run(
        wrk: String, script: String, url: String, threads: Int, connections: Int, seconds: Int, paced: Bool, arguments: [String]
    ) throws -> WrkResult {
        let process = Process()
        process.executableURL = URL(filePath: wrk)
        process.arguments = ["-t", "\(threads)", "-c", "\(connections)", "-d", "\(seconds)s", "--timeout", "10s", "-s", script, url, "--"]
            + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["ETHERKEEP_WRK_PACED"] = paced ? "1" : "0"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = output.split(separator: "\n").first(where: { $0.hasPrefix("ETHERKEEP-WRK ") })
        else { throw CLIError("bench: wrk failed (exit \(process.terminationStatus)):\n\(output)") }
        var fields: [String: Int] = [:]
        for pair in line.split(separator: " ").dropFirst() {
            let parts = pair.split(separator: "=")
            if parts.count == 2, let value = Int(parts[1]) { fields[String(parts[0])] = value }
        }
        func field(_ name: String) throws -> Int {
            guard let value = fields[name] else { throw CLIError("bench: wrk's summary lacks \(name): \(line)") }
            return value
        }
        return WrkResult(
            requests: try field("requests"), seconds: Double(try field("duration_us")) / 1e6,
            failures: try field("status_errors") + field("socket_errors"),
            p50: Double(try field("p50_us")) / 1e3, p90: Double(try field("p90_us")) / 1e3,
            p99: Double(try field("p99_us")) / 1e3, max: Double(try field("max_us")) / 1e3)
    }
}
