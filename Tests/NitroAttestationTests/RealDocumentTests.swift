import Crypto
import Foundation
import NitroAttestation
import Testing
import TestSupport

/// The three real AWS attestation documents in `vectors/aws-nitro`, against `expected.json`
/// (decoded and verified while collecting with Python `cryptography`).
@Suite struct RealDocumentTests {
    struct Expected {
        let bytes: [UInt8]
        let fields: [String: Any]
        var time: Date { Date(timeIntervalSince1970: Double(fields["timestamp_ms"] as? Int ?? 0) / 1000) }
        var isDebug: Bool { (pcrs[0] ?? []).allSatisfy { $0 == 0 } }
        var pcrs: [Int: [UInt8]] {
            var result: [Int: [UInt8]] = [:]
            for (index, value) in fields["pcrs"] as? [String: String] ?? [:] { result[Int(index) ?? -1] = hexBytes(value) }
            return result
        }
        func optionalHex(_ name: String) -> [UInt8]? { (fields[name] as? String).map(hexBytes) }
    }

    static func documents() throws -> [Expected] {
        let expected = try Vectors.json("aws-nitro/expected.json") as? [String: Any] ?? [:]
        let documents = expected["documents"] as? [[String: Any]] ?? []
        guard documents.count == 3 else { throw Vectors.Missing(path: "aws-nitro/expected.json documents") }
        return try documents.map { fields in
            let data = try Vectors.data("aws-nitro/" + (fields["file"] as? String ?? ""))
            let bytes = fields["encoding"] as? String == "base64"
                ? Array(Data(base64Encoded: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? Data())
                : Array(data)
            return Expected(bytes: bytes, fields: fields)
        }
    }

    /// The policy each document passes at its own time: debug ones only with allowDebug.
    static func policy(_ document: Expected) -> AttestationPolicy {
        AttestationPolicy(allowDebug: document.isDebug, maximumAge: .seconds(60))
    }

    @Test func thePinnedRootIsThePublishedOne() throws {
        let published = String(decoding: try Vectors.data("aws-nitro/AWS_NitroEnclaves_Root-G1.pem"), as: UTF8.self)
        let der = { (pem: String) in
            Data(base64Encoded: pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.map { $0.trimmingCharacters(in: .whitespaces) }.joined()) ?? Data()
        }
        #expect(der(NitroRoot.awsG1PEM) == der(published))
        let fingerprint = SHA256.hash(data: der(NitroRoot.awsG1PEM)).map { String(format: "%02X", $0) }.joined()
        let expected = try Vectors.json("aws-nitro/expected.json") as? [String: Any]
        #expect(fingerprint == expected?["root_sha256_fingerprint"] as? String)
        #expect(fingerprint == "641A0321A3E244EFE456463195D606317ED7CDCC3C1756E09893F3C68F79BB5B")
    }

    @Test func eachDocumentVerifiesAtItsTimeWithTheExpectedFields() async throws {
        let verifier = try AttestationVerifier()
        for expected in try Self.documents() {
            let document = try await verifier.verify(expected.bytes, at: expected.time, policy: Self.policy(expected))
            #expect(document.moduleID == expected.fields["module_id"] as? String)
            #expect(document.timestamp == UInt64(expected.fields["timestamp_ms"] as? Int ?? 0))
            #expect(document.pcrs == expected.pcrs)
            #expect(document.pcrs.count == 16 && document.pcrs.values.allSatisfy { $0.count == 48 })
            #expect(document.userData == expected.optionalHex("user_data_hex"))
            #expect(document.nonce == expected.optionalHex("nonce_hex"))
            #expect(document.publicKey == expected.optionalHex("public_key_hex"))
            #expect(try COSESign1(bytes: expected.bytes).signature == expected.optionalHex("signature_hex"))
            #expect(try COSESign1(bytes: expected.bytes).protectedHeader == expected.optionalHex("protected_header_hex"))
        }
    }

    @Test func todayTheChainHasExpired() async throws {
        let verifier = try AttestationVerifier()
        for expected in try Self.documents() {
            await #expect(throws: NitroAttestationError(.untrustedChain, "")) {
                _ = try await verifier.verify(expected.bytes, at: Date(), policy: AttestationPolicy(allowDebug: true, maximumAge: nil))
            }
        }
    }

