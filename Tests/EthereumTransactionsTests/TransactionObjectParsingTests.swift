import EthereumCore
import Foundation
import Testing
@testable import EthereumTransactions

/// `Transaction.parse(json:)` (our strict parser, `AnyJSONDecoder` over the parsed value) against
/// `JSONDecoder` decoding the same wire type: the same transaction, or the same field and reason,
/// for random transactions of every type and for each of them broken in one of many ways. The
/// one intended difference: a number written with a fraction or an exponent (`1e3`, `1.0`),
/// which `JSONDecoder` reads as an integer through a `Double`, is refused by ours.
@Suite struct TransactionObjectParsingTests {
    typealias Outcome = Result<Transaction, EthereumTransactionsError>

    static func viaJSONDecoder(_ json: [UInt8]) -> Outcome {
        Result { () throws(EthereumTransactionsError) in
            let dto: TransactionJSON
            do { dto = try JSONDecoder().decode(TransactionJSON.self, from: Data(json)) } catch { throw EthereumTransactionsError(decoding: error) }
            return try Transaction.parse(dto).transaction
        }
    }

    static func ours(_ json: [UInt8]) -> Outcome {
        Result { () throws(EthereumTransactionsError) in try Transaction.parse(json: Data(json)).transaction }
    }

    /// Whether `ours` refused a number for its fraction or exponent.
    static func refusedAsInexact(_ outcome: Outcome) -> Bool {
        if case .failure(let error) = outcome { return error.reason.contains("fraction or an exponent") }
        return false
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
            let good = Self.ours(json)
            #expect(Self.same(Self.viaJSONDecoder(json), good), "\(String(decoding: json, as: UTF8.self))")
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
                    let (reference, ours) = (Self.viaJSONDecoder(text), Self.ours(text))
                    #expect(Self.same(reference, ours) || Self.refusedAsInexact(ours), "\(String(decoding: text, as: UTF8.self)): \(reference) vs \(ours)")
                    if case .failure = ours { failures += 1 }
                    compared += 1
                }
            }
        }
        // The broken variants must mostly be refused, or this compared nothing but successes.
        #expect(compared > 2000 && failures > compared / 2, "\(compared) compared, \(failures) refused")
    }

    /// Numbers are read from their digits: what a `Double` would round is refused, not signed.
    @Test func numbersThatADoubleWouldRoundAreRefused() {
        for number in ["0.9999999999999999999", "1e-400", "1.0", "1e3", "21000.000000000001", "9007199254740992.5"] {
            let json = Array(#"{"to":"0x3535353535353535353535353535353535353535","gas":"0x5208","gasPrice":"0x1","nonce":\#(number)}"#.utf8)
            #expect(Self.refusedAsInexact(Self.ours(json)), "\(number): \(Self.ours(json))")
        }
        let exact = Array(#"{"to":"0x3535353535353535353535353535353535353535","gas":"0x5208","gasPrice":"0x1","nonce":18446744073709551614}"#.utf8)
        #expect((try? Self.ours(exact).get())?.nonce == 18_446_744_073_709_551_614)
    }
}
