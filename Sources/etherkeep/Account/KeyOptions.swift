import Web3SecretStorage
import Secrets
import ArgumentParser
import EthereumCore
import EthereumTransactions
import Foundation
import Secp256k1

#if canImport(Glibc)
import Glibc
#endif

/// Where the account key comes from: a key file, or a KMS key (`--kms-key-id`).
struct KeyOptions: ParsableArguments {
    @Option(name: .long, help: "File holding the private key: 0x-hex text, or a V3 keystore (JSON).")
    var keyFile: String?

    @Option(name: .customLong("kms-key-id"), help: "AWS KMS key (ECC_SECG_P256K1) that holds the account instead of a key file.")
    var kmsKeyID: String?

    @Option(name: .long, help: "File whose first line is the keystore password (otherwise: prompt).")
    var passwordFile: String?

    func validate() throws {
        guard (keyFile == nil) != (kmsKeyID == nil) else { throw ValidationError("give exactly one of --key-file and --kms-key-id") }
        if kmsKeyID != nil, passwordFile != nil { throw ValidationError("--password-file goes with --key-file") }
    }

    /// Reads and validates the key; every intermediate copy of the secret is wiped.
    func loadKey() throws -> PrivateKey {
        guard let keyFile else { throw CLIError("--key-file is required") }
        var contents = try readSecretFile(keyFile, what: "--key-file")
        defer { contents.wipe() }
        let firstNonSpace = contents.first { !CLIInput.isSpace($0) }
        if firstNonSpace == UInt8(ascii: "{") {
            var password = try PasswordSource(file: passwordFile).read(prompt: "Keystore password: ")
            defer { password.wipe() }
            do { return try KeystoreV3.decrypt(json: Data(contents), password: password) } catch {
                throw CLIError("--key-file: \(error)")
            }
        }
        var key = try CLIInput.decodeSecretHex(contents, byteCount: 32, what: "--key-file",
                                               expected: "64 hex digits (a 32-byte key) or a V3 keystore")
        defer { key.wipe() }
        do { return try PrivateKey(bytes: key) } catch { throw CLIError("--key-file: \(error)") }
    }

}

/// A keystore password: the first line of a file, or typed at a prompt without echo.
struct PasswordSource {
    let file: String?

    func read(prompt: String, confirm: Bool = false) throws -> [UInt8] {
        if let file {
            var contents = try readSecretFile(file, what: "--password-file")
            defer { contents.wipe() }
            let line = contents.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false).first ?? []
            var password = Array(line)
            if password.last == UInt8(ascii: "\r") { password.removeLast() }
            return password
        }
        var first = try CLIInput.promptWithoutEcho(prompt)
        if confirm {
            var second = try CLIInput.promptWithoutEcho("Repeat password: ")
            defer { second.wipe() }
            guard first == second else { first.wipe(); throw CLIError("passwords do not match") }
        }
        return first
    }
}

private func readSecretFile(_ path: String, what: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(what): cannot read \(path)") }
    return Array(data)
}

/// A command-line failure with a message for stderr.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum CLIInput {
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09 }

    /// Decodes hex text holding a secret of `byteCount` bytes (surrounding white space and a `0x`
    /// prefix allowed) without branching on the secret digits: only "was every digit hex?" is
    /// revealed. Every intermediate copy is wiped; the caller wipes the result.
    static func decodeSecretHex(_ contents: [UInt8], byteCount: Int, what: String, expected: String) throws -> [UInt8] {
        var text = contents.filter { !isSpace($0) }
        defer { text.wipe() }
        if text.count >= 2, text[0] == UInt8(ascii: "0"), text[1] | 0x20 == UInt8(ascii: "x") { text.removeFirst(2) }
        guard text.count == 2 * byteCount else { throw CLIError("\(what): expected \(expected)") }
        var secret = [UInt8](repeating: 0, count: byteCount)
        var valid: Int32 = -1
        for i in 0..<byteCount {
            let (hi, hiValid) = nibbleConstantTime(text[2 * i])
            let (lo, loValid) = nibbleConstantTime(text[2 * i + 1])
            secret[i] = hi << 4 | lo
            valid &= hiValid & loValid
        }
        guard valid != 0 else { secret.wipe(); throw CLIError("\(what): not hex") }
        return secret
    }

    /// A hex digit's value and a validity mask (−1 valid, 0 not), computed with masks only.
    static func nibbleConstantTime(_ byte: UInt8) -> (value: UInt8, valid: Int32) {
        let c = Int32(byte)
        let digit = c - 48  // '0'
        let letter = (c | 0x20) - 97  // 'a' or 'A'
        // x in 0...k ⇔ x ≥ 0 and k − x ≥ 0 ⇔ the sign bit of x | (k − x) is clear.
        let isDigit = ~((digit | (9 - digit)) >> 31)
        let isLetter = ~((letter | (5 - letter)) >> 31)
        let value = (digit & isDigit) | ((letter + 10) & isLetter)
        return (UInt8(truncatingIfNeeded: value), isDigit | isLetter)
    }

    /// Reads a line from the terminal with echo off (termios), prompting on stderr.
    static func promptWithoutEcho(_ prompt: String) throws -> [UInt8] {
        let fd = open("/dev/tty", O_RDWR)
        guard fd >= 0 else { throw CLIError("no terminal to prompt for a password; use --password-file") }
        defer { close(fd) }
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        tcgetattr(fd, &saved)
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(fd, TCSAFLUSH, &quiet)
        defer {
            tcsetattr(fd, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        var out = [UInt8]()
        var c: UInt8 = 0
        while read(fd, &c, 1) == 1, c != UInt8(ascii: "\n") { out.append(c) }
        c = 0
        if out.last == UInt8(ascii: "\r") { out.removeLast() }
        return out
    }

    /// `TEXT`, or `@FILE` (`@-` for stdin).
    static func textOrFile(_ value: String, option: String) throws -> Data {
        guard value.hasPrefix("@") else { return Data(value.utf8) }
        let path = String(value.dropFirst())
        if path == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(option): cannot read \(path)") }
        return data
    }

    /// An encodable value as JSON text (sorted keys).
    static func json(_ value: some Encodable, pretty: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
