import Foundation
import Testing

/// eth-account (PyPI) recovering the signers of what the KMS account signed: a check that does not
/// go through EtherKeep's own decoding and recovery. Fails (never skips) when python3 or
/// eth-account is missing (`scripts/setup --test` installs it).
enum EthAccountRecovery {
    struct Request: Encodable {
        struct Message: Encodable { let message: String; let signature: String }
        struct Typed: Encodable { let data: JSONObject; let signature: String }
        var transactions: [String] = []
        var messages: [Message] = []
        var typedData: [Typed] = []
    }

    struct Response: Decodable {
        let transactions: [String]
        let messages: [String]
        let typedData: [String]
    }

    /// A JSON object passed through as its text.
    struct JSONObject: Encodable {
        let text: String
        func encode(to encoder: any Encoder) throws {
            let value = try JSONDecoder().decode(AnyJSON.self, from: Data(text.utf8))
            try value.encode(to: encoder)
        }
    }

    static func recover(_ request: Request) throws -> Response {
        let script = URL(filePath: #filePath).deletingLastPathComponent().appending(path: "Python/recover.py")
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        let body = try JSONEncoder().encode(request)
        let writer = Thread {
            stdin.fileHandleForWriting.write(body)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RecoveryFailure(description: "python3 recover.py exited with \(process.terminationStatus) (run scripts/setup --test)")
        }
        return try JSONDecoder().decode(Response.self, from: output)
    }

    struct RecoveryFailure: Error, CustomStringConvertible { let description: String }
}

/// Any JSON value, decoded and re-encoded as is (integers exactly; typed data has no fractions).
indirect enum AnyJSON: Codable {
    case null, bool(Bool), int(Int64), uint(UInt64), double(Double), string(String), array([AnyJSON]), object([String: AnyJSON])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .int(i) } else if let u = try? c.decode(UInt64.self) { self = .uint(u) }
        else if let d = try? c.decode(Double.self) { self = .double(d) } else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([AnyJSON].self) { self = .array(a) } else { self = .object(try c.decode([String: AnyJSON].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .int(let i): try c.encode(i)
        case .uint(let u): try c.encode(u)
        case .double(let d): try c.encode(d)
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }
}
