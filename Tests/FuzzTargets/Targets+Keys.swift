import Web3SecretStorage
import BLS12381
import ConsensusTypes
import EthereumCore
import EthereumTransactions
import Foundation
import TestSupport
import ValidatorKeys
import Vault

extension FuzzCatalog {
    /// BLS point encodings: G1 public keys and G2 signatures (compressed and uncompressed); what
    /// decodes re-encodes to the same bytes.
    static let bls = FuzzTarget(
        "bls", summary: "BLS12381 PublicKey(bytes:) (G1) and Signature(bytes:) (G2) decompression; encoding round trip", json: false,
        seeds: { try blsSeeds() },
        body: { input throws(FuzzFailure) in
            if let key = try? PublicKey(bytes: input) {
                try require(input.count == 48 ? key.compressed == input : key.uncompressed == input, "bls: G1 re-encodes differently")
            }
            if let signature = try? Signature(bytes: input) {
                try require(input.count == 96 ? signature.compressed == input : signature.uncompressed == input, "bls: G2 re-encodes differently")
            }
        })

    /// EIP-2335 keystores: parse, then (only for cheap KDF parameters) decrypt with a wrong and
    /// with the seed password. Expensive parameters are skipped before any derivation.
    static let keystoreEIP2335 = FuzzTarget(
        "keystore-eip2335", summary: "Keystore(json:) and decrypt (KDF cost at most 4096; wrong-password path)", json: true,
        seeds: { try eip2335Seeds() },
        body: { input throws(FuzzFailure) in
            guard let keystore = try? Keystore(json: Data(input)) else { return }
            let cost: Int = switch keystore.kdf {
            case .scrypt(let n, let r, let p, _): n.multipliedReportingOverflow(by: r).partialValue.multipliedReportingOverflow(by: p).partialValue
            case .pbkdf2(let c, _): c
            }
            guard (1...4096).contains(cost) else { return }
            _ = try? keystore.decryptSecretKey(password: KeystorePassword("not the password"))
            _ = try? keystore.decryptSecretKey(password: KeystorePassword(fuzzPassword))
        })

    /// Web3 Secret Storage V3: parse, then decrypt with a wrong password when the KDF is cheap or
    /// is refused before any work (huge, negative or overflowing parameters).
    static let keystoreV3 = FuzzTarget(
        "keystore-v3", summary: "KeystoreV3JSON decoding and KeystoreV3.decrypt (cheap or refused KDF parameters only)", json: true,
        seeds: { try v3Seeds() },
        body: { input throws(FuzzFailure) in
            guard let file = try? JSONDecoder().decode(KeystoreV3JSON.self, from: Data(input)), v3Affordable(file.crypto.kdfparams) else { return }
            _ = try? KeystoreV3.decrypt(file, password: Array("not the password".utf8))
            _ = try? KeystoreV3.decrypt(file, password: Array(fuzzPassword.utf8))
        })

    /// BIP-39 mnemonics in every language: whatever parses round-trips through its phrase.
    static let mnemonic = FuzzTarget(
        "mnemonic", summary: "Mnemonic(phrase:) in any language; phrase round trip", json: false,
        seeds: { try mnemonicSeeds() },
        body: { input throws(FuzzFailure) in
            let text = String(decoding: input, as: UTF8.self)
            guard let mnemonic = try? Mnemonic(phrase: text) else { return }
            let again = mnemonic.withPhrase { try? Mnemonic(phrase: $0, language: mnemonic.language) }
            try require(again.map(mnemonic.matches) == true, "mnemonic: phrase round trip differs")
        })

    /// Deposit data (the vault's `deposit_json_b64` rows) and devnet chain settings, plus the
    /// other small texts a user types for them: key paths and EIP-55 withdrawal addresses.
    static let depositAndChainSettings = FuzzTarget(
        "deposit-devnet", summary: "Vault.depositFile (deposit_json_b64), ChainSetting.devnet(json:), KeyPath(parsing:), ExecutionAddress(eip55:)",
        json: true,
        seeds: { try depositSeeds() },
        body: { input throws(FuzzFailure) in
            let text = String(decoding: input, as: UTF8.self)
            if let chain = try? ChainSetting.devnet(json: text) {
                try require(!chain.networkName.isEmpty, "devnet: empty network name accepted")
            }
            if let row = try? KeyRow(
                pubkey: String(repeating: "ab", count: 48), chain: "mainnet", datetime: "2026-01-01T00:00:00Z",
                depositJSONBase64: Data(input).base64EncodedString(), encryptedKeyPasswordMnemonicBase64: "AA==")
            {
                _ = try? Vault.depositFile([row, row])
            }
            if let path = try? KeyPath(parsing: text) {
                try require((try? KeyPath(parsing: path.description)) == path, "key path: round trip differs")
            }
            if let address = try? ExecutionAddress(eip55: text) {
                try require(address.eip55 == text, "eip55: accepted text is not its checksummed form")
            }
        })
}

let fuzzPassword = "fuzz password 🔑"

/// Whether decrypting would either be refused before key derivation or cost at most 4096 units.
func v3Affordable(_ p: KeystoreV3JSON.KDFParamsJSON) -> Bool {
    if let c = p.c, p.n == nil { return c < 1 || c > 100_000_000 || c <= 4096 }
    guard let n = p.n, let r = p.r, let p = p.p else { return true }
    let (nr, o1) = n.multipliedReportingOverflow(by: r)
    let (work, o2) = nr.multipliedReportingOverflow(by: p)
    let refused = n <= 1 || n & (n - 1) != 0 || n > 1 << 22 || r < 1 || p < 1 || r >= 1 << 20 || p >= 1 << 20 || o1 || o2
        || r * p >= 1 << 20 || work > (1 << 32) / 128
    return refused || work <= 4096
}

