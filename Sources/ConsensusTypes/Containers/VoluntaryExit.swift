/// `VoluntaryExit` (phase0).
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#voluntaryexit
public struct VoluntaryExit: HashTreeRootable, Hashable {
    /// Earliest epoch when the exit can be processed.
    public var epoch: UInt64
    public var validatorIndex: UInt64

    public init(epoch: UInt64, validatorIndex: UInt64) {
        self.epoch = epoch
        self.validatorIndex = validatorIndex
    }

    public var hashTreeRoot: Root {
        SSZ.containerRoot([SSZ.hashTreeRoot(epoch), SSZ.hashTreeRoot(validatorIndex)])
    }
}

/// `SignedVoluntaryExit` (phase0): the message and its signature. Not hashed here.
public struct SignedVoluntaryExit: Hashable, Sendable {
    public var message: VoluntaryExit
    public var signature: BLSSignature

    public init(message: VoluntaryExit, signature: BLSSignature) {
        self.message = message
        self.signature = signature
    }
}
