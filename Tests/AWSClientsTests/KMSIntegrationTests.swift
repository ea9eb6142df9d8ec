import AWSClients
import AWSCore
import AWSTestSupport
import Crypto
import Foundation
import Testing

/// KMS against moto_server: every client operation.
@Suite(.enabled(if: Moto.shouldRun)) struct KMSIntegrationTests {
    @Test func encryptDecryptWithContextAndDataKeys() async throws {
        try await Moto.withContext { context in
            let kms = try KMSClient(context: context)
            let key = try await kms.createKey(description: "etherkeep test")
            let described = try await kms.describeKey(keyID: key.keyID)
            #expect(described.keyID == key.keyID)
            #expect(described.keyUsage == "ENCRYPT_DECRYPT")
            #expect(described.enabled == true)

            let secret = SymmetricKey(data: Array("validator record".utf8))
            let bound = ["pubkey": "a1b2"]
            let ciphertext = try await kms.encrypt(keyID: key.keyID, plaintext: secret, context: bound)
            let plain = try await kms.decryptPlaintext(ciphertext: ciphertext, context: bound)
            #expect(plain == secret)
            await #expect(throws: AWSError(.service, "")) {
                try await kms.decryptPlaintext(ciphertext: ciphertext, context: ["pubkey": "other"])
            }

            let dataKey = try await kms.generateDataKey(keyID: key.keyID, context: bound)
            #expect(dataKey.plaintext.bitCount == 256)
            #expect(try await kms.decryptPlaintext(ciphertext: dataKey.ciphertext, context: bound) == dataKey.plaintext)

        }
    }

    /// A Recipient (an enclave's attestation document) is sent as KMS documents it, and each of
    /// the two answers is read as what it is: moto 5.2.1 ignores Recipient and returns the
    /// plaintext; real KMS returns `CiphertextForRecipient`, which moto cannot, so the proxy gives it.
    @Test func decryptForARecipientSendsTheAttestationAndReadsBothAnswers() async throws {
        let upstream = try #require(Moto.url, "ETHERKEEP_MOTO_URL is not set")
        try await FaultProxy.withProxy(upstream: upstream) { proxy, proxyURL in
            try await Moto.withContext(endpoint: proxyURL) { context in
                let kms = try KMSClient(context: context)
                let key = try await kms.createKey(description: "etherkeep recipient test")
                let secret = SymmetricKey(data: Array("validator record".utf8))
                let ciphertext = try await kms.encrypt(keyID: key.keyID, plaintext: secret, context: ["pubkey": "a1b2"])
                let attestation: [UInt8] = [0xd2, 0x84, 0x44, 0xa1, 0x01, 0x38, 0x22]

                let ignored = try await kms.decrypt(ciphertext: ciphertext, context: ["pubkey": "a1b2"], recipientAttestation: attestation)
                guard case .plaintext(let plain) = ignored else {
                    Issue.record("moto answered Decrypt with Recipient by something other than the plaintext")
                    return
                }
                #expect(plain == secret)
                let sent = try #require(proxy.bodies.last.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
                let recipient = try #require(sent["Recipient"] as? [String: String])
                #expect(recipient == ["AttestationDocument": Data(attestation).base64EncodedString(), "KeyEncryptionAlgorithm": "RSAES_OAEP_SHA_256"])

                let wrapped: [UInt8] = Array(repeating: 0x30, count: 8) + [0x82, 0x01]
                proxy.script([.answer(json: #"{"CiphertextForRecipient":"\#(Data(wrapped).base64EncodedString())","KeyId":"\#(key.keyID)"}"#)])
                let answered = try await kms.decrypt(ciphertext: ciphertext, context: ["pubkey": "a1b2"], recipientAttestation: attestation)
                guard case .ciphertextForRecipient(let bytes) = answered else {
                    Issue.record("CiphertextForRecipient was not read as the wrapped plaintext")
                    return
                }
                #expect(bytes == wrapped)
                // Without a recipient, a wrapped answer is an error, never taken for the plaintext.
                proxy.script([.answer(json: #"{"CiphertextForRecipient":"AAAA","KeyId":"\#(key.keyID)"}"#)])
                await #expect(throws: AWSError(.invalidResponse, "")) {
                    try await kms.decryptPlaintext(ciphertext: ciphertext, context: ["pubkey": "a1b2"])
                }
            }
        }
    }

    @Test func signDigestAsGiven() async throws {
        try await Moto.withContext { context in
            let kms = try KMSClient(context: context)
            // P-256 can be checked locally: KMS must sign the digest itself, not a hash of it.
            let p256 = try await kms.createKey(usage: "SIGN_VERIFY", spec: "ECC_NIST_P256")
            let (der, spec) = try await kms.getPublicKey(keyID: p256.keyID)
            #expect(spec == "ECC_NIST_P256")
            let publicKey = try P256.Signing.PublicKey(derRepresentation: der)
            let digest = SHA256.hash(data: Array("a transaction".utf8))
            let signature = try await kms.sign(keyID: p256.keyID, digest: Array(digest))
            #expect(publicKey.isValidSignature(try P256.Signing.ECDSASignature(derRepresentation: signature), for: digest))

            // secp256k1, the Ethereum curve: KMS Verify (DIGEST) accepts it, and rejects another digest.
            let k1 = try await kms.createKey(usage: "SIGN_VERIFY", spec: "ECC_SECG_P256K1")
            let k1Public = try await kms.getPublicKey(keyID: k1.keyID)
            #expect(k1Public.keySpec == "ECC_SECG_P256K1")
            #expect(k1Public.der.count == 88)  // SubjectPublicKeyInfo of an uncompressed secp256k1 point
            let d = [UInt8](repeating: 0xab, count: 32)
            let sig = try await kms.sign(keyID: k1.keyID, digest: d)
            #expect(try await kms.verify(keyID: k1.keyID, digest: d, signature: sig))
            #expect(try await !kms.verify(keyID: k1.keyID, digest: [UInt8](repeating: 0xac, count: 32), signature: sig))
            await #expect(throws: AWSError(.invalidRequest, "")) { try await kms.sign(keyID: k1.keyID, digest: [1, 2, 3]) }
        }
    }
}
