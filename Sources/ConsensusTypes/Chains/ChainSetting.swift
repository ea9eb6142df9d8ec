/// The settings of one chain that key generation and signing need: fork versions and the genesis
/// validators root, as ethstaker-deposit-cli's `BaseChainSetting` holds them.
///
/// Deposits are signed with ``genesisForkVersion`` and a zero root; voluntary exits with
/// ``exitForkVersion`` (the Capella version, EIP-7044) and ``genesisValidatorsRoot``;
/// BLS→execution changes with ``genesisForkVersion`` and ``genesisValidatorsRoot``.
public struct ChainSetting: Hashable, Sendable {
    /// The name written into deposit files (`network_name`).
    public let networkName: String
    public let genesisForkVersion: Version
    /// Capella fork version, used for voluntary exits from Deneb on (EIP-7044).
    public let exitForkVersion: Version
    /// `nil` for chains whose root changes with every reset (ephemery) until one is given.
    public let genesisValidatorsRoot: Root?
    /// How many native units one "ETH-equivalent" deposit unit is (32 on Gnosis chains).
    public let multiplier: UInt64
    /// The smallest deposit in gwei of the chain's native unit (1 ETH; 1/32 GNO on Gnosis).
    public let minDepositAmountGwei: UInt64

    public init(
        networkName: String, genesisForkVersion: Version, exitForkVersion: Version,
        genesisValidatorsRoot: Root?, multiplier: UInt64 = 1, minDepositAmountGwei: UInt64 = 1_000_000_000
    ) {
        self.networkName = networkName
        self.genesisForkVersion = genesisForkVersion
        self.exitForkVersion = exitForkVersion
        self.genesisValidatorsRoot = genesisValidatorsRoot
        self.multiplier = multiplier
        self.minDepositAmountGwei = minDepositAmountGwei
    }

    /// The smallest amount, in gwei, a deposit message may carry: `MIN_DEPOSIT_AMOUNT *
    /// MULTIPLIER * ETH2GWEI` in ethstaker-deposit-cli.
    public var minDepositMessageAmountGwei: UInt64 { minDepositAmountGwei * multiplier }

    /// `compute_deposit_domain`: deposits use a zero genesis validators root.
    public var depositDomain: Domain { Signing.depositDomain(forkVersion: genesisForkVersion) }

    /// The voluntary-exit domain (EIP-7044: always the Capella fork version).
    ///
    /// - Throws: ``ConsensusTypesError`` (`invalidChainSetting`) when the chain has no genesis
    ///   validators root.
    public func voluntaryExitDomain() throws(ConsensusTypesError) -> Domain {
        Signing.computeDomain(.voluntaryExit, forkVersion: exitForkVersion, genesisValidatorsRoot: try requireRoot())
    }

    /// The BLS→execution-change domain (genesis fork version, real genesis validators root).
    ///
    /// - Throws: ``ConsensusTypesError`` (`invalidChainSetting`) when the chain has no genesis
    ///   validators root.
    public func blsToExecutionChangeDomain() throws(ConsensusTypesError) -> Domain {
        Signing.computeDomain(
            .blsToExecutionChange, forkVersion: genesisForkVersion, genesisValidatorsRoot: try requireRoot())
    }

    private func requireRoot() throws(ConsensusTypesError) -> Root {
        guard let genesisValidatorsRoot else {
            throw ConsensusTypesError(
                .invalidChainSetting,
                "chain \(networkName) has no genesis validators root; give one with a devnet chain setting")
        }
        return genesisValidatorsRoot
    }
}