    @Test func aDebugEnclaveIsRefusedByDefault() async throws {
        let verifier = try AttestationVerifier()
        let debug = try Self.documents().filter(\.isDebug)
        #expect(debug.count == 2)
        for expected in debug {
            await #expect(throws: NitroAttestationError(.pcrMismatch, "")) {
                _ = try await verifier.verify(expected.bytes, at: expected.time, policy: AttestationPolicy())
            }
        }
    }

    @Test func thePolicyPinsPCRsNonceAndAge() async throws {
        let verifier = try AttestationVerifier()
        guard let production = try Self.documents().first(where: { !$0.isDebug }) else { throw Vectors.Missing(path: "a non-debug document") }
        let pcrs = production.pcrs
        let nonce = production.optionalHex("nonce_hex") ?? []
        // Pinned to its own PCR0, PCR1, PCR2 and PCR8 and its nonce, it verifies.
        let pinned = AttestationPolicy(expectedPCRs: [0: pcrs[0] ?? [], 1: pcrs[1] ?? [], 2: pcrs[2] ?? [], 8: pcrs[8] ?? []], nonce: nonce)
        _ = try await verifier.verify(production.bytes, at: production.time, policy: pinned)

        var otherImage = pinned
        otherImage.expectedPCRs[0] = Array(repeating: 0xab, count: 48)
        await #expect(throws: NitroAttestationError(.pcrMismatch, "")) { _ = try await verifier.verify(production.bytes, at: production.time, policy: otherImage) }
        var otherSigner = pinned
        otherSigner.expectedPCRs[8] = Array(repeating: 0xcd, count: 48)
        await #expect(throws: NitroAttestationError(.pcrMismatch, "")) { _ = try await verifier.verify(production.bytes, at: production.time, policy: otherSigner) }
        var otherNonce = pinned
        otherNonce.nonce = nonce.map { $0 ^ 1 }
        await #expect(throws: NitroAttestationError(.nonceMismatch, "")) { _ = try await verifier.verify(production.bytes, at: production.time, policy: otherNonce) }
        // Ten minutes later the chain is still valid (the leaf lives three hours) but the document is stale.
        await #expect(throws: NitroAttestationError(.stale, "")) {
            _ = try await verifier.verify(production.bytes, at: production.time.addingTimeInterval(600), policy: pinned)
        }
        // A document from more than the allowed skew in the future (checked on the policy alone:
        // two minutes earlier the leaf certificate was not yet valid either).
        let document = try await verifier.verify(production.bytes, at: production.time, policy: pinned)
        #expect(throws: NitroAttestationError(.stale, "")) { try pinned.check(document, nowMilliseconds: document.timestamp - 120_000) }
        try pinned.check(document, nowMilliseconds: document.timestamp - 30_000)
    }

    /// Every single-byte change anywhere in the production-mode document (signature, payload,
    /// PCRs, certificates, headers) makes verification fail; in the two debug-mode documents every
    /// byte of the signature and every fifth byte elsewhere (a full pass over all three takes
    /// minutes in a debug build).
    @Test func everySingleByteTamperFails() async throws {
        let verifier = try AttestationVerifier()
        for expected in try Self.documents() {
            let signatureStart = expected.bytes.count - 96
            let offsets = expected.isDebug
                ? Array(stride(from: 0, to: signatureStart, by: 5)) + Array(signatureStart..<expected.bytes.count)
                : Array(expected.bytes.indices)
            var accepted: [Int] = []
            for offset in offsets {
                var tampered = expected.bytes
                tampered[offset] ^= 0x01
                if (try? await verifier.verify(tampered, at: expected.time, policy: Self.policy(expected))) != nil { accepted.append(offset) }
            }
            #expect(accepted.isEmpty, "\(expected.fields["file"] ?? ""): accepted with a byte changed at \(accepted)")
            #expect(try COSESign1(bytes: expected.bytes).signature == Array(expected.bytes[signatureStart...]))
        }
    }
}
