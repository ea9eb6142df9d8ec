public import Crypto
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CBOR
import NitroAttestation
import SwiftASN1
import X509

/// A Nitro Secure Module for machines without a Nitro card, for tests and local runs only.
///
/// It signs attestation documents as the NSM does (COSE_Sign1, ES384, the AWS document fields)
/// with a certificate chain of its own making — root → leaf, P-384, the leaf living three hours —
/// never AWS's: a verifier pinned to the AWS Nitro root refuses everything it signs. Its module id
/// starts with `stand-in`, so no log can mistake it for a real enclave.
public final class StandInNSM: NitroSecureModule, @unchecked Sendable {
    // @unchecked: every stored property is immutable.
    private let rootKey: P384.Signing.PrivateKey
    private let leafKey: P384.Signing.PrivateKey
    private let root: Certificate
    private let leaf: Certificate
    private let pcrs: [Int: [UInt8]]
    public let moduleID = "stand-in-nsm-enc00000000000000"

    /// - Parameters:
    ///   - pcrs: the registers to report (index → 48 bytes); 0…15 not given are zero.
    ///   - rootKey: the root's key, when several stand-ins (one per image) share a root; a fresh one otherwise.
    /// - Throws: ``NSMError/Code/refused`` if a certificate cannot be made.
    public init(pcrs: [Int: [UInt8]], rootKey: P384.Signing.PrivateKey = P384.Signing.PrivateKey()) throws(NSMError) {
        self.rootKey = rootKey
        leafKey = P384.Signing.PrivateKey()
        var registers = pcrs
        for index in 0..<16 where registers[index] == nil { registers[index] = Array(repeating: 0, count: 48) }
        self.pcrs = registers
        let now = Date()
        do {
            let rootName = try DistinguishedName { CommonName("stand-in.nitro-enclaves"); OrganizationName("EtherKeep stand-in, not AWS") }
            let leafName = try DistinguishedName { CommonName("stand-in-nsm.enclave") }
            root = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(rootKey.publicKey), notValidBefore: now - 3600, notValidAfter: now + 30 * 86400,
                issuer: rootName, subject: rootName, signatureAlgorithm: .ecdsaWithSHA384,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                    Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                },
                issuerPrivateKey: .init(rootKey))
            leaf = try Certificate(
                version: .v3, serialNumber: .init(), publicKey: .init(leafKey.publicKey), notValidBefore: now - 60, notValidAfter: now + 3 * 3600,
                issuer: rootName, subject: leafName, signatureAlgorithm: .ecdsaWithSHA384,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true))
                },
                issuerPrivateKey: .init(rootKey))
        } catch {
            throw NSMError(.refused, "the stand-in's certificates: \(error)")
        }
    }

    /// The stand-in's root certificate, PEM: what a stand-in KMS (or verifier) pins instead of AWS's.
    public var rootPEM: String {
        (try? root.serializeAsPEM().pemString) ?? ""
    }

    public func attestation(publicKey: [UInt8]?, userData: [UInt8]?, nonce: [UInt8]?) throws(NSMError) -> [UInt8] {
        guard (publicKey?.count ?? 1) <= 1024, (publicKey?.count ?? 1) >= 1, (userData?.count ?? 0) <= 512, (nonce?.count ?? 0) <= 512 else {
            throw NSMError(.refused, "InputTooLarge")
        }
        let document: AttestationDocument
        do {
            document = AttestationDocument(
                moduleID: moduleID, timestamp: UInt64(Date().timeIntervalSince1970 * 1000), pcrs: pcrs,
                certificate: try Self.der(leaf), caBundle: [try Self.der(root)], publicKey: publicKey, userData: userData, nonce: nonce)
        } catch {
            throw NSMError(.refused, "serializing the stand-in's certificates: \(error)")
        }
        let unsigned = COSESign1(protectedHeader: COSESign1.es384ProtectedHeader, payload: document.cbor.encoded, signature: [])
        guard let signature = try? leafKey.signature(for: unsigned.toBeSigned) else { throw NSMError(.refused, "signing the document") }
        return COSESign1(protectedHeader: unsigned.protectedHeader, payload: unsigned.payload, signature: Array(signature.rawRepresentation)).encoded
    }

    public func describePCR(_ index: UInt16) throws(NSMError) -> (locked: Bool, value: [UInt8]) {
        guard index < 32 else { throw NSMError(.refused, "InvalidIndex") }
        return (index < 16, pcrs[Int(index)] ?? Array(repeating: 0, count: 48))
    }

    static func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }
}
