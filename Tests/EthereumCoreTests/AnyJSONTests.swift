import Foundation
import Testing
@testable import EthereumCore

/// `AnyJSON`, which replaced `JSONSerialization` (not in FoundationEssentials) in the vault and
/// the devnet chain setting: what it accepts, and that it writes what `JSONSerialization` wrote.
@Suite struct AnyJSONTests {
    @Test func objectsAndArraysParseBareValuesAndBadJSONDoNot() {
        #expect(throws: Never.self) { try AnyJSON.parse(Array(#" {"a": [1, -2, 1.5, true, null, "x"]} "#.utf8)) }
        #expect(throws: Never.self) { try AnyJSON.parse(Array("[]".utf8)) }
        let refused = [
            "1", "\"x\"", "null", "true", "{", "[1,]", "{\"a\":1,}", "", "{\"a\" 1}", "[01]", "[1.]", "[.5]", "[+1]", "[1e]", "[tru]",
            "[\"\u{1}\"]", "[\"\\x\"]", "[\"\\ud800\"]", "[\"\\udc00\"]", "[] []", "[1] x", "// c\n[]", "[NaN]", "[1e999]",
        ]
        for text in refused {
            #expect(throws: AnyJSON.ParseError.self, "\(text)") { try AnyJSON.parse(Array(text.utf8)) }
        }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: AnyJSON.ParseError.self) { try AnyJSON.parse([0x5B, 0x22, 0xFF, 0x22, 0x5D]) }
    }

    @Test func repeatedKeysAreRefusedWhenAskedAnywhereInTheDocument() throws {
        #expect(try AnyJSON.parse(Array(#"{"a":1,"a":2}"#.utf8)) == .object(["a": .integer(2)]))
        for text in [#"{"a":1,"a":2}"#, #"{"x":[{"b":true,"b":false}]}"#, #"{"v":{"a":1,"a":2}}"#] {
            #expect(throws: AnyJSON.ParseError.self) { _ = try AnyJSON.parse(Array(text.utf8), rejectingDuplicateKeys: true) }
            do { _ = try AnyJSON.parse(Array(text.utf8), rejectingDuplicateKeys: true) } catch { #expect(error.duplicateKey != nil, "\(text)") }
        }
        #expect((try? AnyJSON.parse(Array(#"{"a":{"a":1},"b":[{"a":2},{"a":3}]}"#.utf8), rejectingDuplicateKeys: true)) != nil)
    }

    @Test func escapesAndRepeatedKeys() throws {
        let value = try AnyJSON.parse(Array(#"{"k": 1, "s": "\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "k": 2}"#.utf8))
        #expect(value == .object(["k": .integer(2), "s": .string("\"\\/\u{8}\u{c}\n\r\té😀")]))
    }

    @Test func valuesKeepTheirTypes() throws {
        let value = try AnyJSON.parse(Array(#"{"i": 32000000000, "n": -1.5, "b": false, "z": null, "s": "a/b", "a": [{}]}"#.utf8))
        #expect(value == .object([
            "i": .integer(32_000_000_000), "n": .number("-1.5"), "b": .bool(false), "z": .null, "s": .string("a/b"), "a": .array([.object([:])]),
        ]))
    }

    @Test func nestingIsLimited() {
        let deep = String(repeating: "[", count: AnyJSON.maxDepth + 2) + String(repeating: "]", count: AnyJSON.maxDepth + 2)
        #expect(throws: AnyJSON.ParseError.self) { try AnyJSON.parse(Array(deep.utf8)) }
        let fine = String(repeating: "[", count: AnyJSON.maxDepth) + String(repeating: "]", count: AnyJSON.maxDepth)
        #expect(throws: Never.self) { try AnyJSON.parse(Array(fine.utf8)) }
    }

    /// Keys of lower-case words joined by `_` (all the vault writes), every value type, escapes:
    /// byte for byte what `JSONSerialization` wrote with `.sortedKeys`.
    @Test func writesWhatJSONSerializationWrote() throws {
        let text = #"[{"pubkey": "0xab", "amount": 32000000000, "neg": -7, "frac": 0.25, "ok": true, "none": null, "path": "m/12381/3600", "quote": "a\"b\\c\u0001\n\té", "list": [1, "x", {"b_c": 1, "a_b": 2, "ab": 3}], "deposit_cli_version": "1.3.1"}]"#
        let ours = try AnyJSON.parse(Array(text.utf8)).encodedSorted()
        let theirs = try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data(text.utf8)), options: [.sortedKeys])
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: theirs, as: UTF8.self))
    }

    @Test func numbersKeepTheirDigitsAndScalarsParseWhenAllowed() throws {
        let value = try AnyJSON.parse(Array(#"[18446744073709551616000, 1.10, -0, 1E+2, 9223372036854775807, -9223372036854775809]"#.utf8))
        #expect(value == .array([.number("18446744073709551616000"), .number("1.10"), .integer(0), .number("1E+2"), .integer(.max), .number("-9223372036854775809")]))
        for (text, expected) in [("1", AnyJSON.integer(1)), (" \"x\" ", .string("x")), ("null", .null), ("true", .bool(true)), ("2.5", .number("2.5"))] {
            #expect(try AnyJSON.parse(Array(text.utf8), allowingScalars: true) == expected)
        }
        #expect(throws: AnyJSON.ParseError.self) { try AnyJSON.parse(Array("1 2".utf8), allowingScalars: true) }
    }

    /// `encoded()` writes JSON that both parsers read back as the same value: every control
    /// character, quotes, backslashes, non-ASCII, exact numbers, nesting.
    @Test func encodedReadsBackAsTheSameValue() throws {
        let controls = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) })
        let value = AnyJSON.object([
            "s": .string(controls + "\"\\/é😀\u{7f}"), "n": .number("123456789012345678901234567890"), "f": .number("-1.5e-7"),
            "i": .integer(.min), "a": .array([.null, .bool(true), .bool(false), .object([:]), .array([])]), "": .string(""),
        ])
        let bytes = value.encoded()
        #expect(try AnyJSON.parse(bytes, rejectingDuplicateKeys: true) == value)
        let foundation = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(foundation["s"] as? String == controls + "\"\\/é😀\u{7f}")
        #expect((foundation["a"] as? [Any])?.count == 5)
    }
}
