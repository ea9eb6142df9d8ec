import Foundation
import TestSupport
import Testing

/// The deposit commands at a terminal (a pseudo-terminal driven by `Python/pty_session.py`):
/// every prompt gets a bad answer first, says what is wrong and asks again; only end of input
/// ends a run early, and then nothing is written.
@Suite struct InteractivePromptTests {
    struct Step: Encodable {
        let expect: String
        var send: String??
        var capture: Capture? = nil

        struct Capture: Encodable {
            let name: String
            let pattern: String
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(expect, forKey: .expect)
            if let send { try c.encode(send, forKey: .send) }  // .some(nil): end of input
            try c.encodeIfPresent(capture, forKey: .capture)
        }

        enum CodingKeys: String, CodingKey { case expect, send, capture }
    }

    struct Session: Encodable {
        let argv: [String]
        let cwd: String
        let timeout: Double
        let steps: [Step]
    }

    struct Outcome: Decodable {
        let status: Int
        let transcript: String
        let failed_step: Int?
    }

    /// A step that waits for `expect`, then types `line`.
    static func answer(_ expect: String, _ line: String) -> Step { Step(expect: expect, send: .some(line)) }
    /// A step that waits for `expect` (an error message, or the final line) and types nothing.
    static func see(_ expect: String) -> Step { Step(expect: expect, send: nil) }

    func drive(_ cli: CLIRunner, _ arguments: [String], _ steps: [Step]) throws -> Outcome {
        let session = Session(argv: [CLIRunner.binary.path] + arguments, cwd: cli.folder.path, timeout: 120, steps: steps)
        let outcome = try PythonReference.run("pty_session.py", session, as: Outcome.self)
        if let failed = outcome.failed_step {
            Issue.record("step \(failed) (\"\(steps[failed].expect)\") never came; transcript:\n\(outcome.transcript)")
        }
        return outcome
    }

    static let password = "MyPassword12345"

