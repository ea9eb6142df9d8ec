import Foundation
import TestSupport
import Testing
@testable import ValidatorKeys

/// ValidatorKeys' own NFKD and NFKC (no Foundation, so no ICU in the Lambda bootstrap) against
/// Foundation's `decomposedStringWithCompatibilityMapping` and `precomposedStringWithCompatibilityMapping`,
/// which they replace (every scalar alone, every word of every BIP-39 list), and against Python's
/// `unicodedata` on random mixed text.
@Suite struct CompatibilityDecompositionTests {
    private static func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    /// Every assigned plane that has decompositions (BMP, SMP, SIP, TIP) and plane 14, scalar by scalar.
    @Test func everyScalarAloneMatchesFoundation() {
        var mismatches: [String] = []
        for value in Array(0...0x3_FFFF) + Array(0xE_0000...0xE_0FFF) {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            let text = String(Character(scalar))
            if Self.scalars(CompatibilityDecomposition.nfkd(text)) != Self.scalars(text.decomposedStringWithCompatibilityMapping) {
                mismatches.append("NFKD U+\(String(value, radix: 16, uppercase: true))")
            }
            if Self.scalars(CompatibilityDecomposition.nfkc(text)) != Self.scalars(text.precomposedStringWithCompatibilityMapping) {
                mismatches.append("NFKC U+\(String(value, radix: 16, uppercase: true))")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches, first: \(mismatches.prefix(20))")
    }

    /// Random strings mixing starters, combining marks of several classes (reordering), Hangul
    /// syllables and jamo (composition), and compatibility characters, against Python's
    /// `unicodedata` (the reference tools' normaliser). Foundation's CoreFoundation normaliser is
    /// not the yardstick here: it leaves some marks out of canonical order after a compatibility
    /// decomposition that starts with a space (U+1FC1 U+20D1 U+1DD0) and does not compose halfwidth
    /// jamo (U+1109 U+FFD7), where Unicode, Python and this implementation agree. Every block drawn
    /// from is older than Python 3.11's Unicode 14.
    @Test func randomMixedTextMatchesPythonUnicodedata() throws {
        var rng = TestSeed.rng(try TestSeed.value(), for: "CompatibilityDecompositionTests.randomMixedText")
        let pools: [ClosedRange<UInt32>] = [
            0x20...0x7E, 0xA0...0x17F, 0x300...0x36F, 0x591...0x5C7, 0x1DC0...0x1DFF, 0x20D0...0x20F0, 0x1100...0x11FF,
            0xAC00...0xD7A3, 0x3040...0x30FF, 0x3300...0x33FF, 0xFB00...0xFDFF, 0xFE70...0xFEFC, 0xFF00...0xFFEF,
            0x1D400...0x1D7FF, 0x2460...0x24FF, 0x0E00...0x0FFF, 0x1E00...0x1FFF,
        ]
        var texts: [[UInt32]] = []
        for _ in 0..<5000 {
            var text: [UInt32] = []
            for _ in 0..<Int.random(in: 1...10, using: &rng) {
                let pool = pools[Int.random(in: 0..<pools.count, using: &rng)]
                let value = UInt32.random(in: pool, using: &rng)
                if let scalar = Unicode.Scalar(value), scalar.properties.generalCategory != .unassigned { text.append(value) }
            }
            texts.append(text)
        }
        let output = try #require(try PythonHelper.run("normalize.py", input: texts) as? [String: Any])
        let expected = try #require(output["results"] as? [[[Int]]])
        var mismatches: [[UInt32]] = []
        for (text, forms) in zip(texts, expected) {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: text.compactMap(Unicode.Scalar.init))
            let string = String(view)
            if Self.scalars(CompatibilityDecomposition.nfkd(string)) != forms[0].map(UInt32.init)
                || Self.scalars(CompatibilityDecomposition.nfkc(string)) != forms[1].map(UInt32.init)
            {
                mismatches.append(text)
            }
        }
        #expect(expected.count == texts.count)
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches (Python's Unicode \(output["unicode"] ?? "?")), first: \(mismatches.prefix(5))")
    }

    @Test(arguments: MnemonicLanguage.allCases)
    func everyWordOfEveryListMatchesFoundation(language: MnemonicLanguage) throws {
        let list = try Wordlist.load(language)
        for word in list.words + [list.words.joined(separator: language == .japanese ? "\u{3000}" : " ")] {
            #expect(Self.scalars(CompatibilityDecomposition.nfkd(word)) == Self.scalars(word.decomposedStringWithCompatibilityMapping), "\(word)")
            #expect(Self.scalars(CompatibilityDecomposition.nfkc(word)) == Self.scalars(word.precomposedStringWithCompatibilityMapping), "\(word)")
        }
    }

    /// The password rule (EIP-2335): NFKD, then C0, DEL and C1 control codes dropped.
    @Test func keystorePasswordNormalisesAsFoundationDid() {
        let typed = "ｐａｓｓ\u{1}ﬁ\u{7F}\u{85}e\u{301}가\u{212B}"
        let expected = Array(String(String.UnicodeScalarView(typed.decomposedStringWithCompatibilityMapping.unicodeScalars.filter {
            !($0.value < 0x20 || (0x7F...0x9F).contains($0.value))
        })).utf8)
        #expect(KeystorePassword(typed).withBytes { Array($0) } == expected)
    }
}
