import ArgumentParser
import Foundation
import Testing
@testable import etherkeep

/// `etherkeep account …` end to end through ArgumentParser, with keys in temporary files.
@Suite final class AccountCommandTests {
    let directory: URL
    let keyFile: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appending(path: "etherkeep-account-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        keyFile = directory.appending(path: "key.hex").path
        // The EIP-155 example key.
        try Data("0x4646464646464646464646464646464646464646464646464646464646464646\n".utf8).write(to: URL(filePath: keyFile))
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func run<C: ParsableCommandWithResult>(_ type: C.Type, _ arguments: [String]) async throws -> String {
        try await C.parse(arguments).result()
    }

    @Test func addressAndEIP155Example() async throws {
        #expect(try await run(AccountAddress.self, ["--key-file", keyFile]) == "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F")
        let tx = #"{"nonce": 9, "gasPrice": "20000000000", "gas": 21000, "to": "0x3535353535353535353535353535353535353535", "value": "1000000000000000000", "data": "0x", "chainId": 1}"#
        let out = try JSONDecoder().decode([String: String].self, from: Data(try await run(AccountSignTx.self, ["--key-file", keyFile, "--tx", tx]).utf8))
        // The signed transaction of EIP-155's example.
        #expect(out["raw"] == "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83")
        #expect(out["from"] == "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F")
        let decoded = try await run(AccountDecodeTx.self, [out["raw"]!])
        #expect(decoded.contains(#""from" : "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F""#))
        #expect(decoded.contains(#""v" : "0x25""#))
    }

    @Test func badTransactionsNameTheField() async throws {
        let cases: [(String, String)] = [
            (#"{"nonce": 1, "gas": 1, "gasPrice": 1, "colour": 1}"#, "colour"),
            (#"{"nonce": 1, "gas": 1, "gasPrice": "lots"}"#, "gasPrice"),
            (#"{"type": "0x2", "nonce": 1, "gas": 1, "maxFeePerGas": 2, "maxPriorityFeePerGas": 1}"#, "chainId"),
            (#"{"chainId": 1, "nonce": 1, "gas": 1, "maxFeePerGas": 1, "maxPriorityFeePerGas": 2}"#, "maxFeePerGas"),
            (#"{"nonce": 1, "gas": 1, "gasPrice": 1, "to": "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"}"#, "to"),
            (#"{"nonce": 1, "gas": 1, "gasPrice": 1, "from": "0x3535353535353535353535353535353535353535"}"#, "from"),
        ]
        for (tx, field) in cases {
            do {
                _ = try await run(AccountSignTx.self, ["--key-file", keyFile, "--tx", tx])
                Issue.record("accepted \(tx)")
            } catch {
                #expect("\(error)".hasPrefix("\(field):"), "\(error)")
            }
        }
    }

    @Test func messagesAndKeystores() async throws {
        let text = try await run(AccountSignMessage.self, ["--key-file", keyFile, "--message", "hello"])
        #expect(try await run(AccountSignMessage.self, ["--key-file", keyFile, "--hex", "0x68656c6c6f"]) == text)
        #expect(text.hasPrefix(#"{"signature":"0x"#) && text.count == #"{"signature":"0x"}"#.count + 130)

        let passwordFile = directory.appending(path: "password").path
        try Data("correct horse\n".utf8).write(to: URL(filePath: passwordFile))
        let keystore = directory.appending(path: "keystore.json").path
        let address = try await run(AccountNew.self, ["--output", keystore, "--password-file", passwordFile, "--kdf", "pbkdf2"])
        let mode = try FileManager.default.attributesOfItem(atPath: keystore)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try await run(AccountAddress.self, ["--key-file", keystore, "--password-file", passwordFile]) == address)
        // The same keystore refuses to be overwritten, and a wrong password names the MAC.
        await #expect(throws: (any Error).self) { try await run(AccountNew.self, ["--output", keystore, "--password-file", passwordFile]) }
        try Data("wrong\n".utf8).write(to: URL(filePath: passwordFile))
        do {
            _ = try await run(AccountAddress.self, ["--key-file", keystore, "--password-file", passwordFile])
            Issue.record("wrong password accepted")
        } catch {
            #expect("\(error)".contains("MAC mismatch"))
        }
    }
}

/// The commands' testable core: everything `run()` would print.
protocol ParsableCommandWithResult: ParsableCommand {
    func result() async throws -> String
}
extension AccountAddress: ParsableCommandWithResult {}
extension AccountSignTx: ParsableCommandWithResult {}
extension AccountSignMessage: ParsableCommandWithResult {}
extension AccountSignTypedData: ParsableCommandWithResult {}
extension AccountDecodeTx: ParsableCommandWithResult {}
extension AccountNew: ParsableCommandWithResult {}

@Suite struct KeyFileHexTests {
    @Test func constantTimeNibbleMatchesTheObviousOneOnEveryByte() {
        for b in 0...255 {
            let expected = Int(String(UnicodeScalar(UInt8(b))), radix: 16)
            let (value, valid) = CLIInput.nibbleConstantTime(UInt8(b))
            #expect((valid != 0) == (expected != nil), "byte \(b)")
            if let expected { #expect(Int(value) == expected, "byte \(b)") }
        }
    }
}

/// The `account` commands as a user runs them: the built binary, its stderr and exit status.
@Suite struct AccountCLIProcessTests {
    /// A `bytes32` member given 2 bytes once ended in a fatal error (a forced try that unexpectedly
    /// raised an error, exit 132); it is an ordinary error naming the member, exit 1.
    @Test func signTypedDataWithAShortBytes32IsAnErrorNotACrash() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        try Data("0x4646464646464646464646464646464646464646464646464646464646464646\n".utf8)
            .write(to: cli.folder.appending(path: "key.hex"))
        let data = #"{"types":{"EIP712Domain":[{"name":"name","type":"string"}],"P":[{"name":"h","type":"bytes32"}]},"primaryType":"P","domain":{"name":"Short"},"message":{"h":"0x1234"}}"#
        let result = try cli.run(["account", "sign-typed-data", "--key-file", "key.hex", "--data", data])
        #expect(result.stderr == "error: message.h: bytes32 needs exactly 32 bytes, got 2\n")
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
    }
}
