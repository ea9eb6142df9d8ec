package import ConsensusTypes
package import ValidatorKeys

/// What one key-generation run makes: how many validators, on which chain, with which withdrawal
/// credentials, deposit amount and keystore KDF, from a fresh mnemonic in `language`.
package struct KeygenPlan: Sendable {
    /// Validators to make, at key indices 0…count−1.
    package var count: Int
    /// The BIP-39 word list of the run's fresh mnemonic.
    package var language: MnemonicLanguage
    /// The chain the deposits are signed for.
    package var chain: ChainSetting
    /// Every validator's withdrawal credentials.
    package var withdrawal: WithdrawalType
    /// The amount in each deposit message, in gwei, the chain's multiplier applied (``ValidatorKeys/DepositAmount``).
    package var amountGwei: UInt64
    /// The keystores' KDF.
    package var kdf: KeyGeneration.KDFChoice

    /// A plan of values already checked (tests, and ``init(validating:maxCount:)``).
    package init(count: Int, language: MnemonicLanguage, chain: ChainSetting, withdrawal: WithdrawalType, amountGwei: UInt64, kdf: KeyGeneration.KDFChoice) {
        self.count = count
        self.language = language
        self.chain = chain
        self.withdrawal = withdrawal
        self.amountGwei = amountGwei
        self.kdf = kdf
    }

    /// A run's inputs as a front end got them (`etherkeep keygen` options, the keygen payload),
    /// unchecked; `nil` where absent.
    package struct Inputs: Sendable {
        /// Validators to make; absent: 1.
        package var count: Int?
        /// Word-list language; absent: english.
        package var mnemonicLanguage: String?
        /// Chain name; required.
        package var chain: String?
        /// EIP-55 execution address; absent: 0x00 (BLS) credentials.
        package var withdrawalAddress: String?
        /// 0x01 or 0x02 with the address; absent: 0x01.
        package var withdrawalCredentials: GenerationInput.AddressCredentials?
        /// 0x02 only: each deposit in the chain's unit (``ValidatorKeys/DepositAmount``); absent: 32 ETH-equivalent.
        package var amount: String?
        /// `scrypt` or `pbkdf2`; absent: scrypt.
        package var kdf: String?

        /// The inputs; each `nil` stands for an absent one.
        package init(
            count: Int? = nil, mnemonicLanguage: String? = nil, chain: String? = nil, withdrawalAddress: String? = nil,
            withdrawalCredentials: GenerationInput.AddressCredentials? = nil, amount: String? = nil, kdf: String? = nil
        ) {
            self.count = count
            self.mnemonicLanguage = mnemonicLanguage
            self.chain = chain
            self.withdrawalAddress = withdrawalAddress
            self.withdrawalCredentials = withdrawalCredentials
            self.amount = amount
            self.kdf = kdf
        }
    }

    /// Checks every input with ``ValidatorKeys/GenerationInput``, the one validation the CLI and
    /// the Lambda share; front ends only name the field in their own words.
    ///
    /// - Parameters:
    ///   - inputs: the run's inputs as given.
    ///   - maxCount: the front end's ceiling on validators (2^32; 100 for one Lambda invocation).
    /// - Throws: ``ValidatorKeys/ValidatorKeysError`` whose `input` names the field at fault (the
    ///   first one, in the order of ``Inputs``).
    package init(validating inputs: Inputs, maxCount: Int = GenerationInput.maxCount) throws(ValidatorKeysError) {
        let count = try GenerationInput.count(inputs.count ?? 1, limit: maxCount)
        let language = try GenerationInput.mnemonicLanguage(inputs.mnemonicLanguage ?? "english")
        let chain = try GenerationInput.chain(inputs.chain)
        let withdrawal = try GenerationInput.withdrawal(
            address: try GenerationInput.withdrawalAddress(inputs.withdrawalAddress), credentials: inputs.withdrawalCredentials)
        let amountGwei = try GenerationInput.amount(inputs.amount, withdrawal: withdrawal, chain: chain)
        let kdf = try GenerationInput.kdf(inputs.kdf ?? "scrypt")
        self.init(count: count, language: language, chain: chain, withdrawal: withdrawal, amountGwei: amountGwei, kdf: kdf)
    }
}
