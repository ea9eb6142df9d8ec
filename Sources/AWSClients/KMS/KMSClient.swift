package import AWSCore
package import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// AWS KMS: Encrypt, Decrypt (with encryption context, and for an enclave with a `Recipient`),
/// GenerateDataKey, GetPublicKey, Sign (`MessageType=DIGEST`), DescribeKey, and CreateKey for setup.
///
/// Plaintexts coming back from KMS are returned as `SymmetricKey` (zeroised on release); the
/// base64 text they arrive in is a transient `String` (best effort).
package struct KMSClient: Sendable {
    let client: AWSJSONClient

    package init(context: AWSContext) throws(AWSError) {
        client = try AWSJSONClient(context: context, service: .kms, targetPrefix: "TrentService", jsonVersion: "1.1")
    }

    /// A key's metadata.
    package struct KeyMetadata: Sendable {
        package let keyID: String
        package let arn: String?
        package let keyState: String?
        package let keyUsage: String?
        package let keySpec: String?
        package let enabled: Bool?
    }

    /// What Decrypt returns: the plaintext, or (with a `Recipient`) the plaintext wrapped to the
    /// enclave's key as a CMS envelope.
    package enum DecryptResult: Sendable {
        case plaintext(SymmetricKey)
        case ciphertextForRecipient([UInt8])
    }

    /// `Encrypt`: the ciphertext blob of `plaintext` under `keyID`, bound to `context` if given.
    package func encrypt(keyID: String, plaintext: SymmetricKey, context: [String: String]? = nil) async throws(AWSError) -> [UInt8] {
        let input = KMSDTO.EncryptInput(KeyId: keyID, Plaintext: plaintext.withUnsafeBytes { Data($0).base64EncodedString() }, EncryptionContext: context)
        let output = try await client.call("Encrypt", input, as: KMSDTO.EncryptOutput.self)
        return try Self.base64(output.CiphertextBlob, "Encrypt", "CiphertextBlob")
    }

    /// `Decrypt`, with the same encryption context as at Encrypt; `recipient` is an enclave's
    /// attestation document (KMS then answers `CiphertextForRecipient`, RSAES_OAEP_SHA_256).
    package func decrypt(
        ciphertext: [UInt8], context: [String: String]? = nil, keyID: String? = nil, recipientAttestation: [UInt8]? = nil
    ) async throws(AWSError) -> DecryptResult {
        let recipient = recipientAttestation.map {
            KMSDTO.Recipient(AttestationDocument: Data($0).base64EncodedString(), KeyEncryptionAlgorithm: "RSAES_OAEP_SHA_256")
        }
        let input = KMSDTO.DecryptInput(
            CiphertextBlob: Data(ciphertext).base64EncodedString(), EncryptionContext: context, KeyId: keyID, Recipient: recipient)
        let output = try await client.call("Decrypt", input, as: KMSDTO.DecryptOutput.self)
        if let wrapped = output.CiphertextForRecipient { return .ciphertextForRecipient(try Self.base64(wrapped, "Decrypt", "CiphertextForRecipient")) }
        guard let text = output.Plaintext else { throw AWSError(.invalidResponse, "Decrypt: the response has no Plaintext") }
        return .plaintext(try Self.secret(text, "Decrypt"))
    }

    /// `Decrypt` when no recipient is involved: the plaintext.
    package func decryptPlaintext(ciphertext: [UInt8], context: [String: String]? = nil, keyID: String? = nil) async throws(AWSError) -> SymmetricKey {
        switch try await decrypt(ciphertext: ciphertext, context: context, keyID: keyID) {
        case .plaintext(let key): return key
        case .ciphertextForRecipient: throw AWSError(.invalidResponse, "Decrypt: KMS wrapped the plaintext for a recipient that was not given")
        }
    }

    /// `GenerateDataKey` (AES_256): a fresh 32-byte key and its ciphertext under `keyID`.
    package func generateDataKey(keyID: String, context: [String: String]? = nil) async throws(AWSError) -> (plaintext: SymmetricKey, ciphertext: [UInt8]) {
        let output = try await client.call(
            "GenerateDataKey", KMSDTO.GenerateDataKeyInput(KeyId: keyID, KeySpec: "AES_256", EncryptionContext: context),
            as: KMSDTO.GenerateDataKeyOutput.self)
        let key = try Self.secret(output.Plaintext, "GenerateDataKey")
        guard key.bitCount == 256 else { throw AWSError(.invalidResponse, "GenerateDataKey: the data key is not 32 bytes") }
        return (key, try Self.base64(output.CiphertextBlob, "GenerateDataKey", "CiphertextBlob"))
    }

    /// `GetPublicKey`: the DER `SubjectPublicKeyInfo` and the key spec (e.g. `ECC_SECG_P256K1`).
    package func getPublicKey(keyID: String) async throws(AWSError) -> (der: [UInt8], keySpec: String?) {
        let output = try await client.call("GetPublicKey", KMSDTO.KeyIdInput(KeyId: keyID), as: KMSDTO.GetPublicKeyOutput.self)
        return (try Self.base64(output.PublicKey, "GetPublicKey", "PublicKey"), output.KeySpec ?? output.CustomerMasterKeySpec)
    }

    /// `Sign` with `MessageType=DIGEST`: KMS signs the 32-byte digest as given (ECDSA_SHA_256).
    ///
    /// - Returns: the DER-encoded ECDSA signature.
    /// - Throws: ``AWSError/Code/invalidRequest`` for a digest that is not 32 bytes.
    package func sign(keyID: String, digest: [UInt8], algorithm: String = "ECDSA_SHA_256") async throws(AWSError) -> [UInt8] {
        guard digest.count == 32 else { throw AWSError(.invalidRequest, "Sign: the digest must be 32 bytes, got \(digest.count)") }
        let input = KMSDTO.SignInput(KeyId: keyID, Message: Data(digest).base64EncodedString(), MessageType: "DIGEST", SigningAlgorithm: algorithm)
        let output = try await client.call("Sign", input, as: KMSDTO.SignOutput.self)
        return try Self.base64(output.Signature, "Sign", "Signature")
    }

    /// `Verify` with `MessageType=DIGEST`: whether `signature` (DER) is valid for `digest`.
    package func verify(keyID: String, digest: [UInt8], signature: [UInt8], algorithm: String = "ECDSA_SHA_256") async throws(AWSError) -> Bool {
        let input = KMSDTO.VerifyInput(
            KeyId: keyID, Message: Data(digest).base64EncodedString(), MessageType: "DIGEST", Signature: Data(signature).base64EncodedString(),
            SigningAlgorithm: algorithm)
        do {
            return try await client.call("Verify", input, as: KMSDTO.VerifyOutput.self).SignatureValid
        } catch where error.awsCode == "KMSInvalidSignatureException" {
            return false
        }
    }

    /// `DescribeKey`.
    package func describeKey(keyID: String) async throws(AWSError) -> KeyMetadata {
        let m = try await client.call("DescribeKey", KMSDTO.KeyIdInput(KeyId: keyID), as: KMSDTO.DescribeKeyOutput.self).KeyMetadata
        return KeyMetadata(keyID: m.KeyId, arn: m.Arn, keyState: m.KeyState, keyUsage: m.KeyUsage, keySpec: m.KeySpec, enabled: m.Enabled)
    }

    /// `CreateKey` (setup and tests): e.g. `ENCRYPT_DECRYPT`/`SYMMETRIC_DEFAULT` or `SIGN_VERIFY`/`ECC_SECG_P256K1`.
    package func createKey(usage: String = "ENCRYPT_DECRYPT", spec: String = "SYMMETRIC_DEFAULT", description: String? = nil) async throws(AWSError) -> KeyMetadata {
        let m = try await client.call(
            "CreateKey", KMSDTO.CreateKeyInput(KeyUsage: usage, KeySpec: spec, Description: description), as: KMSDTO.DescribeKeyOutput.self
        ).KeyMetadata
        return KeyMetadata(keyID: m.KeyId, arn: m.Arn, keyState: m.KeyState, keyUsage: m.KeyUsage, keySpec: m.KeySpec, enabled: m.Enabled)
    }

    /// `ListKeys`, every page: the account's key ids in the region.
    ///
    /// - Throws: ``AWSError`` (`invalidResponse` for a page that says it is truncated without a marker).
    package func listKeys() async throws(AWSError) -> [String] {
        var ids: [String] = [], marker: String?
        repeat {
            let page = try await client.call("ListKeys", KMSDTO.ListInput(KeyId: nil, Limit: 1000, Marker: marker), as: KMSDTO.ListKeysOutput.self)
            ids += (page.Keys ?? []).map(\.KeyId)
            marker = page.Truncated == true ? page.NextMarker : nil
            if page.Truncated == true, marker == nil { throw AWSError(.invalidResponse, "ListKeys: Truncated without NextMarker") }
        } while marker != nil
        return ids
    }

    /// `ListResourceTags`, every page: a key's tags, name → value.
    package func listResourceTags(keyID: String) async throws(AWSError) -> [String: String] {
        var tags: [String: String] = [:], marker: String?
        repeat {
            let page = try await client.call(
                "ListResourceTags", KMSDTO.ListInput(KeyId: keyID, Limit: 50, Marker: marker), as: KMSDTO.ListResourceTagsOutput.self)
            for tag in page.Tags ?? [] { tags[tag.TagKey] = tag.TagValue }
            marker = page.Truncated == true ? page.NextMarker : nil
            if page.Truncated == true, marker == nil { throw AWSError(.invalidResponse, "ListResourceTags: Truncated without NextMarker") }
        } while marker != nil
        return tags
    }

    /// `TagResource` (setup and tests).
    package func tagResource(keyID: String, tags: [String: String]) async throws(AWSError) {
        let list = tags.keys.sorted().map { KMSDTO.Tag(TagKey: $0, TagValue: tags[$0] ?? "") }
        _ = try await client.call("TagResource", KMSDTO.TagResourceInput(KeyId: keyID, Tags: list), as: KMSDTO.Empty.self)
    }

    /// `PutKeyPolicy` (the `default` policy): e.g. the one `etherkeep enclave key-policy` prints.
    package func putKeyPolicy(keyID: String, policy: String) async throws(AWSError) {
        _ = try await client.call("PutKeyPolicy", KMSDTO.PutKeyPolicyInput(KeyId: keyID, Policy: policy, PolicyName: "default"), as: KMSDTO.Empty.self)
    }

    static func base64(_ text: String, _ operation: String, _ field: String) throws(AWSError) -> [UInt8] {
        guard let data = Data(base64Encoded: text) else { throw AWSError(.invalidResponse, "\(operation): \(field) is not base64") }
        return Array(data)
    }

    static func secret(_ text: String, _ operation: String) throws(AWSError) -> SymmetricKey {
        guard var data = Data(base64Encoded: text) else { throw AWSError(.invalidResponse, "\(operation): Plaintext is not base64") }
        defer { data.resetBytes(in: 0..<data.count) }
        return SymmetricKey(data: data)
    }
}
