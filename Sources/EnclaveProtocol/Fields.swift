import CBOR

/// A message's CBOR map read field by field: every accessor names the field (with its path) in
/// the error it throws, and an unknown field is refused.
struct Fields {
    let entries: [String: CBOR]
    /// `rows[3].` for a nested map, empty at the top.
    let path: String

    init(_ payload: [UInt8]) throws(EnclaveProtocolError) {
        let item: CBOR
        do throws(CBORError) {
            item = try CBOR.decode(payload)
        } catch {
            throw Self.bad("the payload is not CBOR: \(error.reason)")
        }
        try self.init(item, "")
    }

    init(_ item: CBOR, _ name: String) throws(EnclaveProtocolError) {
        guard case .map(let pairs) = item else { throw Self.bad(name.isEmpty ? "the payload is not a map" : "\(name) is not a map") }
        var entries: [String: CBOR] = [:]
        for pair in pairs {
            guard case .text(let key) = pair.key else { throw Self.bad("\(name.isEmpty ? "a" : name + ": a") key is not text") }
            entries[key] = pair.value
        }
        self.entries = entries
        self.path = name.isEmpty ? "" : name + "."
    }

    static func bad(_ reason: String) -> EnclaveProtocolError { EnclaveProtocolError(.badMessage, reason) }

    private func value(_ name: String) throws(EnclaveProtocolError) -> CBOR {
        guard let value = entries[name] else { throw Self.bad("\(path)\(name) is missing") }
        return value
    }

    func unsigned(_ name: String) throws(EnclaveProtocolError) -> UInt64 {
        guard case .unsigned(let value) = try value(name) else { throw Self.bad("\(path)\(name) is not an unsigned integer") }
        return value
    }

    func optionalUnsigned(_ name: String) throws(EnclaveProtocolError) -> UInt64? {
        entries[name] == nil ? nil : try unsigned(name)
    }

    func bool(_ name: String) throws(EnclaveProtocolError) -> Bool {
        guard case .bool(let value) = try value(name) else { throw Self.bad("\(path)\(name) is not a boolean") }
        return value
    }

    func optionalBool(_ name: String) throws(EnclaveProtocolError) -> Bool? {
        entries[name] == nil ? nil : try bool(name)
    }

    func text(_ name: String, _ bounds: ClosedRange<Int>) throws(EnclaveProtocolError) -> String {
        guard case .text(let value) = try value(name), bounds.contains(value.utf8.count) else {
            throw Self.bad("\(path)\(name) is not text of \(bounds.lowerBound) to \(bounds.upperBound) bytes")
        }
        return value
    }

    func optionalText(_ name: String, _ bounds: ClosedRange<Int>) throws(EnclaveProtocolError) -> String? {
        entries[name] == nil ? nil : try text(name, bounds)
    }

    func bytes(_ name: String, _ bounds: ClosedRange<Int>) throws(EnclaveProtocolError) -> [UInt8] {
        guard case .bytes(let value) = try value(name), bounds.contains(value.count) else {
            throw Self.bad("\(path)\(name) is not a byte string of \(bounds.lowerBound) to \(bounds.upperBound) bytes")
        }
        return value
    }

    func optionalBytes(_ name: String, _ bounds: ClosedRange<Int>) throws(EnclaveProtocolError) -> [UInt8]? {
        entries[name] == nil ? nil : try bytes(name, bounds)
    }

    func array(_ name: String) throws(EnclaveProtocolError) -> [CBOR] {
        guard case .array(let value) = try value(name) else { throw Self.bad("\(path)\(name) is not an array") }
        return value
    }

    func map(_ name: String) throws(EnclaveProtocolError) -> Fields {
        try Fields(try value(name), path + name)
    }

    func optionalMap(_ name: String) throws(EnclaveProtocolError) -> Fields? {
        entries[name] == nil ? nil : try map(name)
    }

    /// A map of text to text (an encryption context), at most 16 entries of 1…256 bytes each.
    func stringMap() throws(EnclaveProtocolError) -> [String: String] {
        guard entries.count <= 16 else { throw Self.bad("\(path.dropLast()) has \(entries.count) entries; at most 16") }
        var out: [String: String] = [:]
        for (key, value) in entries {
            guard case .text(let text) = value, (1...256).contains(text.utf8.count), (1...256).contains(key.utf8.count) else {
                throw Self.bad("\(path)\(key) is not text of 1 to 256 bytes")
            }
            out[key] = text
        }
        return out
    }
}
