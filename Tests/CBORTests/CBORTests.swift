import CBOR
import Testing
import TestSupport

/// RFC 8949 Appendix A examples of the subset, and every refusal the decoder makes.
@Suite struct CBORTests {
    @Test(arguments: [
        ("00", CBOR.unsigned(0)), ("17", .unsigned(23)), ("1818", .unsigned(24)), ("1903e8", .unsigned(1000)),
        ("1bffffffffffffffff", .unsigned(.max)), ("20", .negative(0)), ("3863", .negative(99)),
        ("40", .bytes([])), ("4401020304", .bytes([1, 2, 3, 4])), ("60", .text("")), ("6449455446", .text("IETF")),
        ("62c3bc", .text("ü")), ("80", .array([])), ("83010203", .array([.unsigned(1), .unsigned(2), .unsigned(3)])),
        ("a201020304", .map([(.unsigned(1), .unsigned(2)), (.unsigned(3), .unsigned(4))])),
        ("c11a514b67b0", .tagged(1, .unsigned(1_363_896_240))), ("f4", .bool(false)), ("f5", .bool(true)), ("f6", .null),
    ])
    func decodesAndEncodesTheRFCExamples(hex: String, item: CBOR) throws {
        let bytes = hexBytes(hex)
        #expect(try CBOR.decode(bytes) == item)
        #expect(item.encoded == bytes)
    }

    @Test func aNonShortestLengthDecodesAndReencodesShortest() throws {
        let item = try CBOR.decode([0x19, 0x00, 0x05])
        #expect(item == .unsigned(5))
        let encoded = item.encoded
        #expect(encoded == [0x05])
    }

    @Test(arguments: [
        ("", "truncated"), ("19", "truncated"), ("0001", "after the item"), ("5f4100ff", "indefinite"), ("9f01ff", "indefinite"),
        ("1c", "reserved"), ("f93c00", "float"), ("f7", "simple"), ("62c328", "UTF-8"), ("a201020103", "duplicate"),
        ("5a7fffffff00", "past the end"), ("9b00000000ffffffff00", "past the end"), ("bb00000000ffffffff00", "past the end"),
        (String(repeating: "81", count: 16) + "00", "deeper"),
    ])
    func refusesNamingWhatIsWrong(hex: String, words: String) {
        #expect {
            _ = try CBOR.decode(hexBytes(hex))
        } throws: { error in
            guard let error = error as? CBORError else { return false }
            return error.code == .malformed && error.reason.contains(words)
        }
    }

    @Test func fifteenLevelsOfNestingAreAccepted() throws {
        let bytes = Array(repeating: UInt8(0x81), count: 15) + [0x00]
        var item = CBOR.unsigned(0)
        for _ in 0..<15 { item = .array([item]) }
        #expect(try CBOR.decode(bytes) == item)
    }

    @Test func aMapIsReadByKey() throws {
        let map = try CBOR.decode(hexBytes("a2616101616202"))
        #expect(map[.text("a")] == .unsigned(1))
        #expect(map[.text("b")] == .unsigned(2))
        #expect(map[.text("c")] == nil)
        #expect(CBOR.unsigned(1)[.text("a")] == nil)
    }
}
