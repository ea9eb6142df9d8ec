public import BLS12381
public import ConsensusTypes

/// Signed voluntary exits (phase0 `VoluntaryExit`, EIP-7044 domain) and BLS→execution changes
/// (capella), with the JSON ethstaker-deposit-cli writes for each.
public enum SignedMessages {
    /// Signs `VoluntaryExit(epoch, validator_index)` with the validator's signing key.
    ///
    /// - Throws: ``ValidatorKeysError`` (`invalidChain`) when the chain has no genesis validators root.
    public static func voluntaryExit(
        signingKey: SecretKey, validatorIndex: UInt64, epoch: UInt64, chain: ChainSetting
    ) throws(ValidatorKeysError) -> SignedVoluntaryExit {
        let message = VoluntaryExit(epoch: epoch, validatorIndex: validatorIndex)
        let domain = try domain { () throws(ConsensusTypesError) in try chain.voluntaryExitDomain() }
        let signature = signingKey.sign(Signing.computeSigningRoot(message, domain: domain).bytes)
        return SignedVoluntaryExit(message: message, signature: BLSSignature(unchecked: signature.compressed))
    }

    /// Whether a signed exit verifies for `pubkey` on `chain` (the reference's `validate_signed_exit`).
    public static func verify(_ exit: SignedVoluntaryExit, pubkey: [UInt8], chain: ChainSetting) -> Bool {
        guard let domain = try? chain.voluntaryExitDomain(), let pk = try? PublicKey(bytes: pubkey),
            let signature = try? Signature(bytes: exit.signature.bytes)
        else { return false }
        return BLS.verify(
            publicKey: pk, message: Signing.computeSigningRoot(exit.message, domain: domain).bytes, signature: signature)
    }

    /// `signed_exit_transaction-<index>-<ts>.json`:
    /// `{"message": {"epoch": "…", "validator_index": "…"}, "signature": "0x…"}`.
    public static func json(_ exit: SignedVoluntaryExit) -> String {
        #"{"message": {"epoch": "\#(exit.message.epoch)", "validator_index": "\#(exit.message.validatorIndex)"}, "#
            + #""signature": "0x\#(exit.signature)"}"#
    }

    /// Signs `BLSToExecutionChange(validator_index, from_bls_pubkey, to_execution_address)` with
    /// the withdrawal key, under `DOMAIN_BLS_TO_EXECUTION_CHANGE`, the genesis fork version and
    /// the chain's genesis validators root.
    ///
    /// - Throws: ``ValidatorKeysError`` (`invalidChain`) when the chain has no genesis validators root.
    public static func blsToExecutionChange(
        withdrawalKey: SecretKey, validatorIndex: UInt64, toExecutionAddress: ExecutionAddress, chain: ChainSetting
    ) throws(ValidatorKeysError) -> SignedBLSToExecutionChange {
        let message = BLSToExecutionChange(
            validatorIndex: validatorIndex, fromBLSPubkey: BLSPubkey(unchecked: withdrawalKey.publicKey().compressed),
            toExecutionAddress: toExecutionAddress)
        let domain = try domain { () throws(ConsensusTypesError) in try chain.blsToExecutionChangeDomain() }
        let signature = withdrawalKey.sign(Signing.computeSigningRoot(message, domain: domain).bytes)
        return SignedBLSToExecutionChange(message: message, signature: BLSSignature(unchecked: signature.compressed))
    }

    /// Whether a signed BLS→execution change verifies on `chain`.
    public static func verify(_ change: SignedBLSToExecutionChange, chain: ChainSetting) -> Bool {
        guard let domain = try? chain.blsToExecutionChangeDomain(),
            let pk = try? PublicKey(bytes: change.message.fromBLSPubkey.bytes),
            let signature = try? Signature(bytes: change.signature.bytes)
        else { return false }
        return BLS.verify(
            publicKey: pk, message: Signing.computeSigningRoot(change.message, domain: domain).bytes, signature: signature)
    }

    /// One entry of `bls_to_execution_change-<ts>.json`, with the reference's `metadata`.
    public static func json(_ change: SignedBLSToExecutionChange, chain: ChainSetting, cliVersion: String) -> String {
        let m = change.message
        return #"{"message": {"validator_index": "\#(m.validatorIndex)", "from_bls_pubkey": "0x\#(m.fromBLSPubkey)", "#
            + #""to_execution_address": "0x\#(m.toExecutionAddress)"}, "signature": "0x\#(change.signature)", "#
            + #""metadata": {"network_name": \#(jsonQuoted(chain.networkName)), "#
            + #""genesis_validators_root": "0x\#(chain.genesisValidatorsRoot.map(\.description) ?? "")", "#
            + #""deposit_cli_version": \#(jsonQuoted(cliVersion))}}"#
    }

    private static func domain(_ body: () throws(ConsensusTypesError) -> Domain) throws(ValidatorKeysError) -> Domain {
        do { return try body() } catch { throw ValidatorKeysError(.invalidChain, error.reason) }
    }
}