/// Hex strings of point sizes found in a vector directory.
func blsSeeds() throws -> [[UInt8]] {
    var seeds: [[UInt8]] = []
    func collect(_ value: Any) {
        if let s = value as? String {
            let digits = s.hasPrefix("0x") ? String(s.dropFirst(2)) : s
            if [96, 192, 384].contains(digits.count), digits.allSatisfy(\.isHexDigit) { seeds.append(hexBytes(digits)) }
        } else if let d = value as? [String: Any] {
            for v in d.values { collect(v) }
        } else if let a = value as? [Any] {
            for v in a { collect(v) }
        }
    }
    for dir in ["bls12-381-tests/deserialization_G1", "bls12-381-tests/deserialization_G2", "bls12-381-tests/verify"] {
        for file in try Vectors.files(in: dir) { collect(try Vectors.json(file)) }
    }
    return seeds
}

/// The EIP-2335 vectors with their KDF made cheap (so the checksum no longer matches: the wrong
/// password path), plus fresh cheap keystores under ``fuzzPassword`` (the right password path).
func eip2335Seeds() throws -> [[UInt8]] {
    var seeds: [[UInt8]] = []
    for file in ["eip2333-2334-2335/eip2335_keystore_scrypt.json", "eip2333-2334-2335/eip2335_keystore_pbkdf2.json",
                 "staking-deposit-cli/keystore_test_vectors/test0.json", "staking-deposit-cli/keystore_test_vectors/test1.json"] {
        let text = String(decoding: try Vectors.data(file), as: UTF8.self)
        seeds.append(Array(text.replacingOccurrences(of: "262144", with: "16").utf8))
    }
    let key = try SecretKey(bytes: [UInt8](repeating: 0, count: 31) + [7])
    for kdf in [KeystoreKDF.scrypt(n: 16, r: 8, p: 1, salt: [1, 2, 3, 4]), .pbkdf2(c: 16, salt: [5, 6, 7, 8])] {
        let derived = try Keystore.deriveKey(password: KeystorePassword(fuzzPassword), kdf: kdf)
        let keystore = try Keystore.encrypt(secretKey: key, decryptionKey: derived, kdf: kdf, path: .signing(validatorIndex: 0))
        seeds.append(Array(keystore.jsonString.utf8))
    }
    return seeds
}

/// V3 keystores: a cheap one under ``fuzzPassword`` and hand-written files of geth's shape.
func v3Seeds() throws -> [[UInt8]] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let own = try encoder.encode(KeystoreV3.encrypt(fuzzKey, password: Array(fuzzPassword.utf8), kdf: .scrypt(n: 16, r: 8, p: 1)))
    return [Array(own)] + utf8([
        #"{"crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"6087dab2f9fdbbfaddc31a909735c1e6"},"ciphertext":"5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46","kdf":"pbkdf2","kdfparams":{"c":16,"dklen":32,"prf":"hmac-sha256","salt":"ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"},"mac":"517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"},"id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3}"#,
        #"{"Crypto":{"cipher":"aes-128-ctr","cipherparams":{"iv":"83dbcc02d8ccb40e466191a123791e0e"},"ciphertext":"d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c","kdf":"scrypt","kdfparams":{"dklen":32,"n":16,"p":8,"r":1,"salt":"ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"},"mac":"2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"},"id":"3198bc9c-6672-5ab3-d995-4942343ae5b6","version":3,"address":"008aeeda4d805471df9b2a5b0f38a0c3bcba786b"}"#,
    ])
}

/// BIP-39 vector mnemonics (a few per language) and near misses.
func mnemonicSeeds() throws -> [[UInt8]] {
    guard let file = try Vectors.json("bip39/vectors.json") as? [String: Any] else { throw FuzzFailure("bip39 vectors are not an object") }
    var seeds: [[UInt8]] = []
    for (_, cases) in file {
        for entry in (cases as? [[Any]] ?? []).prefix(4) {
            if let phrase = entry.dropFirst().first as? String { seeds.append(Array(phrase.utf8)) }
        }
    }
    return seeds + utf8(["abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abou",
                         "ABANDON  abandon\tabandon abandon abandon abandon abandon abandon abandon abandon abandon zoo", ""])
}

/// Deposit-data lists of the deposit CLI vectors (one entry each), devnet settings, paths, addresses.
func depositSeeds() throws -> [[UInt8]] {
    var seeds: [[UInt8]] = []
    for dir in ["staking-deposit-cli/lighthouse-deposit-data/sdc-2.7.0", "staking-deposit-cli/lighthouse-deposit-data/ethstaker-1.3.0"] {
        for file in try Vectors.files(in: dir).prefix(3) {
            guard let list = try Vectors.json(file) as? [Any], let first = list.first,
                let one = try? JSONSerialization.data(withJSONObject: [first])
            else { continue }
            seeds.append(Array(one))
        }
    }
    return seeds + utf8([
        #"{"network_name": "devnet-7", "genesis_fork_version": "0x10000038", "exit_fork_version": "0x40000038", "genesis_validator_root": "0x83431ec7fcf92cfc44947fc0418e831c25e1d0806590231c439830db7ad54fda"}"#,
        #"{"network_name": "x", "genesis_fork_version": "10000038", "exit_fork_version": "40000038", "genesis_validator_root": null}"#,
        "m/12381/3600/0/0/0", "m/12381/3600/4294967295/0", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD",
    ])
}
