public import EthereumCore
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import Secp256k1

/// EIP-712 typed structured data (https://eips.ethereum.org/EIPS/eip-712), as sent to
/// `eth_signTypedData_v4`: nested structs and arrays (dynamic `T[]` and fixed `T[k]`).
///
/// Strict where wallets are loose: every member of a struct must be present, no unknown members,
/// `bytesN` values must be exactly N bytes, integers must fit their type, and mixed-case addresses
/// must carry a valid EIP-55 checksum. Errors name the path (`message.to.wallets[1]`).
public struct TypedData: Sendable {
    let types: [String: [TypedDataMemberJSON]]
    public let primaryType: String
    let domain: [String: JSONValue]
    let message: [String: JSONValue]
    /// Per struct type, computed once: its members' parsed types, their names, and its type hash
    /// (hashing a message never re-derives them per struct instance, which a long chain of types
    /// and many instances would make quadratic).
    private(set) var layouts: [String: StructLayout]

    struct StructLayout: Sendable {
        let members: [(name: String, type: TypedDataType)]
        let names: Set<String>
        let typeHash: [UInt8]
    }

    /// The most struct types a document may define: real schemas use a few dozen at most, and
    /// each type's `encodeType` lists every type it depends on.
    public static let maximumTypes = 256

    /// Validates a decoded document. Without an `EIP712Domain` type, one is inferred from the
    /// domain's members in the EIP's order (name, version, chainId, verifyingContract, salt).
    public init(_ json: TypedDataJSON) throws(EthereumTransactionsError) {
        var types = json.types
        if types["EIP712Domain"] == nil {
            let known: [(String, String)] = [("name", "string"), ("version", "string"), ("chainId", "uint256"),
                                              ("verifyingContract", "address"), ("salt", "bytes32")]
            types["EIP712Domain"] = known.filter { json.domain[$0.0] != nil }.map { TypedDataMemberJSON(name: $0.0, type: $0.1) }
        }
        self.types = types
        self.primaryType = json.primaryType
        self.domain = json.domain
        self.message = json.message ?? [:]
        self.layouts = [:]
        // Names are compared by Swift's canonical equivalence ("\u{212A}ey" == "Key"), so a name
        // that is not ASCII could resolve to a type or member other readers do not see.
        guard Self.isASCII(primaryType) else { throw Self.error("primaryType", "not ASCII") }
        guard types[primaryType] != nil else { throw Self.error("primaryType", "type \"\(primaryType)\" is not defined in types") }
        guard types.count <= Self.maximumTypes else { throw Self.error("types", "\(types.count) types; at most \(Self.maximumTypes) are accepted") }
        var parsed: [String: [(name: String, type: TypedDataType)]] = [:]
        for (name, members) in types {
            guard Self.isIdentifier(name) else { throw Self.error("types.\(name)", "not a valid struct name") }
            var seen = Set<String>()
            for m in members {
                guard Self.isASCII(m.name), Self.isASCII(m.type) else { throw Self.error("types.\(name)", "a member's name or type is not ASCII") }
                guard seen.insert(m.name).inserted else { throw Self.error("types.\(name).\(m.name)", "duplicate member") }
                parsed[name, default: []].append((m.name, try parse(m.type, at: "types.\(name).\(m.name)")))
            }
        }
        var layouts: [String: StructLayout] = [:]
        for (name, members) in types {
            layouts[name] = StructLayout(
                members: parsed[name] ?? [], names: Set(members.map(\.name)), typeHash: Keccak256.hash(Array(try encodeType(name).utf8)))
        }
        self.layouts = layouts
        if primaryType != "EIP712Domain", json.message == nil { throw Self.error("message", "required") }
    }

    /// Parses `eth_signTypedData_v4` JSON text.
    public init(json: Data) throws(EthereumTransactionsError) {
        let parsed: AnyJSON
        do throws(EthereumTransactionsError) {
            parsed = try Transaction.strictlyParsed(json)
        } catch {
            throw EthereumTransactionsError(.invalidTypedData, error.reason)
        }
        try self.init(jsonObject: parsed)
    }

