import TestSupport
import Crypto
import EthereumCore
import Foundation
import Testing
@testable import ValidatorKeys

/// BIP-39 conformance over `bip39/vectors.json` (trezor, passphrase "TREZOR") and the
/// deposit-cli `mnemonic.json` files.
@Suite struct BIP39ConformanceTests {
    @Test(arguments: MnemonicLanguage.allCases)
    func trezorVectors(language: MnemonicLanguage) throws {
        let all = try #require(try Vectors.json("bip39/vectors.json") as? [String: [[String]]])
        let cases = try #require(all[language.rawValue])
        #expect(cases.count == 24)
        for c in cases {
            let generated = try Mnemonic(entropy: hex(c[0]), language: language)
            generated.withPhrase { #expect($0 == c[1]) }
            let parsed = try Mnemonic(phrase: c[1], language: language)
            #expect(parsed.matches(generated))
            let seed = parsed.seed(passphrase: "TREZOR")
            seed.withUnsafeBytes { #expect(Array($0) == hex(c[2])) }
        }
    }

    @Test func depositCliVectorsWithLanguageDetection() throws {
        for file in ["ethstaker-deposit-cli/mnemonic.json", "ethereum-staking-deposit-cli/mnemonic.json"] {
            let all = try #require(
                try Vectors.json("staking-deposit-cli/key_derivation_vectors/" + file) as? [String: [[String]]])
            var count = 0
            for (name, cases) in all {
                let language = try MnemonicLanguage(named: name)
                for c in cases {
                    let generated = try Mnemonic(entropy: hex(c[0]), language: language)
                    let detected = try Mnemonic(phrase: c[1])  // no language given
                    #expect(detected.language == language || Set([detected.language, language]) == [.chineseSimplified, .chineseTraditional])
                    detected.seed(passphrase: "TREZOR").withUnsafeBytes { #expect(Array($0) == hex(c[2]), "\(name)") }
                    generated.seed(passphrase: "TREZOR").withUnsafeBytes { #expect(Array($0) == hex(c[2]), "\(name)") }
                    count += 1
                }
            }
            #expect(count > 150)
        }
    }

    @Test func wordsValidInBothChineseLists() throws {
        let phrases = try #require(
            try Vectors.json("staking-deposit-cli/key_derivation_vectors/ethstaker-deposit-cli/multi_lang_mnemonic.json") as? [String])
        #expect(phrases.count == 4)
        for phrase in phrases {
            let simplified = try Mnemonic(phrase: phrase, language: .chineseSimplified)
            let traditional = try Mnemonic(phrase: phrase, language: .chineseTraditional)
            let detected = try Mnemonic(phrase: phrase)
            let seeds = [simplified, traditional, detected].map { $0.seed().withUnsafeBytes { Array($0) } }
            #expect(seeds[0] == seeds[1] && seeds[1] == seeds[2])
        }
    }
}
