import TestSupport
import Crypto
import _CryptoExtras
import EthereumCore
import Foundation
import Secp256k1
import Testing
@testable import Web3SecretStorage

/// Web3 Secret Storage V3: the two test vectors of the definition
/// (https://ethereum.org/developers/docs/data-structures-and-encoding/web3-secret-storage/#test-vectors),
/// error cases, and round trips through eth-account in both directions.
@Suite struct KeystoreV3Tests {
    static let password = Array("testpassword".utf8)
    static let secret = "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d"
    static let pbkdf2 = #"{"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"6087dab2f9fdbbfaddc31a909735c1e6"},"ciphertext":"5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46","kdf":"pbkdf2","kdfparams":{"c":262144,"dklen":32,"prf":"hmac-sha256","salt":"ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},"mac":"517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"},"id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}"#
    static let scrypt = #"{"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"83dbcc02d8ccb40e466191a123791e0e"},"ciphertext":"d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c","kdf":"scrypt","kdfparams":{"dklen":32,"n":262144,"p":8,"r":1,"salt":"ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"},"mac":"2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"},"id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}"#

    static func secretHex(_ key: PrivateKey) -> String { key.withUnsafeSecretBytes { Hex.encode($0) } }

    @Test(arguments: [pbkdf2, scrypt])
    func specVectors(json: String) throws {
        let key = try KeystoreV3.decrypt(json: Data(json.utf8), password: Self.password)
        #expect(Self.secretHex(key) == Self.secret)
    }

    @Test func wrongPasswordAndBadFieldsAreNamed() throws {
        func expectField(_ json: String, _ field: String?, password: [UInt8] = Self.password, sourceLocation: SourceLocation = #_sourceLocation) {
            do {
                _ = try KeystoreV3.decrypt(json: Data(json.utf8), password: password)
                Issue.record("accepted", sourceLocation: sourceLocation)
            } catch {
                #expect(error.code == .invalidKeystore, sourceLocation: sourceLocation)
                #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
            }
        }
        expectField(Self.pbkdf2, "crypto.mac", password: Array("testpassworD".utf8))
        expectField(Self.pbkdf2.replacingOccurrences(of: "aes-128-ctr", with: "aes-128-cbc"), "crypto.cipher")
        expectField(Self.pbkdf2.replacingOccurrences(of: #""version":3"#, with: #""version":4"#), "version")
        expectField(Self.pbkdf2.replacingOccurrences(of: "hmac-sha256", with: "hmac-sha512"), "crypto.kdfparams.prf")
        expectField(Self.scrypt.replacingOccurrences(of: #""n":262144"#, with: #""n":262143"#), "crypto.kdfparams.n")
        expectField(Self.pbkdf2.replacingOccurrences(of: #""id":"#, with: #""colour":"red","id":"#), "colour")
        expectField(Self.pbkdf2.replacingOccurrences(of: "6087dab2f9fdbbfaddc31a909735c1e6", with: "6087dab2f9fdbbfaddc31a909735c1"), "crypto.cipherparams.iv")
        expectField(Self.pbkdf2.replacingOccurrences(of: #""mac":"517e"#, with: #""mac":"617e"#), "crypto.mac")
    }

    @Test func creationRefusesWeakPBKDF2() throws {
        #expect(throws: Web3SecretStorageError(.invalidKeystore, "")) {
            try KeystoreV3.encrypt(PrivateKey.generate(), password: Self.password, kdf: .pbkdf2(c: 1000))
        }
    }

    struct Request: Encodable {
        struct Decrypt: Encodable { let keystore: KeystoreV3JSON; let password: String }
        struct Encrypt: Encodable { let key: String; let password: String; let kdf: String; let iterations: Int }
        var decrypt: [Decrypt] = []
        var encrypt: [Encrypt] = []
    }
    struct Response: Decodable {
        let decrypted: [String]
        let encrypted: [KeystoreV3JSON]
    }

    @Test func roundTripsThroughEthAccount() throws {
        var request = Request()
        var ours: [PrivateKey] = [], theirs: [PrivateKey] = []
        let passwords = ["", "correct horse", "pässwörd 🔑", String(repeating: "x", count: 200)]
        for (i, password) in passwords.enumerated() {
            let key = PrivateKey.generate()
            let kdf: KeystoreV3.KDF = i % 2 == 0 ? .scrypt(n: 1 << 12, r: 8, p: 1) : .pbkdf2(c: 210_000)
            let file = try KeystoreV3.encrypt(key, password: Array(password.utf8), kdf: kdf)
            #expect(try KeystoreV3.decrypt(file, password: Array(password.utf8)).publicKey == key.publicKey)
            ours.append(key)
            request.decrypt.append(.init(keystore: file, password: password))
            let other = PrivateKey.generate()
            theirs.append(other)
            request.encrypt.append(.init(key: Self.secretHex(other), password: password, kdf: i % 2 == 0 ? "scrypt" : "pbkdf2",
                                         iterations: i % 2 == 0 ? 1 << 12 : 1000))
        }
        let response = try PythonReference.run("keystore_reference.py", request, as: Response.self)
        for (i, key) in ours.enumerated() { #expect(response.decrypted[i] == Self.secretHex(key)) }
        for (i, file) in response.encrypted.enumerated() {
            #expect(try KeystoreV3.decrypt(file, password: Array(passwords[i].utf8)).publicKey == theirs[i].publicKey)
        }
    }
}

/// The Swift scrypt fallback against BoringSSL's on parameters both accept, and RFC 7914 §12's vector.
@Suite struct ScryptTests {
    @Test(arguments: [(1024, 8, 1), (512, 1, 3), (16, 2, 2)])
    func matchesBoringSSL(n: Int, r: Int, p: Int) throws {
        let password = Array("password".utf8), salt = Array("NaCl".utf8)
        let ours = try Scrypt.deriveKey(password: password, salt: salt, n: n, r: r, p: p, outputByteCount: 64)
        let boring = try KDF.Scrypt.deriveKey(from: password, salt: salt, outputByteCount: 64, rounds: n, blockSize: r, parallelism: p)
        #expect(ours == boring)
    }

    @Test func rfc7914Vector() throws {
        // RFC 7914 §12: scrypt(P="password", S="NaCl", N=1024, r=8, p=16, dkLen=64).
        let key = try Scrypt.deriveKey(password: Array("password".utf8), salt: Array("NaCl".utf8), n: 1024, r: 8, p: 16, outputByteCount: 64)
        #expect(key.withUnsafeBytes { Hex.encode($0, prefix: false) } ==
            "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")
    }
}
