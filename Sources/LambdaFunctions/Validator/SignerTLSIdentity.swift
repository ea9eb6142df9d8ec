package import Crypto
import EthereumCore
#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif
import SwiftASN1
package import X509

/// A fresh TLS identity for the validator signer: an ECDSA P-256 key and a certificate for the
/// signer's host, signed by that key.
///
/// P-256 (ECDSA with SHA-256): every TLS stack a validator client links (Go's crypto/tls,
/// rustls, Java's JSSE, OpenSSL) accepts it, its handshakes are the cheapest of the ECDSA
/// curves, and its 128-bit strength matches the AES-128/AES-256 suites the connection then uses;
/// P-384 would buy strength nothing else in the chain has.
///
/// The certificate is self-signed and not a CA (basicConstraints `cA` false): it is trusted by
/// being pinned, never by chaining. Its subjectAltName is the host (a DNS name, or an IP address
/// for an IPv4 host); its common name is the host when that fits the 64 characters X.520
/// allows, else `etherkeep-signer`; its extended key usage is serverAuth. It has no keyUsage
/// extension: BoringSSL (under AsyncHTTPClient and the signer's NIOSSL) does not take a
/// certificate whose keyUsage lacks keyCertSign as its own issuer, so it could not be its own
/// trust anchor, and keyCertSign on a non-CA certificate is what RFC 5280 forbids. Valid from five minutes before `now` (clock skew) for
/// ``validity``; a new `set_tls_key` replaces it.
///
/// The private key is kept only as its PKCS#8 DER in ``privateKeyPKCS8``, a `SymmetricKey`
/// (zeroised when released; the key object that made it is freed, and BoringSSL clears it).
/// This type is not `Codable` and has no description of its own.
package struct SignerTLSIdentity {
    /// How long the certificate is valid: 365 days.
    package static let validity: TimeInterval = 365 * 86_400

    /// The certificate (public).
    package let certificate: Certificate
    /// The certificate, PEM (`-----BEGIN CERTIFICATE-----`).
    package let certificatePEM: String
    /// The certificate's DER.
    package let certificateDER: [UInt8]
    /// The private key as PKCS#8 DER (RFC 5208 `PrivateKeyInfo`, id-ecPublicKey, prime256v1): secret.
    package let privateKeyPKCS8: SymmetricKey

    /// Makes a new key and certificate for `endpoint`'s host.
    ///
    /// - Throws: ``LambdaFunctionsError/Code/selfCheckFailed`` if the certificate cannot be made or
    ///   does not verify under its own key (nothing has been stored).
    package init(for endpoint: SignerEndpoint, now: Date = Date()) throws(LambdaFunctionsError) {
        let key = P256.Signing.PrivateKey()
        let privateKey = Certificate.PrivateKey(key)
        do {
            let name = try DistinguishedName {
                CommonName(endpoint.host.count <= 64 ? endpoint.host : "etherkeep-signer")
                OrganizationName("EtherKeep validator signer")
            }
            let alternativeName: GeneralName =
                if let address = endpoint.ipv4 { .ipAddress(ASN1OctetString(contentBytes: address[...])) } else { .dnsName(endpoint.host) }
            let extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([alternativeName])
                SubjectKeyIdentifier(hash: privateKey.publicKey)
            }
            certificate = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: privateKey.publicKey,
                notValidBefore: now - 300, notValidAfter: now + Self.validity, issuer: name, subject: name,
                signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions, issuerPrivateKey: privateKey)
            let document = try certificate.serializeAsPEM()
            certificatePEM = document.pemString
            certificateDER = document.derBytes
        } catch {
            throw LambdaFunctionsError(.selfCheckFailed, "the TLS certificate could not be made, nothing stored: \(error)")
        }
        guard certificate.publicKey.isValidSignature(certificate.signature, for: certificate) else {
            throw LambdaFunctionsError(.selfCheckFailed, "the new TLS certificate does not verify under its own key, nothing stored")
        }
        var der = key.derRepresentation
        defer { der.resetBytes(in: 0..<der.count) }
        privateKeyPKCS8 = SymmetricKey(data: der)
    }

    /// SHA-256 of the certificate's DER, lower-case hex: the fingerprint a client pins.
    package var certificateSHA256: String {
        Hex.encode(SHA256.hash(data: certificateDER), prefix: false)
    }
}
