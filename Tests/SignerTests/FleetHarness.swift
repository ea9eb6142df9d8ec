import AWSClients
import AWSCore
import AWSTestSupport
import Foundation
import Keygen
import SlashingProtectionPostgres
import ValidatorKeys
import Vault

/// A DynamoDB key table on moto as the reference keygen fills it: keys made by the real keygen
/// code (fast PBKDF2 keystores), each record KMS-encrypted, all but one assigned to one signer
/// UUID (the last stays unassigned, so a replica that loaded it would show).
struct FleetKeyTable: Sendable {
    let name: String
    let signerUUID: String
    /// The assigned keys, `0x` + hex.
    let pubkeys: [String]

    static func create(keys count: Int) async throws -> FleetKeyTable {
        try await Moto.withContext { context in
            let ddb = try DynamoDBClient(context: context)
            let kms = try KMSClient(context: context)
            let name = Moto.uniqueName("etherkeep-fleet")
            try await ddb.createTable(name: name, partitionKey: "web3signer_uuid", sortKey: "pubkey")
            let vault = Vault(store: DynamoDBVaultStore(ddb: ddb, table: name), cipher: KMSVaultCipher(kms: kms, keyID: try await kms.createKey().keyID))
            let plan = KeygenPlan(
                count: count + 1, language: .english, chain: TestVault.chain, withdrawal: .bls, amountGwei: DepositAmount.activationAmountGwei,
                kdf: .custom(.pbkdf2(c: 16, salt: Array(repeating: 5, count: 32))))
            let generated = try await ValidatorKeyBatch.generate(plan)
            _ = try await vault.add(generated.keys)
            let signerUUID = "fleet-\(UUID().uuidString.lowercased())"
            for pubkey in generated.pubkeys.prefix(count) { _ = try await vault.assign(pubkey: pubkey, to: signerUUID) }
            return FleetKeyTable(name: name, signerUUID: signerUUID, pubkeys: generated.pubkeys.prefix(count).map { "0x" + $0 })
        }
    }

    func delete() async {
        _ = try? await Moto.withContext { context in try await DynamoDBClient(context: context).deleteTable(name: name) }
    }
}

/// Where the replicas' shared slashing database is, and how a replica is given its password.
struct FleetDatabase: Sendable {
    let url: String
    let password: String
    let host: String
    let port: Int
    let username: String
    let database: String

    /// A new, empty database on the cluster `scripts/test` started.
    static func onTheTestCluster() async throws -> FleetDatabase {
        let config = try await SharedBackendTests.newPostgresDatabase()
        guard let password = config.password else { throw SignerTestFailure("PGPASSWORD is not set: run scripts/test") }
        return FleetDatabase(
            url: "postgresql://\(config.username)@\(config.host):\(config.port)/\(config.database)?sslmode=disable", password: password,
            host: config.host, port: config.port, username: config.username, database: config.database)
    }

    /// Runs one SQL statement through `psql` and returns its unaligned rows, one per line.
    func query(_ sql: String) throws -> [String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = password
        let result = try Shell.run(
            "psql", ["-h", host, "-p", "\(port)", "-U", username, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-F", " ", "-c", sql],
            environment: environment)
        guard result.status == 0 else { throw SignerTestFailure("psql \(sql): \(result.output)") }
        return result.output.split(separator: "\n").map(String.init)
    }
}

/// One `etherkeep signer` process of a fleet: the built binary on the shared key table and the
/// shared PostgreSQL store, on a port it picks itself (read back from its JSON log).
final class SignerReplica: @unchecked Sendable {
    let name: String
    let process: Process
    let port: Int
    let directory: String
    var baseURL: String { "http://127.0.0.1:\(port)" }
    var logPath: String { directory + "/signer.log" }
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    private init(name: String, process: Process, port: Int, directory: String) {
        self.name = name
        self.process = process
        self.port = port
        self.directory = directory
    }

