import EthereumCore
import Foundation
@testable import EthereumTransactions

extension RandomInputs {
    /// A random `eth_signTypedData_v4` document: 1–4 struct types (each may nest later ones, S0 is the root),
    /// all atomic types, dynamic and fixed arrays (also nested), and a random subset of domain fields.
    mutating func typedData() -> JSONValue {
        let structCount = int(1...4)
        var types: [String: JSONValue] = [:]
        var members: [[(String, String)]] = []
        for i in 0..<structCount {
            var list: [(String, String)] = []
            for k in 0..<int(1...5) {
                list.append(("m\(k)_\(i)", memberType(laterStructs: (i + 1)..<structCount)))
            }
            // S0 must be the only root (eth-account infers the primary type from the type graph):
            // every later struct is referenced by the one before it.
            if i + 1 < structCount, !list.contains(where: { $0.1.hasPrefix("S\(i + 1)") }) {
                list.insert(("next\(i)", "S\(i + 1)" + (bool() ? "" : "[]")), at: int(0...list.count))
            }
            members.append(list)
            types["S\(i)"] = .array(list.map { .object(["name": .string($0.0), "type": .string($0.1)]) })
        }
        let domainFields: [(String, String)] = [("name", "string"), ("version", "string"), ("chainId", "uint256"),
                                                ("verifyingContract", "address"), ("salt", "bytes32")].filter { _ in bool() }
        types["EIP712Domain"] = .array(domainFields.map { .object(["name": .string($0.0), "type": .string($0.1)]) })
        var domain: [String: JSONValue] = [:]
        for (name, type) in domainFields { domain[name] = value(type, members: members) }
        return .object([
            "types": .object(types), "primaryType": .string("S0"), "domain": .object(domain),
            "message": value("S0", members: members),
        ])
    }

    private mutating func memberType(laterStructs: Range<Int>) -> String {
        var base: String
        switch int(0...9) {
        case 0: base = "address"
        case 1: base = "bool"
        case 2: base = "string"
        case 3: base = "bytes"
        case 4: base = "bytes\(int(1...32))"
        case 5, 6: base = "uint\(8 * int(1...32))"
        case 7: base = "int\(8 * int(1...32))"
        default: base = laterStructs.isEmpty ? "uint256" : "S\(int(laterStructs.lowerBound...(laterStructs.upperBound - 1)))"
        }
        // Up to two array dimensions, dynamic or fixed.
        for _ in 0..<[0, 0, 0, 1, 1, 2].randomElement(using: &rng)! { base += bool() ? "[]" : "[\(int(1...3))]" }
        return base
    }

    private mutating func value(_ type: String, members: [[(String, String)]]) -> JSONValue {
        if type.hasSuffix("]"), let open = type.lastIndex(of: "[") {
            let inner = String(type[..<open])
            let size = type[type.index(after: open)..<type.index(before: type.endIndex)]
            let count = size.isEmpty ? int(0...3) : Int(size)!
            return .array((0..<count).map { _ in value(inner, members: members) })
        }
        if type.hasPrefix("S") {
            let index = Int(type.dropFirst())!
            var object: [String: JSONValue] = [:]
            for (name, t) in members[index] { object[name] = value(t, members: members) }
            return .object(object)
        }
        switch type {
        case "address": return .string(addressText(address()))
        case "bool": return .bool(bool())
        case "string":
            let alphabet = Array("abc XYZ 019 _-!é€😀\n\"\\")
            return .string(String((0..<int(0...40)).map { _ in alphabet.randomElement(using: &rng)! }))
        case "bytes": return .string(Hex.encode(bytes(int(0...80))))
        default: break
        }
        if type.hasPrefix("bytes") { return .string(Hex.encode(bytes(Int(type.dropFirst(5))!))) }
        if type.hasPrefix("uint") { return quantity(uint(bits: Int(type.dropFirst(4))!)) }
        // intN: a magnitude below 2^(N−1), positive or negative, as a JSON number or decimal string.
        let bits = Int(type.dropFirst(3))!
        let magnitude = uint(bits: bits - 1)
        let negative = bool() && !magnitude.isZero
        if !negative { return quantity(magnitude) }
        if let small = magnitude.uint64, small < 1 << 53, bool() { return .number("-\(small)") }
        return .string("-\(magnitude)")
    }
}
