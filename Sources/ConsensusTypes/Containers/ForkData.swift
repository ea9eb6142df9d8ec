/// `ForkData` (phase0): what a domain commits to.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#forkdata
public struct ForkData: HashTreeRootable, Hashable {
    public var currentVersion: Version
    public var genesisValidatorsRoot: Root

    public init(currentVersion: Version, genesisValidatorsRoot: Root) {
        self.currentVersion = currentVersion
        self.genesisValidatorsRoot = genesisValidatorsRoot
    }

    public var hashTreeRoot: Root {
        SSZ.containerRoot(currentVersion, genesisValidatorsRoot)
    }
}

/// `SigningData` (phase0): an object root bound to a domain; its root is what gets signed.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#signingdata
public struct SigningData: HashTreeRootable, Hashable {
    public var objectRoot: Root
    public var domain: Domain

    public init(objectRoot: Root, domain: Domain) {
        self.objectRoot = objectRoot
        self.domain = domain
    }

    public var hashTreeRoot: Root {
        SSZ.containerRoot(objectRoot, domain)
    }
}
