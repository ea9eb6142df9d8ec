/// `Eth1Data` (phase0): the proposer's vote on the deposit contract state.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#eth1data
public struct Eth1Data: HashTreeRootable, Hashable {
    /// 32 bytes.
    public var depositRoot: Root
    public var depositCount: UInt64
    /// 32 bytes.
    public var blockHash: Bytes32

    public init(depositRoot: Root, depositCount: UInt64, blockHash: Bytes32) {
        self.depositRoot = depositRoot
        self.depositCount = depositCount
        self.blockHash = blockHash
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(depositRoot, depositCount, blockHash) }
}

/// `Deposit` (phase0): deposit data with its Merkle branch to the deposit root.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#deposit
public struct Deposit: HashTreeRootable, Hashable {
    /// `Vector[Bytes32, DEPOSIT_CONTRACT_TREE_DEPTH + 1]`: the branch plus the mixed-in length.
    public var proof: SSZVector<Bytes32, 33>
    public var data: DepositData

    public init(proof: SSZVector<Bytes32, 33>, data: DepositData) {
        self.proof = proof
        self.data = data
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(proof, data) }
}
