import TestSupport
import Foundation
import Testing

/// End-to-end tests of `etherkeep deposit`: reference output reproduced, and every bad input
/// refused with its own message and nothing written.
@Suite struct DepositCLITests {
    static let mnemonic = "test test test test test test test test test test test waste"
    static let address = "0x0f51bb10119727a7e5eA3538074fb341F56B09Ad"

    private func existing(_ extra: [String]) -> [String] {
        ["deposit", "existing-mnemonic", "--non_interactive", "--mnemonic", Self.mnemonic, "--validator_start_index", "0",
         "--num_validators", "2", "--chain", "mainnet", "--keystore_password", "MyPassword12345", "--pbkdf2"] + extra
    }

    @Test func existingMnemonicReproducesTheReferenceDepositFile() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let result = try cli.run(existing(["--withdrawal_address", Self.address, "--compounding"]))
        #expect(result.status == 0, "\(result.stderr)")
        let files = cli.contents()
        #expect(files.count == 4)  // validator_keys/ + 2 keystores + deposit data
        let deposit = try #require(files.first { $0.hasPrefix("validator_keys/deposit_data-") })
        let ours = try String(contentsOf: cli.folder.appendingPathComponent(deposit), encoding: .utf8)
        let reference = try String(
            contentsOf: Vectors.url("staking-deposit-cli/lighthouse-deposit-data/ethstaker-1.3.0/mainnet_first_0_count_2_prefix_0x02_eth1_true__deposit_data-1785211397.json"),
            encoding: .utf8)
        #expect(ours == reference)
        #expect(files.contains { $0.hasPrefix("validator_keys/keystore-m_12381_3600_1_0_0-") && $0.hasSuffix(".json") })
        let attributes = try FileManager.default.attributesOfItem(atPath: cli.folder.appendingPathComponent(deposit).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o400)
    }

    /// Secrets from files (a Windows file: byte-order mark and CRLF) give the same keys as the
    /// options, without the warning the options print.
    @Test func secretFilesReproduceTheReferenceAndInlineSecretsWarn() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let mnemonicFile = cli.folder.appendingPathComponent("mnemonic.txt")
        try Data([0xef, 0xbb, 0xbf] + Array((Self.mnemonic + "\r\n").utf8)).write(to: mnemonicFile)
        let passwordFile = cli.folder.appendingPathComponent("password.txt")
        try Data("MyPassword12345\n".utf8).write(to: passwordFile)
        let filed = try cli.run([
            "deposit", "existing-mnemonic", "--non_interactive", "--mnemonic_file", mnemonicFile.path, "--validator_start_index", "0",
            "--num_validators", "2", "--chain", "mainnet", "--keystore_password_file", passwordFile.path, "--pbkdf2",
            "--withdrawal_address", Self.address, "--compounding",
        ])
        #expect(filed.status == 0, "\(filed.stderr)")
        #expect(!filed.stderr.contains("warning:"), "\(filed.stderr)")
        let deposit = try #require(cli.contents().first { $0.hasPrefix("validator_keys/deposit_data-") })
        let reference = try String(
            contentsOf: Vectors.url("staking-deposit-cli/lighthouse-deposit-data/ethstaker-1.3.0/mainnet_first_0_count_2_prefix_0x02_eth1_true__deposit_data-1785211397.json"),
            encoding: .utf8)
        #expect(try String(contentsOf: cli.folder.appendingPathComponent(deposit), encoding: .utf8) == reference)
        try FileManager.default.removeItem(at: cli.folder.appendingPathComponent("validator_keys"))
        let inline = try cli.run(existing(["--withdrawal_address", Self.address, "--compounding"]))
        #expect(inline.status == 0 && inline.stderr.contains("warning: --mnemonic on the command line")
                && inline.stderr.contains("warning: --keystore_password on the command line"), "\(inline.stderr)")
    }

    @Test(arguments: [
        (["--mnemonic_language", "english"], "test test test test test test test test test test test wastx", "is not in the english BIP-39 word list"),
        ([], "test test test test test test test test test test test test", "checksum does not match"),
        ([], "test test test", "has 3"),
    ])
    func badMnemonicsWriteNothing(extra: [String], mnemonic: String, message: String) throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        var args = existing(extra)
        args[args.firstIndex(of: Self.mnemonic)!] = mnemonic
        let result = try cli.run(args)
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(cli.contents().isEmpty)
    }

    @Test(arguments: [
        (["--withdrawal_address", "0x0f51bb10119727a7e5ea3538074fb341f56b09ad"], "EIP-55 checksum"),
        (["--withdrawal_address", "0x1234"], "expected 0x and 40 hex digits"),
        (["--compounding"], "--compounding: 0x02 (compounding) credentials need a withdrawal address"),
        (["--withdrawal_address", address, "--compounding", "--amount", "0.5"], "less than the 1 ether minimum"),
        (["--withdrawal_address", address, "--compounding", "--amount", "2049"], "more than the 2048 ether maximum"),
        (["--withdrawal_address", address, "--compounding", "--amount", "1.0000000001"], "not a whole number of gwei"),
        (["--devnet_chain_setting", #"{"network_name": "x"}"#], "devnet chain setting is missing"),
    ])
    func badKeyGenerationInputsWriteNothing(extra: [String], message: String) throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let result = try cli.run(existing(extra))
        #expect(result.status == 1)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(cli.contents().isEmpty)
    }

    @Test func shortPasswordAndMissingOptionsWriteNothing() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        var args = existing([])
        args[args.firstIndex(of: "MyPassword12345")!] = "short"
        let short = try cli.run(args)
        #expect(short.status == 1 && short.stderr.contains("at least 12 characters"))
        // A mnemonic that fits two languages (different keys) needs its language named.
        let twoLanguages = "labo brus coff soup firm brus chal merc chap info logi guit"
        var ambiguous = existing([])
        ambiguous[ambiguous.firstIndex(of: Self.mnemonic)!] = twoLanguages
        let refused = try cli.run(ambiguous)
        #expect(refused.status == 1 && refused.stderr.contains("english and french") && refused.stderr.contains("--mnemonic_language"),
                "\(refused.stderr)")
        #expect(cli.contents().isEmpty)
        #expect(try cli.run(ambiguous + ["--mnemonic_language", "french"]).status == 0)
        try FileManager.default.removeItem(at: cli.folder.appendingPathComponent("validator_keys"))
        let missing = try cli.run(["deposit", "existing-mnemonic", "--non_interactive", "--mnemonic", Self.mnemonic])
        #expect(missing.status == 1 && missing.stderr.contains("missing option --validator_start_index"), "\(missing.stderr)")
        #expect(cli.contents().isEmpty)
    }

    /// Counts no run can hold (2^32 keys would need terabytes: it was an allocation crash), index
    /// ranges past 2^32−1, and output folders that cannot be written are refused before any key
    /// is made — for new-mnemonic, before the mnemonic is shown.
    @Test func impossibleCountsRangesAndFoldersAreRefusedFirst() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        var huge = existing([])
        huge[huge.firstIndex(of: "2")!] = "4294967296"
        let tooMany = try cli.run(huge)
        #expect(tooMany.status == 1 && tooMany.stderr.contains("from 1 to 100000"), "\(tooMany.stderr)")
        var pastEnd = existing([])
        pastEnd[pastEnd.firstIndex(of: "0")!] = "4294967295"
        let range = try cli.run(pastEnd)
        #expect(range.status == 1 && range.stderr.contains("go past index 2^32"), "\(range.stderr)")
        let folder = try cli.run(["deposit", "new-mnemonic", "--non_interactive", "--mnemonic_language", "english", "--num_validators", "1",
                                  "--keystore_password", "MyPassword12345", "--pbkdf2", "--chain", "hoodi", "--folder", "/nonexistent/deep"])
        #expect(folder.status == 1 && folder.stderr.contains("--folder: /nonexistent/deep is not an existing folder"), "\(folder.stderr)")
        #expect(folder.stdout.isEmpty, "the mnemonic was shown: \(folder.stdout)")
        #expect(cli.contents().isEmpty)
    }

    @Test func keystoreCommandsRefuseBadKeystoresAndWriteNothing() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let keystore = Vectors.url("eip2333-2334-2335/eip2335_keystore_pbkdf2.json").path
        let wrong = try cli.run(["deposit", "exit-transaction-keystore", "--non_interactive", "--keystore", keystore,
                                 "--keystore_password", "not it", "--validator_index", "1"])
        #expect(wrong.status == 1 && wrong.stderr.contains("wrong password"), "\(wrong.stderr)")
        let corrupt = cli.folder.appendingPathComponent("corrupt.json")
        try Data("{\"version\": 4".utf8).write(to: corrupt)
        let bad = try cli.run(["deposit", "partial-deposit", "--non_interactive", "--keystore", corrupt.path,
                               "--keystore_password", "x", "--withdrawal_address", Self.address])
        #expect(bad.status == 1 && bad.stderr.contains("not an EIP-2335 keystore"), "\(bad.stderr)")
        let tested = try cli.run(["deposit", "test-keystore", "--non_interactive", "--keystore", keystore,
                                  "--keystore_password", "𝔱𝔢𝔰𝔱𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡🔑"])
        #expect(tested.status == 0 && tested.stdout.contains("decrypted successfully"), "\(tested.stderr)")
        #expect(cli.contents() == ["corrupt.json"])
    }

    /// Validator indices past 2^32 − 1 (start 4294967295, two validators) overflowed `start + i`
    /// (a trap, exit 132); they are an error naming the range.
    @Test func exitIndicesPast32BitsAreAnErrorNotACrash() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let result = try cli.run([
            "deposit", "exit-transaction-mnemonic", "--non_interactive", "--mnemonic", Self.mnemonic, "--chain", "mainnet",
            "--validator_start_index", "4294967295", "--validator_indices", "1 2",
        ])
        #expect(result.status == 1 && result.stderr.contains("go past 2^32"), "\(result.status) \(result.stderr)")
        #expect(cli.contents().isEmpty)
    }

    @Test func blsChangeRefusesCredentialsOfAnotherKey() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let result = try cli.run([
            "deposit", "generate-bls-to-execution-change", "--non_interactive", "--mnemonic", Self.mnemonic, "--chain", "mainnet",
            "--validator_start_index", "0", "--validator_indices", "1",
            "--bls_withdrawal_credentials_list", "0x00" + String(repeating: "ab", count: 31), "--withdrawal_address", Self.address,
        ])
        #expect(result.status == 1 && result.stderr.contains("do not match key 0"), "\(result.stderr)")
        #expect(cli.contents().isEmpty)
    }
}

