/// KMS request and response bodies as the KMS API names them (wire DTOs, no logic).
///
/// Blobs are base64 strings. Responses ignore fields they do not list, since AWS adds fields over
/// time. https://docs.aws.amazon.com/kms/latest/APIReference/
enum KMSDTO {
    struct Recipient: Encodable {
        let AttestationDocument: String
        let KeyEncryptionAlgorithm: String
    }
    struct EncryptInput: Encodable {
        let KeyId: String
        let Plaintext: String
        let EncryptionContext: [String: String]?
    }
    struct EncryptOutput: Decodable {
        let CiphertextBlob: String
        let KeyId: String?
    }
    struct DecryptInput: Encodable {
        let CiphertextBlob: String
        let EncryptionContext: [String: String]?
        let KeyId: String?
        let Recipient: Recipient?
    }
    struct DecryptOutput: Decodable {
        let Plaintext: String?
        let CiphertextForRecipient: String?
        let KeyId: String?
    }
    struct GenerateDataKeyInput: Encodable {
        let KeyId: String
        let KeySpec: String
        let EncryptionContext: [String: String]?
    }
    struct GenerateDataKeyOutput: Decodable {
        let CiphertextBlob: String
        let Plaintext: String
        let KeyId: String?
    }
    struct KeyIdInput: Encodable {
        let KeyId: String
    }
    struct GetPublicKeyOutput: Decodable {
        let KeyId: String?
        let PublicKey: String
        let KeySpec: String?
        /// The deprecated name of `KeySpec`, which KMS still returns (and some emulators only this).
        let CustomerMasterKeySpec: String?
        let KeyUsage: String?
    }
    struct SignInput: Encodable {
        let KeyId: String
        let Message: String
        let MessageType: String
        let SigningAlgorithm: String
    }
    struct SignOutput: Decodable {
        let Signature: String
        let KeyId: String?
    }
    struct VerifyInput: Encodable {
        let KeyId: String
        let Message: String
        let MessageType: String
        let Signature: String
        let SigningAlgorithm: String
    }
    struct VerifyOutput: Decodable {
        let SignatureValid: Bool
    }
    struct KeyMetadata: Decodable {
        let KeyId: String
        let Arn: String?
        let KeyState: String?
        let KeyUsage: String?
        let KeySpec: String?
        let Enabled: Bool?
        let Description: String?
    }
    struct DescribeKeyOutput: Decodable {
        let KeyMetadata: KeyMetadata
    }
    struct PutKeyPolicyInput: Encodable {
        let KeyId: String
        let Policy: String
        let PolicyName: String
    }

    /// An answer with no fields (`PutKeyPolicy`).
    struct Empty: Decodable {}

    struct ListInput: Encodable {
        let KeyId: String?
        let Limit: Int
        let Marker: String?
    }
    struct ListKeysOutput: Decodable {
        struct Entry: Decodable { let KeyId: String }
        let Keys: [Entry]?
        let NextMarker: String?
        let Truncated: Bool?
    }
    struct Tag: Codable {
        let TagKey: String
        let TagValue: String
    }
    struct ListResourceTagsOutput: Decodable {
        let Tags: [Tag]?
        let NextMarker: String?
        let Truncated: Bool?
    }
    struct TagResourceInput: Encodable {
        let KeyId: String
        let Tags: [Tag]
    }

    struct CreateKeyInput: Encodable {
        let KeyUsage: String
        let KeySpec: String
        let Description: String?
    }
}
