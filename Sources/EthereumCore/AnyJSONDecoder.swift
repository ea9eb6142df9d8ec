/// A `Decoder` over an already parsed ``AnyJSON`` value: a wire type's `init(from:)` runs on it
/// exactly as it runs under `JSONDecoder` (the same member checks, the same `DecodingError`s with
/// the same coding paths), without writing the value back to bytes and parsing them again.
///
/// Numbers: a JSON integer decodes as any integer type it fits and as `Double`/`Float`; a
/// ``AnyJSON/number(_:)`` (fraction, exponent, or beyond `Int64`) as an integer type only when its
/// text is an integer that fits (so `18446744073709551615` is a `UInt64`), else as `Double`/`Float`.
/// A mismatch is `DecodingError.typeMismatch` at the value's own path, as `JSONDecoder` reports it.
package struct AnyJSONDecoder: Decoder {
    package let value: AnyJSON
    package let codingPath: [any CodingKey]
    package var userInfo: [CodingUserInfoKey: Any] { [:] }

    package init(_ value: AnyJSON, codingPath: [any CodingKey] = []) {
        self.value = value
        self.codingPath = codingPath
    }

    /// Decodes `type` from `value`.
    ///
    /// - Throws: the `DecodingError`s `type`'s `init(from:)` throws.
    package static func decode<T: Decodable>(_ type: T.Type, from value: AnyJSON) throws -> T {
        try T(from: AnyJSONDecoder(value))
    }

    package func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: Any].self) }
        return KeyedDecodingContainer(Keyed<Key>(members: members, codingPath: codingPath))
    }

    package func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw mismatch([Any].self) }
        return Unkeyed(elements: elements, codingPath: codingPath)
    }

    package func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(value: value, codingPath: codingPath) }

    func mismatch(_ type: Any.Type) -> DecodingError {
        Self.mismatch(type, value, codingPath)
    }

    /// The error carries `type`; its description does not spell it out, because wire types try
    /// one JSON type after another and naming a type costs a demangling per attempt.
    static func mismatch(_ type: Any.Type, _ value: AnyJSON, _ codingPath: [any CodingKey]) -> DecodingError {
        if case .null = value {
            return .valueNotFound(type, .init(codingPath: codingPath, debugDescription: "Found null where a value is expected."))
        }
        return .typeMismatch(type, .init(codingPath: codingPath, debugDescription: "Found " + value.kindName + " where another type is expected."))
    }

    /// An array element's coding key.
    struct IndexKey: CodingKey {
        let intValue: Int?
        var stringValue: String { "Index \(intValue ?? 0)" }
        init(intValue: Int) { self.intValue = intValue }
        init?(stringValue: String) { nil }
    }

    // MARK: - Scalars, shared by the three containers

    static func scalar<T: Decodable>(_ type: T.Type, _ value: AnyJSON, _ codingPath: [any CodingKey]) throws -> T {
        var found: Any?
        if type == Bool.self {
            if case .bool(let b) = value { found = b }
        } else if type == String.self {
            if case .string(let s) = value { found = s }
        } else if type == Double.self {
            found = double(value)
        } else if type == Float.self {
            found = double(value).map { Float($0) }
        } else if let integer = type as? any FixedWidthInteger.Type {
            switch value {
            case .integer(let i):
                guard let exact = integer.init(exactly: i) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "Number \(i) does not fit in \(type)."))
                }
                found = exact
            case .number(let text): found = integer.init(text, radix: 10)
            default: break
            }
        } else {
            return try T(from: AnyJSONDecoder(value, codingPath: codingPath))
        }
        if let result = found as? T { return result }
        throw mismatch(type, value, codingPath)
    }

    private static func double(_ value: AnyJSON) -> Double? {
        switch value {
        case .integer(let i): Double(i)
        case .number(let text): Double(text)
        default: nil
        }
    }

    // MARK: - Containers

    struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [String: AnyJSON]
        let codingPath: [any CodingKey]

        var allKeys: [Key] { members.keys.compactMap { Key(stringValue: $0) } }
        func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

        private func member(_ key: Key) throws -> AnyJSON {
            guard let value = members[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)."))
            }
            return value
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            if case .null = try member(key) { return true }
            return false
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try AnyJSONDecoder.scalar(type, try member(key), codingPath + [key])
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            try AnyJSONDecoder(try member(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try AnyJSONDecoder(try member(key), codingPath: codingPath + [key]).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { AnyJSONDecoder(.object(members), codingPath: codingPath) }
        func superDecoder(forKey key: Key) throws -> any Decoder { AnyJSONDecoder(members[key.stringValue] ?? .null, codingPath: codingPath + [key]) }
    }

    struct Unkeyed: UnkeyedDecodingContainer {
        let elements: [AnyJSON]
        let codingPath: [any CodingKey]
        var currentIndex = 0

        init(elements: [AnyJSON], codingPath: [any CodingKey]) {
            self.elements = elements
            self.codingPath = codingPath
        }

        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        private mutating func next(_ type: Any.Type) throws -> (AnyJSON, [any CodingKey]) {
            let path = codingPath + [IndexKey(intValue: currentIndex)]
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "Unkeyed container is at end."))
            }
            defer { currentIndex += 1 }
            return (elements[currentIndex], path)
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd else { return false }
            if case .null = elements[currentIndex] {
                currentIndex += 1
                return true
            }
            return false
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (value, path) = try next(type)
            return try AnyJSONDecoder.scalar(type, value, path)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            let (value, path) = try next([String: Any].self)
            return try AnyJSONDecoder(value, codingPath: path).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let (value, path) = try next([Any].self)
            return try AnyJSONDecoder(value, codingPath: path).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder {
            let (value, path) = try next(AnyJSON.self)
            return AnyJSONDecoder(value, codingPath: path)
        }
    }

    struct Single: SingleValueDecodingContainer {
        let value: AnyJSON
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool {
            if case .null = value { return true }
            return false
        }

        func decode<T: Decodable>(_ type: T.Type) throws -> T { try AnyJSONDecoder.scalar(type, value, codingPath) }
    }
}

extension AnyJSON {
    /// The JSON type's name, for error messages ("a string", "an object", …).
    package var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
