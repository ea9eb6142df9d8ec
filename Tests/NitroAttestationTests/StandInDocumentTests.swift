import CBOR
import Crypto
import Foundation
import NitroAttestation
import Testing
import X509

/// Documents signed by a test PKI shaped as AWS's: what verifies, and every structural refusal.
@Suite struct StandInDocumentTests {
    @Test func aDocumentSignedByATrustedChainVerifiesAndOnlyUnderItsRoot() async throws {
        let pki = try TestPKI()
        let nonce = Array(repeating: UInt8(7), count: 32)
        let spki = Array(repeating: UInt8(0x30), count: 294)
        let document = try pki.document(nonce: nonce, publicKey: spki)
        let signed = try pki.sign(document.cbor.encoded)
        let policy = AttestationPolicy(expectedPCRs: [0: Array(repeating: 1, count: 48), 8: Array(repeating: 9, count: 48)], nonce: nonce)
        let verified = try await AttestationVerifier(rootPEM: try pki.rootPEM).verify(signed, at: pki.now, policy: policy)
        #expect(verified == document)
        #expect(verified.publicKey == spki)
        // Tagged 18 reads the same.
        let tagged = [0xd2] + signed
        #expect(try await AttestationVerifier(rootPEM: try pki.rootPEM).verify(tagged, at: pki.now, policy: policy) == document)
        // AWS's root does not sign the test PKI.
        await #expect(throws: NitroAttestationError(.untrustedChain, "")) {
            _ = try await AttestationVerifier().verify(signed, at: pki.now, policy: policy)
        }
    }

    @Test func theChainMustBeWhole() async throws {
        // A leaf that may not sign.
        let noSigning = try TestPKI(leafUsage: KeyUsage(keyEncipherment: true))
        await #expect(throws: NitroAttestationError(.untrustedChain, "")) {
            _ = try await AttestationVerifier(rootPEM: try noSigning.rootPEM)
                .verify(try noSigning.sign(noSigning.document().cbor.encoded), at: noSigning.now, policy: AttestationPolicy())
        }
        // A leaf issued in the intermediate's name by another key.
        let forged = try TestPKI(leafIssuerKey: P384.Signing.PrivateKey())
        await #expect(throws: NitroAttestationError(.untrustedChain, "")) {
            _ = try await AttestationVerifier(rootPEM: try forged.rootPEM)
                .verify(try forged.sign(forged.document().cbor.encoded), at: forged.now, policy: AttestationPolicy())
        }
        // Intermediate expired (it lives an hour).
        let pki = try TestPKI()
        await #expect(throws: NitroAttestationError(.untrustedChain, "")) {
            _ = try await AttestationVerifier(rootPEM: try pki.rootPEM)
                .verify(try pki.sign(pki.document().cbor.encoded), at: pki.now + 7200, policy: AttestationPolicy(maximumAge: nil))
        }
    }

    @Test func aSignatureByAnotherKeyIsRefused() async throws {
        let pki = try TestPKI()
        let signed = try pki.sign(pki.document().cbor.encoded, with: P384.Signing.PrivateKey())
        await #expect(throws: NitroAttestationError(.badSignature, "")) {
            _ = try await AttestationVerifier(rootPEM: try pki.rootPEM).verify(signed, at: pki.now, policy: AttestationPolicy())
        }
    }

    @Test func coseStructureIsChecked() throws {
        let pki = try TestPKI()
        let signed = try pki.sign(pki.document().cbor.encoded)
        let message = try COSESign1(bytes: signed)
        let cases: [(String, [UInt8])] = [
            ("tag 17", [0xd1] + signed),
            ("ES256", CBOR.array([.bytes(CBOR.map([(.unsigned(1), .negative(6))]).encoded), .map([]), .bytes(message.payload), .bytes(message.signature)]).encoded),
            ("no algorithm", CBOR.array([.bytes(CBOR.map([]).encoded), .map([]), .bytes(message.payload), .bytes(message.signature)]).encoded),
            ("95-byte signature", CBOR.array([.bytes(message.protectedHeader), .map([]), .bytes(message.payload), .bytes(Array(message.signature.dropLast()))]).encoded),
            ("empty payload", CBOR.array([.bytes(message.protectedHeader), .map([]), .bytes([]), .bytes(message.signature)]).encoded),
            ("three parts", CBOR.array([.bytes(message.protectedHeader), .map([]), .bytes(message.payload)]).encoded),
            ("unprotected not a map", CBOR.array([.bytes(message.protectedHeader), .null, .bytes(message.payload), .bytes(message.signature)]).encoded),
        ]
        for (name, bytes) in cases {
            #expect(throws: NitroAttestationError(.malformedCOSE, ""), "\(name)") { _ = try COSESign1(bytes: bytes) }
        }
    }

    @Test func everyFieldIsChecked() throws {
        let pki = try TestPKI()
        guard case .map(let entries) = try pki.document(nonce: [1]).cbor else { Issue.record("not a map"); return }
        func with(_ name: String, _ value: CBOR?) -> [UInt8] {
            var changed = entries.filter { $0.key != .text(name) }
            if let value { changed.append((.text(name), value)) }
            return CBOR.map(changed).encoded
        }
        let cases: [(String, [UInt8], String)] = [
            ("module_id missing", with("module_id", nil), "module_id"), ("module_id empty", with("module_id", .text("")), "module_id"),
            ("module_id null", with("module_id", .null), "module_id"), ("digest", with("digest", .text("SHA256")), "digest"),
            ("timestamp 0", with("timestamp", .unsigned(0)), "timestamp"), ("timestamp text", with("timestamp", .text("1")), "timestamp"),
            ("no pcrs", with("pcrs", .map([])), "pcrs"), ("pcr index 32", with("pcrs", .map([(.unsigned(32), .bytes(Array(repeating: 1, count: 48)))])), "index"),
            ("pcr 47 bytes", with("pcrs", .map([(.unsigned(0), .bytes(Array(repeating: 1, count: 47)))])), "PCR0"),
            ("certificate empty", with("certificate", .bytes([])), "certificate"),
            ("certificate 1025", with("certificate", .bytes(Array(repeating: 1, count: 1025))), "certificate"),
            ("cabundle empty", with("cabundle", .array([])), "cabundle"), ("cabundle item", with("cabundle", .array([.text("x")])), "cabundle[0]"),
            ("public_key empty", with("public_key", .bytes([])), "public_key"), ("user_data 513", with("user_data", .bytes(Array(repeating: 0, count: 513))), "user_data"),
            ("nonce text", with("nonce", .text("n")), "nonce"), ("unknown field", with("extra", .unsigned(1)), "extra"),
            ("not a map", CBOR.array([]).encoded, "not a map"), ("integer key", CBOR.map([(.unsigned(1), .unsigned(1))]).encoded, "key"),
        ]
        for (name, payload, field) in cases {
            #expect("\(name)", performing: { _ = try AttestationDocument(payload: payload) }, throws: { error in
                guard let error = error as? NitroAttestationError else { return false }
                return error.code == .malformedDocument && error.reason.contains(field)
            })
        }
        // The NSM writes absent optional fields as null: accepted as absent.
        let document = try AttestationDocument(payload: with("user_data", .null))
        #expect(document.userData == nil && document.nonce == [1])
    }
}
