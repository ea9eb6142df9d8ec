/// `VoluntaryExit` (phase0).
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#voluntaryexit
public struct VoluntaryExit: HashTreeRootable, Hashable {
    /// Earliest epoch when the exit can be processed.
    public var epoch: Epoch
    public var validatorIndex: ValidatorIndex

    public init(epoch: Epoch, validatorIndex: ValidatorIndex) {
        self.epoch = epoch
        self.validatorIndex = validatorIndex
    }

    public var hashTreeRoot: Root {
        SSZ.containerRoot(epoch, validatorIndex)
    }
}

/// `SignedVoluntaryExit` (phase0): the message and its signature.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#signedvoluntaryexit
public struct SignedVoluntaryExit: HashTreeRootable, Hashable {
    public var message: VoluntaryExit
    public var signature: BLSSignature

    public init(message: VoluntaryExit, signature: BLSSignature) {
        self.message = message
        self.signature = signature
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(message, signature) }
}
