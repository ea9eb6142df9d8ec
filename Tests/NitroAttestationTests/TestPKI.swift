import Crypto
import Foundation
import NitroAttestation
import SwiftASN1
import X509

/// A root → intermediate → leaf chain of P-384 certificates shaped as the Nitro PKI's (critical
/// basic constraints and key usage), and documents signed with the leaf as the NSM signs them.
struct TestPKI {
    let rootKey = P384.Signing.PrivateKey()
    let intermediateKey = P384.Signing.PrivateKey()
    let leafKey = P384.Signing.PrivateKey()
    let root: Certificate
    let intermediate: Certificate
    let leaf: Certificate
    let now = Date()

    init(leafUsage: KeyUsage = KeyUsage(digitalSignature: true), leafIssuerKey: P384.Signing.PrivateKey? = nil) throws {
        let rootName = try DistinguishedName { CommonName("test.nitro-enclaves") }
        let intermediateName = try DistinguishedName { CommonName("zonal.test.nitro-enclaves") }
        let leafName = try DistinguishedName { CommonName("i-0123456789abcdef0-enc0123456789abcdef.test") }
        let ca = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
            Critical(KeyUsage(keyCertSign: true, cRLSign: true))
        }
        root = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(rootKey.publicKey), notValidBefore: now - 86400, notValidAfter: now + 86400,
            issuer: rootName, subject: rootName, signatureAlgorithm: .ecdsaWithSHA384, extensions: ca, issuerPrivateKey: .init(rootKey))
        intermediate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(intermediateKey.publicKey), notValidBefore: now - 3600, notValidAfter: now + 3600,
            issuer: rootName, subject: intermediateName, signatureAlgorithm: .ecdsaWithSHA384, extensions: ca, issuerPrivateKey: .init(rootKey))
        leaf = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(leafKey.publicKey), notValidBefore: now - 60, notValidAfter: now + 3 * 3600,
            issuer: intermediateName, subject: leafName, signatureAlgorithm: .ecdsaWithSHA384,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(leafUsage)
            },
            issuerPrivateKey: .init(leafIssuerKey ?? intermediateKey))
    }

    var rootPEM: String { get throws { try root.serializeAsPEM().pemString } }

    static func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    /// A document made now with the given PCRs (PCR0 non-zero unless given), signed by the leaf.
    func document(pcrs: [Int: [UInt8]]? = nil, nonce: [UInt8]? = nil, publicKey: [UInt8]? = nil) throws -> AttestationDocument {
        var registers = [Int: [UInt8]]()
        for index in 0..<16 { registers[index] = Array(repeating: index < 3 || index == 8 ? UInt8(index + 1) : 0, count: 48) }
        return AttestationDocument(
            moduleID: "i-0123456789abcdef0-enc0123456789abcdef", timestamp: UInt64(now.timeIntervalSince1970 * 1000),
            pcrs: pcrs ?? registers, certificate: try Self.der(leaf), caBundle: [try Self.der(root), try Self.der(intermediate)],
            publicKey: publicKey, nonce: nonce)
    }

    /// `payload` in a COSE_Sign1 signed with `key` (the leaf's by default).
    func sign(_ payload: [UInt8], with key: P384.Signing.PrivateKey? = nil) throws -> [UInt8] {
        let unsigned = COSESign1(protectedHeader: COSESign1.es384ProtectedHeader, payload: payload, signature: [])
        let signature = try (key ?? leafKey).signature(for: unsigned.toBeSigned)
        return COSESign1(protectedHeader: unsigned.protectedHeader, payload: payload, signature: Array(signature.rawRepresentation)).encoded
    }
}
