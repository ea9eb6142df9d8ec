import Crypto
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
@_spi(FixedExpiryValidationTime) import X509
import SwiftASN1

/// Verifies signed attestation documents as AWS's "Nitro Enclaves attestation process" §3
/// prescribes: COSE_Sign1 decode, syntactic checks of the document, the certificate chain from
/// the document's leaf through its CA bundle to a pinned root at a given time, the ES384
/// signature with the leaf's key, then the caller's ``AttestationPolicy``. Each check runs before anything is
/// returned; the signature is checked before the chain only because it is the cheaper of the two.
public struct AttestationVerifier: Sendable {
    private let root: Certificate

    /// - Parameter rootPEM: the trust anchor; AWS's Nitro root unless a stand-in CA is given.
    /// - Throws: ``NitroAttestationError/Code/untrustedChain`` when the PEM is not a certificate.
    public init(rootPEM: String = NitroRoot.awsG1PEM) throws(NitroAttestationError) {
        do {
            root = try Certificate(pemEncoded: rootPEM)
        } catch {
            throw NitroAttestationError(.untrustedChain, "the root is not a PEM certificate: \(error)")
        }
    }

    /// Verifies `bytes`, a `COSE_Sign1` attestation document, at `time`.
    ///
    /// - Returns: the document, once every check has passed.
    /// - Throws: ``NitroAttestationError`` whose code names the first check that failed:
    ///   `malformedCBOR`, `malformedCOSE`, `malformedDocument`, `untrustedChain`, `badSignature`,
    ///   then the policy's `pcrMismatch`, `nonceMismatch` or `stale`.
    public func verify(_ bytes: some Collection<UInt8>, at time: Date, policy: AttestationPolicy) async throws(NitroAttestationError) -> AttestationDocument {
        let message = try COSESign1(bytes: bytes)
        let document = try AttestationDocument(payload: message.payload)
        // The signature first: it is one ECDSA verification, and a document changed in transit
        // fails here before any path is built. The chain is checked before anything is trusted.
        let (leaf, intermediates) = try Self.certificates(document)
        guard let key = P384.Signing.PublicKey(leaf.publicKey) else {
            throw NitroAttestationError(.badSignature, "the leaf certificate's key is not P-384")
        }
        guard let signature = try? P384.Signing.ECDSASignature(rawRepresentation: message.signature),
              key.isValidSignature(signature, for: message.toBeSigned)
        else {
            throw NitroAttestationError(.badSignature, "the ES384 signature does not verify with the leaf certificate's key")
        }
        try await validateChain(leaf, intermediates, at: time)
        let milliseconds = max(0, time.timeIntervalSince1970 * 1000)
        try policy.check(document, nowMilliseconds: milliseconds < 1.8e19 ? UInt64(milliseconds) : .max)
        return document
    }

    /// Builds and checks the chain leaf → cabundle[N…1] → pinned root at `time` (RFC 5280 path
    /// validation: validity, basic constraints, then key usage as AWS §3.2.3.3 requires).
    private func validateChain(_ leaf: Certificate, _ intermediates: [Certificate], at time: Date) async throws(NitroAttestationError) {
        var verifier = Verifier(rootCertificates: CertificateStore([root])) {
            RFC5280Policy(fixedExpiryValidationTime: time)
            NitroKeyUsagePolicy()
        }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(intermediates))
        switch result {
        case .validCertificate: return
        case .couldNotValidate(let failures):
            let reasons = Set(failures.map { $0.policyFailureReason.description }).sorted()
            throw NitroAttestationError(
                .untrustedChain,
                "no chain from \(leaf.subject) to the pinned root is valid at \(time)" + (reasons.isEmpty ? "" : ": " + reasons.joined(separator: "; ")))
        }
    }
}

extension AttestationVerifier {
    /// The leaf and the intermediates (`cabundle[1…]`; `cabundle[0]` is the root, pinned instead).
    static func certificates(_ document: AttestationDocument) throws(NitroAttestationError) -> (Certificate, [Certificate]) {
        do {
            return (try Certificate(derEncoded: document.certificate), try document.caBundle.dropFirst().map { try Certificate(derEncoded: $0) })
        } catch {
            throw NitroAttestationError(.untrustedChain, "a certificate is not DER X.509: \(error)")
        }
    }
}

/// AWS §3.2.3.3: the leaf may sign (digitalSignature), every certificate above it may sign
/// certificates (keyCertSign). Handles the critical key-usage extension the Nitro PKI sets.
struct NitroKeyUsagePolicy: VerifierPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [.X509ExtensionID.keyUsage]

    func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) -> PolicyEvaluationResult {
        for (position, certificate) in chain.enumerated() {
            guard let usage = try? certificate.extensions.keyUsage else {
                return .failsToMeetPolicy(reason: "\(certificate.subject) has no readable key usage")
            }
            if position == 0, !usage.digitalSignature {
                return .failsToMeetPolicy(reason: "the leaf \(certificate.subject) may not sign (no digitalSignature)")
            }
            if position > 0, !usage.keyCertSign {
                return .failsToMeetPolicy(reason: "\(certificate.subject) may not sign certificates (no keyCertSign)")
            }
        }
        return .meetsPolicy
    }
}
