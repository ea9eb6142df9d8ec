import Web3SecretStorage
import Secrets
import ArgumentParser
import EthereumCore
import EthereumTransactions
import Foundation
import Secp256k1

/// `account address`: the EIP-55 address of the key.
struct AccountAddress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "address", abstract: "Print the account's EIP-55 address.")
    @OptionGroup var key: KeyOptions

    func run() async throws { try await reportingAccountErrors { try await result() } }

    func result() async throws -> String { try await key.withSigner { $0.address.description } }
}

/// `account sign-tx`: sign a JSON-RPC transaction object.
struct AccountSignTx: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-tx",
        abstract: "Sign a transaction (JSON-RPC object as for eth_signTransaction).",
        discussion: #"Prints {"raw": "0x…", "hash": "0x…", "from": "0x…"}."#)
    @OptionGroup var key: KeyOptions
    @Option(name: .long, help: "The transaction JSON, or @FILE (@- for stdin).")
    var tx: String

    struct Output: Encodable { let raw: String; let hash: String; let from: String }

    func run() async throws { try await reportingAccountErrors { try await result() } }

    func result() async throws -> String {
        let (transaction, from) = try Transaction.parse(json: CLIInput.textOrFile(tx, option: "--tx"))
        let signed = try await key.withSigner { try await $0.sign(transaction, from: from) }
        return try CLIInput.json(Output(raw: Hex.encode(signed.raw), hash: Hex.encode(signed.hash), from: signed.from.description))
    }
}

/// `account sign-message`: EIP-191 personal_sign.
struct AccountSignMessage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-message", abstract: "Sign a message with EIP-191 personal_sign (65 bytes, v = 27/28).")
    @OptionGroup var key: KeyOptions
    @Option(name: .long, help: "The message text (signed as its UTF-8 bytes).")
    var message: String?
    @Option(name: .long, help: "The message as 0x-hex bytes.")
    var hex: String?

    struct Output: Encodable { let signature: String }

    func validate() throws {
        guard (message == nil) != (hex == nil) else { throw ValidationError("give exactly one of --message and --hex") }
    }

    func run() async throws { try await reportingAccountErrors { try await result() } }

    func result() async throws -> String {
        let bytes: [UInt8]
        if let hex {
            do { bytes = try Hex.decode(hex) } catch { throw CLIError("--hex: \(error)") }
        } else if let message {
            bytes = Array(message.utf8)
        } else {
            throw CLIError("give exactly one of --message and --hex")
        }
        let signature = try await key.withSigner { try await $0.signPersonalMessage(bytes) }
        return try CLIInput.json(Output(signature: Hex.encode(signature.rsv)))
    }
}

/// `account sign-typed-data`: EIP-712 eth_signTypedData_v4.
struct AccountSignTypedData: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign-typed-data", abstract: "Sign EIP-712 typed data (eth_signTypedData_v4 JSON).")
    @OptionGroup var key: KeyOptions
    @Option(name: .long, help: "The typed-data JSON, or @FILE (@- for stdin).")
    var data: String

    func run() async throws { try await reportingAccountErrors { try await result() } }

    func result() async throws -> String {
        let typed = try TypedData(json: CLIInput.textOrFile(data, option: "--data"))
        let signature = try await key.withSigner { try await $0.sign(typed) }
        return try CLIInput.json(AccountSignMessage.Output(signature: Hex.encode(signature.rsv)))
    }
}

/// `account decode-tx`: decode a raw signed transaction and recover its sender.
struct AccountDecodeTx: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode-tx", abstract: "Decode a raw signed transaction; prints it as JSON with its recovered sender.")
    @Argument(help: "The raw transaction, 0x-hex.")
    var raw: String

    func run() async throws { try await reportingAccountErrors { try await result() } }

    func result() async throws -> String {
        let bytes: [UInt8]
        do { bytes = try Hex.decode(raw) } catch { throw CLIError("RAW: \(error)") }
        return try CLIInput.json(try SignedTransaction(decoding: bytes).json, pretty: true)
    }
}

/// `account new`: a fresh key, written as a V3 keystore.
struct AccountNew: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new", abstract: "Create a new account key and write it as a V3 keystore (mode 0600); prints the address.")
    @Option(name: .long, help: "Keystore file to create (must not exist).")
    var output: String
    @Option(name: .long, help: "File whose first line is the password (otherwise: prompt twice).")
    var passwordFile: String?
    @Option(name: .long, help: "Key derivation: scrypt (n = 2^18, r = 8, p = 1) or pbkdf2 (c = 262144).")
    var kdf: String = "scrypt"

    func run() async throws { try await reportingAccountErrors { try result() } }

    func result() throws -> String {
        let derivation: KeystoreV3.KDF
        switch kdf {
        case "scrypt": derivation = .standard
        case "pbkdf2": derivation = .pbkdf2(c: 262_144)
        default: throw CLIError("--kdf: expected scrypt or pbkdf2, got \(kdf)")
        }
        guard !FileManager.default.fileExists(atPath: output) else { throw CLIError("--output: \(output) already exists") }
        var password = try PasswordSource(file: passwordFile).read(prompt: "New keystore password: ", confirm: true)
        defer { password.wipe() }
        let key = PrivateKey.generate()
        let file = try KeystoreV3.encrypt(key, password: password, kdf: derivation)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(file)
        guard FileManager.default.createFile(atPath: output, contents: json, attributes: [.posixPermissions: 0o600]) else {
            throw CLIError("--output: cannot create \(output)")
        }
        return key.publicKey.address.description
    }
}
