import ConsensusTypes
import Testing
import ValidatorKeys

/// The one validation of key-generation inputs: amounts in the chain's unit with its multiplier
/// applied once (mainnet, a testnet, Gnosis, Chiado), and every refusal naming its input.
@Suite struct GenerationInputTests {
    static let address = "0x0f51bb10119727a7e5eA3538074fb341F56B09Ad"

    @Test(arguments: [
        // (chain, text, message gwei): ether on Ethereum chains; GNO × 32 on Gnosis chains.
        (ChainSetting.mainnet, "32", UInt64(32_000_000_000)),
        (.mainnet, "1", 1_000_000_000),
        (.mainnet, " 2048 ", 2_048_000_000_000),
        (.mainnet, "1.000000001", 1_000_000_001),
        (.mainnet, "1.5000000000", 1_500_000_000),
        (.hoodi, "64", 64_000_000_000),
        (.gnosis, "1", 32_000_000_000),
        (.gnosis, "0.03125", 1_000_000_000),
        (.gnosis, "64", 2_048_000_000_000),
        (.gnosis, "2.5", 80_000_000_000),
        (.chiado, "1", 32_000_000_000),
    ])
    func amountsAreInTheChainsUnitTimesItsMultiplier(chain: ChainSetting, text: String, gwei: UInt64) throws {
        #expect(try DepositAmount.messageGwei(text, chain: chain) == gwei)
        // Every amount accepted is one a deposit may carry.
        #expect(gwei >= chain.minDepositMessageAmountGwei && gwei <= SignedDeposit.maxAmountGwei)
    }

    @Test(arguments: [
        (ChainSetting.mainnet, "0.5", "0.5 ether is less than the 1 ether minimum deposit on mainnet"),
        (.mainnet, "2049", "2049 ether is more than the 2048 ether maximum on mainnet"),
        (.mainnet, "1.0000000001", "1.0000000001 ether is not a whole number of gwei"),
        (.mainnet, "-1", #""-1" is not an amount of ether"#),
        (.mainnet, "1e3", #""1e3" is not an amount of ether"#),
        (.mainnet, "", #""" is not an amount of ether"#),
        (.mainnet, "99999999999999999999999", "more than the 2048 ether maximum"),
        (.gnosis, "0.03", "0.03 GNO is less than the 0.03125 GNO minimum deposit on gnosis"),
        (.gnosis, "65", "65 GNO is more than the 64 GNO maximum (2048 ETH-equivalent) on gnosis"),
        (.gnosis, "2048", "more than the 64 GNO maximum"),
    ])
    func outOfBoundsAmountsAreRefusedInTheChainsUnit(chain: ChainSetting, text: String, message: String) {
        let reason = expectError(.invalidAmount) { try DepositAmount.messageGwei(text, chain: chain) }
        #expect(reason?.contains(message) == true, "\(reason ?? "")")
        do { _ = try DepositAmount.messageGwei(text, chain: chain) } catch { #expect(error.input == .amount) }
    }

    @Test func theDefaultIsTheActivationAmountOnEveryChain() throws {
        let address = try #require(try GenerationInput.withdrawalAddress(Self.address))
        for chain in ChainSetting.builtIn {
            for withdrawal in [WithdrawalType.bls, .executionAddress(address), .compounding(address)] {
                #expect(try GenerationInput.amount(nil, withdrawal: withdrawal, chain: chain) == 32_000_000_000)
            }
        }
        #expect(DepositAmount.text(messageGwei: DepositAmount.activationAmountGwei, chain: .mainnet) == "32")
        #expect(DepositAmount.text(messageGwei: DepositAmount.activationAmountGwei, chain: .gnosis) == "1")
        #expect(DepositAmount.text(messageGwei: 1_000_000_000, chain: .gnosis) == "0.03125")
        // Only 0x02 deposits take an amount; the text is read in the chain's unit.
        #expect(try GenerationInput.amount("1", withdrawal: .compounding(address), chain: .gnosis) == 32_000_000_000)
        let refused = expectError(.invalidAmount) { try GenerationInput.amount("32", withdrawal: .executionAddress(address), chain: .mainnet) }
        #expect(refused?.hasPrefix("applies to 0x02 (compounding) deposits only") == true, "\(refused ?? "")")
    }

    @Test func everyRefusalNamesItsInput() throws {
        func input(_ body: () throws -> Void) -> GenerationInput.Field? {
            do { try body() } catch { return (error as? ValidatorKeysError)?.input }
            return nil
        }
        #expect(input { _ = try GenerationInput.count(0) } == .count)
        #expect(input { _ = try GenerationInput.count(101, limit: 100) } == .count)
        #expect(input { _ = try GenerationInput.count("zero") } == .count)
        #expect(input { _ = try GenerationInput.count("4294967297") } == .count)
        #expect(input { _ = try GenerationInput.chain("goerli") } == .chain)
        #expect(input { _ = try GenerationInput.chain(nil) } == .chain)
        #expect(input { _ = try GenerationInput.mnemonicLanguage("klingon") } == .mnemonicLanguage)
        #expect(input { _ = try GenerationInput.withdrawalAddress(Self.address.lowercased()) } == .withdrawalAddress)
        #expect(input { _ = try GenerationInput.addressCredentials("0x03") } == .withdrawalType)
        #expect(input { _ = try GenerationInput.withdrawal(address: nil, credentials: .compounding) } == .withdrawalType)
        #expect(input { _ = try GenerationInput.kdf("argon2") } == .kdf)
        #expect(try GenerationInput.count(" 7 ") == 7)
        #expect(try GenerationInput.count(100, limit: 100) == 100)
        #expect(try GenerationInput.chain("GNOSIS") == .gnosis)
        #expect(try GenerationInput.withdrawalAddress("") == nil)
        #expect(try GenerationInput.withdrawal(address: nil, credentials: nil) == .bls)
    }
}
