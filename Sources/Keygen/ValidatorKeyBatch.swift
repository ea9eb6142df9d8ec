import Secrets
package import ConsensusTypes
import Crypto
import EthereumCore
#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif
package import ValidatorKeys
package import Vault

/// What one key-generation run makes: how many validators, on which chain, with which withdrawal
/// credentials, deposit amount and keystore KDF, from a fresh mnemonic in `language`.
package struct KeygenPlan: Sendable {
    package var count: Int
    package var language: MnemonicLanguage
    package var chain: ChainSetting
    package var withdrawal: WithdrawalType
    /// The amount in each deposit message, in gwei.
    package var amountGwei: UInt64
    package var kdf: KeyGeneration.KDFChoice

    package init(count: Int, language: MnemonicLanguage, chain: ChainSetting, withdrawal: WithdrawalType, amountGwei: UInt64, kdf: KeyGeneration.KDFChoice) {
        self.count = count
        self.language = language
        self.chain = chain
        self.withdrawal = withdrawal
        self.amountGwei = amountGwei
        self.kdf = kdf
    }

    /// 32 ETH: the amount of a 0x00 or 0x01 validator's deposit.
    package static let standardAmountGwei: UInt64 = 32_000_000_000
}

/// The keys of one run, ready for the vault: one row per validator, and the launchpad deposits.
package struct GeneratedKeys: Sendable {
    /// The rows to add, all or nothing.
    package let keys: [Vault.NewKey]
    /// The public keys, hex without `0x`, as the keystores carry them.
    package let pubkeys: [String]
    /// The signed deposits, in validator order.
    package let deposits: [SignedDeposit]
}

/// Key generation as the reference keygen function does it: one fresh 24-word mnemonic per run;
/// validators `m/12381/3600/i/0/0` for i = 0…count−1; each keystore (EIP-2335) under its own random
/// password (14 random bytes, URL-safe base64, as the reference's `secrets.token_urlsafe(14)`);
/// every keystore decrypted and every deposit signature verified before anything is returned
/// (``KeyGeneration/run(seed:password:request:progress:)`` does the checks).
///
/// Secrets live only in memory, in zeroising holders (the mnemonic, the seed, the passwords),
/// and leave only inside each row's ``VaultRecord``, which the vault cipher encrypts.
package enum ValidatorKeyBatch {
    /// Generates the keys of `plan`; validators run in parallel.
    ///
    /// - Throws: ``ValidatorKeysError`` when the plan is refused (amount, index range) or a
    ///   self-check fails; nothing is returned then.
    package static func generate(_ plan: KeygenPlan, now: Date = Date()) async throws -> GeneratedKeys {
        guard plan.count >= 1, UInt64(plan.count) <= UInt64(UInt32.max) + 1 else {
            throw ValidatorKeysError(.invalidPath, "cannot generate \(plan.count) validator keys: indices are 32-bit")
        }
        let mnemonic = try Mnemonic.generate(language: plan.language)
        var mnemonicBytes = mnemonic.withPhrase { Array($0.utf8) }
        defer { mnemonicBytes.wipe() }
        let seed = mnemonic.seed()
        // ISO-8601 in UTC with milliseconds, e.g. 2026-11-21T07:55:12.123Z.
        let datetime = now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))

        // Each password is one SecretBytes, passed by reference: there is no array copy to miss.
        let made = try await withThrowingTaskGroup(of: (Int, KeyGeneration.Output, SecretBytes).self) { group in
            for i in 0..<plan.count {
                group.addTask {
                    let passwordBytes = randomPassword()
                    let password = KeystorePassword(utf8: passwordBytes)
                    let request = KeyGeneration.Request(
                        startIndex: UInt32(i), count: 1, chain: plan.chain, withdrawal: plan.withdrawal, amountGwei: plan.amountGwei,
                        kdf: plan.kdf, saltPolicy: .perKeystore)
                    let outputs = try KeyGeneration.run(seed: seed, password: password, request: request)
                    return (i, outputs[0], passwordBytes)
                }
            }
            var all: [(Int, KeyGeneration.Output, SecretBytes)] = []
            for try await item in group { all.append(item) }
            return all.sorted { $0.0 < $1.0 }
        }

        var keys: [Vault.NewKey] = []
        var pubkeys: [String] = []
        for (_, output, password) in made {
            let pubkey = Hex.encode(output.deposit.data.pubkey.bytes, prefix: false)
            let depositFile = SignedDeposit.depositDataFile([output.deposit], cliVersion: SignedDeposit.defaultCLIVersion)
            let record = password.withUnsafeBytes { password in
                VaultRecord(keystore: output.keystoreJSON.utf8, password: password, mnemonic: mnemonicBytes)
            }
            keys.append(Vault.NewKey(
                pubkey: pubkey, chain: plan.chain.networkName, datetime: datetime,
                depositJSONBase64: Data(depositFile.utf8).base64EncodedString(), record: record))
            pubkeys.append(pubkey)
        }
        return GeneratedKeys(keys: keys, pubkeys: pubkeys, deposits: made.map(\.1.deposit))
    }

    /// 14 random bytes as URL-safe base64 without padding: 19 characters, 112 bits.
    static func randomPassword() -> SecretBytes {
        var random = SystemRandomNumberGenerator()
        var bytes = (0..<14).map { _ in UInt8.random(in: .min ... .max, using: &random) }
        defer { bytes.wipe() }
        var base64 = Data(bytes).base64EncodedData()
        defer { base64.resetBytes(in: 0..<base64.count) }
        let alphabet = base64.prefix { $0 != UInt8(ascii: "=") }
        let text = SecretBytes(count: alphabet.count)
        text.withUnsafeMutableBytes { out in
            for (i, c) in alphabet.enumerated() {
                out[i] = c == UInt8(ascii: "+") ? UInt8(ascii: "-") : c == UInt8(ascii: "/") ? UInt8(ascii: "_") : c
            }
        }
        return text
    }
}
