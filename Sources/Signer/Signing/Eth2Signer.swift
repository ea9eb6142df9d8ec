public import BLS12381
public import ConsensusTypes
public import SlashingProtection

/// The signing flow of `POST /api/v1/eth2/sign/{identifier}`, without HTTP (DESIGN.md §3.3):
/// identify the key → parse and validate the body → check the chain (and, for deposits and
/// builder registrations, that the message names the signing key) → compute the signing root
/// from the request's own data (a client's `signingRoot` must match) → for blocks and
/// attestations, slashing check-and-record through ``GroupCommit`` → BLS sign.
///
/// A signature exists only after a `.safe` decision, whose record the store has committed by
/// then; every refusal happens before anything is recorded or signed.
public struct Eth2Signer: Sendable {
    public let keys: KeyRing
    private let protection: GroupCommit
    /// The configured network's `genesis_validators_root`; requests must carry it.
    public let genesisValidatorsRoot: Root
    /// The configured network's genesis fork version (builder domain).
    public let genesisForkVersion: Version
    /// Where every decision is written, when `--audit-log` is given.
    public let audit: AuditLog?
    /// Where every decision is counted and timed, when metrics are served.
    public let metrics: SignerMetrics?

    public init(
        keys: KeyRing, protection: GroupCommit, genesisValidatorsRoot: Root, genesisForkVersion: Version, audit: AuditLog? = nil,
        metrics: SignerMetrics? = nil
    ) {
        self.keys = keys
        self.protection = protection
        self.genesisValidatorsRoot = genesisValidatorsRoot
        self.genesisForkVersion = genesisForkVersion
        self.audit = audit
        self.metrics = metrics
    }

    /// Signs one request for the key named by `identifier` (`0x` + 48 bytes of hex).
    ///
    /// - Throws: ``SignerError``: `badRequest` (identifier, body, chain or signing root; the
    ///   reason names the field), `unknownKey`, `refused` (the slashing rule, in words),
    ///   `unavailable` or `storage` (the slashing store failed; nothing was signed).
    ///
    /// Every outcome, signed or not, is written to ``audit`` before this returns.
    ///
    /// - Parameter client: the TLS client's name, for the audit log.
    public func sign(
        identifier: String, body: some Collection<UInt8>, client: String? = nil
    ) async throws(SignerError) -> (BLS12381.Signature, Eth2SigningRequest) {
        var entry = AuditLog.Entry(pubkey: identifier, client: client)
        let started = ContinuousClock.now
        do {
            let result = try await sign(identifier: identifier, body: body, entry: &entry)
            entry.outcome = "signed"
            record(entry, since: started)
            return result
        } catch {
            entry.fail(error)
            record(entry, since: started)
            throw error
        }
    }

    /// Writes a decision to the audit log and the metrics, where they are kept.
    func record(_ entry: AuditLog.Entry, since started: ContinuousClock.Instant) {
        audit?.record(entry)
        metrics?.request(type: entry.type, outcome: entry.outcome, duration: ContinuousClock.now - started)
    }

    private func sign(
        identifier: String, body: some Collection<UInt8>, entry: inout AuditLog.Entry
    ) async throws(SignerError) -> (BLS12381.Signature, Eth2SigningRequest) {
        let pubkey: BLSPubkey
        do {
            pubkey = try JSONRead.fixed(.string(identifier), "identifier")
        } catch {
            throw SignerError(.badRequest, "the path's identifier must be a BLS public key: 0x followed by 48 bytes of hex")
        }
        // The lease keeps this request's key even if a reload or the key manager removes it
        // meanwhile; whoever removed it waits for the lease (KeyRing.drain) before exporting
        // its slashing protection.
        guard let lease = keys.lease(pubkey) else {
            throw SignerError(.unknownKey, "no key for public key 0x\(pubkey)")
        }
        defer { lease.release() }
        let request = try Eth2SigningRequest.parse(body)
        entry.describe(request)
        if let named = request.namedPubkey, named.pubkey != pubkey {
            throw SignerError(.badRequest, "field \(named.field): 0x\(named.pubkey) is not the signing key 0x\(pubkey)")
        }
        let signingRoot = try Self.signingRoot(
            of: request, genesisValidatorsRoot: genesisValidatorsRoot, genesisForkVersion: genesisForkVersion)
        entry.signingRoot = signingRoot
        if let protected = request.protection {
            let check: SigningRequest
            switch protected {
            case .block(let slot):
                check = .block(pubkey, slot: slot, signingRoot: signingRoot, genesisValidatorsRoot: genesisValidatorsRoot)
            case .attestation(let source, let target):
                check = .attestation(
                    pubkey, sourceEpoch: source, targetEpoch: target, signingRoot: signingRoot, genesisValidatorsRoot: genesisValidatorsRoot)
            }
            let decision: SigningDecision
            let checking = ContinuousClock.now
            do {
                decision = try await protection.checkAndRecord(check)
                metrics?.slashingProtection(duration: ContinuousClock.now - checking, failed: false)
            } catch {
                metrics?.slashingProtection(duration: ContinuousClock.now - checking, failed: true)
                throw SignerError(error.code == .unavailable ? .unavailable : .storage, "slashing protection: \(error.reason)")
            }
            if case .refused(let reason) = decision {
                throw SignerError(.refused, "slashing protection refused to sign: \(reason)")
            }
        }
        return (lease.sign(signingRoot), request)
    }

    /// What the signer signs for `request`: its signing root, computed from its own data, once
    /// the chain is checked and a client's `signingRoot` agrees.
    ///
    /// - Parameter genesisValidatorsRoot: the network's (`fork_info` must carry it), or `nil`
    ///   for a network without a fixed one.
    /// - Throws: ``SignerError`` `badRequest` naming `fork_info.genesis_validators_root` or
    ///   `signingRoot` and both values.
    public static func signingRoot(
        of request: Eth2SigningRequest, genesisValidatorsRoot: Root?, genesisForkVersion: Version
    ) throws(SignerError) -> Root {
        if let expected = genesisValidatorsRoot, let forkInfo = request.forkInfo, forkInfo.genesisValidatorsRoot != expected {
            throw SignerError(
                .badRequest,
                "field fork_info.genesis_validators_root: 0x\(forkInfo.genesisValidatorsRoot) is not the configured network's 0x\(expected)")
        }
        let signingRoot = request.signingRoot(genesisForkVersion: genesisForkVersion)
        if let claimed = request.claimedSigningRoot, claimed != signingRoot {
            throw SignerError(
                .badRequest,
                "field signingRoot: 0x\(claimed) differs from the signing root computed from the request, 0x\(signingRoot)")
        }
        return signingRoot
    }
}
