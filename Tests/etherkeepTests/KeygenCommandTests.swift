import ArgumentParser
import Foundation
import Testing
import Vault

@testable import etherkeep

/// `etherkeep keygen` on the embedded vault in a temporary data directory.
@Suite final class KeygenCommandTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appending(path: "etherkeep-keygen-\(UUID().uuidString)")
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    @Test func writesRowsAndTheDepositFile() async throws {
        let output = try await KeygenCommand.parse([
            "--num-validators", "2", "--chain", "hoodi", "--withdrawal-address", "0x6F4b46423fc6181a0cF34e6716c220BD4d6C2471",
            "--kdf", "pbkdf2", "--data-dir", directory.path,
        ]).result()
        let lines = output.split(separator: "\n").map(String.init)
        let pubkeys = Array(lines.prefix(2))
        #expect(pubkeys.allSatisfy { $0.count == 96 && $0.allSatisfy(\.isHexDigit) })
        #expect(lines[2] == "2 validator keys written to the embedded vault in \(directory.path)")
        let depositPath = try #require(lines.last?.split(separator: " ").last.map(String.init))
        let deposits = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: depositPath))) as? [[String: Any]]
        #expect(deposits?.compactMap { $0["pubkey"] as? String } == pubkeys)
        #expect(deposits?.allSatisfy { ($0["withdrawal_credentials"] as? String)?.hasPrefix("01") == true } == true)

        let vault = try DataDirectory(explicit: directory.path).openVault()
        let rows = try await vault.rows()
        #expect(Set(rows.map(\.pubkey)) == Set(pubkeys))
        #expect(rows.allSatisfy { $0.web3signerUUID == "none" && $0.active && $0.chain == "hoodi" })
        // One mnemonic for the run, a different password per keystore.
        var mnemonics: Set<[UInt8]> = [], passwords: Set<[UInt8]> = []
        for row in rows {
            try await vault.record(of: row).withParts { _, password, mnemonic in
                mnemonics.insert(mnemonic)
                passwords.insert(password)
            }
        }
        #expect(mnemonics.count == 1 && passwords.count == 2)
    }

    /// `--amount` is in the chain's unit: 1 GNO on Gnosis is a 32 ETH-equivalent deposit message,
    /// as in `etherkeep deposit` and the keygen Lambda.
    @Test func amountsAreInTheChainsUnit() async throws {
        let output = try await KeygenCommand.parse([
            "--num-validators", "1", "--chain", "gnosis", "--withdrawal-address", "0x6F4b46423fc6181a0cF34e6716c220BD4d6C2471",
            "--compounding", "--amount", "1", "--kdf", "pbkdf2", "--data-dir", directory.path,
        ]).result()
        let depositPath = try #require(output.split(separator: "\n").last?.split(separator: " ").last.map(String.init))
        let deposits = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: depositPath))) as? [[String: Any]]
        #expect(deposits?.first?["amount"] as? Int == 32_000_000_000)
        #expect((deposits?.first?["withdrawal_credentials"] as? String)?.hasPrefix("02") == true)
        #expect(deposits?.first?["network_name"] as? String == "gnosis")
    }

    @Test(arguments: [
        (["--num-validators", "1", "--chain", "hoodi", "--withdrawal-address", "0x6F4b46423fc6181a0cF34e6716c220BD4d6C2471", "--amount", "40"], "--amount"),
        (["--num-validators", "1", "--chain", "gnosis", "--withdrawal-address", "0x6F4b46423fc6181a0cF34e6716c220BD4d6C2471", "--compounding",
          "--amount", "65"], "--amount: 65 GNO is more than the 64 GNO maximum"),
        (["--num-validators", "1", "--chain", "hoodi", "--kdf", "argon2"], "--kdf"),
        (["--num-validators", "1", "--chain", "goerli"], "--chain"),
        (["--num-validators", "0", "--chain", "hoodi"], "--num-validators"),
        (["--num-validators", "1", "--chain", "hoodi", "--withdrawal-address", "0x6f4B46423fc6181a0cF34e6716c220BD4d6C2471"], "--withdrawal-address"),
        (["--num-validators", "1", "--chain", "hoodi", "--compounding"], "--compounding"),
    ])
    func badOptionsNameTheOptionAndWriteNothing(arguments: [String], option: String) async throws {
        do {
            _ = try await KeygenCommand.parse(arguments + ["--data-dir", directory.path]).result()
            Issue.record("accepted \(arguments)")
        } catch {
            #expect("\(error)".hasPrefix(option), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appending(path: "vault.sqlite").path))
    }
}
