import Foundation

/// A child process for the TLS tests (`openssl`, `curl`), waited for without blocking a
/// cooperative thread: the exit comes through `terminationHandler`, the output goes to a file.
/// `@unchecked Sendable`: `Process` is only started, read and signalled here, each thread-safe.
final class TestProcess: @unchecked Sendable {
    private let process: Process
    private let outputPath: String
    private let exited: AsyncStream<Int32>

    private init(process: Process, outputPath: String, exited: AsyncStream<Int32>) {
        self.process = process
        self.outputPath = outputPath
        self.exited = exited
    }

    /// Starts `arguments` (the first is looked up in `PATH`), stdout and stderr together in a file, stdin empty.
    static func start(_ arguments: [String], in folder: String) throws -> TestProcess {
        let outputPath = "\(folder)/out-\(UInt32.random(in: 0...UInt32.max)).txt"
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        let (exited, continuation) = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { finished in
            continuation.yield(finished.terminationStatus)
            continuation.finish()
        }
        try process.run()
        try output.close()
        return TestProcess(process: process, outputPath: outputPath, exited: exited)
    }

    /// Runs `arguments` to the end: its exit status and output.
    static func run(_ arguments: [String], in folder: String) async throws -> (status: Int32, output: String) {
        let child = try start(arguments, in: folder)
        let status = await child.exitStatus()
        return (status, child.output)
    }

    /// The exit status, once the process has exited.
    func exitStatus() async -> Int32 {
        for await status in exited { return status }
        return process.terminationStatus
    }

    /// What the process has written so far.
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// Waits (polling every 50 ms, up to `limit`) until the output contains `text`.
    func waitForOutput(containing text: String, limit: Duration = .seconds(20)) async throws -> String {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let current = output
            if current.contains(text) { return current }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TransportTestFailure("no \"\(text)\" within \(limit) from \(process.arguments ?? []): \(output)")
    }

    /// SIGKILL, then waits for the exit. (Not SIGTERM: a child inherits the test process's
    /// signal mask, in which SIGTERM is blocked, and would never see it.)
    func stop() async {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        _ = await exitStatus()
    }
}