    @Test func newMnemonicAsksAgainUntilEveryAnswerIsValidAndAsksAllBeforeShowingTheMnemonic() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let outcome = try drive(cli, ["deposit", "new-mnemonic", "--pbkdf2"], [
            Self.answer("language of the mnemonic word list", "klingon"),
            Self.see("Error:"),
            Self.answer("language of the mnemonic word list", "english"),
            Self.answer("network/chain name", "nowhere"),
            Self.see("Error:"),
            Self.answer("network/chain name", ""),  // default mainnet
            Self.answer("how many new validators", "zero"),
            Self.see("is not a number of validators"),
            Self.answer("how many new validators", "0"),
            Self.see("is not a number of validators"),
            Self.answer("how many new validators", "2"),
            Self.answer("Please enter the withdrawal address", "0x1234"),
            Self.see("expected 0x and 40 hex digits"),  // checked before the confirmation is asked
            Self.answer("Please enter the withdrawal address", DepositCLITests.address),
            Self.answer("Repeat your withdrawal address", DepositCLITests.address.lowercased()),
            Self.see("do not match"),
            Self.answer("Please enter the withdrawal address", DepositCLITests.address),
            Self.answer("Repeat your withdrawal address", DepositCLITests.address),
            Self.answer("compounding validators", "maybe"),
            Self.see("is not yes or no"),
            Self.answer("compounding validators", "y"),
            Self.answer("amount you wish to deposit", "2049"),
            Self.see("more than the 2048 ether maximum"),
            Self.answer("amount you wish to deposit", "64"),
            Self.answer("Create a password", "short"),
            Self.see("at least 12 characters"),
            Self.answer("Create a password", Self.password),
            Self.answer("Repeat your keystore password", Self.password),
            Step(expect: "Press Enter when you have written down your mnemonic", send: .some(""),
                 capture: .init(name: "m", pattern: #"retrieve your deposit\.\s+([a-z]+(?: [a-z]+){23})"#)),
            Self.answer("to confirm you have written it down", "abandon abandon abandon"),
            Self.see("that is not the mnemonic shown"),
            Self.answer("to confirm you have written it down", "{m}"),
            Self.see("Success!"),
        ])
        #expect(outcome.status == 0, "\(outcome.transcript)")
        let files = cli.contents()
        #expect(files.filter { $0.hasPrefix("validator_keys/keystore-m_12381_3600_") }.count == 2, "\(files)")
        let depositFile = try #require(files.first { $0.hasPrefix("validator_keys/deposit_data-") })
        let deposit = try String(contentsOf: cli.folder.appendingPathComponent(depositFile), encoding: .utf8)
        let credentials = "02" + String(repeating: "0", count: 22) + DepositCLITests.address.dropFirst(2).lowercased()
        #expect(deposit.contains(#""withdrawal_credentials": "\#(credentials)""#), "\(deposit)")
        #expect(deposit.contains(#""amount": 64000000000"#), "\(deposit)")
    }

    @Test func existingMnemonicAsksForTheLanguageOfAnAmbiguousPhraseAndUsesDefaults() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let outcome = try drive(cli, ["deposit", "existing-mnemonic", "--pbkdf2"], [
            Self.answer("Please enter your mnemonic", "test test test test test test test test test test test test"),
            Self.see("checksum does not match"),
            Self.answer("Please enter your mnemonic", "labo brus coff soup firm brus chal merc chap info logi guit"),
            Self.answer("Which language is it? [english, french]", "labo brus coff soup firm brus chal merc chap info logi guit"),
            Self.see("that is not a word-list language"),  // a pasted mnemonic is not quoted back
            Self.answer("Which language is it? [english, french]", "italian"),
            Self.see("the mnemonic is not italian"),
            Self.answer("Which language is it?", "french"),
            Self.answer("start generating more keys from", "first"),
            Self.see("is not a key index"),
            Self.answer("start generating more keys from", ""),  // default 0
            Self.answer("network/chain name", "hoodi"),
            Self.answer("how many new validators", "1"),
            Self.answer("Please enter the withdrawal address", ""),  // 0x00 credentials: no compounding question
            Self.answer("Repeat your withdrawal address", ""),
            Self.answer("Create a password", Self.password),
            Self.answer("Repeat your keystore password", Self.password),
            Self.see("Success!"),
        ])
        #expect(outcome.status == 0, "\(outcome.transcript)")
        #expect(!outcome.transcript.contains("compounding"))
        #expect(!outcome.transcript.contains("\"labo brus"), "an answer was quoted back")
        let interactive = try #require(cli.contents().first { $0.hasPrefix("validator_keys/deposit_data-") })
        let asked = try String(contentsOf: cli.folder.appendingPathComponent(interactive), encoding: .utf8)
        try FileManager.default.removeItem(at: cli.folder.appendingPathComponent("validator_keys"))
        // The same keys as the scripted run that names the language.
        let scripted = try cli.run([
            "deposit", "existing-mnemonic", "--non_interactive", "--mnemonic_language", "french", "--mnemonic",
            "labo brus coff soup firm brus chal merc chap info logi guit", "--validator_start_index", "0", "--num_validators", "1",
            "--chain", "hoodi", "--keystore_password", Self.password, "--pbkdf2",
        ])
        #expect(scripted.status == 0, "\(scripted.stderr)")
        let named = try #require(cli.contents().first { $0.hasPrefix("validator_keys/deposit_data-") })
        let expected = try String(contentsOf: cli.folder.appendingPathComponent(named), encoding: .utf8)
        #expect(asked == expected)
    }

