/// The keygen function's payload: the reference's four members, plus optional extensions.
/// Wire type only (R12); ``KeygenPayload`` validates it.
struct KeygenRequest: Decodable {
    /// How many validators (1…``KeygenPayload/maxValidators``); the reference's default is 1.
    let num_validators: Int?
    /// A BIP-39 word-list language (`english`, …); default `english`.
    let mnemonic_language: String?
    /// The chain (`mainnet`, `sepolia`, `holesky`, `hoodi`, `ephemery`, `gnosis`, `chiado`); required.
    let chain: String?
    /// The EIP-55 execution address for 0x01 (or 0x02) withdrawal credentials; none: 0x00 (BLS).
    let eth1_withdrawal_address: String?
    /// Extension: `"0x01"` (default with an address) or `"0x02"` (compounding, EIP-7251).
    let withdrawal_type: String?
    /// Extension, 0x02 only: each deposit's amount in the chain's unit, as `ValidatorKeys.DepositAmount`
    /// reads it (ether, 1 to 2048; GNO on Gnosis, 0.03125 to 64); default the activation amount
    /// (32 ether, 1 GNO).
    let amount: DecimalText?
    /// Extension: the keystores' KDF, `scrypt` (default, as the reference) or `pbkdf2`.
    let kdf: String?

    static let members: Set<String> = [
        "num_validators", "mnemonic_language", "chain", "eth1_withdrawal_address", "withdrawal_type", "amount", "kdf",
    ]
}
