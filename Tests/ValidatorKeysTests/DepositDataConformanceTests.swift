import TestSupport
import BLS12381
import ConsensusTypes
import Foundation
import Testing
import ValidatorKeys

/// The lighthouse `deposit_data-*.json` files (made by staking-deposit-cli 2.7.0 and
/// ethstaker-deposit-cli 1.3.0 from the mnemonic `test … waste`) reproduced byte for byte.
@Suite struct DepositDataConformanceTests {
    static let mnemonic = "test test test test test test test test test test test waste"
    static let withdrawalAddress = "0x0f51bb10119727a7e5eA3538074fb341F56B09Ad"

    static func files() throws -> [URL] {
        try ["sdc-2.7.0", "ethstaker-1.3.0"].flatMap {
            try Vectors.files(in: "staking-deposit-cli/lighthouse-deposit-data/" + $0)
        }
    }

    /// `<network>_first_<start>_count_<n>[_prefix_<0x..>]_eth1_<bool>__deposit_data-<ts>.json`
    struct Case: CustomStringConvertible {
        let chain: ChainSetting
        let start: UInt32
        let count: Int
        let withdrawal: WithdrawalType
        var description: String { "\(chain.networkName) \(start)+\(count) \(withdrawal)" }

        init(fileName: String) throws {
            let parts = fileName.components(separatedBy: "__")[0].components(separatedBy: "_")
            chain = try ChainSetting.named(parts[0])
            start = try #require(UInt32(parts[2]))
            count = try #require(Int(parts[4]))
            let eth1 = parts.last == "true"
            let prefix = parts.count > 7 ? parts[6] : (eth1 ? "0x01" : "0x00")
            let address = try ExecutionAddress(eip55: DepositDataConformanceTests.withdrawalAddress)
            switch prefix {
            case "0x00": withdrawal = .bls
            case "0x01": withdrawal = .executionAddress(address)
            default: withdrawal = .compounding(address)
            }
        }
    }

    @Test func reproducedByteForByte() throws {
        let seed = try Mnemonic(phrase: Self.mnemonic, language: .english).seed()
        let root = ValidatorCredential.accountRoot(master: try DerivedKey.master(seed: seed))
        let files = try Self.files()
        #expect(files.count == 18)
        for file in files {
            let c = try Case(fileName: file.lastPathComponent)
            let expected = try String(contentsOf: file, encoding: .utf8)
            let entries = try #require(try JSONSerialization.jsonObject(with: Data(expected.utf8)) as? [[String: Any]])
            let cliVersion = try #require(entries.first?["deposit_cli_version"] as? String)
            let amount = try #require((entries.first?["amount"] as? NSNumber)?.uint64Value)
            var deposits = [SignedDeposit]()
            for i in 0..<UInt32(c.count) {
                let credential = try ValidatorCredential(accountRoot: root, index: c.start + i)
                let deposit = try SignedDeposit(credential: credential, withdrawal: c.withdrawal, amountGwei: amount, chain: c.chain)
                #expect(deposit.verify(), "\(c)")
                deposits.append(deposit)
            }
            #expect(SignedDeposit.depositDataFile(deposits, cliVersion: cliVersion) == expected, "\(file.lastPathComponent)")
        }
    }
}
