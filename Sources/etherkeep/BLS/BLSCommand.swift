import Secrets
import ArgumentParser
import BLS12381
import EthereumCore
import Foundation

/// `etherkeep bls …`: BLS12-381 for scripts and debugging. Secret keys never go on the command
/// line: they are read as one hex line from standard input (or written to a 0600 file).
struct BLSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bls",
        abstract: "BLS12-381 keys and signatures (Ethereum ciphersuite).",
        discussion: "Exit codes: 0 success (or `valid`), 1 `invalid`, 2 malformed input.",
        subcommands: [Keygen.self, Pubkey.self, Sign.self, Verify.self, Aggregate.self, FastAggregateVerify.self]
    )

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a fresh random secret key (hex) to a new file with mode 0600.")
        @Option(help: "The file to create; it must not exist.") var output: String

        func run() throws {
            let key = SecretKey.random()
            var text = key.withSerializedBytes { Array(Hex.encode($0).utf8) } + [UInt8(ascii: "\n")]
            defer { text.wipe() }
            try BLSInput.guarded("--output") { try SecretFile.create(output, contents: text) }
        }
    }

    struct Pubkey: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a secret key (hex) on stdin; print its 48-byte public key.")
        func run() throws {
            print(Hex.encode(try BLSInput.secretKeyFromStandardInput().publicKey().compressed))
        }
    }

    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read a secret key (hex) on stdin; print the 96-byte signature of --message.")
        @Option(help: "The message, hex.") var message: String
        func run() throws {
            let message = try BLSInput.bytes(message, "--message")
            print(Hex.encode(try BLSInput.secretKeyFromStandardInput().sign(message).compressed))
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print `valid` (exit 0) or `invalid` (exit 1).")
        @Option(help: "48-byte public key, hex.") var publicKey: String
        @Option(help: "The message, hex.") var message: String
        @Option(help: "96-byte signature, hex.") var signature: String
        func run() throws {
            let publicKey = try BLSInput.publicKey(publicKey, "--public-key")
            let message = try BLSInput.bytes(message, "--message")
            let signature = try BLSInput.signature(signature, "--signature")
            try BLSInput.report(BLS.verify(publicKey: publicKey, message: message, signature: signature))
        }
    }

    struct Aggregate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the aggregate of the signatures.")
        @Option(name: .customLong("signature"), help: "A 96-byte signature, hex (repeat).") var signatures: [String]
        func run() throws {
            let parsed = try signatures.map { try BLSInput.signature($0, "--signature") }
            let aggregate = try BLSInput.guarded("--signature") { try BLS.aggregate(parsed) }
            print(Hex.encode(aggregate.compressed))
        }
    }

    struct FastAggregateVerify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify one message signed by many keys: `valid` (exit 0) or `invalid` (exit 1).")
        @Option(name: .customLong("public-key"), help: "A 48-byte public key, hex (repeat).") var publicKeys: [String]
        @Option(help: "The message, hex.") var message: String
        @Option(help: "96-byte aggregate signature, hex.") var signature: String
        func run() throws {
            let keys = try publicKeys.map { try BLSInput.publicKey($0, "--public-key") }
            let message = try BLSInput.bytes(message, "--message")
            let signature = try BLSInput.signature(signature, "--signature")
            try BLSInput.report(BLS.fastAggregateVerify(publicKeys: keys, message: message, signature: signature))
        }
    }
}

/// Parsing for the `bls` commands: every failure names its argument and exits with status 2.
enum BLSInput {
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(2)
    }

    static func guarded<T>(_ argument: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw fail("\(argument): \(error)") }
    }

    static func bytes(_ text: String, _ argument: String) throws -> [UInt8] {
        try guarded(argument) { try Hex.decode(text) }
    }

    static func publicKey(_ text: String, _ argument: String) throws -> PublicKey {
        let raw = try bytes(text, argument)
        return try guarded(argument) { try PublicKey(bytes: raw) }
    }

    static func signature(_ text: String, _ argument: String) throws -> Signature {
        let raw = try bytes(text, argument)
        return try guarded(argument) { try Signature(bytes: raw) }
    }

    static func secretKeyFromStandardInput() throws -> SecretKey {
        var contents = Array(FileHandle.standardInput.readDataToEndOfFile())
        defer { contents.wipe() }
        var raw = try guarded("secret key (stdin)") {
            try CLIInput.decodeSecretHex(contents, byteCount: 32, what: "stdin", expected: "64 hex digits")
        }
        defer { raw.wipe() }
        return try guarded("secret key (stdin)") { try SecretKey(bytes: raw) }
    }

    /// Prints the verdict; `invalid` exits 1.
    static func report(_ valid: Bool) throws {
        print(valid ? "valid" : "invalid")
        if !valid { throw ExitCode(1) }
    }
}

/// Files that hold secrets: created exclusively, mode 0600 from the start.
enum SecretFile {
    static func create(_ path: String, contents: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw CLIError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let written = contents.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == contents.count, fsync(fd) == 0 else {
            unlink(path)
            throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
