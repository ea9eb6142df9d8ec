/// Domains and signing roots, as the phase0 beacon-chain spec defines them.
///
/// https://github.com/ethereum/consensus-specs/blob/dev/specs/phase0/beacon-chain.md#compute_domain
public enum Signing {
    /// `compute_fork_data_root(current_version, genesis_validators_root)`.
    public static func computeForkDataRoot(currentVersion: Version, genesisValidatorsRoot: Root) -> Root {
        ForkData(currentVersion: currentVersion, genesisValidatorsRoot: genesisValidatorsRoot).hashTreeRoot
    }

    /// `compute_domain(domain_type, fork_version, genesis_validators_root)`:
    /// `domain_type + compute_fork_data_root(fork_version, genesis_validators_root)[:28]`.
    public static func computeDomain(
        _ domainType: DomainType, forkVersion: Version, genesisValidatorsRoot: Root
    ) -> Domain {
        let forkDataRoot = computeForkDataRoot(currentVersion: forkVersion, genesisValidatorsRoot: genesisValidatorsRoot)
        return Domain(unchecked: domainType.bytes + forkDataRoot.bytes[0..<28])
    }

    /// `compute_signing_root(ssz_object, domain)`:
    /// `hash_tree_root(SigningData(object_root=hash_tree_root(ssz_object), domain=domain))`.
    public static func computeSigningRoot(_ object: some HashTreeRootable, domain: Domain) -> Root {
        SigningData(objectRoot: object.hashTreeRoot, domain: domain).hashTreeRoot
    }

    /// The deposit domain: `DOMAIN_DEPOSIT`, the genesis fork version and a zero
    /// `genesis_validators_root`, so that deposits are valid before genesis
    /// (phase0 `process_deposit`).
    public static func depositDomain(forkVersion: Version) -> Domain {
        computeDomain(.deposit, forkVersion: forkVersion, genesisValidatorsRoot: .zero)
    }

    /// The builder domain for validator registrations (builder-specs `compute_builder_domain`):
    /// `DOMAIN_APPLICATION_BUILDER` with the genesis fork version and a zero
    /// `genesis_validators_root`, so that registrations do not depend on the fork.
    public static func builderDomain(genesisForkVersion: Version) -> Domain {
        computeDomain(.applicationBuilder, forkVersion: genesisForkVersion, genesisValidatorsRoot: .zero)
    }
}
