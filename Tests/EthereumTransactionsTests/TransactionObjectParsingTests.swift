import EthereumCore
import Foundation
import Testing
@testable import EthereumTransactions

/// `Transaction.parse(jsonObject:)` (the eth1 signer's path: `AnyJSONDecoder` over the parsed
/// request) against `Transaction.parse(json:)` (`JSONDecoder` over the bytes): the same
/// transaction, or the same field and reason, for random transactions of every type and for
/// each of them broken in one of many ways.
@Suite struct TransactionObjectParsingTests {
    typealias Outcome = Result<Transaction, EthereumTransactionsError>

    static func viaBytes(_ json: [UInt8]) -> Outcome {
        Result { () throws(EthereumTransactionsError) in try Transaction.parse(json: Data(json)).transaction }
    }

    static func viaObject(_ json: [UInt8]) -> Outcome? {
        guard let object = try? AnyJSON.parse(json) else { return nil }
        return Result { () throws(EthereumTransactionsError) in try Transaction.parse(jsonObject: object).transaction }
    }

    static func same(_ a: Outcome, _ b: Outcome) -> Bool {
        switch (a, b) {
        case (.success(let x), .success(let y)): x == y
        case (.failure(let x), .failure(let y)): x.field == y.field && x.reason == y.reason && x.code == y.code
        default: false
        }
    }

    /// Ways to break one member of a transaction object (its text, as JSON).
    static let replacements = [
        "1.5", "-1", "1e3", "1.0", "18446744073709551615", "18446744073709551616", "340282366920938463463374607431768211456",
        "9007199254740993", "\"0x\"", "\"0xzz\"", "\"12\"", "true", "null", "[]", "{}", "[\"0x01\"]", "[{\"address\":1}]",
        "[{\"address\":\"0x000000000000000000000000000000000000dEaD\",\"storageKeys\":[],\"extra\":1}]",
    ]

    @Test func theParsedObjectPathAgreesWithTheBytesPath() throws {
        var gen = RandomInputs(rng: SystemRandomNumberGenerator())
        let encoder = JSONEncoder()
        var compared = 0, failures = 0
        for round in 0..<60 {
            let type = TransactionType.allCases[round % TransactionType.allCases.count]
            let json = Array(try encoder.encode(gen.transaction(type)))
            let good = try #require(Self.viaObject(json))
            #expect(Self.same(Self.viaBytes(json), good), "\(String(decoding: json, as: UTF8.self))")
            if case .failure(let error) = good { Issue.record("a random \(type) transaction did not parse: \(error)") }
            compared += 1

            // Each member replaced, removed, or joined by an unknown one.
            guard case .object(let members) = try AnyJSON.parse(json) else { continue }
            for key in members.keys {
                var variants: [[String: AnyJSON]] = []
                var removed = members
                removed[key] = nil
                variants.append(removed)
                for text in Self.replacements {
                    var changed = members
                    changed[key] = try AnyJSON.parse(Array("[\(text)]".utf8)).arrayValue?.first
                    variants.append(changed)
                }
                var extra = members
                extra["unknown_\(key)"] = .integer(1)
                variants.append(extra)
                for variant in variants {
                    let text = AnyJSON.object(variant).encoded()
                    let (bytes, object) = (Self.viaBytes(text), try #require(Self.viaObject(text)))
                    #expect(Self.same(bytes, object), "\(String(decoding: text, as: UTF8.self)): \(bytes) vs \(object)")
                    if case .failure = object { failures += 1 }
                    compared += 1
                }
            }
        }
        // The broken variants must mostly be refused, or this compared nothing but successes.
        #expect(compared > 2000 && failures > compared / 2, "\(compared) compared, \(failures) refused")
    }
}
