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
            "i": .integer(32_000_000_000), "n": .number(-1.5), "b": .bool(false), "z": .null, "s": .string("a/b"), "a": .array([.object([:])]),
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
}
