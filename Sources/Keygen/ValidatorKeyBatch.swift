import Secrets
import ConsensusTypes
import Crypto
import EthereumCore
#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif
package import ValidatorKeys
package import Vault

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
/// (``ValidatorKeys/KeyGeneration`` does the checks).
///
/// Secrets live only in memory, in zeroising holders (the mnemonic, the seed, the passwords),
/// and leave only inside each row's ``Vault/VaultRecord``, which the vault cipher encrypts.
package enum ValidatorKeyBatch {
    /// Generates the keys of `plan`: the EIP-2333 master key is derived once for the batch, and
    /// the validators are made on every core by one ``ValidatorKeys/KeyGeneration`` run (off the
    /// Swift concurrency pool, so no task group is involved).
    ///
    /// - Parameters:
    ///   - plan: what to make (``KeygenPlan/init(validating:maxCount:)`` checks it).
    ///   - now: the rows' `datetime`.
    /// - Returns: one vault row per validator, the public keys and the signed deposits, in validator order.
    /// - Throws: ``ValidatorKeys/ValidatorKeysError`` when the plan is refused (amount, index
    ///   range) or a self-check fails; nothing is returned then.
    package static func generate(_ plan: KeygenPlan, now: Date = Date()) async throws(ValidatorKeysError) -> GeneratedKeys {
        let mnemonic = try Mnemonic.generate(language: plan.language)
        var mnemonicBytes = mnemonic.withPhrase { Array($0.utf8) }
        defer { mnemonicBytes.wipe() }
        // ISO-8601 in UTC with milliseconds, e.g. 2026-11-21T07:55:12.123Z.
        let datetime = now.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))

        // Each password is one SecretBytes, passed by reference: there is no array copy to miss.
        let passwords = (0..<plan.count).map { _ in randomPassword() }
        let request = KeyGeneration.Request(
            startIndex: 0, count: plan.count, chain: plan.chain, withdrawal: plan.withdrawal, amountGwei: plan.amountGwei,
            kdf: plan.kdf, saltPolicy: .perKeystore)
        let outputs = try await KeyGeneration.generate(
            seed: mnemonic.seed(), passwords: passwords.map { KeystorePassword(utf8: $0) }, request: request)

        var keys: [Vault.NewKey] = []
        var pubkeys: [String] = []
        for (output, password) in zip(outputs, passwords) {
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
        return GeneratedKeys(keys: keys, pubkeys: pubkeys, deposits: outputs.map(\.deposit))
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
