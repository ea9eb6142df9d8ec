import ConsensusTypes

/// Reads the fields of one JSON object strictly, naming each field by its full path
/// (`fork_info.fork.epoch`) in every refusal: a required field that is missing or `null`, a value
/// of the wrong JSON type or format, and, through ``finish()``, any field the schema does not have.
struct JSONFields {
    /// The object's path (`""` for the body itself).
    let path: String
    private let fields: [String: JSONValue]
    private var used: Set<String> = []

    /// - Throws: ``SignerError`` (`badRequest`) unless `value` is an object.
    init(_ value: JSONValue, path: String) throws(SignerError) {
        guard case .object(let pairs) = value else {
            throw SignerError(.badRequest, "\(path.isEmpty ? "body" : "field \(path)") must be an object, got \(value.typeName)")
        }
        self.path = path
        var fields: [String: JSONValue] = [:]
        for (key, value) in pairs { fields[key] = value }
        self.fields = fields
    }

    /// The full path of `field`.
    func name(_ field: String) -> String { path.isEmpty ? field : "\(path).\(field)" }

    /// Whether the field is present and not `null`.
    func has(_ field: String) -> Bool {
        if let value = fields[field], value != .null { return true }
        return false
    }

    /// A required field.
    mutating func value(_ field: String) throws(SignerError) -> JSONValue {
        guard let value = optionalValue(field) else { throw SignerError(.badRequest, "missing field \(name(field))") }
        return value
    }

    /// An optional field; `null` counts as absent.
    mutating func optionalValue(_ field: String) -> JSONValue? {
        used.insert(field)
        guard let value = fields[field], value != .null else { return nil }
        return value
    }

    /// A required nested object.
    mutating func object(_ field: String) throws(SignerError) -> JSONFields {
        try JSONFields(try value(field), path: name(field))
    }

    /// A required `uint64` as a decimal string.
    mutating func uint64(_ field: String) throws(SignerError) -> UInt64 {
        try JSONRead.uint64(try value(field), name(field))
    }

    /// A required fixed-length byte value as `0x` hex of exactly its length.
    mutating func fixed<T: FixedBytes>(_ field: String, _ type: T.Type = T.self) throws(SignerError) -> T {
        try JSONRead.fixed(try value(field), name(field))
    }

    /// A required `0x` hex string of any even length.
    mutating func hex(_ field: String) throws(SignerError) -> [UInt8] {
        try JSONRead.hex(try value(field), name(field))
    }

    /// A required string.
    mutating func string(_ field: String) throws(SignerError) -> String {
        try JSONRead.string(try value(field), name(field))
    }

    /// A required array of at most `maximumCount` elements, each with its path (`field[i]`).
    mutating func array(_ field: String, maximumCount: Int) throws(SignerError) -> [(value: JSONValue, path: String)] {
        let value = try value(field)
        guard case .array(let elements) = value else {
            throw SignerError(.badRequest, "field \(name(field)) must be an array, got \(value.typeName)")
        }
        guard elements.count <= maximumCount else {
            throw SignerError(.badRequest, "field \(name(field)) has \(elements.count) elements, at most \(maximumCount) allowed")
        }
        return elements.enumerated().map { ($1, "\(name(field))[\($0)]") }
    }

    /// Refuses fields that were never read.
    func finish() throws(SignerError) {
        let unknown = fields.keys.filter { !used.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw SignerError(.badRequest, "unknown field \(unknown.map(name).joined(separator: ", "))")
        }
    }
}

/// Reads single JSON values in the API's formats.
enum JSONRead {
    /// A string.
    static func string(_ value: JSONValue, _ path: String) throws(SignerError) -> String {
        guard case .string(let text) = value else {
            throw SignerError(.badRequest, "field \(path) must be a string, got \(value.typeName)")
        }
        return text
    }

    /// A `uint64` written as a decimal string (`"0"` … `"18446744073709551615"`), as the
    /// beacon API and Web3Signer write every integer.
    static func uint64(_ value: JSONValue, _ path: String) throws(SignerError) -> UInt64 {
        guard case .string(let text) = value else {
            throw SignerError(.badRequest, "field \(path) must be a decimal string (uint64), got \(value.typeName)")
        }
        guard !text.isEmpty, text.utf8.count <= 20, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw SignerError(.badRequest, "field \(path) must be a decimal string (uint64), got \"\(text.prefix(24))\"")
        }
        guard let number = UInt64(text) else {
            throw SignerError(.badRequest, "field \(path) is out of range for uint64")
        }
        return number
    }

    /// `0x` followed by an even number of hex digits (either case).
    static func hex(_ value: JSONValue, _ path: String) throws(SignerError) -> [UInt8] {
        guard case .string(let text) = value else {
            throw SignerError(.badRequest, "field \(path) must be a 0x hex string, got \(value.typeName)")
        }
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X") else {
            throw SignerError(.badRequest, "field \(path) must start with 0x")
        }
        guard utf8.count % 2 == 0 else { throw SignerError(.badRequest, "field \(path) has an odd number of hex digits") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2 - 1)
        var i = 2
        while i < utf8.count {
            guard let high = digit(utf8[i]), let low = digit(utf8[i + 1]) else {
                throw SignerError(.badRequest, "field \(path) is not hex")
            }
            bytes.append(high << 4 | low)
            i += 2
        }
        return bytes
    }

    /// A fixed-length value: `0x` hex of exactly `T.byteCount` bytes.
    static func fixed<T: FixedBytes>(_ value: JSONValue, _ path: String, _ type: T.Type = T.self) throws(SignerError) -> T {
        let bytes = try hex(value, path)
        guard bytes.count == T.byteCount else {
            throw SignerError(.badRequest, "field \(path) must be \(T.byteCount) bytes, got \(bytes.count)")
        }
        return T(unchecked: bytes)
    }

    private static func digit(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
