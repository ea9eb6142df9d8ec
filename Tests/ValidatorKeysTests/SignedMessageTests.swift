import TestSupport
import BLS12381
import ConsensusTypes
import EthereumCore
import Foundation
import Testing
import ValidatorKeys

/// Voluntary exits and BLS→execution changes: the deposit-cli exit vectors, and our signatures
/// checked by an independent implementation (Python: hashlib SSZ + blspy).
@Suite struct SignedMessageTests {
    private static let mnemonic = "test test test test test test test test test test test waste"

    private func credential(_ index: UInt32) throws -> ValidatorCredential {
        let seed = try Mnemonic(phrase: Self.mnemonic).seed()
        return try ValidatorCredential(accountRoot: ValidatorCredential.accountRoot(master: try DerivedKey.master(seed: seed)), index: index)
    }

    @Test func depositCliExitVerifyCases() throws {
        let v = try #require(try Vectors.json("staking-deposit-cli/ssz_signing_vectors.json") as? [String: Any])
        let exit = try #require(v["signed_voluntary_exit"] as? [String: Any])
        let cases = try #require(exit["cases"] as? [[String: Any]])
        #expect(cases.count == 6)
        for c in cases {
            let pubkeyName = try #require(c["pubkey"] as? String)
            let signatureName = try #require(c["signature"] as? String)
            let pubkey = try Hex.decode(try #require(exit[pubkeyName] as? String))
            let signature = try Hex.decode(try #require(exit[signatureName] as? String))
            let signed = SignedVoluntaryExit(
                message: VoluntaryExit(
                    epoch: UInt64(try #require(c["epoch"] as? Int)), validatorIndex: UInt64(try #require(c["validator_index"] as? Int))),
                signature: try BLSSignature(signature))
            let chain = try ChainSetting.named(try #require(c["chain"] as? String))
            #expect(SignedMessages.verify(signed, pubkey: pubkey, chain: chain) == (c["result"] as? Bool), "\(c)")
        }
    }

    @Test func exitsAndChangesVerifyIndependently() throws {
        let address = try ExecutionAddress(eip55: "0x0f51bb10119727a7e5eA3538074fb341F56B09Ad")
        var cases: [[String: Any]] = []
        for (i, chain) in [ChainSetting.mainnet, .hoodi, .gnosis].enumerated() {
            let c = try credential(UInt32(i))
            let exit = try SignedMessages.voluntaryExit(signingKey: c.signingKey, validatorIndex: 1000 + UInt64(i), epoch: 300_000, chain: chain)
            #expect(SignedMessages.verify(exit, pubkey: c.signingPubkey.compressed, chain: chain))
            let change = try SignedMessages.blsToExecutionChange(
                withdrawalKey: c.withdrawalKey, validatorIndex: 77 + UInt64(i), toExecutionAddress: address, chain: chain)
            #expect(SignedMessages.verify(change, chain: chain))
            #expect(!SignedMessages.verify(change, chain: .sepolia))
            let gvr = chain.genesisValidatorsRoot!.description
            cases.append([
                "kind": "exit", "json": try JSONSerialization.jsonObject(with: Data(SignedMessages.json(exit).utf8)),
                "pubkey": Hex.encode(c.signingPubkey.compressed, prefix: false),
                "fork_version": chain.exitForkVersion.description, "genesis_validators_root": gvr,
            ])
            cases.append([
                "kind": "change",
                "json": try JSONSerialization.jsonObject(with: Data(SignedMessages.json(change, chain: chain, cliVersion: "1.3.0").utf8)),
                "fork_version": chain.genesisForkVersion.description, "genesis_validators_root": gvr,
            ])
        }
        let out = try #require(try PythonHelper.run("signed_message_check.py", input: ["cases": cases]) as? [String: Any])
        #expect(out["valid"] as? [Bool] == Array(repeating: true, count: 6))
    }

    @Test func jsonShapesMatchTheReference() throws {
        let c = try credential(0)
        let exit = try SignedMessages.voluntaryExit(signingKey: c.signingKey, validatorIndex: 5, epoch: 7, chain: .mainnet)
        #expect(SignedMessages.json(exit).hasPrefix(#"{"message": {"epoch": "7", "validator_index": "5"}, "signature": "0x"#))
        let change = try SignedMessages.blsToExecutionChange(
            withdrawalKey: c.withdrawalKey, validatorIndex: 5,
            toExecutionAddress: try ExecutionAddress(eip55: "0x0f51bb10119727a7e5eA3538074fb341F56B09Ad"), chain: .mainnet)
        let json = SignedMessages.json(change, chain: .mainnet, cliVersion: "1.3.0")
        #expect(json.hasPrefix(#"{"message": {"validator_index": "5", "from_bls_pubkey": "0x"#))
        #expect(json.hasSuffix(
            #""metadata": {"network_name": "mainnet", "genesis_validators_root": "0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95", "deposit_cli_version": "1.3.0"}}"#))
    }

    @Test func chainsWithoutGenesisRootAreRefused() throws {
        let c = try credential(0)
        #expect(expectError(.invalidChain) {
            try SignedMessages.voluntaryExit(signingKey: c.signingKey, validatorIndex: 1, epoch: 1, chain: .ephemery)
        }?.contains("has no genesis validators root") == true)
    }

    @Test func depositAmountsAreBounded() throws {
        let c = try credential(0)
        expectError(.invalidAmount) { try SignedDeposit(credential: c, withdrawal: .bls, amountGwei: 999_999_999, chain: .mainnet) }
        expectError(.invalidAmount) {
            try SignedDeposit(credential: c, withdrawal: .bls, amountGwei: 2048 * 1_000_000_000 + 1, chain: .mainnet)
        }
        // Gnosis: 1/32 GNO × 32 = 1e9 gwei is the minimum deposit message amount.
        _ = try SignedDeposit(credential: c, withdrawal: .bls, amountGwei: 1_000_000_000, chain: .gnosis)
    }
}
