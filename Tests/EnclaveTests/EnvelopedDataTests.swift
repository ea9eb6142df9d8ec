@testable import Enclave
import Foundation
import TestSupport
import Testing

/// The parser on damaged input: truncation at every offset, trailing bytes, size limits, and every
/// single-byte change of a real envelope (each must return or throw ``EnclaveError``, never crash).
@Suite struct EnvelopedDataTests {
    static func samples(_ key: RecipientKey) throws -> [[UInt8]] {
        try CMSReference.envelopes(to: key, [
            .init(plaintext: Array(repeating: 1, count: 32), form: .ber, chunk: 16),
            .init(plaintext: Array(repeating: 2, count: 20), form: .der),
            .init(plaintext: Array(repeating: 3, count: 17), form: .berAll, chunk: 7),
        ])
    }

    @Test func truncationAtEveryOffsetIsReportedAsTruncated() throws {
        let key = try RecipientKey()
        for (sample, envelope) in try Self.samples(key).enumerated() {
            #expect(throws: Never.self) { try EnvelopedData(ciphertextForRecipient: envelope) }
            for length in 0..<envelope.count {
                do throws(EnclaveError) {
                    _ = try EnvelopedData(ciphertextForRecipient: Array(envelope.prefix(length)))
                    Issue.record("sample \(sample): a \(length)-byte prefix was accepted")
                } catch {
                    #expect(error.code == .truncated, "sample \(sample), \(length) of \(envelope.count) bytes: \(error)")
                }
            }
        }
    }

    @Test func trailingBytesAreRefused() throws {
        let key = try RecipientKey()
        for envelope in try Self.samples(key) {
            for trailer in [[0x00], [0x00, 0x00], [0x30, 0x00], envelope] as [[UInt8]] {
                #expect(throws: EnclaveError(.malformed, "")) { try EnvelopedData(ciphertextForRecipient: envelope + trailer) }
            }
        }
    }

    @Test func oversizedInputIsRefusedBeforeParsing() throws {
        let huge = [UInt8](repeating: 0x30, count: EnvelopedData.maximumByteCount + 1)
        #expect(throws: EnclaveError(.tooLarge, "")) { try EnvelopedData(ciphertextForRecipient: huge) }
        #expect(throws: EnclaveError(.truncated, "")) { try EnvelopedData(ciphertextForRecipient: []) }
    }

    /// A 4112-byte plaintext pads to 4128 bytes of content: more than a KMS response holds.
    @Test func oversizedContentIsRefused() throws {
        let key = try RecipientKey()
        let envelopes = try CMSReference.envelopes(to: key, [.init(plaintext: Array(repeating: 9, count: 4112), form: .ber, chunk: 2048)])
        let envelope = try #require(envelopes.first)
        #expect(throws: EnclaveError(.tooLarge, "")) { try EnvelopedData(ciphertextForRecipient: envelope) }
    }

    /// Nesting deeper than SwiftASN1's limit (50) is refused, not recursed into.
    @Test(arguments: [60, 2000])
    func deepNestingIsRefused(depth: Int) {
        let nested = Array([[UInt8]](repeating: [0x30, 0x80], count: depth).joined()) + Array(repeating: 0, count: 2 * depth)
        do throws(EnclaveError) {
            _ = try EnvelopedData(ciphertextForRecipient: nested)
            Issue.record("accepted")
        } catch {
            #expect(error.code == .malformed && error.reason.contains("depth"), "\(error)")
        }
    }

    /// Every single-byte change of a KMS-shaped envelope returns or throws `EnclaveError`.
    @Test func everySingleByteChangeIsHandled() throws {
        let key = try RecipientKey()
        let envelope = try #require(try Self.samples(key).first)
        var accepted = 0
        for index in envelope.indices {
            for change: UInt8 in [0x01, 0x80, 0xff] {
                var damaged = envelope
                damaged[index] ^= change
                if (try? key.decrypt(ciphertextForRecipient: damaged)) != nil { accepted += 1 }
            }
        }
        // Only changes the checks cannot see (the recipient identifier, the IV, all but the last
        // two content blocks) may still decrypt, to some other plaintext.
        #expect(accepted < envelope.count)
    }
}

/// PKCS#7 removal (RFC 5652 §6.3) on its own.
@Suite struct PKCS7Tests {
    static func unpad(_ bytes: [UInt8]) throws(EnclaveError) -> [UInt8] {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(EnclaveError) in try PKCS7.unpad(raw).testBytes } }
        return try result.get()
    }

    @Test(arguments: 1...16)
    func validPaddingIsRemoved(length: Int) throws {
        let plaintext = [UInt8](repeating: 0xee, count: 32 - length)
        let padded = plaintext + Array(repeating: UInt8(length), count: length)
        #expect(try Self.unpad(padded) == plaintext)
    }

    @Test(arguments: [
        [UInt8](repeating: 0, count: 16),                       // pad length 0
        [UInt8](repeating: 17, count: 32),                      // pad length 17
        [UInt8](repeating: 0xff, count: 16),                    // pad length 255
        Array(repeating: 0xee, count: 13) + [2, 3, 3],          // 3 claimed, one byte differs
        Array(repeating: 16, count: 15) + [16] + Array(repeating: 0, count: 15) + [16], // second block bad
        [UInt8](repeating: 4, count: 15),                       // not whole blocks
        [UInt8](),
    ])
    func invalidPaddingIsRefused(padded: [UInt8]) {
        #expect(throws: EnclaveError(.badPadding, "")) { try Self.unpad(padded) }
    }
}
