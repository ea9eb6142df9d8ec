import TestSupport
import Crypto
import EthereumCore
import Foundation
import Testing
import BLS12381
import ValidatorKeys

/// EIP-2335: the EIP's keystores (and deposit-cli's copies) decrypt with ours; keystores we write
/// decrypt with an independent Python implementation (hashlib + cryptography).
@Suite struct EIP2335ConformanceTests {
    private func vectors() throws -> [[String: Any]] {
        let v = try #require(try Vectors.json("eip2333-2334-2335/eip2335_test_vectors.json") as? [String: Any])
        return try #require(v["vectors"] as? [[String: Any]])
    }

    @Test func eipKeystoresDecrypt() throws {
        for v in try vectors() {
            let keystore = try Keystore(json: try Vectors.data("eip2333-2334-2335/" + (v["keystore_file"] as! String)))
            let password = KeystorePassword(v["password"] as! String)
            password.withBytes { #expect(Array($0) == hex(v["encoded_password"] as! String)) }
            let secret = try keystore.decrypt(password: password)
            secret.withUnsafeBytes { #expect(Array($0) == hex(v["secret"] as! String)) }
            #expect(keystore.kdf.function == v["name"] as? String)
            // The secret belongs to the keystore's pubkey (checked with BLS12381's SkToPk).
            let key = try keystore.decryptSecretKey(password: password)
            #expect(key.publicKey().compressed == keystore.pubkey)
        }
    }

    @Test func depositCliKeystoreVectorsDecrypt() throws {
        let secret = hex(try vectors()[0]["secret"] as! String)
        let password = KeystorePassword(try vectors()[0]["password"] as! String)
        for file in ["test0.json", "test1.json"] {
            let keystore = try Keystore(json: try Vectors.data("staking-deposit-cli/keystore_test_vectors/" + file))
            try keystore.decrypt(password: password).withUnsafeBytes { #expect(Array($0) == secret) }
        }
    }

    @Test func ourKeystoresDecryptWithPython() throws {
        let password = "𝔱𝔢𝔰𝔱𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡🔑\u{7f}\u{85}"  // control codes are stripped by both sides
        let normalised = KeystorePassword(password)
        var cases: [[String: Any]] = []
        var secrets: [String] = []
        for kdf in [KeystoreKDF.scrypt(n: 1 << 14, r: 8, p: 1, salt: Array(repeating: 7, count: 32)),
                    .pbkdf2(c: 1 << 12, salt: Array(repeating: 9, count: 32)), .defaultScrypt(), .defaultPBKDF2()] {
            let secret = (0..<32).map { _ in UInt8.random(in: 0...255) }
            let dk = try Keystore.deriveKey(password: normalised, kdf: kdf)
            let keystore = try Keystore.encrypt(
                secret: SymmetricKey(data: secret), decryptionKey: dk, kdf: kdf, pubkey: Array(repeating: 0xaa, count: 48),
                path: .signing(validatorIndex: 3))
            let json = try JSONSerialization.jsonObject(with: Data(keystore.jsonString.utf8))
            cases.append(["keystore": json, "password": password])
            secrets.append(Hex.encode(secret, prefix: false))
            // and our own decryption of our own output, through the JSON text
            try Keystore(json: Data(keystore.jsonString.utf8)).decrypt(password: normalised)
                .withUnsafeBytes { #expect(Array($0) == secret) }
        }
        cases.append(["keystore": cases[0]["keystore"]!, "password": "wrong"])
        let out = try #require(try PythonHelper.run("keystore_check.py", input: ["cases": cases]) as? [String: Any])
        let decrypted = try #require(out["secrets"] as? [Any])
        #expect(decrypted.prefix(4).map { $0 as? String } == secrets)
        #expect(decrypted[4] is NSNull)
    }
}
