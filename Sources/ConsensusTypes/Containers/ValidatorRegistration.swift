/// `ValidatorRegistrationV1` (builder-specs): a validator's fee recipient and gas limit for
/// external block builders; signed with the builder domain
/// (``Signing/builderDomain(genesisForkVersion:)``).
///
/// https://github.com/ethereum/builder-specs/blob/main/specs/bellatrix/builder.md#validatorregistrationv1
public struct ValidatorRegistrationV1: HashTreeRootable, Hashable {
    /// 20 bytes.
    public var feeRecipient: ExecutionAddress
    public var gasLimit: UInt64
    /// Unix seconds.
    public var timestamp: UInt64
    /// 48 bytes.
    public var pubkey: BLSPubkey

    public init(feeRecipient: ExecutionAddress, gasLimit: UInt64, timestamp: UInt64, pubkey: BLSPubkey) {
        self.feeRecipient = feeRecipient
        self.gasLimit = gasLimit
        self.timestamp = timestamp
        self.pubkey = pubkey
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(feeRecipient, gasLimit, timestamp, pubkey) }
}