    @Test func endOfInputAtAnyPromptEndsTheRunAndWritesNothing() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let atLanguage = try drive(cli, ["deposit", "new-mnemonic", "--pbkdf2"], [
            Step(expect: "language of the mnemonic word list", send: .some(nil)),
            Self.see("end of input"),
        ])
        #expect(atLanguage.status == 1, "\(atLanguage.transcript)")
        let atYesNo = try drive(cli, ["deposit", "new-mnemonic", "--pbkdf2", "--chain", "mainnet", "--mnemonic_language", "english",
                                      "--num_validators", "1", "--withdrawal_address", DepositCLITests.address], [
            Self.answer("compounding validators", "ja"),
            Self.see("is not yes or no"),
            Step(expect: "compounding validators", send: .some(nil)),
            Self.see("end of input"),
        ])
        #expect(atYesNo.status == 1, "\(atYesNo.transcript)")
        #expect(!atYesNo.transcript.contains("This is your mnemonic"))
        #expect(cli.contents().isEmpty)
    }

    @Test func keystoreCommandsAskAgainForThePathPasswordIndexAddressAndAmount() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let keystore = Vectors.url("eip2333-2334-2335/eip2335_keystore_pbkdf2.json").path
        let password = "𝔱𝔢𝔰𝔱𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡🔑"
        let exit = try drive(cli, ["deposit", "exit-transaction-keystore"], [
            Self.answer("network/chain name", "mainnet"),
            Self.answer("location of your keystore file", "/nonexistent/keystore.json"),
            Self.see("cannot read keystore file"),
            Self.answer("location of your keystore file", keystore),
            Self.answer("password that secures your keystore", "not it"),
            Self.see("wrong password"),
            Self.answer("password that secures your keystore", password),
            Self.answer("validator index of your validator", "-1"),
            Self.see("is not a validator index"),
            Self.answer("validator index of your validator", "7"),
            Self.see("Success!"),
        ])
        #expect(exit.status == 0, "\(exit.transcript)")
        #expect(cli.contents().contains { $0.hasPrefix("exit_transactions/signed_exit_transaction-7-") })

        let partial = try drive(cli, ["deposit", "partial-deposit"], [
            Self.answer("network/chain name", "mainnet"),
            Self.answer("Please enter the withdrawal address", "not an address"),
            Self.see("Error:"),
            Self.answer("Please enter the withdrawal address", DepositCLITests.address),
            Self.answer("Repeat your withdrawal address", DepositCLITests.address),
            Self.answer("amount you wish to deposit", "0.5"),
            Self.see("less than the 1 ether minimum"),
            Self.answer("amount you wish to deposit", "3"),
            Self.answer("location of your keystore file", keystore),
            Self.answer("password that secures your keystore", password),
            Self.see("Success!"),
        ])
        #expect(partial.status == 0, "\(partial.transcript)")
        let file = try #require(cli.contents().first { $0.hasPrefix("partial_deposits/deposit_data-") })
        let text = try String(contentsOf: cli.folder.appendingPathComponent(file), encoding: .utf8)
        #expect(text.contains(#""amount": 3000000000"#), "\(text)")
    }

    @Test func mnemonicCommandsAskAgainForIndicesAndCredentials() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        // 0x00 credentials of key 1024 of the test mnemonic (from the reference's deposit file).
        let credentials = "00dd4f8bfd1a48be288c2af8bb7315f6198900b5b3f56df010420d5328e682cb"
        let change = try drive(cli, ["deposit", "generate-bls-to-execution-change"], [
            Self.answer("network/chain name", "mainnet"),
            Self.answer("Please enter your mnemonic", DepositCLITests.mnemonic),
            Self.answer("start generating withdrawal credentials", "4294967296"),
            Self.see("is not a key index"),
            Self.answer("start generating withdrawal credentials", "1024"),
            Self.answer("validator indices of your validator(s)", ""),
            Self.see("no validator index given"),
            Self.answer("validator indices of your validator(s)", "42"),
            Self.answer("old BLS withdrawal credentials", "\(credentials), \(credentials)"),
            Self.see("1 validator indices but 2 withdrawal credentials"),
            Self.answer("old BLS withdrawal credentials", "0xzz"),
            Self.see("withdrawal credentials \"0xzz\""),
            Self.answer("old BLS withdrawal credentials", credentials),
            Self.answer("Please enter the withdrawal address", DepositCLITests.address),
            Self.answer("Repeat your withdrawal address", DepositCLITests.address),
            Self.see("Success!"),
        ])
        #expect(change.status == 0, "\(change.transcript)")
        #expect(cli.contents().contains { $0.hasPrefix("bls_to_execution_changes/bls_to_execution_change-") })

        let exits = try drive(cli, ["deposit", "exit-transaction-mnemonic"], [
            Self.answer("network/chain name", "mainnet"),
            Self.answer("Please enter your mnemonic", DepositCLITests.mnemonic),
            Self.answer("start generating exits", "zero"),
            Self.see("is not a key index"),
            Self.answer("start generating exits", "0"),
            Self.answer("validator indices of your validator(s)", "5, x"),
            Self.see("\"x\" is not a validator index"),
            Self.answer("validator indices of your validator(s)", "5 6"),
            Self.see("Success!"),
        ])
        #expect(exits.status == 0, "\(exits.transcript)")
        #expect(cli.contents().filter { $0.hasPrefix("exit_transactions/signed_exit_transaction-") }.count == 2)
    }
}
