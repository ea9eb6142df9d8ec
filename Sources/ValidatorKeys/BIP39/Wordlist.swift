import Crypto
import Synchronization

/// One BIP-39 word list, loaded from the text compiled in (``MnemonicLanguage/wordlistText``) and checked against its pinned SHA-256.
///
/// Lookup accepts a word as typed: it is NFKD-normalised and lower-cased, matched exactly, and
/// otherwise by its first four characters (NFKC), which BIP-39 lists keep unique, as
/// ethstaker-deposit-cli's `abbreviate_words` does (but only when the typed text is a prefix of
/// the word).
package struct Wordlist: Sendable {
    package let language: MnemonicLanguage
    /// The 2048 words, as in the file.
    package let words: [String]
    private let exact: [String: Int]
    private let abbreviated: [String: Int]

    private static let cache = Cache()

    /// The word list of `language`, loaded once per process.
    ///
    /// - Throws: ``ValidatorKeysError`` (`wordlistCorrupt`) when the text does not match its
    ///   SHA-256 or does not hold 2048 distinct words.
    package static func load(_ language: MnemonicLanguage) throws(ValidatorKeysError) -> Wordlist {
        if let cached = cache.get(language) { return cached }
        let list = try Wordlist(language)
        cache.set(language, list)
        return list
    }

    private init(_ language: MnemonicLanguage) throws(ValidatorKeysError) {
        try self.init(data: Array(language.wordlistText.utf8), language: language)
    }

    /// Checks `data` against the pinned SHA-256 of `language`'s list, then indexes it.
    init(data: some Collection<UInt8>, language: MnemonicLanguage) throws(ValidatorKeysError) {
        let data = Array(data)
        self.language = language
        let digest = SHA256.hash(data: data).map { String($0, radix: 16).leftPadded(2) }.joined()
        guard digest == language.wordlistSHA256 else {
            throw ValidatorKeysError(.wordlistCorrupt, "word list \(language.rawValue).txt does not match its SHA-256")
        }
        let words = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        var exact = [String: Int]()
        var abbreviated = [String: Int]()
        for (i, word) in words.enumerated() {
            exact[Self.normalise(word)] = i
            let prefix = Self.abbreviate(word)
            abbreviated[prefix] = abbreviated[prefix] == nil ? i : -1  // -1: ambiguous prefix
        }
        guard words.count == 2048, exact.count == 2048 else {
            throw ValidatorKeysError(.wordlistCorrupt, "word list \(language.rawValue).txt does not hold 2048 distinct words")
        }
        self.words = words
        self.exact = exact
        self.abbreviated = abbreviated
    }

    /// The index of a typed word, or `nil` when it is not in this list. An abbreviation must be
    /// a prefix of the word it stands for (so "wast" is "waste" but "wastx" is refused, where the
    /// reference would accept it).
    package func index(of typed: String) -> Int? {
        let normalised = Self.normalise(typed)
        if let i = exact[normalised] { return i }
        if let i = abbreviated[Self.abbreviate(typed)], i >= 0, Self.normalise(words[i]).hasPrefix(normalised) { return i }
        return nil
    }

    /// NFKD, lower case: the form BIP-39 hashes.
    package static func normalise(_ word: String) -> String {
        CompatibilityDecomposition.nfkd(word).lowercased()
    }

    private static func abbreviate(_ word: String) -> String {
        String(CompatibilityDecomposition.nfkc(word.lowercased()).prefix(4))
    }

    private final class Cache: Sendable {
        private let lists = Mutex<[MnemonicLanguage: Wordlist]>([:])
        func get(_ l: MnemonicLanguage) -> Wordlist? { lists.withLock { $0[l] } }
        func set(_ l: MnemonicLanguage, _ w: Wordlist) { lists.withLock { $0[l] = w } }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
