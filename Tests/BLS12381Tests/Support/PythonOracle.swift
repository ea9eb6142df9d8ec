import Foundation
import Testing

/// Runs a Python oracle script from `Tests/BLS12381Tests/Python` with a JSON request on stdin and
/// returns its JSON answer. Fails the test (never skips) when Python or its libraries are missing:
/// `scripts/setup --test` installs them.
enum PythonOracle {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func call(_ script: String, _ request: [String: Any]) throws -> Any {
        let scriptURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Python").appendingPathComponent(script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptURL.path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: request))
        try input.fileHandleForWriting.close()
        let answer = output.fileHandleForReading.readDataToEndOfFile()
        let diagnostics = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 \(script) failed (\(process.terminationStatus)): "
                + String(decoding: diagnostics, as: UTF8.self) + " — run scripts/setup --test")
        }
        return try JSONSerialization.jsonObject(with: answer)
    }
}
