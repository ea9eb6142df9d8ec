public import EthereumCore
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension Transaction {
    /// Parses a JSON-RPC transaction object (`eth_signTransaction` style) and validates it.
    ///
    /// Quantities may be `0x` hex strings, decimal strings or JSON integers; `input` and `data` are
    /// synonyms (both present must agree). Without `type`, the type is inferred from the fields
    /// present (authorizationList → 0x4, blob fields → 0x3, fee-cap fields → 0x2, accessList → 0x1,
    /// else legacy). Output-only members (`hash`, `v`, `r`, `s`, `yParity`) are rejected.
    ///
    /// - Returns: the transaction and the `from` address, if the object named one.
    /// - Throws: ``EthereumTransactionsError/Code-swift.struct/invalidField`` naming the field.
    public static func parse(json: Data) throws(EthereumTransactionsError) -> (transaction: Transaction, from: Address?) {
        try parse(jsonObject: try strictlyParsed(json))
    }

    /// `json` parsed by ``AnyJSON`` strictly: numbers keep their digits (`JSONDecoder` would
    /// read `1e3` or `0.99999999999999999999` as an integer through a `Double`), and a member named
    /// twice or a non-ASCII member name is refused, as two readers could read either differently.
    ///
    /// - Throws: ``EthereumTransactionsError/Code-swift.struct/invalidField`` saying what is wrong.
    static func strictlyParsed(_ json: some Collection<UInt8>) throws(EthereumTransactionsError) -> AnyJSON {
        do throws(AnyJSON.ParseError) {
            return try AnyJSON.parse(json, rejectingDuplicateKeys: true)
        } catch {
            throw EthereumTransactionsError(.invalidField, error.memberProblem ?? "not valid JSON (RFC 8259): \(error)")
        }
    }

    /// ``parse(json:)`` of a JSON-RPC transaction object already parsed (the eth1 signer's
    /// `params[0]`): the same members, checks and errors, without writing it out and reading it again.
    ///
    /// - Throws: ``EthereumTransactionsError/Code-swift.struct/invalidField`` naming the field.
    package static func parse(jsonObject object: AnyJSON) throws(EthereumTransactionsError) -> (transaction: Transaction, from: Address?) {
        let dto: TransactionJSON
        do { dto = try AnyJSONDecoder.decode(TransactionJSON.self, from: object) } catch {
            throw EthereumTransactionsError(decoding: error)
        }
        return try parse(dto)
    }

    /// Converts a decoded ``TransactionJSON`` into a validated transaction.
    public static func parse(_ j: TransactionJSON) throws(EthereumTransactionsError) -> (transaction: Transaction, from: Address?) {
        for (name, present) in [("hash", j.hash != nil), ("v", j.v != nil), ("r", j.r != nil), ("s", j.s != nil), ("yParity", j.yParity != nil)] where present {
            throw .field(name, "is an output field; an unsigned transaction cannot carry it")
        }
        let type: TransactionType
        if let t = j.type {
            let raw = try quantity(t, "type")
            guard let value = raw.uint64, value <= 0xff, let known = TransactionType(rawValue: UInt8(value)) else {
                throw .field("type", "unsupported transaction type \(raw.hexQuantity)")
            }
            type = known
        } else if j.authorizationList != nil {
            type = .setCode
        } else if j.blobVersionedHashes != nil || j.maxFeePerBlobGas != nil {
            type = .blob
        } else if j.maxFeePerGas != nil || j.maxPriorityFeePerGas != nil {
            type = .dynamicFee
        } else if j.accessList != nil {
            type = .accessList
        } else {
            type = .legacy
        }
        guard let nonceJSON = j.nonce else { throw .field("nonce", "required") }
        guard let gasJSON = j.gas else { throw .field("gas", "required") }
        var input: [UInt8] = []
        if let text = j.input { input = try bytes(text, "input") }
        if let text = j.data {
            let d = try bytes(text, "data")
            if j.input != nil, d != input { throw .field("data", "differs from input") }
            input = d
        }
        var tx = Transaction(
            type: type,
            chainID: try j.chainId.map { v throws(EthereumTransactionsError) in try uint64(v, "chainId") },
            nonce: try uint64(nonceJSON, "nonce"),
            gasPrice: try j.gasPrice.map { v throws(EthereumTransactionsError) in try quantity(v, "gasPrice") },
            maxPriorityFeePerGas: try j.maxPriorityFeePerGas.map { v throws(EthereumTransactionsError) in try quantity(v, "maxPriorityFeePerGas") },
            maxFeePerGas: try j.maxFeePerGas.map { v throws(EthereumTransactionsError) in try quantity(v, "maxFeePerGas") },
            gas: try uint64(gasJSON, "gas"),
            to: try j.to.map { v throws(EthereumTransactionsError) in try address(v, "to") },
            value: try j.value.map { v throws(EthereumTransactionsError) in try quantity(v, "value") } ?? .zero,
            data: input,
            maxFeePerBlobGas: try j.maxFeePerBlobGas.map { v throws(EthereumTransactionsError) in try quantity(v, "maxFeePerBlobGas") })
        for (i, e) in (j.accessList ?? []).enumerated() {
            tx.accessList.append(AccessListEntry(
                address: try address(e.address, "accessList[\(i)].address"),
                storageKeys: try e.storageKeys.enumerated().map { k, key throws(EthereumTransactionsError) in
                    try bytes(key, "accessList[\(i)].storageKeys[\(k)]", count: 32)
                }))
        }
        for (i, h) in (j.blobVersionedHashes ?? []).enumerated() {
            tx.blobVersionedHashes.append(try bytes(h, "blobVersionedHashes[\(i)]", count: 32))
        }
        for (i, a) in (j.authorizationList ?? []).enumerated() {
            let p = "authorizationList[\(i)]"
            let parity = try uint64(a.yParity, "\(p).yParity")
            guard parity <= 1 else { throw .field("\(p).yParity", "must be 0 or 1, got \(parity)") }
            tx.authorizationList.append(Authorization(
                chainID: try quantity(a.chainId, "\(p).chainId"), address: try address(a.address, "\(p).address"),
                nonce: try uint64(a.nonce, "\(p).nonce"), yParity: UInt8(parity),
                r: try quantity(a.r, "\(p).r"), s: try quantity(a.s, "\(p).s")))
        }
        try tx.validate()
        return (tx, try j.from.map { v throws(EthereumTransactionsError) in try address(v, "from") })
    }

    static func quantity(_ v: JSONValue, _ field: String) throws(EthereumTransactionsError) -> UInt256 {
        let text: String
        switch v {
        case .number(let n): text = n
        case .string(let s): text = s
        default: throw .field(field, "expected a quantity (hex or decimal string, or integer), found \(v.typeName)")
        }
        do { return try UInt256(parsing: text) } catch { throw .field(field, error.reason) }
    }

    /// A 64-bit quantity member of a parsed transaction object (`type`, `chainId`, …), read as
    /// ``parse(jsonObject:)`` reads it: for a caller that must look at one member before the
    /// whole object is complete.
    ///
    /// - Throws: ``EthereumTransactionsError/Code-swift.struct/invalidField`` naming `field`.
    package static func uint64(member value: AnyJSON, _ field: String) throws(EthereumTransactionsError) -> UInt64 {
        let json: JSONValue
        do { json = try AnyJSONDecoder.decode(JSONValue.self, from: value) } catch {
            throw .field(field, EthereumTransactionsError(decoding: error).reason)
        }
        return try uint64(json, field)
    }

    static func uint64(_ v: JSONValue, _ field: String) throws(EthereumTransactionsError) -> UInt64 {
        guard let n = try quantity(v, field).uint64 else { throw .field(field, "does not fit in 64 bits") }
        return n
    }

    static func address(_ text: String, _ field: String) throws(EthereumTransactionsError) -> Address {
        do { return try Address(text) } catch { throw .field(field, error.reason) }
    }

    static func bytes(_ text: String, _ field: String, count: Int? = nil) throws(EthereumTransactionsError) -> [UInt8] {
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else { throw .field(field, "hex data must start with 0x") }
        let b: [UInt8]
        do { b = try Hex.decode(text) } catch { throw .field(field, error.reason) }
        if let count, b.count != count { throw .field(field, "expected \(count) bytes, got \(b.count)") }
        return b
    }
}

extension EthereumTransactionsError {
    /// Names the JSON path of a `DecodingError` (`accessList[0].address`) as the field.
    package init(decoding error: any Error) {
        let failure = StrictJSON.Failure(error)
        self.init(.invalidField, field: failure.field, failure.reason)
    }
}