    /// Starts a replica and waits until it serves `/upcheck`.
    ///
    /// - Parameters:
    ///   - directory: its `ETHERKEEP_HOME` (key cache) and log; created if missing, kept across restarts.
    ///   - passwordFile: give the database password through `--slashing-protection-db-password-file`
    ///     (and no `PGPASSWORD`) instead of the environment.
    static func start(
        _ name: String, table: FleetKeyTable, database: FleetDatabase, directory: String, passwordFile: Bool
    ) async throws -> SignerReplica {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var arguments = [
            "signer", "--network", "hoodi", "--table", table.name, "--signer-uuid", table.signerUUID,
            "--slashing-protection-db-url", database.url, "--http-listen-port", "0", "--log-format", "json",
        ]
        var environment = try Moto.environment().variables
        environment["ETHERKEEP_HOME"] = directory
        if passwordFile {
            let file = directory + "/pg-password"
            try Data((database.password + "\n").utf8).write(to: URL(fileURLWithPath: file))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            arguments += ["--slashing-protection-db-password-file", file]
            environment["PGPASSWORD"] = nil
        } else {
            environment["PGPASSWORD"] = database.password
        }
        let logPath = directory + "/signer.log"
        // A file, not a pipe: every refusal is logged, and a pipe nobody reads would stall the signer.
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        guard let log = FileHandle(forWritingAtPath: logPath) else { throw SignerTestFailure("cannot write \(logPath)") }
        try log.seekToEnd()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TLSAndProcessTests.binary)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = log
        try process.run()
        try? log.close()
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(90) {
            if let port = listeningPort(logPath: logPath),
                let up = try? await HTTP.get("http://127.0.0.1:\(port)/upcheck"), up.status == 200
            {
                return SignerReplica(name: name, process: process, port: port, directory: directory)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        throw SignerTestFailure("replica \(name) did not come up: \(text)")
    }

    /// The port of the last `signer listening` line of the JSON log.
    private static func listeningPort(logPath: String) -> Int? {
        guard let text = try? String(contentsOfFile: logPath, encoding: .utf8) else { return nil }
        var port: Int?
        for line in text.split(separator: "\n") where line.contains("signer listening") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            port = (object["port"] as? String).flatMap { Int($0) }
        }
        return port
    }

    /// SIGKILL: no drain, no clean close of its database connections.
    func kill9() async {
        kill(process.processIdentifier, SIGKILL)
        await waitForExit()
    }

    /// SIGTERM, then SIGKILL if it has not drained within 15 s.
    func stop() async {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let started = ContinuousClock.now
        while process.isRunning, ContinuousClock.now - started < .seconds(15) { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning { await kill9() }
    }

    func waitForExit() async {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
    }

    /// For cleanup on any path, without suspending.
    func killNow() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// Two replicas on one key table and one slashing database, a client for them, and their cleanup.
final class Fleet: @unchecked Sendable {
    let table: FleetKeyTable
    let database: FleetDatabase
    let directory: String
    /// The validator clients' HTTP client and record of every exchange.
    let client = FleetClient()
    private(set) var replicas: [SignerReplica]

    private init(table: FleetKeyTable, database: FleetDatabase, directory: String, replicas: [SignerReplica]) {
        self.table = table
        self.database = database
        self.directory = directory
        self.replicas = replicas
    }

    /// Creates the key table, starts two replicas (A with a password file, B with `PGPASSWORD`),
    /// runs `body`, then stops the replicas and drops the table, whether `body` threw or not.
    static func with<R>(keys: Int, database: FleetDatabase, _ body: (Fleet) async throws -> R) async throws -> R {
        let table = try await FleetKeyTable.create(keys: keys)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("etherkeep-fleet-\(UUID().uuidString)").path
        let fleet = Fleet(table: table, database: database, directory: directory, replicas: [])
        do {
            // One after the other: both migrate the schema at start; the advisory lock orders
            // them anyway, but the start-up log then reads in order.
            for (name, passwordFile) in [("A", true), ("B", false)] {
                fleet.replicas.append(
                    try await SignerReplica.start(name, table: table, database: database, directory: "\(directory)/\(name)", passwordFile: passwordFile))
            }
            let result = try await body(fleet)
            await fleet.tearDown()
            return result
        } catch {
            for replica in fleet.replicas {
                print("fleet replica \(replica.name) log (last 4 kB):\n\(String(replica.log.suffix(4096)))")
            }
            await fleet.tearDown()
            throw error
        }
    }

    /// Starts replica `index` again (after it was killed), with the same key cache and log.
    func restart(_ index: Int) async throws {
        let old = replicas[index]
        old.killNow()
        replicas[index] = try await SignerReplica.start(
            old.name, table: table, database: database, directory: old.directory, passwordFile: index == 0)
    }

    private func tearDown() async {
        for replica in replicas { await replica.stop() }
        await client.shutdown()
        await table.delete()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// Runs tools, their output through a file: a daemon one of them starts (`pg_ctl start`) may keep
/// a pipe open long after the tool itself has exited.
enum Shell {
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("etherkeep-shell-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        guard let output = FileHandle(forWritingAtPath: outputPath) else { throw SignerTestFailure("cannot write \(outputPath)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        process.waitUntilExit()
        try? output.close()
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text)
    }
}
