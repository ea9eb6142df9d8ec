import Foundation

/// A PostgreSQL cluster of one test's own (initdb in a temporary directory, a free loopback port,
/// SCRAM password authentication, as `scripts/lib/postgres.sh` makes the shared one), which the
/// test may stop and start again without disturbing the suites that use the shared cluster.
///
/// The server settings live in the cluster's `postgresql.conf`, so a plain `pg_ctl start` brings
/// it back on the same port. As root the cluster belongs to the `postgres` user (initdb refuses
/// root), and its tools run through `runuser`.
final class ThrowawayPostgres: @unchecked Sendable {
    let directory: String
    let port: Int
    let password: String
    private let bin: String
    private let runAs: [String]
    private var data: String { directory + "/data" }

    private init(directory: String, port: Int, password: String, bin: String, runAs: [String]) {
        self.directory = directory
        self.port = port
        self.password = password
        self.bin = bin
        self.runAs = runAs
    }

    /// The server binaries: `ETHERKEEP_POSTGRES_BIN` (exported by `scripts/test`), else the newest
    /// `/usr/lib/postgresql/*/bin`.
    static var binaries: String? {
        if let bin = ProcessInfo.processInfo.environment["ETHERKEEP_POSTGRES_BIN"], !bin.isEmpty { return bin }
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return versions.sorted { $0.compare($1, options: .numeric) == .orderedAscending }.last.map { "\(root)/\($0)/bin" }
    }

    /// Creates and starts a cluster; on failure nothing is left behind.
    static func start() throws -> ThrowawayPostgres {
        guard let bin = binaries, FileManager.default.isExecutableFile(atPath: bin + "/initdb") else {
            throw SignerTestFailure("PostgreSQL server binaries missing (apt-get install postgresql)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("etherkeep-pg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let password = UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let port = try TLSAndProcessTests.freePort()
        let runAs = getuid() == 0 ? ["runuser", "-u", "postgres", "--"] : []
        let cluster = ThrowawayPostgres(directory: directory, port: port, password: password, bin: bin, runAs: runAs)
        do {
            try Data((password + "\n").utf8).write(to: URL(fileURLWithPath: directory + "/pw"))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: directory + "/pw")
            if !runAs.isEmpty { try cluster.check(Shell.run("chown", ["-R", "postgres", directory]), "chown") }
            try cluster.check(
                cluster.tool("initdb", ["-D", cluster.data, "-U", "etherkeep", "--pwfile=\(directory)/pw", "--auth-local=trust", "--auth-host=scram-sha-256"]),
                "initdb")
            let settings = "port = \(port)\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '\(directory)'\nmax_connections = 50\n"
            let conf = FileHandle(forWritingAtPath: cluster.data + "/postgresql.conf")
            try conf?.seekToEnd()
            try conf?.write(contentsOf: Data(settings.utf8))
            try conf?.close()
            try cluster.startServer()
            return cluster
        } catch {
            cluster.remove()
            throw error
        }
    }

    var url: String { "postgresql://etherkeep@127.0.0.1:\(port)/postgres?sslmode=disable" }

    var database: FleetDatabase {
        FleetDatabase(url: url, password: password, host: "127.0.0.1", port: port, username: "etherkeep", database: "postgres")
    }

    /// `pg_ctl start`, waiting until it accepts connections.
    ///
    /// Through Python's `subprocess`, which closes every other descriptor in the child: Foundation's
    /// `Process` learns that a child exited when a socket the child inherited closes, and the
    /// server `pg_ctl` leaves running would otherwise hold that socket, so the wait would never end.
    func startServer() throws {
        let command = runAs + ["\(bin)/pg_ctl", "-D", data, "-l", directory + "/log", "-w", "-t", "60", "start"]
        try check(Shell.run("python3", ["-c", "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"] + command), "pg_ctl start")
    }

    /// `pg_ctl stop -m immediate`: the server dies as in a crash (no checkpoint; the WAL replays on
    /// the next start), and returns once it is gone.
    func stopServer() throws {
        try check(tool("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]), "pg_ctl stop")
    }

    var isRunning: Bool { (try? tool("pg_ctl", ["-D", data, "status"]).status) == 0 }

    /// Stops the server if it runs and deletes the cluster.
    func remove() {
        if FileManager.default.fileExists(atPath: data + "/postmaster.pid") { _ = try? tool("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]) }
        try? FileManager.default.removeItem(atPath: directory)
    }

    var serverLog: String { (try? String(contentsOfFile: directory + "/log", encoding: .utf8)) ?? "" }

    private func tool(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try Shell.run(runAs.isEmpty ? "\(bin)/\(name)" : runAs[0], runAs.isEmpty ? arguments : Array(runAs.dropFirst()) + ["\(bin)/\(name)"] + arguments)
    }

    private func check(_ result: (status: Int32, output: String), _ step: String) throws {
        guard result.status == 0 else { throw SignerTestFailure("\(step) failed (\(result.status)): \(result.output) \(serverLog.suffix(2000))") }
    }
}
