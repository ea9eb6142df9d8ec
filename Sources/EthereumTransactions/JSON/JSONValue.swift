/// Any JSON value, with numbers kept as their exact decimal text (never rounded through `Double`).
///
/// Wire type only (R12): no logic beyond decoding and encoding.
public indirect enum JSONValue: Hashable, Sendable, Codable {
    case null
    case bool(Bool)
    /// An integer, as decimal text (may carry a leading `-`).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The deepest nesting decoded, counted from the document's root. Foundation's decoder accepts
    /// 512 levels, and trying each JSON type in turn costs time cubic in the depth (a 3 KB payload
    /// of nested arrays took seconds); no transaction or EIP-712 document comes near this.
    public static let maxDepth = 64

    public init(from decoder: any Decoder) throws {
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
        // Containers first: every failed attempt costs an error carrying the coding path, so nested
        // arrays and objects must not pay for five scalar attempts per level. An error from inside
        // a container is the answer, not a reason to try another type.
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null; return }
        if let s = try? c.decode(String.self) { self = .string(s); return }
        do { self = .array(try c.decode([JSONValue].self)); return } catch where isOtherType(error) {}
        do { self = .object(try c.decode([String: JSONValue].self)); return } catch where isOtherType(error) {}
        if let b = try? c.decode(Bool.self) { self = .bool(b); return }
        if let u = try? c.decode(UInt64.self) { self = .number(String(u)); return }
        if let i = try? c.decode(Int64.self) { self = .number(String(i)); return }
        if (try? c.decode(Double.self)) != nil {
            // A fraction, an exponent or more than 64 bits: read through a Double it could round
            // (0.99999999999999999999 to 1, 1e-400 to 0), so it is refused rather than signed.
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "a number with a fraction or an exponent, or beyond 64 bits, is not read exactly; write it as a string")
        }
        throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a JSON value this decoder reads (a number beyond Double?)")
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .number(let n):
            if let u = UInt64(n) { try c.encode(u) } else if let i = Int64(n) { try c.encode(i) } else { try c.encode(n) }
        case .string(let s): try c.encode(s)
        case .array(let a): try c.encode(a)
        case .object(let o): try c.encode(o)
        }
    }

    /// A short name of the JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
