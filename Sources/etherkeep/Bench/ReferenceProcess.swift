import Foundation

/// Runs a benchmark's reference side: a Python script in `Benchmarks/` reading a JSON request on
/// stdin and printing JSON figures, so both sides are measured in the same run.
enum ReferenceProcess {
    /// `Benchmarks/<name>` in this source tree.
    static func script(_ name: String) -> String {
        URL(filePath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Benchmarks/\(name)").path
    }

    static func run(script: String, request: Data, what: String) throws -> Data {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["python3", script]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(request)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CLIError("\(what) reference failed (exit \(process.terminationStatus)); install it with scripts/setup --test, or pass --swift-only")
        }
        return output
    }
}
