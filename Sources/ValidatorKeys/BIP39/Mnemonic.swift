import Secrets
public import Crypto
import CryptoExtras

/// A BIP-39 mnemonic: entropy ↔ words ↔ seed
/// (https://github.com/bitcoin/bips/blob/master/bip-0039.mediawiki).
///
/// Holds the word indices (secret) and wipes them on `deinit`; the phrase is rebuilt only inside
/// ``withPhrase(_:)``. Not `Codable`, no `description`. Best effort: Swift may leave copies of
/// strings a caller built, so callers should drop their own phrase strings quickly.
public final class Mnemonic: @unchecked Sendable {  // immutable after init
    /// The word-list language.
    public let language: MnemonicLanguage
    private let indices: UnsafeMutableBufferPointer<UInt16>

    /// The word counts BIP-39 allows.
    public static let validWordCounts = [12, 15, 18, 21, 24]

    /// The number of words.
    public var wordCount: Int { indices.count }

    private init(language: MnemonicLanguage, indices: [UInt16]) {
        self.language = language
        self.indices = .allocate(capacity: indices.count)
        _ = self.indices.initialize(from: indices)
    }

    deinit {
        indices.update(repeating: 0)
        indices.deallocate()
    }

    /// `generate_mnemonic`: the mnemonic of `entropy` (16, 20, 24, 28 or 32 bytes): the entropy
    /// bits followed by the first `ENT/32` bits of `SHA-256(entropy)`, cut into 11-bit word indices.
    ///
    /// - Throws: ``ValidatorKeysError`` (`invalidEntropy`, `wordlistCorrupt`).
    public convenience init(entropy: some Collection<UInt8>, language: MnemonicLanguage) throws(ValidatorKeysError) {
        var bytes = Array(entropy)
        defer { bytes.wipe() }
        guard [16, 20, 24, 28, 32].contains(bytes.count) else {
            throw ValidatorKeysError(.invalidEntropy, "entropy must be 16, 20, 24, 28 or 32 bytes, got \(bytes.count)")
        }
        _ = try Wordlist.load(language)
        var checksum = Array(SHA256.hash(data: bytes))
        defer { checksum.wipe() }
        var bits = bytes + [checksum[0]]  // ENT/32 ≤ 8 checksum bits
        defer { bits.wipe() }
        let wordCount = (bytes.count * 8 + bytes.count / 4) / 11
        var indices = [UInt16](repeating: 0, count: wordCount)
        defer { indices.wipe() }
        for w in 0..<wordCount {
            var value: UInt16 = 0
            for b in 0..<11 {
                let bit = w * 11 + b
                value = value << 1 | UInt16(bits[bit / 8] >> (7 - UInt8(bit % 8)) & 1)
            }
            indices[w] = value
        }
        self.init(language: language, indices: indices)
    }

