public import Foundation

/// Runs a Python helper from `Python/` beside the calling test file, sending JSON on stdin and reading JSON back.
/// Fails (never skips) when python3 or the library is missing; stderr is passed through.
public enum PythonReference {
    public static func run<Request: Encodable, Response: Decodable>(
        _ script: String, _ request: Request, as: Response.Type, caller: String = #filePath
    ) throws -> Response {
        let scriptURL = URL(filePath: caller).deletingLastPathComponent().appending(path: "Python/\(script)")
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["python3", scriptURL.path]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        let body = try JSONEncoder().encode(request)
        // Write on another thread so a large reply cannot deadlock against a full stdin pipe.
        let writer = Thread {
            stdin.fileHandleForWriting.write(body)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PythonFailure(reason: "python3 \(script) exited with \(process.terminationStatus) (run scripts/setup --test)")
        }
        return try JSONDecoder().decode(Response.self, from: output)
    }
}

public struct PythonFailure: Error, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
