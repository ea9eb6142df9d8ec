import TestSupport
import Crypto
import Foundation
import Testing
import ValidatorKeys

/// Every bad keystore input gets its own error, and nothing is derived before the checks pass.
@Suite struct KeystoreErrorTests {
    private func eip(_ name: String = "eip2335_keystore_pbkdf2.json") throws -> [String: Any] {
        try #require(try Vectors.json("eip2333-2334-2335/" + name) as? [String: Any])
    }

    private func parse(_ object: [String: Any]) throws -> Keystore {
        try Keystore(json: try JSONSerialization.data(withJSONObject: object))
    }

    private func mutate(_ object: [String: Any], _ path: [String], _ value: Any?) -> [String: Any] {
        var copy = object
        if path.count == 1 {
            copy[path[0]] = value
        } else {
            copy[path[0]] = mutate(copy[path[0]] as! [String: Any], Array(path.dropFirst()), value)
        }
        return copy
    }

    @Test func wrongPassword() throws {
        let keystore = try Keystore(json: try Vectors.data("eip2333-2334-2335/eip2335_keystore_pbkdf2.json"))
        #expect(expectError(.wrongPassword) { try keystore.decrypt(password: KeystorePassword("testpassword")) }
            == "wrong password: the keystore checksum does not match")
    }

    @Test func corruptJSON() throws {
        #expect(expectError(.invalidKeystore) { try Keystore(json: Data("{\"crypto\": ".utf8)) }
            == "not an EIP-2335 keystore: invalid JSON")
        let base = try eip()
        #expect(expectError(.invalidKeystore) { try parse(mutate(base, ["uuid"], nil)) }
            == #"not an EIP-2335 keystore: missing field "uuid""#)
        #expect(expectError(.invalidKeystore) { try parse(mutate(base, ["crypto", "kdf", "params", "c"], "many")) }?
            .contains("crypto.kdf.params.c") == true)
        #expect(expectError(.invalidKeystore) { try parse(mutate(base, ["extra"], 1)) }
            == #"not an EIP-2335 keystore: unknown field "extra" in keystore"#)
        #expect(expectError(.invalidKeystore) { try parse(mutate(base, ["crypto", "cipher", "params", "iv"], "00ff")) }
            == "crypto.cipher.params.iv must be 16 bytes, got 2")
        #expect(expectError(.invalidKeystore) { try parse(mutate(base, ["crypto", "checksum", "message"], "zz")) }?
            .hasPrefix("crypto.checksum.message is not hex") == true)
    }

    @Test func unknownVersion() throws {
        #expect(expectError(.unsupportedVersion) { try parse(mutate(try eip(), ["version"], 3)) }
            == "keystore version 3 is not supported (only 4)")
    }

    @Test func unsupportedFunctions() throws {
        let base = try eip()
        expectError(.unsupportedParameters) { try parse(mutate(base, ["crypto", "kdf", "function"], "argon2id")) }
        expectError(.unsupportedParameters) { try parse(mutate(base, ["crypto", "cipher", "function"], "aes-256-gcm")) }
        expectError(.unsupportedParameters) { try parse(mutate(base, ["crypto", "checksum", "function"], "keccak")) }
        expectError(.unsupportedParameters) { try parse(mutate(base, ["crypto", "kdf", "params", "prf"], "hmac-sha512")) }
        expectError(.unsupportedParameters) { try parse(mutate(base, ["crypto", "kdf", "params", "dklen"], 16)) }
    }

    /// Parameters that would take gigabytes or hours are refused at parse time (by
    /// `KeystoreKDF.validate`, before any derivation), and by `deriveKey` itself.
    /// No timing is asserted: the refusals are checked by their errors.
    @Test func exhaustingKDFParametersAreRefusedBeforeAnyWork() throws {
        let scrypt = try eip("eip2335_keystore_scrypt.json")
        #expect(expectError(.unsupportedParameters) { try parse(mutate(scrypt, ["crypto", "kdf", "params", "n"], 1 << 30)) }?
            .hasPrefix("scrypt n=1073741824 r=8 p=1 needs more than 1024 MiB") == true)
        expectError(.unsupportedParameters) { try parse(mutate(scrypt, ["crypto", "kdf", "params", "p"], 1 << 20)) }
        expectError(.unsupportedParameters) { try parse(mutate(scrypt, ["crypto", "kdf", "params", "n"], 262_143)) }
        expectError(.unsupportedParameters) {
            try parse(mutate(try eip(), ["crypto", "kdf", "params", "c"], Int(Int32.max)))
        }
        expectError(.unsupportedParameters) {
            try Keystore.deriveKey(password: KeystorePassword("x"), kdf: .scrypt(n: 1 << 24, r: 8, p: 1, salt: [1]))
        }
    }

    @Test func emptyPasswordDoesNotCrash() throws {
        let kdf = KeystoreKDF.pbkdf2(c: 2, salt: [1, 2, 3])
        let dk = try Keystore.deriveKey(password: KeystorePassword(""), kdf: kdf)
        #expect(dk.bitCount == 256)
        let scryptKey = try Keystore.deriveKey(password: KeystorePassword("\u{0}"), kdf: .scrypt(n: 4, r: 1, p: 1, salt: [1]))
        #expect(scryptKey.bitCount == 256)
    }
}

/// A keystore whose secret is not the key of its `pubkey` is refused after decryption.
@Suite struct KeystorePubkeyTests {
    @Test func mismatchedPubkeyIsRefused() throws {
        var object = try #require(try Vectors.json("eip2333-2334-2335/eip2335_keystore_pbkdf2.json") as? [String: Any])
        object["pubkey"] = "a" + String((object["pubkey"] as! String).dropFirst())
        let keystore = try Keystore(json: try JSONSerialization.data(withJSONObject: object))
        #expect(expectError(.pubkeyMismatch) { try keystore.decryptSecretKey(password: KeystorePassword("𝔱𝔢𝔰𝔱𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡🔑")) }
            == "the keystore's secret does not belong to its pubkey")
    }
}
