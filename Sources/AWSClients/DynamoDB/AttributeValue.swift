#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A DynamoDB attribute value, typed as the wire format types it (`{"S": "…"}`, `{"BOOL": true}`, …).
///
/// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html
/// Numbers stay text (`N`), as DynamoDB keeps 38 digits of precision; binary is base64 on the wire.
package indirect enum AttributeValue: Sendable, Equatable, Hashable, Codable {
    case s(String)
    case n(String)
    case b([UInt8])
    case bool(Bool)
    case null
    case m([String: AttributeValue])
    case l([AttributeValue])
    case ss([String])
    case ns([String])
    case bs([[UInt8]])

    /// The string, if this is an `S`.
    package var string: String? { if case .s(let v) = self { v } else { nil } }
    /// The boolean, if this is a `BOOL`.
    package var bool: Bool? { if case .bool(let v) = self { v } else { nil } }

    private enum Key: String, CodingKey {
        case S, N, B, BOOL, NULL, M, L, SS, NS, BS
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "an AttributeValue has exactly one type key"))
        }
        func binary(_ text: String) throws -> [UInt8] {
            guard let d = Data(base64Encoded: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath, debugDescription: "B is not base64"))
            }
            return Array(d)
        }
        switch key {
        case .S: self = .s(try c.decode(String.self, forKey: .S))
        case .N: self = .n(try c.decode(String.self, forKey: .N))
        case .B: self = .b(try binary(try c.decode(String.self, forKey: .B)))
        case .BOOL: self = .bool(try c.decode(Bool.self, forKey: .BOOL))
        case .NULL: self = .null
        case .M: self = .m(try c.decode([String: AttributeValue].self, forKey: .M))
        case .L: self = .l(try c.decode([AttributeValue].self, forKey: .L))
        case .SS: self = .ss(try c.decode([String].self, forKey: .SS))
        case .NS: self = .ns(try c.decode([String].self, forKey: .NS))
        case .BS: self = .bs(try c.decode([String].self, forKey: .BS).map(binary))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .s(let v): try c.encode(v, forKey: .S)
        case .n(let v): try c.encode(v, forKey: .N)
        case .b(let v): try c.encode(Data(v).base64EncodedString(), forKey: .B)
        case .bool(let v): try c.encode(v, forKey: .BOOL)
        case .null: try c.encode(true, forKey: .NULL)
        case .m(let v): try c.encode(v, forKey: .M)
        case .l(let v): try c.encode(v, forKey: .L)
        case .ss(let v): try c.encode(v, forKey: .SS)
        case .ns(let v): try c.encode(v, forKey: .NS)
        case .bs(let v): try c.encode(v.map { Data($0).base64EncodedString() }, forKey: .BS)
        }
    }
}

/// A DynamoDB item or key: attribute name → value.
package typealias DynamoDBItem = [String: AttributeValue]

/// A condition, filter, key-condition or update expression with its placeholders.
package struct DynamoDBExpression: Sendable {
    package var expression: String
    /// `#name` → attribute name.
    package var names: [String: String]
    /// `:value` → value.
    package var values: DynamoDBItem

    package init(_ expression: String, names: [String: String] = [:], values: DynamoDBItem = [:]) {
        self.expression = expression
        self.names = names
        self.values = values
    }
}
