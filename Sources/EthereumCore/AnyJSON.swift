#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A JSON value of any shape: what `JSONSerialization` gives as `Any`, read with `JSONDecoder` and
/// written with `JSONEncoder`, both in FoundationEssentials (`JSONSerialization` is not, and full
/// Foundation links ICU's 30 MB into the Lambda `bootstrap`, issue 11 §8). Nesting is limited to
/// ``maxDepth`` levels.
package indirect enum AnyJSON: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits `Int64`.
    case integer(Int64)
    /// Any other number.
    case number(Double)
    case string(String)
    case array([AnyJSON])
    case object([String: AnyJSON])

    /// Parses a JSON document whose top level is an object or an array, as
    /// `JSONSerialization.jsonObject(with:)` does without `.fragmentsAllowed`.
    ///
    /// - Throws: ``AnyJSON/ParseError`` when the bytes are not JSON or the top level is a bare value.
    package static func parse(_ bytes: some Collection<UInt8>) throws(ParseError) -> AnyJSON {
        let value: AnyJSON
        do {
            value = try JSONDecoder().decode(AnyJSON.self, from: Data(bytes))
        } catch {
            throw ParseError()
        }
        switch value {
        case .array, .object: return value
        default: throw ParseError()
        }
    }

    /// The bytes were not a JSON object or array.
    package struct ParseError: Error, CustomStringConvertible {
        package var description: String { "not a JSON object or array" }
    }

    /// This value written as compact JSON, object keys sorted (by code point), `/` escaped as `\/`,
    /// as `JSONSerialization.data(withJSONObject:options: [.sortedKeys])` writes keys made of
    /// lower-case ASCII letters, digits and `_`.
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

    /// The deepest nesting decoded, counted from the root: each level tries the JSON types in turn,
    /// which costs time growing with the depth cubed; no document read this way nests near this.
    package static let maxDepth = 64

    /// Decodes any JSON value: null, string, array, object, Bool, then a number (`Int64` when
    /// exact, else `Double`).
    package init(from decoder: any Decoder) throws {
        let depth = decoder.codingPath.count
        guard depth <= Self.maxDepth else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: Array(decoder.codingPath.prefix(8)), debugDescription: "JSON nested deeper than \(Self.maxDepth) levels"))
        }
        /// A type mismatch at this value itself (not inside it): the value is of another JSON type.
        func isOtherType(_ error: any Error) -> Bool {
            if case DecodingError.typeMismatch(_, let context) = error { return context.codingPath.count == depth }
            return false
        }
        // Containers before scalars, and an error from inside a container is the answer: a failed
        // attempt costs an error carrying the coding path.
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        do { self = .array(try container.decode([AnyJSON].self)); return } catch where isOtherType(error) {}
        do { self = .object(try container.decode([String: AnyJSON].self)); return } catch where isOtherType(error) {}
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Int64.self) { self = .integer(value); return }
        self = .number(try container.decode(Double.self))
    }

    /// Encodes the value as the JSON it was read from.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
