import Foundation
import Testing

/// Runs a helper script from `Tests/ValidatorKeysTests/Python/` with `python3`, sending JSON on
/// stdin and returning the JSON it prints. Fails (never skips) when python3 or a library is missing.
enum PythonHelper {
    static func run(_ script: String, input: Any) throws -> Any {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/\(script)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: input))
        try stdin.fileHandleForWriting.close()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record("python3 \(script) failed (\(process.terminationStatus)): \(String(decoding: err, as: UTF8.self))")
            throw CocoaError(.executableLoad)
        }
        return try JSONSerialization.jsonObject(with: out)
    }
}