    /// A document already parsed (the eth1 signer's `params[1]`), with ``init(json:)``'s checks.
    package init(jsonObject: AnyJSON) throws(EthereumTransactionsError) {
        let dto: TypedDataJSON
        do { dto = try AnyJSONDecoder.decode(TypedDataJSON.self, from: jsonObject) } catch {
            let e = EthereumTransactionsError(decoding: error)
            throw EthereumTransactionsError(.invalidTypedData, field: e.field, e.reason)
        }
        try self.init(dto)
    }

    /// `hashStruct(domain)`: the domain separator.
    public func domainSeparator() throws(EthereumTransactionsError) -> [UInt8] {
        try hashStruct("EIP712Domain", domain, at: "domain")
    }

    /// Keccak-256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message)); the message hash is
    /// omitted when the primary type is `EIP712Domain`.
    public func signingHash() throws(EthereumTransactionsError) -> [UInt8] {
        var preimage: [UInt8] = [0x19, 0x01] + (try domainSeparator())
        if primaryType != "EIP712Domain" { preimage += try hashStruct(primaryType, message, at: "message") }
        return Keccak256.hash(preimage)
    }

    /// Signs the document; ``TransactionSignature/rsv`` is the 65-byte `eth_signTypedData_v4` value.
    public func sign(with key: PrivateKey) throws(EthereumTransactionsError) -> TransactionSignature {
        // The document is validated here, with its errors thrown; only then is the digest signed.
        let digest = try signingHash()
        return try ethereumSignature(signing: digest, with: key)
    }

    /// Recovers the signer's address from a 65-byte r ‖ s ‖ v signature.
    public func recover(signature: some Collection<UInt8>) throws(EthereumTransactionsError) -> Address {
        try recoverAddress(digest: signingHash(), rsv: Array(signature))
    }

    /// `encodeType`: `Name(type1 name1,…)` followed by every referenced struct type, sorted by name.
    public func encodeType(_ name: String) throws(EthereumTransactionsError) -> String {
        var deps = Set<String>()
        try collectDependencies(name, into: &deps)
        deps.remove(name)
        return try ([name] + deps.sorted()).map { t throws(EthereumTransactionsError) in
            guard let members = types[t] else { throw Self.error("types", "type \"\(t)\" is not defined") }
            return "\(t)(\(members.map { "\($0.type) \($0.name)" }.joined(separator: ",")))"
        }.joined()
    }

    /// `typeHash = keccak256(encodeType(typeOf(s)))`.
    public func typeHash(_ name: String) throws(EthereumTransactionsError) -> [UInt8] {
        if let layout = layouts[name] { return layout.typeHash }
        return Keccak256.hash(Array(try encodeType(name).utf8))
    }

    /// `hashStruct(s) = keccak256(typeHash ‖ encodeData(s))`.
    func hashStruct(_ name: String, _ value: [String: JSONValue], at path: String) throws(EthereumTransactionsError) -> [UInt8] {
        guard let layout = layouts[name] else { throw Self.error(path, "type \"\(name)\" is not defined") }
        if let unknown = value.keys.filter({ !layout.names.contains($0) }).min() {
            throw Self.error("\(path).\(unknown)", "not a member of \(name)")
        }
        var h = Keccak256()
        h.update(layout.typeHash)
        for m in layout.members {
            guard let v = value[m.name] else { throw Self.error("\(path).\(m.name)", "missing member of \(name)") }
            h.update(try encodeValue(m.type, v, at: "\(path).\(m.name)"))
        }
        return h.finalize()
    }

    private func collectDependencies(_ name: String, into deps: inout Set<String>) throws(EthereumTransactionsError) {
        guard let members = types[name], deps.insert(name).inserted else { return }
        for m in members {
            if case .structType(let s) = try parse(m.type, at: name).innermost { try collectDependencies(s, into: &deps) }
        }
    }

    static func error(_ path: String, _ reason: String) -> EthereumTransactionsError {
        EthereumTransactionsError(.invalidTypedData, field: path, reason)
    }

    /// A Solidity identifier: `[A-Za-z_$][A-Za-z0-9_$]*`, ASCII only.
    static func isIdentifier(_ s: String) -> Bool {
        func letter(_ c: UInt8) -> Bool { (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == 0x5F || c == 0x24 }
        guard let first = s.utf8.first, letter(first) else { return false }
        return s.utf8.allSatisfy { letter($0) || (0x30...0x39).contains($0) }
    }

    static func isASCII(_ s: String) -> Bool { s.utf8.allSatisfy { $0 < 0x80 } }
}
