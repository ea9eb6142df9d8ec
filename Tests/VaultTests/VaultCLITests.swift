import AWSCore
import AWSTestSupport
import Foundation
import Testing

@testable import Vault

/// `etherkeep vault …` run as a process, on the embedded vault and on DynamoDB (moto).
@Suite struct VaultCLITests {
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("etherkeep")
    }

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func listed(_ run: Run) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
    }

    /// Only key generation creates an embedded vault: a mistyped `--data-dir` is an error, and
    /// nothing is created there.
    @Test func aMissingEmbeddedVaultIsAnErrorNotANewEmptyVault() throws {
        let typo = TestKeys.tempDirectory() + "/typo"
        let listed = try Self.run(["vault", "list", "--data-dir", typo])
        #expect(listed.status == 1 && listed.stderr.contains("no vault in \(typo)"), "\(listed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: typo))
    }

    @Test func embeddedVaultCommands() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "etherkeep not built at \(Self.binary.path)")
        let dir = DataDirectory(explicit: TestKeys.tempDirectory())
        defer { try? FileManager.default.removeItem(atPath: dir.path) }
        _ = try await dir.openVault().add((0..<3).map { TestKeys.newKey($0) })
        let d = ["--data-dir", dir.path]

        let all = try Self.run(["vault", "list", "--json"] + d)
        #expect(all.status == 0)
        #expect(try Self.listed(all).count == 3)
        let signer = "0b7f9c1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b"
        let assign = try Self.run(["vault", "assign", "--pubkey", "0x" + TestKeys.pubkey(2), "--signer-uuid", signer] + d)
        #expect(assign.status == 0)
        #expect(assign.stdout == "assigned \(TestKeys.pubkey(2)) to \(signer)\n")
        let mine = try Self.listed(try Self.run(["vault", "list", "--signer-uuid", signer, "--json"] + d))
        #expect(mine.map { $0["pubkey"] as? String } == [TestKeys.pubkey(2)])

        #expect(try Self.run(["vault", "deactivate", "--pubkey", TestKeys.pubkey(0)] + d).status == 0)
        let table = try Self.run(["vault", "list"] + d)
        #expect(table.stdout.contains("0x\(TestKeys.pubkey(0))  none  false  mainnet"))
        #expect(table.stdout.hasSuffix("3 key(s)\n"))
        let deposits = try Self.run(["vault", "export-deposits", "--signer-uuid", "none"] + d)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(deposits.stdout.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["pubkey"] as? String } == [TestKeys.pubkey(1)])
        #expect(try Self.run(["vault", "activate", "--pubkey", TestKeys.pubkey(0)] + d).status == 0)
        let file = dir.path + "/deposit_data.json"
        #expect(try Self.run(["vault", "export-deposits", "--signer-uuid", "none", "--output", file] + d).status == 0)
        #expect((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [Any])?.count == 2)

        // Secrets never reach the output: not the master key, not a record's password.
        let masterKey = try Data(contentsOf: URL(fileURLWithPath: dir.masterKeyPath)).base64EncodedString()
        for output in [all.stdout, table.stdout, deposits.stdout] {
            #expect(!output.contains("password-"))
            #expect(!output.contains(masterKey))
            #expect(!output.contains("encrypted_key_password_mnemonic_b64"))
        }
    }

    @Test func badInputIsNamed() async throws {
        let dir = DataDirectory(explicit: TestKeys.tempDirectory())
        defer { try? FileManager.default.removeItem(atPath: dir.path) }
        _ = try dir.openVault(creating: true)  // an empty vault
        let d = ["--data-dir", dir.path]
        let unknown = try Self.run(["vault", "assign", "--pubkey", TestKeys.pubkey(9), "--signer-uuid", "abc"] + d)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.hasPrefix("error: no key with pubkey \(TestKeys.pubkey(9).prefix(12))"))
        let short = try Self.run(["vault", "activate", "--pubkey", "0xabcd"] + d)
        #expect(short.status == 1)
        #expect(short.stderr == "error: pubkey must be 48 bytes of hex (96 digits), got 4 characters\n")
        let signer = try Self.run(["vault", "list", "--signer-uuid", "a b"] + d)
        #expect(signer.status == 1)
        #expect(signer.stderr.contains("web3signer_uuid must be 'none' or a UUID"))
        let flags = try Self.run(["vault", "list", "--kms-key-id", "k"] + d)
        #expect(flags.status == 64)
        #expect(flags.stderr.contains("--kms-key-id needs --table"))
        let empty = try Self.run(["vault", "export-deposits", "--signer-uuid", "nobody"] + d)
        #expect(empty.status == 1)
        #expect(empty.stderr == "error: no active keys are assigned to nobody\n")
    }

    @Test(.enabled(if: Moto.shouldRun)) func dynamoDBTableCommands() async throws {
        try await DynamoDBVaultTests.withVault { vault, _, _, table in
            _ = try await vault.add((0..<2).map { TestKeys.newKey($0) })
            let env = try Moto.environment().variables
            let t = ["--table", table]
            let listed = try Self.run(["vault", "list", "--json"] + t, environment: env)
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(try Self.listed(listed).count == 2)
            #expect(try Self.run(["vault", "assign", "--pubkey", TestKeys.pubkey(1), "--signer-uuid", "s-1"] + t, environment: env).status == 0)
            let mine = try Self.listed(try Self.run(["vault", "list", "--signer-uuid", "s-1", "--json"] + t, environment: env))
            #expect(mine.map { $0["pubkey"] as? String } == [TestKeys.pubkey(1)])
            let none = try Self.run(["vault", "list", "--table", Moto.uniqueName("missing")], environment: env)
            #expect(none.status == 1)
            #expect(none.stderr.contains("ResourceNotFoundException"))
        }
    }
}