/// The success paths of the other commands, end to end.
@Suite struct DepositCLISuccessTests {
    @Test func newMnemonicPrintsAMnemonicThatReproducesItsKeys() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let made = try cli.run(["deposit", "new-mnemonic", "--non_interactive", "--mnemonic_language", "italian", "--num_validators", "1",
                                "--keystore_password", "MyPassword12345", "--pbkdf2", "--chain", "hoodi"])
        #expect(made.status == 0, "\(made.stderr)")
        let phrase = try #require(made.stdout.split(separator: "\n").last.map(String.init))
        #expect(phrase.split(separator: " ").count == 24)
        let first = try #require(cli.contents().first { $0.hasPrefix("validator_keys/deposit_data-") })
        let firstDeposit = try String(contentsOf: cli.folder.appendingPathComponent(first), encoding: .utf8)
        try FileManager.default.removeItem(at: cli.folder.appendingPathComponent("validator_keys"))
        let again = try cli.run(["deposit", "existing-mnemonic", "--non_interactive", "--mnemonic", phrase, "--validator_start_index", "0",
                                 "--num_validators", "1", "--keystore_password", "MyPassword12345", "--pbkdf2", "--chain", "hoodi"])
        #expect(again.status == 0, "\(again.stderr)")
        let second = try #require(cli.contents().first { $0.hasPrefix("validator_keys/deposit_data-") })
        let secondDeposit = try String(contentsOf: cli.folder.appendingPathComponent(second), encoding: .utf8)
        #expect(firstDeposit == secondDeposit)
        #expect(firstDeposit.contains(#""network_name": "hoodi""#))
    }

    @Test func blsChangeAndKeystoreExitAreWritten() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        // 0x00 credentials of key 1024 of the lighthouse mnemonic (its mainnet first_1024 0x00 deposit file)
        let credentials = "00dd4f8bfd1a48be288c2af8bb7315f6198900b5b3f56df010420d5328e682cb"
        let change = try cli.run([
            "deposit", "generate-bls-to-execution-change", "--non_interactive", "--mnemonic", DepositCLITests.mnemonic,
            "--chain", "mainnet", "--validator_start_index", "1024", "--validator_indices", "42",
            "--bls_withdrawal_credentials_list", credentials, "--withdrawal_address", DepositCLITests.address,
        ])
        #expect(change.status == 0, "\(change.stderr)")
        let file = try #require(cli.contents().first { $0.hasPrefix("bls_to_execution_changes/bls_to_execution_change-") })
        let text = try String(contentsOf: cli.folder.appendingPathComponent(file), encoding: .utf8)
        #expect(text.hasPrefix(#"[{"message": {"validator_index": "42", "from_bls_pubkey": "0x"#))
        let exit = try cli.run([
            "deposit", "exit-transaction-keystore", "--non_interactive", "--chain", "mainnet",
            "--keystore", Vectors.url("eip2333-2334-2335/eip2335_keystore_scrypt.json").path,
            "--keystore_password", "𝔱𝔢𝔰𝔱𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡🔑", "--validator_index", "7", "--epoch", "10",
        ])
        #expect(exit.status == 0, "\(exit.stderr)")
        #expect(cli.contents().contains { $0.hasPrefix("exit_transactions/signed_exit_transaction-7-") })
    }
}
