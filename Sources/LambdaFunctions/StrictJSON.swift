import EthereumCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Decoding of function payloads: a JSON object whose members are all known, decoded into a wire
/// type, with errors that name the member at fault.
enum StrictJSON {
    /// Decodes `payload` as `T` after checking it is an object whose member names are all in `allowed`.
    static func decode<T: Decodable>(_ type: T.Type, from payload: [UInt8], allowed: Set<String>) throws(LambdaFunctionsError) -> T {
        // A member named twice is refused anywhere in the payload: which one counts differs
        // between parsers (the reference's Python keeps the last).
        do throws(AnyJSON.ParseError) {
            _ = try AnyJSON.parse(payload, rejectingDuplicateKeys: true)
        } catch {
            if let problem = error.memberProblem { throw LambdaFunctionsError(.invalidPayload, problem) }
        }
        let members: [String: AnyMember]
        do {
            members = try JSONDecoder().decode([String: AnyMember].self, from: Data(payload))
        } catch {
            throw LambdaFunctionsError(.invalidPayload, "the payload must be a JSON object")
        }
        if let unknown = members.keys.filter({ !allowed.contains($0) }).sorted().first {
            throw LambdaFunctionsError(.invalidPayload, "unknown field \"\(unknown.prefix(64))\" (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(payload))
        } catch let error as DecodingError {
            throw LambdaFunctionsError(.invalidPayload, describe(error))
        } catch {
            throw LambdaFunctionsError(.invalidPayload, "the payload does not decode: \(error)")
        }
    }

    /// "field: what is wrong" for a decoding error.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let names = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "payload" : names.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(describeType(type))"
        case .valueNotFound(let type, let context): return "\(path(context)): expected \(describeType(type)), got null"
        case .keyNotFound(let key, _): return "\(key.stringValue) is required"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "the payload does not decode"
        }
    }

    private static func describeType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is UInt64.Type, is Int64.Type, is UInt.Type: "an integer"
        default: "a value of type \(type)"
        }
    }
}

/// Any JSON value, skipped: used only to list an object's member names.
private struct AnyMember: Decodable {
    init(from decoder: any Decoder) throws {}
}

/// A decimal amount from JSON: a number (kept exactly, never through `Double`) or a string.
struct DecimalText: Decodable, Sendable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let string = try? container.decode(String.self) {
            text = string
        } else {
            text = "\(try container.decode(Decimal.self))"
        }
    }
}
