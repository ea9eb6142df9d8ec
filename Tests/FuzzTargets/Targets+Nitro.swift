import CBOR
import EnclaveProtocol
import Secrets
import Foundation
import NitroAttestation
import TestSupport

extension FuzzCatalog {
    /// Attestation documents as a parent, a stand-in or an attacker might hand them over: CBOR,
    /// COSE_Sign1, the document's fields, and the whole verification (certificates included).
    static let nitroAttestation = FuzzTarget(
        "nitro-attestation", summary: "CBOR.decode (with its encode round trip), COSESign1, AttestationDocument, AttestationVerifier.verify, EnclaveImage.measure",
        json: false,
        seeds: { try nitroAttestationSeeds() },
        body: { input async throws(FuzzFailure) in
            // The same bytes as an enclave image (read in uneven pieces).
            var offset = 0
            if let measured = try? EnclaveImage.measure({ count in
                defer { offset = min(input.count, offset + max(1, count / 2)) }
                return Array(input[offset..<min(input.count, offset + max(1, count / 2))])
            }) {
                try require(measured.pcr0.count == 48 && measured.pcr1.count == 48 && measured.pcr2.count == 48, "EIF: a register is not 48 bytes")
            }
            if let item = try? CBOR.decode(input) {
                // Decoding is exact and encoding is canonical: the encoding decodes to the same item.
                let again = try? CBOR.decode(item.encoded)
                try require(again == item, "CBOR: the encoding of a decoded item decodes differently")
            }
            guard let message = try? COSESign1(bytes: input) else { return }
            try require(message.signature.count == 96, "COSE: a signature of \(message.signature.count) bytes was accepted")
            _ = try? AttestationDocument(payload: message.payload)
            guard let verifier = try? AttestationVerifier() else { throw FuzzFailure("the pinned root does not load") }
            do {
                _ = try await verifier.verify(input, at: Date(timeIntervalSince1970: 1_665_651_482), policy: AttestationPolicy(allowDebug: true, maximumAge: nil))
            } catch {
                // Refusing is the verifier's job; every refusal is its own error type by signature.
            }
        })
}

/// The three real AWS documents, hand-made CBOR edge cases and a minimal enclave image.
func nitroAttestationSeeds() throws -> [[UInt8]] {
    var seeds: [[UInt8]] = [
        [0x00], [0x18, 0x18], [0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [0x5f, 0x41, 0x00, 0xff],
        [0x9f, 0x01, 0xff], [0xa2, 0x01, 0x02, 0x01, 0x03], [0xd2, 0x84, 0x43, 0xa1, 0x01, 0x38, 0x22, 0xa0, 0x41, 0x00, 0x40],
        [0x62, 0xc3, 0x28], [0xf9, 0x3c, 0x00], [0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x00],
    ]
    for name in ["beta_2022-10-13_nondebug.cose_sign1.bin", "beta_2022-10-12_debug.cose_sign1.bin"] {
        seeds.append(Array(try Vectors.data("aws-nitro/attestation/" + name)))
    }
    let base64 = String(decoding: try Vectors.data("aws-nitro/attestation/ga_2023-09-18_debug.cose_sign1.b64"), as: UTF8.self)
    guard let ga = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw Vectors.Missing(path: "aws-nitro/attestation/ga_2023-09-18_debug.cose_sign1.b64 (not base64)")
    }
    seeds.append(Array(ga))
    // A version-1 EIF (no CRC) with one 4-byte kernel section.
    var eif: [UInt8] = [0x2e, 0x65, 0x69, 0x66, 0, 1, 0, 0] + Array(repeating: 0, count: 18) + [0, 1]
    eif += [0, 0, 0, 0, 0, 0, 0x02, 0x24] + Array(repeating: 0, count: 248)
    eif += [0, 0, 0, 0, 0, 0, 0, 4] + Array(repeating: 0, count: 248) + Array(repeating: 0, count: 8)
    eif += [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 1, 2, 3, 4]
    seeds.append(eif)
    return seeds
}

extension FuzzCatalog {
    /// The parent↔enclave protocol as a hostile parent (or enclave) might send it: the byte
    /// stream cut anywhere, every frame read as its message, and every message read back from its
    /// own encoding.
    static let enclaveProtocol = FuzzTarget(
        "enclave-protocol", summary: "FrameDecoder over a stream cut at every 7th byte, EnclaveMessage(kind:payload:), re-encoding", json: false,
        seeds: {
            let credentials = TemporaryCredentials(
                accessKeyID: "ASIAEXAMPLEKEYID0001", secretAccessKey: SecretBytes(copying: [1, 2, 3]), sessionToken: nil, expiration: 1)
            let settings = StartSettings(
                region: "us-east-1", network: "mainnet", signerUUID: "s", credentials: credentials,
                slashingProtectionDatabase: SlashingProtectionDatabase(url: "postgresql://u@h:5432/d", passwordCiphertext: [4]),
                tlsKeyCiphertext: [1], tlsCertificatePEM: "p")
            let row = VaultRowMessage(
                pubkey: String(repeating: "0f", count: 48), active: false, chain: "mainnet", datetime: "2026-12-01T09:00:00Z", encryptedRecord: [2],
                encryptionContext: ["a": "b"])
            let messages: [EnclaveMessage] = [
                .hello(protocolVersion: 1, bootID: Array(repeating: 5, count: 16)), .start(settings), .keyRows([row, row]), .endOfRows(count: 2),
                .credentials(credentials), .reload, .statusRequest, .status(EnclaveStatus(ready: false, keysLoaded: 1, keysFailed: 0, detail: "d")),
                .failure("f"),
            ]
            return messages.map(\.frame) + [messages.flatMap(\.frame)]
        },
        body: { input throws(FuzzFailure) in
            var decoder = FrameDecoder()
            var offset = 0
            while offset < input.count {
                decoder.append(input[offset..<min(input.count, offset + 7)])
                offset += 7
                while true {
                    let next: (kind: Frame.Kind, payload: [UInt8])?
                    do { next = try decoder.next() } catch { return }
                    guard let frame = next else { break }
                    guard let message = try? EnclaveMessage(kind: frame.kind, payload: frame.payload) else { break }
                    var again = FrameDecoder()
                    again.append(message.frame)
                    guard let reread = try? again.next(), reread.kind == frame.kind, (try? EnclaveMessage(kind: reread.kind, payload: reread.payload)) != nil else {
                        throw FuzzFailure("a \(frame.kind) message does not read back from its own encoding")
                    }
                }
            }
        })
}
