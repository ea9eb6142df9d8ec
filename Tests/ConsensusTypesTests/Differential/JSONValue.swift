/// A JSON value for the Python reference: the spec's field names, numbers for `uint8`…`uint64`,
/// decimal strings for `uint128`/`uint256`, hex for bytes, `"0101…"` for bit fields.
indirect enum JSONValue: Encodable {
    case number(UInt64)
    case string(String)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])

    func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        switch self {
        case .number(let n): try single.encode(n)
        case .string(let s): try single.encode(s)
        case .bool(let b): try single.encode(b)
        case .array(let a): try single.encode(a)
        case .object(let o): try single.encode(o)
        }
    }
}
