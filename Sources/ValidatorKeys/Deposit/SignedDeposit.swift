public import BLS12381
public import ConsensusTypes

/// A signed deposit with the metadata deposit-data files carry (ethstaker-deposit-cli
/// `deposit_datum_dict`): the launchpad reads it as is.
public struct SignedDeposit: Sendable, Hashable {
    public let data: DepositData
    public let forkVersion: Version
    public let networkName: String

    /// The most a single deposit may carry: 2048 ETH (`MAX_EFFECTIVE_BALANCE_ELECTRA`), in gwei.
    public static let maxAmountGwei: UInt64 = 2048 * 1_000_000_000

    /// Signs a deposit of `amountGwei` for `credential` on `chain`
    /// (`compute_signing_root(DepositMessage, compute_deposit_domain(GENESIS_FORK_VERSION))`).
    ///
    /// - Parameter amountGwei: the amount in the deposit message, already multiplied by the
    ///   chain's multiplier (Gnosis).
    /// - Throws: ``ValidatorKeysError`` (`invalidAmount`) outside the chain's minimum and 2048 ETH.
    public init(
        credential: ValidatorCredential, withdrawal: WithdrawalType, amountGwei: UInt64, chain: ChainSetting
    ) throws(ValidatorKeysError) {
        try self.init(
            signingKey: credential.signingKey, withdrawalCredentials: credential.withdrawalCredentials(withdrawal),
            amountGwei: amountGwei, chain: chain)
    }

    /// Signs a deposit for any signing key (a keystore's, for partial deposits).
    public init(
        signingKey: SecretKey, withdrawalCredentials: Root, amountGwei: UInt64, chain: ChainSetting
    ) throws(ValidatorKeysError) {
        guard amountGwei >= chain.minDepositMessageAmountGwei, amountGwei <= Self.maxAmountGwei else {
            throw ValidatorKeysError(
                .invalidAmount,
                "deposit amount \(amountGwei) gwei is outside \(chain.minDepositMessageAmountGwei)…\(Self.maxAmountGwei) gwei")
        }
        let message = DepositMessage(
            pubkey: BLSPubkey(unchecked: signingKey.publicKey().compressed),
            withdrawalCredentials: withdrawalCredentials, amount: amountGwei)
        let root = Signing.computeSigningRoot(message, domain: chain.depositDomain)
        let signature = signingKey.sign(root.bytes)
        data = DepositData(message: message, signature: BLSSignature(unchecked: signature.compressed))
        forkVersion = chain.genesisForkVersion
        networkName = chain.networkName
    }

    /// Whether the signature verifies for the pubkey under the deposit domain of `forkVersion`
    /// (`validate_deposit` of the reference, minus the file reading).
    public func verify() -> Bool {
        guard let pubkey = try? PublicKey(bytes: data.pubkey.bytes),
            let signature = try? Signature(bytes: data.signature.bytes)
        else { return false }
        let root = Signing.computeSigningRoot(data.message, domain: Signing.depositDomain(forkVersion: forkVersion))
        return BLS.verify(publicKey: pubkey, message: root.bytes, signature: signature)
    }

    /// One deposit-data file entry, as ethstaker-deposit-cli writes it with `json.dump`.
    public func jsonEntry(cliVersion: String) -> String {
        #"{"pubkey": "\#(data.pubkey)", "withdrawal_credentials": "\#(data.withdrawalCredentials)", "#
            + #""amount": \#(data.amount), "signature": "\#(data.signature)", "#
            + #""deposit_message_root": "\#(data.message.hashTreeRoot)", "deposit_data_root": "\#(data.hashTreeRoot)", "#
            + #""fork_version": "\#(forkVersion)", "network_name": \#(jsonQuoted(networkName)), "#
            + #""deposit_cli_version": \#(jsonQuoted(cliVersion))}"#
    }

    /// A whole `deposit_data-<ts>.json` file: the entries in a JSON list, no trailing newline.
    public static func depositDataFile(_ deposits: [SignedDeposit], cliVersion: String) -> String {
        "[" + deposits.map { $0.jsonEntry(cliVersion: cliVersion) }.joined(separator: ", ") + "]"
    }

    /// The `deposit_cli_version` written by default: the ethstaker-deposit-cli release whose
    /// output EtherKeep reproduces (the launchpad checks this field).
    public static let defaultCLIVersion = "1.3.0"

    /// The `deposit_cli_version` ethstaker-deposit-cli writes into partial deposits: its version
    /// with 10 added to the major number, which the launchpad's version check accepts.
    public static let launchpadCLIVersion = "11.3.0"
}
