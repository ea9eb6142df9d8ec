/// `BeaconBlockHeader` (phase0): a block with its body replaced by the body's root. Signing the
/// header is signing the block (both have the same root), which is how Web3Signer's `BLOCK_V2`
/// signs Bellatrix and later blocks.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#beaconblockheader
public struct BeaconBlockHeader: HashTreeRootable, Hashable {
    public var slot: Slot
    public var proposerIndex: ValidatorIndex
    /// 32 bytes.
    public var parentRoot: Root
    /// 32 bytes.
    public var stateRoot: Root
    /// `hash_tree_root(block.body)`, 32 bytes.
    public var bodyRoot: Root

    public init(slot: Slot, proposerIndex: ValidatorIndex, parentRoot: Root, stateRoot: Root, bodyRoot: Root) {
        self.slot = slot
        self.proposerIndex = proposerIndex
        self.parentRoot = parentRoot
        self.stateRoot = stateRoot
        self.bodyRoot = bodyRoot
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(slot, proposerIndex, parentRoot, stateRoot, bodyRoot) }
}

/// `SignedBeaconBlockHeader` (phase0).
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#signedbeaconblockheader
public struct SignedBeaconBlockHeader: HashTreeRootable, Hashable {
    public var message: BeaconBlockHeader
    /// 96 bytes.
    public var signature: BLSSignature

    public init(message: BeaconBlockHeader, signature: BLSSignature) {
        self.message = message
        self.signature = signature
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(message, signature) }
}

/// `ProposerSlashing` (phase0): two signed headers for the same slot and proposer.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#proposerslashing
public struct ProposerSlashing: HashTreeRootable, Hashable {
    public var signedHeader1: SignedBeaconBlockHeader
    public var signedHeader2: SignedBeaconBlockHeader

    public init(signedHeader1: SignedBeaconBlockHeader, signedHeader2: SignedBeaconBlockHeader) {
        self.signedHeader1 = signedHeader1
        self.signedHeader2 = signedHeader2
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(signedHeader1, signedHeader2) }
}
