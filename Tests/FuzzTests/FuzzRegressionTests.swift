import Web3SecretStorage
import EthereumCore
import EthereumTransactions
import Foundation
import FuzzTargets
import Secp256k1
import Testing

/// Inputs that once crashed the process, written out in full: each must now return or throw the
/// parser's own error. New crashes found by the fuzz run (the crash reporter prints the input as
/// hex) are added here.
@Suite struct FuzzRegressionTests {
    static let key = try! PrivateKey(bytes: [UInt8](repeating: 0x46, count: 32))  // invariant: a valid constant key

    /// `sign-typed-data` with a 2-byte `bytes32`: a forced try around the whole signing expression
    /// turned the document error into `Fatal error` (exit 132).
    @Test func typedDataWithAShortBytes32Throws() throws {
        let json = #"{"types":{"EIP712Domain":[{"name":"name","type":"string"}],"P":[{"name":"h","type":"bytes32"}]},"primaryType":"P","domain":{"name":"Short"},"message":{"h":"0x1234"}}"#
        let data = try TypedData(json: Data(json.utf8))
        #expect(throws: EthereumTransactionsError(.invalidTypedData, "")) { try data.sign(with: Self.key) }
        do { _ = try data.sign(with: Self.key) } catch { #expect("\(error)" == "message.h: bytes32 needs exactly 32 bytes, got 2") }
    }

    /// `encodeType` of a type that is not defined force-unwrapped a missing dictionary entry.
    @Test func encodeTypeOfAnUndefinedTypeThrows() throws {
        let json = #"{"types":{"P":[{"name":"a","type":"uint8"}]},"primaryType":"P","domain":{},"message":{"a":1}}"#
        let data = try TypedData(json: Data(json.utf8))
        #expect(throws: EthereumTransactionsError(.invalidTypedData, "")) { try data.encodeType("Q") }
    }

    /// A member type with 100 000 array suffixes recursed once per suffix (and copied the type
    /// string each time); now refused after 32 dimensions.
    @Test func typedDataWithTooManyArrayDimensionsThrows() throws {
        let type = "uint8" + String(repeating: "[]", count: 100_000)
        let json = #"{"types":{"P":[{"name":"a","type":"\#(type)"}]},"primaryType":"P","domain":{},"message":{"a":[]}}"#
        #expect(throws: EthereumTransactionsError(.invalidTypedData, "")) { try TypedData(json: Data(json.utf8)) }
        let ok = #"{"types":{"P":[{"name":"a","type":"uint8\#(String(repeating: "[]", count: 32))"}]},"primaryType":"P","domain":{},"message":{"a":[]}}"#
        #expect(try TypedData(json: Data(ok.utf8)).signingHash().count == 32)
    }

    /// A V3 keystore with scrypt r = 2^62 and p = 4: `r * p` overflowed (trap) before the range check.
    @Test func v3KeystoreWithOverflowingScryptParametersThrows() {
        let json = #"{"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"83dbcc02d8ccb40e466191a123791e0e"},"ciphertext":"d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c","kdf":"scrypt","kdfparams":{"dklen":32,"n":16,"p":4,"r":4611686018427387904,"salt":"ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"},"mac":"2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"},"id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}"#
        #expect(throws: Web3SecretStorageError(.invalidKeystore, "")) { try KeystoreV3.decrypt(json: Data(json.utf8), password: []) }
        let negative = json.replacingOccurrences(of: #""p":4,"r":4611686018427387904"#, with: #""p":-9223372036854775808,"r":-1"#)
        #expect(throws: Web3SecretStorageError(.invalidKeystore, "")) { try KeystoreV3.decrypt(json: Data(negative.utf8), password: []) }
    }

    /// The same overflow as the fuzz run found it (keystore-v3 target, default seed, against the
    /// code before the fix): r = 2^62, a duplicated p, and an 11 984-digit address.
    @Test func v3KeystoreFoundByTheFuzzerThrows() {
        let json = #"{"Crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"83dbcc02d8ccb40e466191a123791e0e"},"ciphertext":"d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c","kdf":"scrypt","kdfparams":{"dklen":32,"n":16,"p":8,"r":4611686018427387904,"salt":"ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19","p":8},"mac":"2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"},"id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3,"address":""#
            + String(repeating: "0", count: 11_984) + #""}"#
        #expect(throws: Web3SecretStorageError(.invalidKeystore, "")) {
            try KeystoreV3.decrypt(json: Data(json.utf8), password: Array("not the password".utf8))
        }
    }

    /// Found by the fuzz run's slowest-input report: quantities nested 400 arrays deep took 0.9 s
    /// to decode (cubic in the depth, up to Foundation's 512 levels; seconds for a 3 KB Lambda
    /// payload). JSON values now stop at 64 levels, and nested containers are tried first.
    @Test func deeplyNestedJSONValuesAreRefusedNotSlow() throws {
        let nested = String(repeating: "[", count: 400) + "null" + String(repeating: "]", count: 400)
        let json = #"{"nonce":\#(nested),"gasPrice":"0x1","gas":"0x5208"}"#
        do {
            _ = try Transaction.parse(json: Data(json.utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.reason.contains("nested deeper than 64"), "\(error)")
        }
        let shallow = String(repeating: "[", count: 60) + "1" + String(repeating: "]", count: 60)
        #expect(throws: EthereumTransactionsError(.invalidField, "")) {
            try Transaction.parse(json: Data(#"{"nonce":\#(shallow),"gasPrice":"0x1","gas":"0x5208"}"#.utf8))
        }
        // Every JSON type still decodes.
        let typed = #"{"types":{"T":[{"name":"a","type":"uint8[]"},{"name":"b","type":"bool"},{"name":"c","type":"string"},{"name":"d","type":"int8"}]},"primaryType":"T","domain":{},"message":{"a":[1,"2",255],"b":true,"c":"x","d":-128}}"#
        #expect(try TypedData(json: Data(typed.utf8)).signingHash().count == 32)
    }

    /// Each fuzz target's seeds run clean (a quick check that runs even with a tiny fuzz budget).
    @Test(arguments: FuzzCatalog.all.map(\.name))
    func seedsRunClean(_ name: String) async throws {
        let target = try #require(FuzzCatalog.named(name))
        for seed in try target.seeds() {
            do throws(FuzzFailure) { try await target.body(seed) } catch { Issue.record("\(name): \(error.reason); seed \(seed.fuzzHex.prefix(400))") }
        }
    }
}
