/// `BLSToExecutionChange` (capella): moves a validator from 0x00 to 0x01 withdrawal credentials.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/capella/beacon-chain.md#blstoexecutionchange
public struct BLSToExecutionChange: HashTreeRootable, Hashable {
    public var validatorIndex: UInt64
    public var fromBLSPubkey: BLSPubkey
    public var toExecutionAddress: ExecutionAddress

    public init(validatorIndex: UInt64, fromBLSPubkey: BLSPubkey, toExecutionAddress: ExecutionAddress) {
        self.validatorIndex = validatorIndex
        self.fromBLSPubkey = fromBLSPubkey
        self.toExecutionAddress = toExecutionAddress
    }

    public var hashTreeRoot: Root {
        SSZ.containerRoot(validatorIndex, fromBLSPubkey, toExecutionAddress)
    }
}

/// `SignedBLSToExecutionChange` (capella): the message and its signature.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/capella/beacon-chain.md#signedblstoexecutionchange
public struct SignedBLSToExecutionChange: HashTreeRootable, Hashable {
    public var message: BLSToExecutionChange
    public var signature: BLSSignature

    public init(message: BLSToExecutionChange, signature: BLSSignature) {
        self.message = message
        self.signature = signature
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(message, signature) }
}
