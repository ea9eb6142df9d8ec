import CBOR
import Testing

@testable import NSM

/// The NSM API's CBOR as the Rust `nsm_io` crate writes it through serde.
@Suite struct NSMMessageTests {
    @Test func requestsAreTheRustEnumsEncoding() throws {
        let attestation = try CBOR.decode(NSMMessages.attestationRequest(publicKey: nil, userData: [7], nonce: nil))
        let expected = CBOR.map([(.text("Attestation"), .map([(.text("user_data"), .bytes([7])), (.text("nonce"), .null), (.text("public_key"), .null)]))])
        #expect(attestation == expected)
        let describe = try CBOR.decode(NSMMessages.describePCRRequest(8))
        let expectedDescribe = CBOR.map([(.text("DescribePCR"), .map([(.text("index"), .unsigned(8))]))])
        #expect(describe == expectedDescribe)
    }

    @Test func responsesAreReadOrRefusedClearly() throws {
        let document = CBOR.map([(.text("Attestation"), .map([(.text("document"), .bytes([1, 2, 3]))]))]).encoded
        #expect(try NSMMessages.document(document) == [1, 2, 3])
        let pcr = CBOR.map([(.text("DescribePCR"), .map([(.text("lock"), .bool(true)), (.text("data"), .bytes(Array(repeating: 4, count: 48)))]))]).encoded
        #expect(try NSMMessages.pcr(pcr) == (true, Array(repeating: 4, count: 48)))
        #expect(performing: { _ = try NSMMessages.document(CBOR.map([(.text("Error"), .text("InvalidArgument"))]).encoded) }, throws: {
            ($0 as? NSMError)?.code == .refused && "\($0)".contains("InvalidArgument")
        })
        #expect(throws: NSMError(.badResponse, "")) { _ = try NSMMessages.document([0xff]) }
        #expect(throws: NSMError(.badResponse, "")) { _ = try NSMMessages.document(pcr) }
        #expect(throws: NSMError(.badResponse, "")) { _ = try NSMMessages.pcr(CBOR.map([(.text("DescribePCR"), .map([]))]).encoded) }
    }
}
