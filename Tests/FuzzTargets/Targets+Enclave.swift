import _CryptoExtras
import Crypto
import Enclave
import Foundation
import Secrets

extension FuzzCatalog {
    /// KMS `CiphertextForRecipient`: the BER parse and checks of CMS EnvelopedData, then (for what
    /// parses) RSA-OAEP unwrap, AES-256-CBC and the padding check with the fuzz recipient key.
    static let cmsRecipient = FuzzTarget(
        "cms-recipient", summary: "EnvelopedData(ciphertextForRecipient:) (BER CMS from KMS) and RecipientKey.decrypt", json: false,
        seeds: { try cmsSeeds() },
        body: { input throws(FuzzFailure) in
            guard let envelope = try? EnvelopedData(ciphertextForRecipient: input) else { return }
            try require(input.count <= EnvelopedData.maximumByteCount, "cms: a \(input.count)-byte input parsed")
            try require(envelope.iv.count == 16, "cms: a \(envelope.iv.count)-byte IV parsed")
            let content = envelope.encryptedContent.count
            try require(content > 0 && content % 16 == 0 && content <= EnvelopedData.maximumEncryptedContentByteCount,
                        "cms: \(content) bytes of encrypted content parsed")
            guard let key = cmsFuzzRecipientKey, let plaintext = try? key.decrypt(envelope) else { return }
            try require(plaintext.count < content, "cms: a \(plaintext.count)-byte plaintext from \(content) bytes of ciphertext")
        })
}

/// The fuzz run's recipient key, made once per process (RSA-2048 generation takes a moment).
let cmsFuzzRecipientKey: RecipientKey? = try? RecipientKey()

/// Envelopes to ``cmsFuzzRecipientKey`` as KMS sends them (BER: indefinite lengths, content in
/// chunks) and as DER, generated here with swift-crypto; each is checked to decrypt, so mutations
/// start from inputs that reach every step.
func cmsSeeds() throws -> [[UInt8]] {
    guard let key = cmsFuzzRecipientKey else { throw FuzzFailure("cms: the recipient key could not be generated") }
    let publicKey = try _RSA.Encryption.PublicKey(derRepresentation: key.subjectPublicKeyInfo)
    var seeds: [[UInt8]] = []
    for (count, ber, chunk) in [(32, true, 1024), (0, true, 16), (47, false, 0), (5, true, 3), (100, false, 0)] {
        let plaintext = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
        let seed = try CMSSample.envelope(plaintext, to: publicKey, keyIdentifier: Array(SHA256.hash(data: key.subjectPublicKeyInfo)), ber: ber, chunk: chunk)
        let decrypted = try key.decrypt(ciphertextForRecipient: seed).withUnsafeBytes { Array($0) }
        guard decrypted == plaintext else { throw FuzzFailure("cms: a seed does not decrypt to its plaintext") }
        seeds.append(seed)
    }
    return seeds
}

/// A KMS-shaped `CiphertextForRecipient` (RFC 5652 §6; see `EnvelopedData`), written byte by byte.
enum CMSSample {
    static let envelopedDataOID: [UInt8] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x03]  // 1.2.840.113549.1.7.3
    static let dataOID: [UInt8] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]  // 1.2.840.113549.1.7.1
    static let rsaesOAEPOID: [UInt8] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x07]  // 1.2.840.113549.1.1.7
    static let mgf1OID: [UInt8] = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08]  // 1.2.840.113549.1.1.8
    static let sha256OID: [UInt8] = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]  // 2.16.840.1.101.3.4.2.1
    static let aes256CBCOID: [UInt8] = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2a]  // 2.16.840.1.101.3.4.1.42

    static func envelope(
        _ plaintext: [UInt8], to publicKey: _RSA.Encryption.PublicKey, keyIdentifier: [UInt8], ber: Bool, chunk: Int
    ) throws -> [UInt8] {
        let contentKey = SymmetricKey(size: .bits256)
        let iv = AES._CBC.IV()
        let content = Array(try AES._CBC.encrypt(plaintext, using: contentKey, iv: iv))
        let encryptedKey = Array(try contentKey.withUnsafeBytes { try publicKey.encrypt(Data($0), padding: .PKCS1_OAEP_SHA256) })
        let wrap = ber ? indefinite : tlv
        let sha256 = tlv(0x30, tlv(0x06, sha256OID) + tlv(0x05, []))
        let oaep = tlv(0x30, tlv(0x06, rsaesOAEPOID) + tlv(0x30, tlv(0xa0, sha256) + tlv(0xa1, tlv(0x30, tlv(0x06, mgf1OID) + sha256))))
        let recipient = tlv(0x30, tlv(0x02, [2]) + tlv(0x80, keyIdentifier) + oaep + tlv(0x04, encryptedKey))
        let algorithm = tlv(0x30, tlv(0x06, aes256CBCOID) + tlv(0x04, Array(iv)))
        let encryptedContent = ber
            ? indefinite(0xa0, stride(from: 0, to: content.count, by: chunk).flatMap { tlv(0x04, Array(content[$0..<min($0 + chunk, content.count)])) })
            : tlv(0x80, content)
        let envelopedData = wrap(0x30, tlv(0x02, [2]) + tlv(0x31, recipient) + wrap(0x30, tlv(0x06, dataOID) + algorithm + encryptedContent))
        return wrap(0x30, tlv(0x06, envelopedDataOID) + wrap(0xa0, envelopedData))
    }

    /// A definite-length element (X.690 §8.1.3.3-5).
    static func tlv(_ tag: UInt8, _ body: [UInt8]) -> [UInt8] {
        let n = body.count
        let length: [UInt8] = n < 0x80 ? [UInt8(n)] : n < 0x100 ? [0x81, UInt8(n)] : [0x82, UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)]
        return [tag] + length + body
    }

    /// An indefinite-length element, closed by end-of-contents (X.690 §8.1.3.6).
    static func indefinite(_ tag: UInt8, _ body: [UInt8]) -> [UInt8] { [tag, 0x80] + body + [0, 0] }
}
