import TestSupport
import Crypto
import Foundation
import Testing
@testable import ValidatorKeys

/// Hand-written BIP-39 tests: word lists, typing mistakes and their errors.
@Suite struct BIP39Tests {
    private let abandon = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"

    @Test(arguments: MnemonicLanguage.allCases)
    func everyBundledWordlistMatchesItsSHA256(language: MnemonicLanguage) throws {
        let list = try Wordlist.load(language)
        #expect(list.words.count == 2048)
        // The shipped resource is byte-identical to the official list in the shared vectors.
        let official = try Vectors.data("bip39/wordlists/\(language.rawValue).txt")
        #expect(SHA256.hash(data: official).map { String(format: "%02x", $0) }.joined() == language.wordlistSHA256)
    }

    @Test func aTamperedWordlistIsRefused() throws {
        var data = try Vectors.data("bip39/wordlists/english.txt")
        data[0] ^= 0x20  // "abandon" → "Abandon"
        let reason = expectError(.wordlistCorrupt) { try Wordlist(data: data, language: .english) }
        #expect(reason == "word list english.txt does not match its SHA-256")
    }

    @Test func unknownWordIsNamedByItsPositionNeverQuoted() {
        let typo = abandon.replacingOccurrences(of: "about", with: "abuot")
        #expect(expectError(.unknownWord) { try Mnemonic(phrase: typo, language: .english) }
            == "word 12 is not in the english BIP-39 word list")
        #expect(expectError(.unknownWord) { try Mnemonic(phrase: typo) } == "word 12 is not in any BIP-39 word list")
    }

    /// Abbreviated words that expand to different words in two lists, both with a valid checksum:
    /// two different seeds, so no language is guessed.
    private let englishAndFrench = "labo brus coff soup firm brus chal merc chap info logi guit"

    @Test func aMnemonicFittingTwoLanguagesIsNeverGuessed() throws {
        #expect(try Mnemonic.fittingLanguages(phrase: englishAndFrench) == [.english, .french])
        #expect(expectError(.ambiguousLanguage) { try Mnemonic(phrase: englishAndFrench) }
            == "the mnemonic fits the english and french word lists, with different keys: name its language")
        let english = try Mnemonic(phrase: englishAndFrench, language: .english)
        let french = try Mnemonic(phrase: englishAndFrench, language: .french)
        #expect(english.seed().withUnsafeBytes(Array.init) != french.seed().withUnsafeBytes(Array.init))
    }

    @Test func wordsSharedByBothChineseListsAreNotAmbiguous() throws {
        let simplified = try Wordlist.load(.chineseSimplified), traditional = try Wordlist.load(.chineseTraditional)
        let shared = (0..<2048).filter { simplified.words[$0] == traditional.words[$0] }
        #expect(shared.count > 100)
        // Eleven shared words, then the first shared last word whose checksum fits.
        let head = shared.prefix(11).map { simplified.words[$0] }
        let phrase = try #require(shared.lazy.map { (head + [simplified.words[$0]]).joined(separator: " ") }
            .first { (try? Mnemonic(phrase: $0, language: .chineseSimplified)) != nil })
        #expect(try Mnemonic.fittingLanguages(phrase: phrase) == [.chineseSimplified, .chineseTraditional])
        let detected = try Mnemonic(phrase: phrase)
        #expect(detected.matches(try Mnemonic(phrase: phrase, language: .chineseSimplified)))
    }

    @Test func checksumFailureIsNamed() {
        let swapped = abandon.replacingOccurrences(of: "about", with: "abandon")
        #expect(expectError(.invalidChecksum) { try Mnemonic(phrase: swapped, language: .english) }
            == "the mnemonic's checksum does not match (english): a word is mistyped or out of order")
    }

    @Test func wordCountIsChecked() {
        #expect(expectError(.invalidWordCount) { try Mnemonic(phrase: "abandon abandon about") }
            == "a mnemonic has 12, 15, 18, 21 or 24 words; this one has 3")
        expectError(.invalidEntropy) { try Mnemonic(entropy: [UInt8](repeating: 0, count: 15), language: .english) }
    }

    @Test func abbreviationsCaseAndSpacingAreAccepted() throws {
        let full = try Mnemonic(phrase: abandon, language: .english)
        let typed = try Mnemonic(phrase: "  ABAN aband abandon abandon abandon abandon\tabandon abandon abandon abandon abandon abou ")
        #expect(typed.matches(full))
        #expect(typed.language == .english)
        // an abbreviation must be a prefix of its word: "abouz" is not "about"
        expectError(.unknownWord) { try Mnemonic(phrase: abandon.replacingOccurrences(of: "about", with: "abouz"), language: .english) }
    }

    @Test func languageNamesAndAliases() throws {
        #expect(try MnemonicLanguage(named: "english") == .english)
        #expect(try MnemonicLanguage(named: "zh-tw") == .chineseTraditional)
        #expect(try MnemonicLanguage(named: "4") == .english)
        #expect(try MnemonicLanguage(named: "日本語") == .japanese)
        expectError(.unknownLanguage) { try MnemonicLanguage(named: "klingon") }
    }

    @Test func generatedMnemonicsRoundTrip() throws {
        for language in MnemonicLanguage.allCases {
            let m = try Mnemonic.generate(language: language)
            #expect(m.wordCount == 24)
            let again = try m.withPhrase { try Mnemonic(phrase: $0, language: language) }
            #expect(again.matches(m))
        }
    }
}
