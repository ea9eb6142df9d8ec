/// `DepositMessage` (phase0): what a deposit signature signs.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#depositmessage
public struct DepositMessage: HashTreeRootable, Hashable {
    public var pubkey: BLSPubkey
    public var withdrawalCredentials: Root
    /// The amount in gwei.
    public var amount: UInt64

    public init(pubkey: BLSPubkey, withdrawalCredentials: Root, amount: UInt64) {
        self.pubkey = pubkey
        self.withdrawalCredentials = withdrawalCredentials
        self.amount = amount
    }

    public var hashTreeRoot: Root {
        SSZ.containerRoot(pubkey, withdrawalCredentials, amount)
    }
}

/// `DepositData` (phase0): a deposit message with its signature, as sent to the deposit contract.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#depositdata
public struct DepositData: HashTreeRootable, Hashable {
    public var pubkey: BLSPubkey
    public var withdrawalCredentials: Root
    /// The amount in gwei.
    public var amount: UInt64
    public var signature: BLSSignature

    public init(message: DepositMessage, signature: BLSSignature) {
        self.pubkey = message.pubkey
        self.withdrawalCredentials = message.withdrawalCredentials
        self.amount = message.amount
        self.signature = signature
    }

    /// The message this deposit's signature signs.
    public var message: DepositMessage {
        DepositMessage(pubkey: pubkey, withdrawalCredentials: withdrawalCredentials, amount: amount)
    }

    public var hashTreeRoot: Root {
        SSZ.containerRoot(pubkey, withdrawalCredentials, amount, signature)
    }
}
