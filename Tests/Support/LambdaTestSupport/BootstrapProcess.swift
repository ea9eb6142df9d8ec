package import Foundation

/// The `bootstrap` executable built beside the test bundle, started as Lambda would start it.
package enum BootstrapProcess {
    /// Its path: `ETHERKEEP_BOOTSTRAP` when set (e.g. the release build scripts/build-lambda packs),
    /// else the one built beside the test bundle.
    package static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["ETHERKEEP_BOOTSTRAP"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("bootstrap")
    }

    /// Starts `bootstrap` against `server` with `environment` added to a minimal Lambda-like one.
    /// Its standard error goes to `log` when given (to read after a failure), else nowhere.
    package static func start(server: LocalRuntimeAPIServer, environment: [String: String], log: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = executable
        var variables = ["AWS_LAMBDA_RUNTIME_API": server.endpoint, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        variables.merge(environment) { $1 }
        process.environment = variables
        process.standardOutput = FileHandle.nullDevice
        if let log {
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        return process
    }

    /// Waits for `process` to exit (up to `timeout`) and returns its status, or `nil` if it did not.
    package static func waitForExit(_ process: Process, timeout: Duration = .seconds(30)) async -> Int32? {
        let clock = ContinuousClock()
        let end = clock.now + timeout
        while process.isRunning, clock.now < end { try? await Task.sleep(for: .milliseconds(20)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Ends `process` as Lambda does when it shuts an environment down (SIGTERM) and waits.
    package static func terminate(_ process: Process) async -> Int32? {
        if process.isRunning { process.terminate() }
        return await waitForExit(process)
    }
}
