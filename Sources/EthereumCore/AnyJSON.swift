#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A JSON value of any shape: what `JSONSerialization` gives as `Any`, parsed here as strictly as
/// it parses (RFC 8259: no trailing commas, comments or bare top-level values; UTF-8 only) and
/// written with `JSONEncoder`. `JSONSerialization` is not in FoundationEssentials, and full
/// Foundation links ICU's 30 MB into the Lambda `bootstrap` (issue 11 §8).
package indirect enum AnyJSON: Encodable, Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits `Int64`.
    case integer(Int64)
    /// Any other number, as written (a fraction, an exponent, or an integer beyond `Int64`):
    /// never rounded through `Double`, so a 256-bit quantity written as a number keeps its digits.
    case number(String)
    /// A string, escapes decoded.
    case string(String)
    /// An array, in order.
    case array([AnyJSON])
    /// An object; of repeated keys the last counts, as in `JSONSerialization`.
    case object([String: AnyJSON])

    /// The deepest nesting parsed, as `JSONSerialization`'s limit.
    package static let maxDepth = 512

    /// Parses a JSON document whose top level is an object or an array, as
    /// `JSONSerialization.jsonObject(with:)` does without `.fragmentsAllowed`.
    ///
    /// - Parameters:
    ///   - rejectingDuplicateKeys: refuse an object that names a member twice (parsers disagree
    ///     on which one counts: Foundation's keeps one, Python's the last), instead of keeping the
    ///     last; and refuse a member name that is not ASCII, because Swift compares strings by
    ///     canonical equivalence (`"storage\u{212A}eys"`, with a Kelvin sign, would be read as
    ///     `storageKeys`, a member every other parser sees as unknown). Every name the Ethereum
    ///     formats define is ASCII.
    ///   - allowingScalars: also accept a string, number, `true`, `false` or `null` as the whole
    ///     document (`.fragmentsAllowed`).
    /// - Throws: ``AnyJSON/ParseError`` when the bytes are not such a document (naming a repeated
    ///   member when that is why).
    package static func parse(
        _ bytes: some Collection<UInt8>, rejectingDuplicateKeys: Bool = false, allowingScalars: Bool = false
    ) throws(ParseError) -> AnyJSON {
        var parser = Parser(bytes: Array(bytes), rejectingDuplicateKeys: rejectingDuplicateKeys)
        if parser.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }  // a UTF-8 byte-order mark
        parser.skipWhitespace()
        guard let first = parser.peek(), allowingScalars || first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else { throw ParseError() }
        let value = try parser.value(depth: 1)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw ParseError() }
        return value
    }

    /// The bytes were not a JSON object or array.
    package struct ParseError: Error, CustomStringConvertible {
        /// A member named twice, when that is what is wrong.
        package var duplicateKey: String?
        /// A member name with a non-ASCII character, when that is what is wrong (strict parsing).
        package var nonASCIIKey: String?

        /// What is wrong with a member name in a document that is otherwise JSON, if that is the
        /// failure: a repeated name or a non-ASCII one (strict parsing only).
        package var memberProblem: String? {
            if let key = duplicateKey { return "member \"\(key.prefix(64))\" appears twice" }
            if let key = nonASCIIKey {
                return "member name \"\(key.unicodeScalars.prefix(64).map { $0.escaped(asASCII: true) }.joined())\" is not ASCII"
            }
            return nil
        }

        package var description: String { memberProblem ?? "not a JSON object or array" }
    }

    /// A recursive-descent parser over UTF-8 bytes.
    private struct Parser {
        let bytes: [UInt8]
        let rejectingDuplicateKeys: Bool
        var index = 0

        init(bytes: [UInt8], rejectingDuplicateKeys: Bool = false) {
            self.bytes = bytes
            self.rejectingDuplicateKeys = rejectingDuplicateKeys
        }

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipWhitespace() {
            while let b = peek(), b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { index += 1 }
        }

        mutating func expect(_ literal: String) throws(ParseError) {
            for b in literal.utf8 {
                guard peek() == b else { throw ParseError() }
                index += 1
            }
        }

        mutating func value(depth: Int) throws(ParseError) -> AnyJSON {
            guard depth <= AnyJSON.maxDepth, let b = peek() else { throw ParseError() }
            switch b {
            case UInt8(ascii: "{"):
                index += 1
                var members: [String: AnyJSON] = [:]
                skipWhitespace()
                if peek() == UInt8(ascii: "}") { index += 1; return .object(members) }
                while true {
                    skipWhitespace()
                    guard peek() == UInt8(ascii: "\"") else { throw ParseError() }
                    let key = try string()
                    skipWhitespace()
                    try expect(":")
                    skipWhitespace()
                    if rejectingDuplicateKeys {
                        guard key.utf8.allSatisfy({ $0 < 0x80 }) else { throw ParseError(nonASCIIKey: key) }
                        guard members[key] == nil else { throw ParseError(duplicateKey: key) }
                    }
                    members[key] = try value(depth: depth + 1)
                    skipWhitespace()
                    if peek() == UInt8(ascii: ",") { index += 1; continue }
                    try expect("}")
                    return .object(members)
                }
            case UInt8(ascii: "["):
                index += 1
                var elements: [AnyJSON] = []
                skipWhitespace()
                if peek() == UInt8(ascii: "]") { index += 1; return .array(elements) }
                while true {
                    skipWhitespace()
                    elements.append(try value(depth: depth + 1))
                    skipWhitespace()
                    if peek() == UInt8(ascii: ",") { index += 1; continue }
                    try expect("]")
                    return .array(elements)
                }
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try expect("true"); return .bool(true)
            case UInt8(ascii: "f"): try expect("false"); return .bool(false)
            case UInt8(ascii: "n"): try expect("null"); return .null
            default: return try number()
            }
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
        mutating func number() throws(ParseError) -> AnyJSON {
            let start = index
            func digits(_ p: inout Parser) -> Int {
                let from = p.index
                while let b = p.peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) { p.index += 1 }
                return p.index - from
            }
            if peek() == UInt8(ascii: "-") { index += 1 }
            let leadingZero = peek() == UInt8(ascii: "0")
            let intDigits = digits(&self)
            guard intDigits > 0, !(leadingZero && intDigits > 1) else { throw ParseError() }
            var integral = true
            if peek() == UInt8(ascii: ".") {
                index += 1
                integral = false
                guard digits(&self) > 0 else { throw ParseError() }
            }
            if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
                index += 1
                integral = false
                if let sign = peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { index += 1 }
                guard digits(&self) > 0 else { throw ParseError() }
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if integral, let value = Int64(text) { return .integer(value) }
            // JSONSerialization refuses what no Double holds (1e400); so does this parser.
            guard let value = Double(text), value.isFinite else { throw ParseError() }
            return .number(text)
        }

        /// A string from its opening quote: escapes decoded, control characters and invalid UTF-8 refused.
        mutating func string() throws(ParseError) -> String {
            index += 1  // the opening quote
            var out: [UInt8] = []
            while true {
                guard let b = peek() else { throw ParseError() }
                index += 1
                switch b {
                case UInt8(ascii: "\""):
                    guard let text = String(validating: out, as: UTF8.self) else { throw ParseError() }
                    return text
                case UInt8(ascii: "\\"):
                    guard let e = peek() else { throw ParseError() }
                    index += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var value = try hex4()
                        if (0xD800...0xDBFF).contains(value) {
                            try expect("\\u")
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw ParseError() }
                            value = 0x10000 + (value - 0xD800) << 10 + (low - 0xDC00)
                        }
                        guard let scalar = Unicode.Scalar(value) else { throw ParseError() }  // a lone low surrogate
                        out.append(contentsOf: UTF8.encode(scalar).map(Array.init) ?? [])
                    default: throw ParseError()
                    }
                case 0x00..<0x20: throw ParseError()
                default: out.append(b)
                }
            }
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
                bytes[index..<index + 4].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
            else { throw ParseError() }
            index += 4
            return value
        }
    }

    /// This value written as compact JSON, object keys sorted by code point, `/` escaped as `\/`:
    /// what `JSONSerialization.data(withJSONObject:options: [.sortedKeys])` writes for the keys the
    /// vault writes (lower-case words joined by `_`; it sorts case-insensitively and numerically,
    /// so "B" < "a" and "a10" > "a9" order differently here).
    package func encodedSorted() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Every case encodes: strings, Bool, Int64, finite Double (JSON has no other numbers).
        return (try? Array(encoder.encode(self))) ?? Array("null".utf8)
    }

    /// The object's members, or `nil` when this is not an object.
    package var objectValue: [String: AnyJSON]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The array's elements, or `nil` when this is not an array.
    package var arrayValue: [AnyJSON]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The string, or `nil` when this is not a string.
    package var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// Encodes the value as the JSON it was read from.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let text): try container.encode(Double(text) ?? 0)  // written as JSONSerialization writes it
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
