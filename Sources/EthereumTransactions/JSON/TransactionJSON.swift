import EthereumCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The JSON-RPC transaction object as `eth_signTransaction` takes it and `eth_getTransactionByHash`
/// returns it (https://ethereum.github.io/execution-apis/api-documentation/). Wire type only (R12).
///
/// Quantities are kept as given (hex `0x…` strings, decimal strings, or JSON numbers) and converted
/// by `Transaction(json:)`. Unknown members are an error naming the member.
public struct TransactionJSON: Codable, Hashable, Sendable {
    public var type: JSONValue?
    public var chainId: JSONValue?
    public var nonce: JSONValue?
    public var gas: JSONValue?
    public var gasPrice: JSONValue?
    public var maxPriorityFeePerGas: JSONValue?
    public var maxFeePerGas: JSONValue?
    public var maxFeePerBlobGas: JSONValue?
    public var from: String?
    public var to: String?
    public var value: JSONValue?
    public var input: String?
    public var data: String?
    public var accessList: [AccessListEntryJSON]?
    public var blobVersionedHashes: [String]?
    public var authorizationList: [AuthorizationJSON]?
    // Output-only members (decode-tx).
    public var hash: String?
    public var v: JSONValue?
    public var r: JSONValue?
    public var s: JSONValue?
    public var yParity: JSONValue?

    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case type, chainId, nonce, gas, gasPrice, maxPriorityFeePerGas, maxFeePerGas, maxFeePerBlobGas
        case from, to, value, input, data, accessList, blobVersionedHashes, authorizationList
        case hash, v, r, s, yParity
    }

    /// Set to `true` in a decoder's `userInfo` to read `value` as ether (the wallet payload's
    /// unit): a JSON number, exactly as written, or a decimal string; it is stored as wei.
    static let valueInEther = CodingUserInfoKey(rawValue: "etherkeep.valueInEther")!

    /// `value` in ether → wei, from the number's digits (Decimal decoding keeps them exactly),
    /// never through a Double.
    private static func etherValue(_ c: KeyedDecodingContainer<CodingKeys>) throws -> JSONValue? {
        guard c.contains(.value) else { return nil }
        let text: String
        if let string = try? c.decode(String.self, forKey: .value) {
            text = string
        } else if let number = try? c.decode(Decimal.self, forKey: .value), number.isFinite {
            text = number.description
            // Decimal keeps 38 significant digits: a number that fills them may have lost some.
            let significant = text.filter(\.isNumber).drop { $0 == "0" }.reversed().drop { $0 == "0" }.count
            guard significant < 38 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .value, in: c, debugDescription: "a number of 38 or more significant digits is not read exactly: write the amount as a string")
            }
        } else {
            throw DecodingError.dataCorruptedError(forKey: .value, in: c, debugDescription: "expected an amount of ether (a number such as 0.01)")
        }
        do {
            return .string(try Units.parse(jsonNumber: text, unit: .ether).description)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .value, in: c, debugDescription: "\(error.reason) (ether)")
        }
    }

    public init(from decoder: any Decoder) throws {
        try StrictJSON.rejectUnknownKeys(decoder, CodingKeys.self, in: "transaction")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decodeIfPresent(JSONValue.self, forKey: .type)
        chainId = try c.decodeIfPresent(JSONValue.self, forKey: .chainId)
        nonce = try c.decodeIfPresent(JSONValue.self, forKey: .nonce)
        gas = try c.decodeIfPresent(JSONValue.self, forKey: .gas)
        gasPrice = try c.decodeIfPresent(JSONValue.self, forKey: .gasPrice)
        maxPriorityFeePerGas = try c.decodeIfPresent(JSONValue.self, forKey: .maxPriorityFeePerGas)
        maxFeePerGas = try c.decodeIfPresent(JSONValue.self, forKey: .maxFeePerGas)
        maxFeePerBlobGas = try c.decodeIfPresent(JSONValue.self, forKey: .maxFeePerBlobGas)
        from = try c.decodeIfPresent(String.self, forKey: .from)
        to = try c.decodeIfPresent(String.self, forKey: .to)
        if decoder.userInfo[Self.valueInEther] as? Bool == true {
            value = try Self.etherValue(c)
        } else {
            value = try c.decodeIfPresent(JSONValue.self, forKey: .value)
        }
        input = try c.decodeIfPresent(String.self, forKey: .input)
        data = try c.decodeIfPresent(String.self, forKey: .data)
        accessList = try c.decodeIfPresent([AccessListEntryJSON].self, forKey: .accessList)
        blobVersionedHashes = try c.decodeIfPresent([String].self, forKey: .blobVersionedHashes)
        authorizationList = try c.decodeIfPresent([AuthorizationJSON].self, forKey: .authorizationList)
        hash = try c.decodeIfPresent(String.self, forKey: .hash)
        v = try c.decodeIfPresent(JSONValue.self, forKey: .v)
        r = try c.decodeIfPresent(JSONValue.self, forKey: .r)
        s = try c.decodeIfPresent(JSONValue.self, forKey: .s)
        yParity = try c.decodeIfPresent(JSONValue.self, forKey: .yParity)
    }
}

/// `{"address": "0x…", "storageKeys": ["0x…", …]}`.
public struct AccessListEntryJSON: Codable, Hashable, Sendable {
    public var address: String
    public var storageKeys: [String]

    public init(address: String, storageKeys: [String]) {
        self.address = address
        self.storageKeys = storageKeys
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case address, storageKeys }

    public init(from decoder: any Decoder) throws {
        try StrictJSON.rejectUnknownKeys(decoder, CodingKeys.self, in: "accessList entry")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        address = try c.decode(String.self, forKey: .address)
        storageKeys = try c.decode([String].self, forKey: .storageKeys)
    }
}

/// An EIP-7702 authorization: `{"chainId", "address", "nonce", "yParity", "r", "s"}`.
public struct AuthorizationJSON: Codable, Hashable, Sendable {
    public var chainId: JSONValue
    public var address: String
    public var nonce: JSONValue
    public var yParity: JSONValue
    public var r: JSONValue
    public var s: JSONValue

    public init(chainId: JSONValue, address: String, nonce: JSONValue, yParity: JSONValue, r: JSONValue, s: JSONValue) {
        self.chainId = chainId
        self.address = address
        self.nonce = nonce
        self.yParity = yParity
        self.r = r
        self.s = s
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case chainId, address, nonce, yParity, r, s }

    public init(from decoder: any Decoder) throws {
        try StrictJSON.rejectUnknownKeys(decoder, CodingKeys.self, in: "authorization")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        chainId = try c.decode(JSONValue.self, forKey: .chainId)
        address = try c.decode(String.self, forKey: .address)
        nonce = try c.decode(JSONValue.self, forKey: .nonce)
        yParity = try c.decode(JSONValue.self, forKey: .yParity)
        r = try c.decode(JSONValue.self, forKey: .r)
        s = try c.decode(JSONValue.self, forKey: .s)
    }
}
