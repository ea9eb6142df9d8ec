import EthereumCore
import Secp256k1
import Testing
@testable import EthereumTransactions

/// DER (as from KMS `Sign`) + SubjectPublicKeyInfo (as from KMS `GetPublicKey`) → (r, low s, recovery id).
@Suite struct DERConversionTests {
    static let n = try! UInt256(parsing: "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")

    /// A DER SubjectPublicKeyInfo for a secp256k1 key, as KMS returns it.
    static func spki(_ key: PublicKey) -> [UInt8] {
        [0x30, 0x56, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a,
         0x03, 0x42, 0x00] + key.uncompressed
    }

    /// A DER signature with s replaced by n − s, as a signer that does not normalise may return.
    static func highSDER(_ sig: ECDSASignature) throws -> [UInt8] {
        let s = try UInt256(bigEndian: sig.s)
        return try ECDSASignature(r: sig.r, s: n.subtractingReportingOverflow(s).partialValue.bigEndianBytes32).derEncoded
    }

    @Test func highAndLowSBothRecoveryIDs() throws {
        var seenIDs = Set<UInt8>()
        var seenHigh = 0
        for i in 0..<64 {
            let key = PrivateKey.generate()
            let digest = Keccak256.hash(Array("tx \(i)".utf8))
            let reference = try key.signature(forDigest: digest)
            let der = i % 2 == 0 ? reference.signature.derEncoded : try Self.highSDER(reference.signature)
            if i % 2 == 1 { #expect(!(try ECDSASignature(derEncoded: der)).isLowS); seenHigh += 1 }
            let converted = try EthereumSignature.fromDER(der, digest: digest, subjectPublicKeyInfo: Self.spki(key.publicKey))
            #expect(converted == reference)
            #expect(converted.signature.isLowS)
            seenIDs.insert(converted.recoveryID)
        }
        #expect(seenIDs == [0, 1])
        #expect(seenHigh == 32)
    }

    @Test func convertedSignatureSignsATransaction() throws {
        let key = PrivateKey.generate()
        let tx = Transaction(type: .dynamicFee, chainID: 1, nonce: 0, maxPriorityFeePerGas: UInt256(1), maxFeePerGas: UInt256(2),
                             gas: 21000, to: try Address("0x3535353535353535353535353535353535353535"))
        let der = try Self.highSDER(key.signature(forDigest: tx.signingHash).signature)
        let sig = try EthereumSignature.fromDER(der, digest: tx.signingHash, publicKey: key.publicKey)
        let signed = try SignedTransaction(transaction: tx, signature: sig)
        #expect(signed == (try tx.signed(with: key)))
    }

    @Test func wrongKeyIsRefused() throws {
        let key = PrivateKey.generate(), other = PrivateKey.generate()
        let digest = Keccak256.hash([1, 2, 3])
        let der = try key.signature(forDigest: digest).signature.derEncoded
        #expect(throws: EthereumTransactionsError(.invalidSignature, "")) {
            try EthereumSignature.fromDER(der, digest: digest, subjectPublicKeyInfo: Self.spki(other.publicKey))
        }
        // Right key, wrong digest.
        #expect(throws: EthereumTransactionsError(.invalidSignature, "")) {
            try EthereumSignature.fromDER(der, digest: Keccak256.hash([1, 2, 4]), publicKey: key.publicKey)
        }
    }

    @Test func malformedDERIsRefusedWithAReason() throws {
        let key = PrivateKey.generate()
        let digest = Keccak256.hash([9])
        let good = try key.signature(forDigest: digest).signature.derEncoded
        var negativeR = good
        negativeR[4] |= 0x80  // r's first content byte gets its sign bit: a negative INTEGER
        let cases: [([UInt8], String)] = [
            (good + [0x00], "trailing bytes"),
            ([0x30, good[1] + 1] + good[2...], "runs past the end"),
            ([0x30, good[1] - 1] + good[2...], "trailing bytes"),
            (negativeR, "negative"),
            ([0x30, good[1] + 1, 0x02, good[3] + 1, 0x00] + good[4...], "leading zero"),
            ([0x31] + good.dropFirst(), "expected tag 0x30"),
            (Array(good.prefix(10)), "runs past the end"),
            ([], "missing"),
        ]
        for (der, fragment) in cases {
            do {
                _ = try EthereumSignature.fromDER(der, digest: digest, publicKey: key.publicKey)
                Issue.record("accepted \(Hex.encode(der))")
            } catch {
                #expect(error.code == .invalidSignature)
                #expect(error.reason.contains(fragment), "\(fragment): \(error.reason)")
            }
        }
        // A malformed public key is named too.
        #expect(throws: EthereumTransactionsError(.invalidSignature, "")) {
            try EthereumSignature.fromDER(good, digest: digest, subjectPublicKeyInfo: Array(Self.spki(key.publicKey).dropLast()))
        }
    }
}
