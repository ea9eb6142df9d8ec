import CBOR
import Foundation
import NitroAttestation
import NSM
import Testing
import TestSupport

@Suite struct StandInNSMTests {
    static let pcr0 = Array(repeating: UInt8(0x5a), count: 48)

    @Test func itsDocumentsVerifyUnderItsOwnRootOnly() async throws {
        let nsm = try StandInNSM(pcrs: [0: Self.pcr0, 8: Array(repeating: 8, count: 48)])
        let spki = Array(repeating: UInt8(0x30), count: 294), nonce = Array(repeating: UInt8(1), count: 32)
        let signed = try nsm.attestation(publicKey: spki, userData: Array("boot".utf8), nonce: nonce)
        let policy = AttestationPolicy(expectedPCRs: [0: Self.pcr0], nonce: nonce)
        let document = try await AttestationVerifier(rootPEM: nsm.rootPEM).verify(signed, at: Date(), policy: policy)
        #expect(document.publicKey == spki && document.userData == Array("boot".utf8) && document.moduleID.hasPrefix("stand-in"))
        #expect(document.pcrs[0] == Self.pcr0 && document.pcrs[3] == Array(repeating: 0, count: 48) && document.pcrs.count == 16)
        await #expect(throws: NitroAttestationError(.untrustedChain, "")) {
            _ = try await AttestationVerifier().verify(signed, at: Date(), policy: policy)
        }
        // Another stand-in's root does not vouch for this one.
        let other = try StandInNSM(pcrs: [0: Self.pcr0])
        await #expect(throws: NitroAttestationError(.untrustedChain, "")) {
            _ = try await AttestationVerifier(rootPEM: other.rootPEM).verify(signed, at: Date(), policy: policy)
        }
        #expect(try nsm.describePCR(0) == (true, Self.pcr0))
        #expect(throws: NSMError(.refused, "")) { _ = try nsm.describePCR(32) }
        #expect(throws: NSMError(.refused, "")) { _ = try nsm.attestation(publicKey: [], userData: nil, nonce: nil) }
        #expect(throws: NSMError(.refused, "")) { _ = try nsm.attestation(publicKey: nil, userData: Array(repeating: 0, count: 513), nonce: nil) }
    }

    struct Request: Encodable { let document: String; let root_pem: String }
    struct Reference: Decodable {
        let signature_valid: Bool, chain_valid: Bool, module_id: String, pcr0: String
        let nonce: String?, public_key: String?, user_data: String?
    }

    /// Python `cbor2` + `cryptography` read the stand-in's documents as AWS's are read.
    @Test func anIndependentReaderAgrees() throws {
        let nsm = try StandInNSM(pcrs: [0: Self.pcr0])
        let signed = try nsm.attestation(publicKey: [1, 2, 3], userData: nil, nonce: [9, 9])
        let reference = try PythonReference.run("cose_reference.py", Request(document: hexString(signed), root_pem: nsm.rootPEM), as: Reference.self)
        #expect(reference.signature_valid && reference.chain_valid && reference.module_id == nsm.moduleID)
        #expect(reference.pcr0 == hexString(Self.pcr0) && reference.nonce == "0909" && reference.public_key == "010203" && reference.user_data == nil)
        var tampered = signed
        tampered[tampered.count - 1] ^= 1
        let refused = try PythonReference.run("cose_reference.py", Request(document: hexString(tampered), root_pem: nsm.rootPEM), as: Reference.self)
        #expect(!refused.signature_valid)
    }
}

@Suite struct NSMDeviceTests {
    /// These machines have no Nitro card: the device says so clearly. Inside an enclave the same
    /// test reads PCR0 instead.
    @Test func theDeviceIsUsedOnlyWhereItExists() throws {
        if NSMDevice.isPresent {
            let (locked, value) = try NSMDevice().describePCR(0)
            #expect(locked && value.count == 48)
            print("NSM: /dev/nsm present; PCR0 \(hexString(value))")
        } else {
            #expect(performing: { _ = try NSMDevice().attestation(publicKey: nil, userData: nil, nonce: nil) }, throws: { error in
                (error as? NSMError)?.code == .unavailable && "\(error)".contains("/dev/nsm")
            })
            print("NSM: no /dev/nsm on this machine (not a Nitro enclave); the stand-in is used")
        }
    }
}
