import Keygen
import Testing

@testable import LambdaFunctions

/// The keygen payload through the shared plan validation: amounts in the chain's unit with its
/// multiplier, and every refusal naming the payload member.
@Suite struct KeygenPayloadTests {
    static let address = "0x6F4b46423fc6181a0cF34e6716c220BD4d6C2471"

    @Test(arguments: [
        (#"{"chain": "hoodi"}"#, UInt64(32_000_000_000)),
        (#"{"chain": "mainnet", "eth1_withdrawal_address": "\#(address)", "withdrawal_type": "0x02", "amount": 64}"#, 64_000_000_000),
        (#"{"chain": "gnosis", "eth1_withdrawal_address": "\#(address)", "withdrawal_type": "0x02", "amount": "1"}"#, 32_000_000_000),
        (#"{"chain": "gnosis", "eth1_withdrawal_address": "\#(address)", "withdrawal_type": "0x02", "amount": 0.5}"#, 16_000_000_000),
        (#"{"chain": "gnosis", "eth1_withdrawal_address": "\#(address)"}"#, 32_000_000_000),
    ] as [(String, UInt64)])
    func amountsFollowTheChain(payload: String, gwei: UInt64) throws {
        let plan = try KeygenPayload.plan(Array(payload.utf8))
        #expect(plan.amountGwei == gwei)
        #expect(plan.count == 1)
    }

    @Test(arguments: [
        (#"{"chain": "hoodi", "num_validators": 101}"#, "num_validators: 101 is not a number of validators from 1 to 100"),
        (#"{"num_validators": 1}"#, "chain: is required"),
        (#"{"chain": "hoodi", "withdrawal_type": "0x02"}"#, "withdrawal_type: 0x02 (compounding) credentials need a withdrawal address"),
        (#"{"chain": "hoodi", "eth1_withdrawal_address": "\#(address)", "withdrawal_type": "0x03"}"#, "withdrawal_type: must be"),
        (#"{"chain": "hoodi", "eth1_withdrawal_address": "\#(address)", "amount": 40}"#, "amount: applies to 0x02 (compounding) deposits only"),
        (#"{"chain": "gnosis", "eth1_withdrawal_address": "\#(address)", "withdrawal_type": "0x02", "amount": 65}"#, "amount: 65 GNO is more than the 64 GNO maximum"),
        (#"{"chain": "mainnet", "eth1_withdrawal_address": "\#(address)", "withdrawal_type": "0x02", "amount": 0.5}"#, "amount: 0.5 ether is less than the 1 ether minimum"),
        (#"{"chain": "hoodi", "kdf": "argon2"}"#, "kdf: must be scrypt or pbkdf2"),
    ])
    func badPayloadsNameTheMember(payload: String, reason: String) {
        do {
            _ = try KeygenPayload.plan(Array(payload.utf8))
            Issue.record("accepted \(payload)")
        } catch {
            #expect(error.code == .invalidPayload)
            #expect(error.reason.hasPrefix(reason), "\(error.reason)")
        }
    }
}