    /// A fresh mnemonic from 32 bytes of system randomness (24 words).
    public static func generate(language: MnemonicLanguage) throws(ValidatorKeysError) -> Mnemonic {
        var rng = SystemRandomNumberGenerator()
        var entropy = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &rng) }
        defer { entropy.wipe() }
        return try Mnemonic(entropy: entropy, language: language)
    }

    /// Parses a typed mnemonic: words separated by any white space, each matched (NFKD, lower
    /// case) in full or by its first four letters, then the checksum verified.
    ///
    /// Without a language, every word list is tried. A mnemonic that fits several (every word
    /// and the checksum) with different seeds is refused: guessing would derive keys nobody
    /// made (ethstaker-deposit-cli guesses; its words "labo brus coff …" fit English and French).
    /// Lists whose expansions are the same words (shared by the two Chinese lists) give the
    /// same seed and are not ambiguous. ``fittingLanguages(phrase:)`` names the candidates.
    ///
    /// - Parameters:
    ///   - phrase: the words.
    ///   - language: the language, or `nil` to detect it.
    /// - Throws: ``ValidatorKeysError``: `invalidWordCount`; `unknownWord` naming the position
    ///   (never the word: it is part of a secret); `invalidChecksum` when every word is known
    ///   but the checksum fails; `ambiguousLanguage` naming the languages it fits.
    public convenience init(phrase: String, language: MnemonicLanguage? = nil) throws(ValidatorKeysError) {
        var fits = try Self.parse(phrase, languages: language.map { [$0] } ?? MnemonicLanguage.allCases)
        // No copy of an indices array outlives this scope, so the wipes below are in place.
        defer { for i in fits.indices { fits[i].indices.wipe() } }
        // invariant: parse returns at least one fit or throws
        if let other = fits.indices.dropFirst().first(where: { !Self.sameWords(fits[0], fits[$0]) }) {
            throw ValidatorKeysError(
                .ambiguousLanguage,
                "the mnemonic fits the \(fits[0].language.rawValue) and \(fits[other].language.rawValue) word lists, with different keys: name its language")
        }
        self.init(language: fits[0].language, indices: fits[0].indices)
    }

    /// The languages whose word list holds every word of `phrase` and whose checksum matches.
    ///
    /// - Throws: ``ValidatorKeysError`` as ``init(phrase:language:)`` when it fits none.
    public static func fittingLanguages(phrase: String) throws(ValidatorKeysError) -> [MnemonicLanguage] {
        var fits = try parse(phrase, languages: MnemonicLanguage.allCases)
        defer { for i in fits.indices { fits[i].indices.wipe() } }
        return fits.map(\.language)
    }

    /// Every candidate language that fits, with its word indices (the caller wipes them).
    private static func parse(
        _ phrase: String, languages: [MnemonicLanguage]
    ) throws(ValidatorKeysError) -> [(language: MnemonicLanguage, indices: [UInt16])] {
        let typed = phrase.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        guard validWordCounts.contains(typed.count) else {
            throw ValidatorKeysError(
                .invalidWordCount, "a mnemonic has 12, 15, 18, 21 or 24 words; this one has \(typed.count)")
        }
        var fits: [(language: MnemonicLanguage, indices: [UInt16])] = []
        var checksumFailure: ValidatorKeysError?
        var furthest: (position: Int, language: MnemonicLanguage)?
        for candidate in languages {
            let list = try Wordlist.load(candidate)
            var indices = [UInt16]()
            indices.reserveCapacity(typed.count)
            for word in typed {
                guard let i = list.index(of: word) else { break }
                indices.append(UInt16(i))
            }
            guard indices.count == typed.count else {
                if indices.count > furthest?.position ?? -1 { furthest = (indices.count, candidate) }
                indices.wipe()
                continue
            }
            guard checksumMatches(indices) else {
                checksumFailure = checksumFailure ?? ValidatorKeysError(
                    .invalidChecksum,
                    "the mnemonic's checksum does not match (\(candidate.rawValue)): a word is mistyped or out of order")
                indices.wipe()
                continue
            }
            fits.append((candidate, indices))
        }
        if !fits.isEmpty { return fits }
        if let checksumFailure { throw checksumFailure }
        guard let (position, best) = furthest else {
            throw ValidatorKeysError(.unknownWord, "no BIP-39 word list to match the mnemonic against")
        }
        let list = languages.count > 1 ? "any BIP-39 word list" : "the \(best.rawValue) BIP-39 word list"
        throw ValidatorKeysError(.unknownWord, "word \(position + 1) is not in \(list)")
    }

    /// Whether two fits spell the same words (so the same seed), compared word by word in the
    /// lists without building a phrase.
    private static func sameWords(
        _ a: (language: MnemonicLanguage, indices: [UInt16]), _ b: (language: MnemonicLanguage, indices: [UInt16])
    ) -> Bool {
        let listA = try! Wordlist.load(a.language)  // invariant: parse loaded both lists, which the cache keeps loaded
        let listB = try! Wordlist.load(b.language)  // invariant: as above
        return zip(a.indices, b.indices).allSatisfy { listA.words[Int($0)] == listB.words[Int($1)] }
    }

    /// Calls `body` with the phrase: the words joined by single spaces (U+3000 for Japanese, as
    /// BIP-39 recommends). Do not keep the string.
    public func withPhrase<R>(_ body: (String) throws -> R) rethrows -> R {
        let list = try! Wordlist.load(language)  // invariant: self was built from this list, which the cache keeps loaded
        let separator = language == .japanese ? "\u{3000}" : " "
        return try body(indices.map { list.words[Int($0)] }.joined(separator: separator))
    }

    /// The words, for showing one at a time or comparing a re-typed confirmation.
    public func withWords<R>(_ body: ([String]) throws -> R) rethrows -> R {
        let list = try! Wordlist.load(language)  // invariant: self was built from this list, which the cache keeps loaded
        return try body(indices.map { list.words[Int($0)] })
    }

    /// `mnemonic_to_seed`: PBKDF2-HMAC-SHA512(NFKD(mnemonic), "mnemonic" + NFKD(passphrase),
    /// 2048 rounds, 64 bytes).
    ///
    /// - Parameter passphrase: the BIP-39 passphrase (ethstaker-deposit-cli's `--mnemonic_password`).
    /// - Returns: the 64-byte seed, held in a zeroising ``SymmetricKey``.
    public func seed(passphrase: String = "") -> SymmetricKey {
        withPhrase { phrase in
            var password = CompatibilityDecomposition.nfkdUTF8(phrase)
            defer { password.wipe() }
            var salt = CompatibilityDecomposition.nfkdUTF8("mnemonic" + passphrase)
            defer { salt.wipe() }
            // 2048 rounds is what BIP-39 fixes; swift-crypto's checked API demands 210 000.
            return try! KDF.Insecure.PBKDF2.deriveKey(  // invariant: 12+ words and "mnemonic…" are non-empty; fixed rounds and length
                from: password, salt: salt, using: .sha512, outputByteCount: 64, unsafeUncheckedRounds: 2048)
        }
    }

    /// Whether two mnemonics are the same words in the same language (not constant-time in the
    /// word count, constant-time in the words).
    public func matches(_ other: Mnemonic) -> Bool {
        guard other.language == language, other.indices.count == indices.count else { return false }
        var diff: UInt16 = 0
        for i in 0..<indices.count { diff |= indices[i] ^ other.indices[i] }
        return diff == 0
    }

    private static func checksumMatches(_ indices: [UInt16]) -> Bool {
        let totalBits = indices.count * 11
        let checksumBits = totalBits / 33
        let entropyBytes = (totalBits - checksumBits) / 8
        var bits = [UInt8](repeating: 0, count: entropyBytes + 1)
        defer { bits.wipe() }
        for (w, index) in indices.enumerated() {
            for b in 0..<11 where index >> (10 - UInt16(b)) & 1 == 1 {
                let bit = w * 11 + b
                bits[bit / 8] |= 0x80 >> UInt8(bit % 8)
            }
        }
        let hash = Array(SHA256.hash(data: bits[0..<entropyBytes]))
        let mask: UInt8 = 0xff << (8 - UInt8(checksumBits))
        return (hash[0] ^ bits[entropyBytes]) & mask == 0
    }
}
