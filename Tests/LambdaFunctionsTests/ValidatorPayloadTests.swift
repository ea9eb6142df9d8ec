import AWSClients
import Crypto
import Foundation
import SwiftASN1
import Testing
import X509

@testable import LambdaFunctions

/// The validator function's payload and configuration: each operation, clear errors naming the
/// field or variable for everything else, and the TLS identity `set_tls_key` makes.
@Suite struct ValidatorPayloadTests {
    private func refusal(_ json: String) -> String? {
        do {
            _ = try ValidatorOperation.parse(Array(json.utf8))
            return nil
        } catch {
            #expect(error.code == .invalidPayload)
            return error.reason
        }
    }

    @Test func everyOperationParses() throws {
        for operation in ValidatorOperation.allCases {
            #expect(try ValidatorOperation.parse(Array(#"{"operation":"\#(operation.rawValue)"}"#.utf8)) == operation)
        }
        let names = ValidatorOperation.allCases.map(\.rawValue)
        #expect(names == ["set_tls_key", "set_slashing_db_password", "web3signer_status", "web3signer_public_keys"])
    }

    @Test(arguments: [
        ("{}", "operation is required"),
        (#"{"operation":1}"#, "operation: expected a string"),
        (#"{"operation":null}"#, "operation: expected a string, got null"),
        (#"{"operation":"sign"}"#, #"operation must be one of set_tls_key, set_slashing_db_password, web3signer_status, web3signer_public_keys, got "sign""#),
        (#"{"operation":"get_tls_key"}"#, #"operation must be one of set_tls_key, set_slashing_db_password, web3signer_status, web3signer_public_keys, got "get_tls_key""#),
        (#"{"operation":"set_tls_key","hostname":"x"}"#, #"unknown field "hostname" (allowed: operation)"#),
        ("[]", "the payload must be a JSON object"),
        ("not json", "the payload must be a JSON object"),
    ])
    func badPayloadsNameTheField(payload: String, expected: String) {
        #expect(refusal(payload) == expected)
    }

    @Test(arguments: [
        ("https://signer-nlb-0123456789abcdef.elb.us-east-1.amazonaws.com", "signer-nlb-0123456789abcdef.elb.us-east-1.amazonaws.com", 443),
        ("https://Signer.Example.com:9000/", "signer.example.com", 9000),
        ("https://10.0.1.20:8443", "10.0.1.20", 8443),
        ("https://localhost:1", "localhost", 1),
    ])
    func signerURLs(url: String, host: String, port: Int) throws {
        let endpoint = try SignerEndpoint(url: url)
        #expect(endpoint.host == host && endpoint.port == port)
        #expect(endpoint.origin == "https://\(host):\(port)")
    }

    @Test(arguments: [
        ("http://signer:9000", "must be https://"),
        ("signer:9000", "must be https://"),
        ("https://signer:9000/api", "no path"),
        ("https://user@signer", "no path, query or user part"),
        ("https://signer:0", "port must be 1 to 65535"),
        ("https://signer:65536", "port must be 1 to 65535"),
        ("https://signer:x", "port must be 1 to 65535"),
        ("https://", "DNS name or an IPv4 address"),
        ("https://bad_host", "DNS name or an IPv4 address"),
        ("https://-bad.example", "DNS name or an IPv4 address"),
        ("https://10.0.0.256", "DNS name or an IPv4 address"),
        ("https://[::1]:9000", "DNS name or an IPv4 address"),
    ])
    func badSignerURLsAreConfigurationErrors(url: String, expected: String) {
        do {
            _ = try SignerEndpoint(url: url)
            Issue.record("\(url) was accepted")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.reason.hasPrefix("SIGNER_URL ") && error.reason.contains(expected), "\(error.reason)")
        }
    }

    /// The private key (PKCS#8 DER) as a P-256 key.
    static func privateKey(_ identity: SignerTLSIdentity) throws -> P256.Signing.PrivateKey {
        try identity.privateKeyPKCS8.withUnsafeBytes { try P256.Signing.PrivateKey(derRepresentation: Data($0)) }
    }

    @Test func theIdentityIsASelfSignedServerCertificateForTheHost() throws {
        let now = Date()
        let endpoint = try SignerEndpoint(url: "https://signer.example.com:9000")
        let identity = try SignerTLSIdentity(for: endpoint, now: now)
        let certificate = identity.certificate
        // The key matches the certificate, which verifies under it (self-signed).
        #expect(certificate.publicKey == Certificate.PublicKey(try Self.privateKey(identity).publicKey))
        #expect(certificate.publicKey.isValidSignature(certificate.signature, for: certificate))
        #expect(certificate.issuer == certificate.subject)
        #expect(certificate.signatureAlgorithm == .ecdsaWithSHA256)
        let names = try #require(try certificate.extensions.subjectAlternativeNames)
        #expect(Array(names) == [.dnsName("signer.example.com")])
        #expect(try certificate.extensions.basicConstraints == .notCertificateAuthority)
        #expect(try certificate.extensions.extendedKeyUsage?.contains(.serverAuth) == true)
        // No keyUsage: BoringSSL would not take the certificate as its own issuer (see the type).
        #expect(try certificate.extensions.keyUsage == nil)
        #expect(certificate.subject.description.contains("CN=signer.example.com"))
        #expect(abs(certificate.notValidAfter.timeIntervalSince(now) - 365 * 86_400) < 2)
        #expect(certificate.notValidBefore < now)
        // The PEM and DER are this certificate, and the fingerprint is the DER's.
        #expect(try Certificate(pemEncoded: identity.certificatePEM) == certificate)
        #expect(identity.certificateSHA256 == SHA256.hash(data: identity.certificateDER).map { String(format: "%02x", $0) }.joined())
        // Two identities share nothing.
        let other = try SignerTLSIdentity(for: endpoint, now: now)
        #expect(other.certificate.publicKey != certificate.publicKey)
        #expect(other.certificate.serialNumber != certificate.serialNumber)
    }

    @Test func anIPv4HostIsNamedAsAnAddressAndALongHostOnlyInTheAlternativeName() throws {
        let address = try SignerTLSIdentity(for: try SignerEndpoint(url: "https://127.0.0.1:9000"))
        let addressNames = try #require(try address.certificate.extensions.subjectAlternativeNames)
        #expect(Array(addressNames) == [.ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))])
        let long = "etherkeep-validator-signer-0123456789abcdef.elb.eu-central-1.amazonaws.com"
        let identity = try SignerTLSIdentity(for: try SignerEndpoint(url: "https://\(long)"))
        let names = try #require(try identity.certificate.extensions.subjectAlternativeNames)
        #expect(Array(names) == [.dnsName(long)])
        #expect(identity.certificate.subject.description.contains("CN=etherkeep-signer"))
    }

    @Test func theTableRowRoundTripsAndNamesAMissingAttribute() throws {
        let row = TLSKeyRow(encryptedKey: [1, 2, 3], certificatePEM: "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n", hostName: "h", datetime: "2025-01-01T00:00:00Z")
        let item = row.item
        #expect(item["key_id"] == .n("1"))
        #expect(item["encryption_context"] == .s(#"{"purpose":"etherkeep-signer-tls-key"}"#))
        let read = try TLSKeyRow(item: item)
        #expect(read.encryptedKey == [1, 2, 3] && read.certificatePEM == row.certificatePEM && read.hostName == "h")
        for name in ["encrypted_tls_key_b64", "cert_pem", "host_name", "datetime"] {
            var broken = item
            broken[name] = nil
            #expect(throws: LambdaFunctionsError.self) { try TLSKeyRow(item: broken) }
        }
        var notBase64 = item
        notBase64["encrypted_tls_key_b64"] = .s("%%%")
        let error = #expect(throws: LambdaFunctionsError.self) { try TLSKeyRow(item: notBase64) }
        #expect(error?.reason.contains("encrypted_tls_key_b64") == true)
    }
}
