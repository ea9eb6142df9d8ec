package import Keygen
import ValidatorKeys

/// A keygen payload as a ``KeygenPlan``: ``KeygenPlan/init(validating:maxCount:)`` checks it, as it
/// checks `etherkeep keygen`'s options; every refusal names the payload member.
package enum KeygenPayload {
    /// The most validators one invocation generates: 100, the most rows one DynamoDB
    /// `TransactWriteItems` writes, so that every invocation's rows are written all or nothing.
    /// Time allows it: the release bootstrap measured 1.37 keys/s on one core (scrypt keystores,
    /// checks, KMS Encrypt and the write included), so 100 keys take about 73 s against the
    /// template's 300 s timeout at 1769 MB (one vCPU), with room for a slower core.
    package static let maxValidators = 100

    /// Decodes and validates a payload.
    ///
    /// - Throws: ``LambdaFunctionsError/Code/invalidPayload``: `<member>: <reason>` for a bad value,
    ///   or the strict decoder's error for bad JSON, a wrong type or an unknown member.
    package static func plan(_ payload: [UInt8]) throws(LambdaFunctionsError) -> KeygenPlan {
        let r = try StrictJSON.decode(KeygenRequest.self, from: payload, allowed: KeygenRequest.members)
        do {
            let credentials = try r.withdrawal_type.map { (type) throws(ValidatorKeysError) in try GenerationInput.addressCredentials(type) }
            return try KeygenPlan(
                validating: .init(
                    count: r.num_validators, mnemonicLanguage: r.mnemonic_language, chain: r.chain,
                    withdrawalAddress: r.eth1_withdrawal_address, withdrawalCredentials: credentials, amount: r.amount?.text, kdf: r.kdf),
                maxCount: maxValidators)
        } catch {
            throw LambdaFunctionsError(.invalidPayload, "\(member(error.input)): \(error.reason)")
        }
    }

    /// The payload member of each input.
    private static func member(_ input: GenerationInput.Field?) -> String {
        switch input {
        case .count?: "num_validators"
        case .chain?: "chain"
        case .mnemonicLanguage?: "mnemonic_language"
        case .withdrawalAddress?: "eth1_withdrawal_address"
        case .withdrawalType?: "withdrawal_type"
        case .amount?: "amount"
        case .kdf?: "kdf"
        case nil: "payload"
        }
    }
}
