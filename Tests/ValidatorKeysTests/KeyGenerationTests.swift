import TestSupport
import BLS12381
import ConsensusTypes
import Foundation
import Testing
import ValidatorKeys

/// The parallel generation pipeline: same deposit data as the reference files, keystores that
/// decrypt to the right keys, both salt policies.
@Suite struct KeyGenerationTests {
    private static let mnemonic = "test test test test test test test test test test test waste"

    @Test(arguments: [KeyGeneration.SaltPolicy.perKeystore, .sharedPerRun])
    func generatesVerifiedKeystoresAndTheReferenceDeposits(policy: KeyGeneration.SaltPolicy) throws {
        let seed = try Mnemonic(phrase: Self.mnemonic).seed()
        let password = KeystorePassword("MyPassword")
        let request = KeyGeneration.Request(
            startIndex: 0, count: 3, chain: .mainnet, withdrawal: .bls, amountGwei: 32_000_000_000,
            kdf: .custom(.scrypt(n: 1 << 12, r: 8, p: 1, salt: [])), saltPolicy: policy)
        let outputs = try KeyGeneration.run(seed: seed, passwords: Array(repeating: password, count: 3), request: request)
        #expect(outputs.map(\.index) == [0, 1, 2])
        // The deposit roots are those of staking-deposit-cli's mainnet first_0_count_2 0x00 file (the first two).
        let file = try #require(try Vectors.files(in: "staking-deposit-cli/lighthouse-deposit-data/sdc-2.7.0")
            .first { $0.lastPathComponent.hasPrefix("mainnet_first_0_count_2_eth1_false") })
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [[String: Any]])
        try #require(reference.count == 2, "the reference deposit file must hold the two deposits compared")
        for (output, entry) in zip(outputs, reference) {
            #expect(output.deposit.data.hashTreeRoot.description == entry["deposit_data_root"] as? String)
        }
        let salts = Set(outputs.map(\.keystore.kdf.salt))
        #expect(salts.count == (policy == .perKeystore ? 3 : 1))
        #expect(Set(outputs.map(\.keystore.iv)).count == 3)
        for output in outputs {
            let keystore = try Keystore(json: Data(output.keystoreJSON.utf8))
            let key = try keystore.decryptSecretKey(password: password)
            #expect(key.publicKey().compressed == output.deposit.data.pubkey.bytes)
            #expect(keystore.path == "m/12381/3600/\(output.index)/0/0")
            #expect(output.keystoreJSON.hasPrefix(#"{"crypto": {"kdf": {"function": "scrypt", "params": {"dklen": 32, "n": 4096, "r": 8, "p": 1, "salt": ""#))
            #expect(output.keystoreJSON.hasSuffix(#", "version": 4}"#))
        }
    }

    @Test func badRequestsAreRefusedBeforeAnyKDF() throws {
        let seed = try Mnemonic(phrase: Self.mnemonic).seed()
        var request = KeyGeneration.Request(startIndex: UInt32.max, count: 2, chain: .mainnet, withdrawal: .bls, amountGwei: 32_000_000_000)
        expectError(.invalidPath) { try KeyGeneration.run(seed: seed, passwords: [KeystorePassword("x"), KeystorePassword("x")], request: request) }
        request = KeyGeneration.Request(startIndex: 0, count: 1, chain: .mainnet, withdrawal: .bls, amountGwei: 1)
        expectError(.invalidAmount) { try KeyGeneration.run(seed: seed, passwords: [KeystorePassword("x")], request: request) }
        request = KeyGeneration.Request(startIndex: 0, count: 2, chain: .mainnet, withdrawal: .bls, amountGwei: 32_000_000_000)
        expectError(.invalidPassword) { try KeyGeneration.run(seed: seed, passwords: [KeystorePassword("x")], request: request) }
        request.saltPolicy = .sharedPerRun
        expectError(.invalidPassword) { try KeyGeneration.run(seed: seed, passwords: [KeystorePassword("x"), KeystorePassword("y")], request: request) }
    }

    /// One batch, a password per keystore: each keystore opens with its own password only, and the
    /// async entry point gives what the blocking one gives.
    @Test func eachKeystoreHasItsOwnPassword() async throws {
        let seed = try Mnemonic(phrase: Self.mnemonic).seed()
        let passwords = ["first password", "second password", "third password"].map { KeystorePassword($0) }
        let request = KeyGeneration.Request(
            startIndex: 5, count: 3, chain: .hoodi, withdrawal: .bls, amountGwei: 32_000_000_000,
            kdf: .custom(.pbkdf2(c: 2, salt: [])))
        let outputs = try await KeyGeneration.generate(seed: seed, passwords: passwords, request: request)
        #expect(outputs.map(\.index) == [5, 6, 7])
        for (i, output) in outputs.enumerated() {
            let keystore = try Keystore(json: Data(output.keystoreJSON.utf8))
            #expect(try keystore.decryptSecretKey(password: passwords[i]).publicKey().compressed == output.deposit.data.pubkey.bytes)
            expectError(.wrongPassword) { _ = try keystore.decryptSecretKey(password: passwords[(i + 1) % 3]) }
        }
        let blocking = try KeyGeneration.run(seed: seed, passwords: passwords, request: request)
        #expect(blocking.map(\.deposit) == outputs.map(\.deposit), "deposits are deterministic")
    }
}
