import ConsensusTypes
import EthereumCore
package import Keygen
import ValidatorKeys

/// Validation of a keygen payload into a ``KeygenPlan``; every refusal names the member.
package enum KeygenPayload {
    /// The most validators one invocation generates: 100, the most rows one DynamoDB
    /// `TransactWriteItems` writes, so that every invocation's rows are written all or nothing.
    /// Time allows it: the release bootstrap measured 1.37 keys/s on one core (scrypt keystores,
    /// checks, KMS Encrypt and the write included), so 100 keys take about 73 s against the
    /// template's 300 s timeout at 1769 MB (one vCPU), with room for a slower core.
    package static let maxValidators = 100

    package static func plan(_ payload: [UInt8]) throws(LambdaFunctionsError) -> KeygenPlan {
        let r = try StrictJSON.decode(KeygenRequest.self, from: payload, allowed: KeygenRequest.members)
        let count = r.num_validators ?? 1
        guard (1...maxValidators).contains(count) else {
            throw LambdaFunctionsError(.invalidPayload, "num_validators must be between 1 and \(maxValidators), got \(count)")
        }
        let language: MnemonicLanguage
        do { language = try MnemonicLanguage(named: r.mnemonic_language ?? "english") } catch {
            throw LambdaFunctionsError(.invalidPayload, "mnemonic_language: \(error)")
        }
        guard let chainName = r.chain else {
            throw LambdaFunctionsError(.invalidPayload, "chain is required (\(ChainSetting.builtIn.map(\.networkName).joined(separator: ", ")))")
        }
        let chain: ChainSetting
        do { chain = try ChainSetting.named(chainName.lowercased()) } catch {
            throw LambdaFunctionsError(.invalidPayload, "chain: \(error)")
        }
        let withdrawal: WithdrawalType
        switch (r.eth1_withdrawal_address, r.withdrawal_type) {
        case (nil, nil):
            withdrawal = .bls
        case (nil, _?):
            throw LambdaFunctionsError(.invalidPayload, "withdrawal_type needs eth1_withdrawal_address")
        case (let text?, let type):
            let address: ExecutionAddress
            do { address = try ExecutionAddress(eip55: text) } catch {
                throw LambdaFunctionsError(.invalidPayload, "eth1_withdrawal_address: \(error)")
            }
            switch type ?? "0x01" {
            case "0x01": withdrawal = .executionAddress(address)
            case "0x02": withdrawal = .compounding(address)
            default: throw LambdaFunctionsError(.invalidPayload, "withdrawal_type must be \"0x01\" or \"0x02\"")
            }
        }
        var amountGwei = KeygenPlan.standardAmountGwei
        if let amount = r.amount {
            guard case .compounding = withdrawal else {
                throw LambdaFunctionsError(.invalidPayload, "amount applies to withdrawal_type \"0x02\" only (0x00 and 0x01 deposits are 32 ETH)")
            }
            let wei: UInt256
            do { wei = try Units.parse(amount.text, unit: .ether) } catch { throw LambdaFunctionsError(.invalidPayload, "amount: \(error)") }
            let (gwei, remainder) = wei.quotientAndRemainder(dividingBy: 1_000_000_000)
            guard remainder == 0, let value = gwei.uint64, value >= KeygenPlan.standardAmountGwei, value <= SignedDeposit.maxAmountGwei else {
                throw LambdaFunctionsError(.invalidPayload, "amount must be a whole number of gwei between 32 and 2048 ether")
            }
            amountGwei = value
        }
        let kdf: KeyGeneration.KDFChoice
        switch r.kdf ?? "scrypt" {
        case "scrypt": kdf = .scrypt
        case "pbkdf2": kdf = .pbkdf2
        default: throw LambdaFunctionsError(.invalidPayload, "kdf must be scrypt or pbkdf2")
        }
        return KeygenPlan(count: count, language: language, chain: chain, withdrawal: withdrawal, amountGwei: amountGwei, kdf: kdf)
    }
}
