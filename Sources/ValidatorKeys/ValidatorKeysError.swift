/// Why a validator-key operation failed.
///
/// One error type for the module (STYLE R8): an extensible ``Code``, a reason that names what is
/// wrong (never a secret), and where it was thrown. Equality compares the code only.
public struct ValidatorKeysError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        // BIP-39
        /// A bundled word list is missing or does not match its pinned SHA-256.
        public static let wordlistCorrupt = Code("wordlistCorrupt")
        /// Not one of the supported mnemonic languages.
        public static let unknownLanguage = Code("unknownLanguage")
        /// The mnemonic has a word count BIP-39 does not allow.
        public static let invalidWordCount = Code("invalidWordCount")
        /// A word is not in the word list.
        public static let unknownWord = Code("unknownWord")
        /// The words are all valid but their checksum does not match.
        public static let invalidChecksum = Code("invalidChecksum")
        /// No language was named and the mnemonic fits several word lists with different seeds.
        public static let ambiguousLanguage = Code("ambiguousLanguage")
        /// Entropy of a length BIP-39 does not allow.
        public static let invalidEntropy = Code("invalidEntropy")
        // EIP-2333 / EIP-2334
        /// The seed is shorter than the 32 bytes EIP-2333 requires.
        public static let invalidSeed = Code("invalidSeed")
        /// A derivation path that is not `m/…` with indices below 2^32.
        public static let invalidPath = Code("invalidPath")
        // EIP-2335
        /// The keystore is not valid JSON of the EIP-2335 shape (names the field).
        public static let invalidKeystore = Code("invalidKeystore")
        /// The keystore's `version` is not 4.
        public static let unsupportedVersion = Code("unsupportedVersion")
        /// A KDF, cipher or checksum function, or parameters, this implementation refuses.
        public static let unsupportedParameters = Code("unsupportedParameters")
        /// The checksum does not match: the password is wrong (or the keystore was altered).
        public static let wrongPassword = Code("wrongPassword")
        /// The decrypted secret does not belong to the keystore's `pubkey`.
        public static let pubkeyMismatch = Code("pubkeyMismatch")
        /// A password that cannot be used to create a keystore.
        public static let invalidPassword = Code("invalidPassword")
        // Deposits, exits, credential changes
        /// A deposit amount outside the chain's bounds or not a whole number of gwei.
        public static let invalidAmount = Code("invalidAmount")
        /// A malformed execution (withdrawal) address.
        public static let invalidAddress = Code("invalidAddress")
        /// Withdrawal credentials that do not fit the request.
        public static let invalidCredentials = Code("invalidCredentials")
        /// A chain setting that cannot be used for this message.
        public static let invalidChain = Code("invalidChain")
        /// A BLS key or signature that failed.
        public static let invalidKey = Code("invalidKey")
        /// A signature we produced did not verify (a self-check failed).
        public static let verificationFailed = Code("verificationFailed")
        // Plans and files
        /// A key-generation input that is malformed or out of range (``ValidatorKeysError/input`` names it).
        public static let invalidInput = Code("invalidInput")
        /// An output file or folder that cannot be created or written (names the path).
        public static let fileSystem = Code("fileSystem")
    }

    public let code: Code
    /// The reason, without the input's name: front ends prefix their own name for ``input``.
    public let reason: String
    /// The key-generation input at fault, when the error is about one (``GenerationInput``).
    public let input: GenerationInput.Field?
    public let file: String
    public let line: Int

    package init(_ code: Code, _ reason: String, input: GenerationInput.Field? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.input = input
        self.file = file
        self.line = line
    }

    public var description: String { reason }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
