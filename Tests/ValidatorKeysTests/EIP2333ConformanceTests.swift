import TestSupport
import Crypto
import EthereumCore
import Foundation
import Testing
@testable import ValidatorKeys

/// EIP-2333 conformance: the EIP's four test cases, deposit-cli's `tree_kdf.json` and the
/// intermediate-value vector.
@Suite struct EIP2333ConformanceTests {
    private func sk(_ key: DerivedKey) -> [UInt8] { key.withUnsafeBytes { Array($0) } }

    @Test func eipTestCases() throws {
        let v = try #require(try Vectors.json("eip2333-2334-2335/eip2333_test_cases.json") as? [String: Any])
        let cases = try #require(v["test_cases"] as? [[String: Any]])
        #expect(cases.count == 4)
        for c in cases {
            let master = try DerivedKey.master(seed: SymmetricKey(data: hex(try #require(c["seed"] as? String))))
            #expect(sk(master) == decimalTo32Bytes(try #require(c["master_SK"] as? String)))
            #expect(sk(master) == hex(try #require(c["master_SK_hex"] as? String)))
            let child = master.child(at: UInt32(try #require(c["child_index"] as? Int)))
            #expect(sk(child) == decimalTo32Bytes(try #require(c["child_SK"] as? String)))
        }
    }

    @Test func depositCliTreeKDF() throws {
        let text = String(decoding: try Vectors.data("staking-deposit-cli/key_derivation_vectors/tree_kdf.json"), as: UTF8.self)
        let v = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let tests = try #require(v["kdf_tests"] as? [[String: Any]])
        let masters = bigIntegers(named: "master_SK", in: text)
        let children = bigIntegers(named: "child_SK", in: text)
        #expect(tests.count == 4 && masters.count == 4 && children.count == 4)
        for (i, t) in tests.enumerated() {
            let master = try DerivedKey.master(seed: SymmetricKey(data: hex(try #require(t["seed"] as? String))))
            #expect(sk(master) == decimalTo32Bytes(masters[i]))
            #expect(sk(master.child(at: UInt32(try #require(t["child_index"] as? Int)))) == decimalTo32Bytes(children[i]))
        }
    }

    @Test func intermediateValuesFromMnemonic() throws {
        let text = String(
            decoding: try Vectors.data("staking-deposit-cli/key_derivation_vectors/tree_kdf_intermediate.json"), as: UTF8.self)
        let v = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let mnemonic = try Mnemonic(phrase: try #require(v["mnemonic"] as? String), language: .english)
        let seed = mnemonic.seed(passphrase: try #require(v["password"] as? String))
        seed.withUnsafeBytes { #expect(Array($0) == hex(v["seed"] as! String)) }
        let master = try DerivedKey.master(seed: seed)
        #expect(sk(master) == decimalTo32Bytes(bigIntegers(named: "master_SK", in: text)[0]))
        let path = try KeyPath(parsing: try #require(v["path"] as? String))
        #expect(path.indices == [0])
        let lamport = master.parentSKToLamportPK(index: 0)
        lamport.withUnsafeBytes { #expect(Array($0) == hex(v["compressed_lamport_PK"] as! String)) }
        #expect(sk(master.derive(path)) == decimalTo32Bytes(bigIntegers(named: "child_SK", in: text)[0]))
    }

    @Test func shortSeedIsRefused() {
        #expect(expectError(.invalidSeed) { try DerivedKey.master(seed: SymmetricKey(data: [UInt8](repeating: 1, count: 31))) }
            == "an EIP-2333 seed must be at least 32 bytes, got 31")
    }

    @Test func reductionModR() {
        // r reduces to 0, r + 5 to 5, and 2^384 − 1 to the value Python's big integers give for
        // `(2**384 - 1) % r`.
        let r = hex("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001")
        func reduce(_ input: [UInt8]) -> [UInt8] {
            var out = [UInt8](repeating: 0, count: 32)
            input.withUnsafeBytes { i in out.withUnsafeMutableBytes { ScalarReduction.reduce(bigEndian: i, into: $0) } }
            return out
        }
        #expect(reduce([UInt8](repeating: 0, count: 16) + r) == [UInt8](repeating: 0, count: 32))
        var rPlus5 = r; rPlus5[31] += 5
        #expect(reduce([UInt8](repeating: 0, count: 16) + rPlus5) == [UInt8](repeating: 0, count: 31) + [5])
        #expect(reduce([UInt8](repeating: 0xff, count: 48))
            == hex("2dbeaf1fd4843acb7abbe5687369510a9277efb8ac0a600dcf2ab21bf81f712c"))
    }
}
