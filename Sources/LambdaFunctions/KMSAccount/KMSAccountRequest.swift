import EthereumTransactions

/// The KMS account function's payload, as the reference's `eth_client` functions take it plus the
/// `sign_transaction`, `sign_message` and `sign_typed_data` operations. Wire type only (R12): member
/// names are the payload's; ``KMSAccountOperation`` turns it into what to sign.
struct KMSAccountRequest: Decodable {
    /// `status`, `sign`, `sign_transaction`, `sign_message` or `sign_typed_data`.
    let operation: String
    // `sign` (the reference's): ether amount, recipient, nonce; EIP-1559 with the rest.
    let amount: DecimalText?
    let dst_address: String?
    let nonce: JSONValue?
    let chainid: JSONValue?
    let type: JSONValue?
    let max_fee_per_gas: JSONValue?
    let max_priority_fee_per_gas: JSONValue?
    let data: String?
    // `sign_transaction`: a JSON-RPC transaction object (eth_signTransaction).
    let transaction: TransactionJSON?
    // `sign_message`: EIP-191 personal_sign of UTF-8 text or of 0x-hex bytes.
    let message: String?
    let message_hex: String?
    // `sign_typed_data`: EIP-712 (eth_signTypedData_v4).
    let typed_data: TypedDataJSON?

    /// Every member name the payload may have.
    static let members: Set<String> = [
        "operation", "amount", "dst_address", "nonce", "chainid", "type", "max_fee_per_gas", "max_priority_fee_per_gas",
        "data", "transaction", "message", "message_hex", "typed_data",
    ]
}

/// `status` → `{"eth_checksum_address"}`.
struct KMSAccountStatusResponse: Encodable {
    let eth_checksum_address: String
}

/// `sign`, `sign_transaction` → `{"signed_tx_hash", "signed_tx_payload"}`, both 0x-hex.
struct KMSAccountSignedTransactionResponse: Encodable {
    let signed_tx_hash: String
    let signed_tx_payload: String
}

/// `sign_message`, `sign_typed_data` → `{"signature"}`: 0x-hex r ‖ s ‖ v with v = 27/28.
struct KMSAccountSignatureResponse: Encodable {
    let signature: String
}
