/// Strict decoding of outside JSON, shared by every wire type that reads it (transactions, typed
/// data, EIP-2335 and V3 keystores): unknown members are refused, and a `DecodingError` becomes
/// the JSON path of what is wrong (`accessList[0].address`) and a reason.
package enum StrictJSON {
    /// Throws a `DecodingError.dataCorrupted` naming the first (sorted) member of the object being
    /// decoded that is not in `Keys` (`unknown field "x" in <object>`; its underlying error is an
    /// ``UnknownMember``).
    package static func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ decoder: any Decoder, _: Keys.Type, in object: String) throws {
        // `Keys(stringValue:)` is the declared set: no set of names is built per object decoded.
        try reject(decoder, in: object) { Keys(stringValue: $0) != nil }
    }

    /// As above, with the allowed member names given as a list.
    package static func rejectUnknownKeys(_ decoder: any Decoder, allowed: [String], in object: String) throws {
        try reject(decoder, in: object, knowing: allowed.contains)
    }

    private static func reject(_ decoder: any Decoder, in object: String, knowing known: (String) -> Bool) throws {
        let container = try decoder.container(keyedBy: MemberKey.self)
        var unknown: String?
        for key in container.allKeys where !known(key.stringValue) {
            if unknown.map({ key.stringValue < $0 }) ?? true { unknown = key.stringValue }
        }
        if let unknown {
            let member = UnknownMember(name: unknown, object: object)
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath + [MemberKey(stringValue: unknown)], debugDescription: member.description,
                underlyingError: member))
        }
    }

    /// A member the wire type does not declare.
    package struct UnknownMember: Error, CustomStringConvertible {
        /// The member's name, as it appeared.
        package let name: String
        /// What object it appeared in (`keystore`, `crypto`, …).
        package let object: String
        package var description: String { "unknown field \"\(name)\" in \(object)" }
    }

    /// What a decoding failure names: the JSON path (`nil` for the whole document) and why.
    package struct Failure: Sendable {
        package let field: String?
        package let reason: String

        /// Reads `error` (a `DecodingError`, or any other error, whose description becomes the reason).
        package init(_ error: any Error) {
            guard let e = error as? DecodingError else {
                (field, reason) = (nil, "\(error)")
                return
            }
            switch e {
            case .dataCorrupted(let c):
                (field, reason) = (c.codingPath.isEmpty ? nil : Self.path(c.codingPath), c.debugDescription)
            case .keyNotFound(let key, let c):
                (field, reason) = (Self.path(c.codingPath + [key]), "required")
            case .typeMismatch(let type, let c):
                (field, reason) = (Self.path(c.codingPath), "wrong type (expected \(type))")
            case .valueNotFound(let type, let c):
                (field, reason) = (Self.path(c.codingPath), "null where \(type) is expected")
            @unknown default:
                (field, reason) = (nil, "\(e)")
            }
        }

        /// `a.b[0].c` from coding keys.
        private static func path(_ keys: [any CodingKey]) -> String {
            keys.reduce("") { acc, k in k.intValue.map { acc + "[\($0)]" } ?? (acc.isEmpty ? k.stringValue : acc + "." + k.stringValue) }
        }
    }

    /// Any object member's name as a coding key.
    private struct MemberKey: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}
