/// `Fork` (phase0): the fork a state is on, and the one before it.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#fork
public struct Fork: HashTreeRootable, Hashable {
    /// The version before `epoch` (4 bytes).
    public var previousVersion: Version
    /// The version from `epoch` on (4 bytes).
    public var currentVersion: Version
    /// The epoch of the latest fork.
    public var epoch: Epoch

    public init(previousVersion: Version, currentVersion: Version, epoch: Epoch) {
        self.previousVersion = previousVersion
        self.currentVersion = currentVersion
        self.epoch = epoch
    }

    public var hashTreeRoot: Root { SSZ.containerRoot(previousVersion, currentVersion, epoch) }
}

/// What a remote signer is told about the chain with each request (Web3Signer's `fork_info`):
/// the fork and the `genesis_validators_root`. Enough to compute every domain, as the phase0
/// `get_domain(state, domain_type, epoch)` does from a state.
public struct ForkInfo: Hashable, Sendable {
    public var fork: Fork
    /// 32 bytes.
    public var genesisValidatorsRoot: Root

    public init(fork: Fork, genesisValidatorsRoot: Root) {
        self.fork = fork
        self.genesisValidatorsRoot = genesisValidatorsRoot
    }

    /// The fork version in force at `epoch`: `fork.previous_version` before `fork.epoch`,
    /// `fork.current_version` from it on (phase0 `get_domain`).
    public func forkVersion(at epoch: Epoch) -> Version {
        epoch < fork.epoch ? fork.previousVersion : fork.currentVersion
    }

    /// `get_domain(state, domain_type, epoch)`:
    /// `compute_domain(domain_type, fork_version_at(epoch), genesis_validators_root)`.
    public func domain(_ type: DomainType, epoch: Epoch) -> Domain {
        Signing.computeDomain(type, forkVersion: forkVersion(at: epoch), genesisValidatorsRoot: genesisValidatorsRoot)
    }

    /// The domain at the epoch of `slot` (`compute_epoch_at_slot`).
    public func domain(_ type: DomainType, slot: Slot) -> Domain {
        domain(type, epoch: Signing.computeEpoch(atSlot: slot))
    }
}
