import TestSupport
import Foundation
import Testing
import ValidatorKeys

/// EIP-2334 paths (`eip2333-2334-2335/eip2334_paths.json`) and path parsing.
@Suite struct EIP2334Tests {
    @Test func validatorPaths() throws {
        let v = try #require(try Vectors.json("eip2333-2334-2335/eip2334_paths.json") as? [String: Any])
        #expect(v["purpose"] as? Int == Int(KeyPath.purpose))
        #expect(v["coin_type"] as? Int == Int(KeyPath.coinType))
        for e in try #require(v["examples_derived_not_in_eip"] as? [[String: Any]]) {
            let i = UInt32(try #require(e["validator_index"] as? Int))
            #expect(KeyPath.signing(validatorIndex: i).description == e["signing"] as? String)
            #expect(KeyPath.withdrawal(validatorIndex: i).description == e["withdrawal"] as? String)
            #expect(try KeyPath(parsing: e["signing"] as! String) == KeyPath.signing(validatorIndex: i))
        }
    }

    @Test(arguments: ["12381/3600/0", "m/12381'/3600", "m/-1", "m/4294967296", "m//1", "m/1a"])
    func badPathsAreNamed(path: String) {
        expectError(.invalidPath) { try KeyPath(parsing: path) }
    }
}
