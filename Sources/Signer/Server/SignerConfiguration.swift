public import ConsensusTypes
public import Secrets

/// How the signer serves: where it listens, for which network, how large a body it takes, and
/// TLS.
public struct SignerConfiguration: Sendable {
    /// The listening address (default `127.0.0.1`; only loopback unless told otherwise).
    public var host: String
    /// The listening port (default 9000, Web3Signer's; 0 picks a free one).
    public var port: Int
    /// The network's `genesis_validators_root`; `fork_info` must carry it.
    public var genesisValidatorsRoot: Root
    /// The network's genesis fork version (the builder domain of validator registrations).
    public var genesisForkVersion: Version
    /// The largest body accepted (default 1 MiB: a full phase0 block with every list at its
    /// mainnet limit is about 600 KiB of JSON); larger bodies get 413.
    public var maximumBodyBytes: Int
    /// TLS terminated in the signer, or `nil` for plain HTTP.
    public var tls: SignerTLSConfiguration?
    /// Where `GET /metrics` is served (plain HTTP, its own port), or `nil` for no metrics listener.
    public var metricsPort: Int?
    /// The metrics listener's address (default `127.0.0.1`).
    public var metricsHost = "127.0.0.1"
    /// The keymanager API's bearer token (ASCII), or `nil` when the API is off
    /// (`--key-manager-api-enabled` turns it on).
    public var keyManagerToken: SecretBytes?

    public init(
        host: String = "127.0.0.1", port: Int = 9000, genesisValidatorsRoot: Root, genesisForkVersion: Version,
        maximumBodyBytes: Int = 1 << 20, tls: SignerTLSConfiguration? = nil
    ) {
        self.host = host
        self.port = port
        self.genesisValidatorsRoot = genesisValidatorsRoot
        self.genesisForkVersion = genesisForkVersion
        self.maximumBodyBytes = maximumBodyBytes
        self.tls = tls
    }

    /// The settings of a built-in chain (its genesis validators root and fork version).
    ///
    /// - Throws: ``SignerError`` (`configuration`) when the chain has no fixed root.
    public init(chain: ChainSetting, host: String = "127.0.0.1", port: Int = 9000, tls: SignerTLSConfiguration? = nil) throws(SignerError) {
        guard let root = chain.genesisValidatorsRoot else {
            throw SignerError(.configuration, "network \(chain.networkName) has no fixed genesis_validators_root")
        }
        self.init(host: host, port: port, genesisValidatorsRoot: root, genesisForkVersion: chain.genesisForkVersion, tls: tls)
    }
}
