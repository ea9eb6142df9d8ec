public import BLS12381
public import ConsensusTypes
import Crypto

/// The two keys of one validator, derived from a mnemonic's master key at the EIP-2334 paths:
/// signing `m/12381/3600/i/0/0` and withdrawal `m/12381/3600/i/0`.
///
/// The secret keys are zeroising ``BLS12381/SecretKey`` objects; nothing here is `Codable` or
/// printable.
public struct ValidatorCredential: Sendable {
    /// The validator's key index `i` (not its beacon-chain validator index).
    public let index: UInt32
    public let signingKey: SecretKey
    public let withdrawalKey: SecretKey
    public let signingPubkey: PublicKey
    public let withdrawalPubkey: PublicKey

    /// `m/12381/3600/i/0/0`.
    public var signingPath: KeyPath { .signing(validatorIndex: index) }

    /// Derives validator `index` from the node `m/12381/3600` (see ``accountRoot(master:)``), so
    /// that the first two derivation steps are shared by every validator of a run.
    public init(accountRoot: DerivedKey, index: UInt32) throws(ValidatorKeysError) {
        let withdrawal = accountRoot.child(at: index).child(at: 0)
        let signing = withdrawal.child(at: 0)
        self.index = index
        do {
            withdrawalKey = try withdrawal.withUnsafeBytes { (bytes) throws(BLSError) in try SecretKey(bytes: bytes) }
            signingKey = try signing.withUnsafeBytes { (bytes) throws(BLSError) in try SecretKey(bytes: bytes) }
        } catch {
            throw ValidatorKeysError(.invalidKey, "derived key \(index) is not a valid BLS secret key: \(error)")
        }
        signingPubkey = signingKey.publicKey()
        withdrawalPubkey = withdrawalKey.publicKey()
    }

    /// `m/12381/3600`, the shared prefix of every EIP-2334 validator path.
    public static func accountRoot(master: DerivedKey) -> DerivedKey {
        master.child(at: KeyPath.purpose).child(at: KeyPath.coinType)
    }

    /// The 0x00 (BLS) withdrawal credentials of this validator:
    /// `BLS_WITHDRAWAL_PREFIX ‖ SHA256(withdrawal_pubkey)[1:]`.
    public var blsWithdrawalCredentials: Root {
        Root(unchecked: [0x00] + Array(SHA256.hash(data: withdrawalPubkey.compressed)).dropFirst())
    }

    /// The withdrawal credentials for a deposit of the given type.
    public func withdrawalCredentials(_ type: WithdrawalType) -> Root {
        type.addressCredentials ?? blsWithdrawalCredentials
    }
}

/// The withdrawal credential prefixes (consensus specs: 0x00 phase0, 0x01 capella, 0x02 electra).
public enum WithdrawalType: Hashable, Sendable {
    /// 0x00: withdrawals need a later BLS→execution change signed by the withdrawal key.
    case bls
    /// 0x01: rewards above 32 ETH are swept to this execution address.
    case executionAddress(ExecutionAddress)
    /// 0x02: compounding; balances up to 2048 ETH, withdrawals to this address (EIP-7251).
    case compounding(ExecutionAddress)

    /// `prefix ‖ 11 zero bytes ‖ address` for the address types; `nil` for ``bls``, whose
    /// credentials come from the withdrawal key (``ValidatorCredential/blsWithdrawalCredentials``).
    public var addressCredentials: Root? {
        switch self {
        case .bls: nil
        case .executionAddress(let a), .compounding(let a): Root(unchecked: [prefix] + [UInt8](repeating: 0, count: 11) + a.bytes)
        }
    }

    /// The one-byte prefix.
    public var prefix: UInt8 {
        switch self {
        case .bls: 0x00
        case .executionAddress: 0x01
        case .compounding: 0x02
        }
    }
}
