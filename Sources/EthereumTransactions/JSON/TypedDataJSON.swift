import EthereumCore
/// The `eth_signTypedData_v4` document (https://eips.ethereum.org/EIPS/eip-712#specification-of-the-eth_signtypeddata-json-rpc):
/// `{"types": {name: [{"name", "type"}]}, "primaryType", "domain", "message"}`. Wire type only (R12).
public struct TypedDataJSON: Codable, Hashable, Sendable {
    public var types: [String: [TypedDataMemberJSON]]
    public var primaryType: String
    public var domain: [String: JSONValue]
    public var message: [String: JSONValue]?

    enum CodingKeys: String, CodingKey, CaseIterable { case types, primaryType, domain, message }

    public init(from decoder: any Decoder) throws {
        try StrictJSON.rejectUnknownKeys(decoder, CodingKeys.self, in: "typed data")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        types = try c.decode([String: [TypedDataMemberJSON]].self, forKey: .types)
        primaryType = try c.decode(String.self, forKey: .primaryType)
        domain = try c.decode([String: JSONValue].self, forKey: .domain)
        message = try c.decodeIfPresent([String: JSONValue].self, forKey: .message)
    }
}

/// One struct member: `{"name": "from", "type": "Person"}`.
public struct TypedDataMemberJSON: Codable, Hashable, Sendable {
    public var name: String
    public var type: String

    enum CodingKeys: String, CodingKey, CaseIterable { case name, type }

    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }

    public init(from decoder: any Decoder) throws {
        try StrictJSON.rejectUnknownKeys(decoder, CodingKeys.self, in: "type member")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        type = try c.decode(String.self, forKey: .type)
    }
}
