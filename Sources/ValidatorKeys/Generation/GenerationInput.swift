public import ConsensusTypes
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The one validation of what key generation is given as text — command-line options, answers at
/// a prompt, a Lambda payload — shared by `etherkeep deposit`, `etherkeep keygen` and the keygen
/// function.
///
/// Each function checks one input, so that an interactive front end can ask again for just that
/// one. Every error is a ``ValidatorKeysError`` whose ``ValidatorKeysError/input`` names the
/// ``Field`` and whose reason does not: each front end prefixes its own name for it
/// (`--amount`, `amount`). Amounts follow ``DepositAmount``.
public enum GenerationInput {
    /// The inputs, for front ends to name in their own words.
    public enum Field: String, Sendable, CaseIterable {
        /// How many validators.
        case count
        /// The chain's name.
        case chain
        /// The BIP-39 word-list language of a new mnemonic.
        case mnemonicLanguage
        /// The execution address of 0x01/0x02 withdrawal credentials.
        case withdrawalAddress
        /// 0x01 or 0x02 (compounding) credentials.
        case withdrawalType
        /// Each deposit's amount (``DepositAmount``).
        case amount
        /// The keystores' KDF.
        case kdf
    }

    /// The credentials a request can ask for with an execution address.
    public enum AddressCredentials: Sendable {
        /// 0x01 (`ETH1_ADDRESS_WITHDRAWAL_PREFIX`): the default with an address.
        case regular
        /// 0x02 (`COMPOUNDING_WITHDRAWAL_PREFIX`, EIP-7251).
        case compounding
    }

    /// 100,000: the most validators one run makes. A run holds every key, keystore and deposit
    /// in memory until it writes them all at once (about 2 KiB each); the reference allows 2^32,
    /// which would need terabytes. More keys: another run from a higher start index.
    public static let maxCount = 100_000

    /// A number of validators from 1 to `limit`.
    ///
    /// - Parameter limit: the front end's ceiling (at most ``maxCount``; 100 for the Lambda).
    /// - Throws: ``ValidatorKeysError`` (`invalidInput`, ``Field/count``) outside 1…`limit`.
    public static func count(_ count: Int, limit: Int = maxCount) throws(ValidatorKeysError) -> Int {
        guard (1...min(limit, maxCount)).contains(count) else {
            throw ValidatorKeysError(.invalidInput, "\(count) is not a number of validators from 1 to \(min(limit, maxCount))", input: .count)
        }
        return count
    }

    /// A number of validators written as decimal digits (spaces around them ignored), 1 to `limit`.
    ///
    /// - Throws: ``ValidatorKeysError`` (`invalidInput`, ``Field/count``) for anything else.
    public static func count(_ text: String, limit: Int = maxCount) throws(ValidatorKeysError) -> Int {
        guard let number = Int(text.trimmingSpaces), number >= 1, number <= min(limit, maxCount) else {
            throw ValidatorKeysError(
                .invalidInput, "\"\(text)\" is not a number of validators from 1 to \(min(limit, maxCount))", input: .count)
        }
        return number
    }

    /// A built-in chain by name, any case (`mainnet`, `hoodi`, `gnosis`, …).
    ///
    /// - Parameter name: the name; `nil` when the input was absent.
    /// - Throws: ``ValidatorKeysError`` (`invalidChain`, ``Field/chain``) for an absent or unknown
    ///   name, listing the known ones.
    public static func chain(_ name: String?) throws(ValidatorKeysError) -> ChainSetting {
        guard let name else {
            throw ValidatorKeysError(
                .invalidChain, "is required (\(ChainSetting.builtIn.map(\.networkName).joined(separator: ", ")))", input: .chain)
        }
        do { return try ChainSetting.named(name.lowercased()) } catch {
            throw ValidatorKeysError(.invalidChain, error.reason, input: .chain)
        }
    }

    /// A word-list language by name, alias or menu number (``MnemonicLanguage/init(named:)``).
    ///
    /// - Throws: ``ValidatorKeysError`` (`unknownLanguage`, ``Field/mnemonicLanguage``) listing the names.
    public static func mnemonicLanguage(_ name: String) throws(ValidatorKeysError) -> MnemonicLanguage {
        do { return try MnemonicLanguage(named: name) } catch { throw error.about(.mnemonicLanguage) }
    }

    /// An EIP-55 execution address (``ConsensusTypes/ExecutionAddress/init(eip55:)``); `nil` for
    /// an absent or empty one (0x00 BLS credentials).
    ///
    /// - Throws: ``ValidatorKeysError`` (`invalidAddress`, ``Field/withdrawalAddress``).
    public static func withdrawalAddress(_ text: String?) throws(ValidatorKeysError) -> ExecutionAddress? {
        guard let text, !text.isEmpty else { return nil }
        do { return try ExecutionAddress(eip55: text) } catch { throw error.about(.withdrawalAddress) }
    }

    /// `"0x01"` or `"0x02"`, the credential prefixes as the keygen payload names them.
    ///
    /// - Throws: ``ValidatorKeysError`` (`invalidCredentials`, ``Field/withdrawalType``) for anything else.
    public static func addressCredentials(_ prefix: String) throws(ValidatorKeysError) -> AddressCredentials {
        switch prefix {
        case "0x01": return .regular
        case "0x02": return .compounding
        default: throw ValidatorKeysError(.invalidCredentials, "must be \"0x01\" or \"0x02\"", input: .withdrawalType)
        }
    }

    /// The withdrawal credentials of a request: 0x00 (BLS) without an address, else 0x01 unless
    /// 0x02 is asked for.
    ///
    /// - Parameters:
    ///   - address: the execution address, if any (``withdrawalAddress(_:)``).
    ///   - credentials: the credentials asked for, if the request named them.
    /// - Throws: ``ValidatorKeysError`` (`invalidCredentials`, ``Field/withdrawalType``) when
    ///   credentials are named without an address.
    public static func withdrawal(address: ExecutionAddress?, credentials: AddressCredentials?) throws(ValidatorKeysError) -> WithdrawalType {
        switch (address, credentials) {
        case (nil, nil): return .bls
        case (nil, .compounding?): throw ValidatorKeysError(.invalidCredentials, "0x02 (compounding) credentials need a withdrawal address", input: .withdrawalType)
        case (nil, .regular?): throw ValidatorKeysError(.invalidCredentials, "0x01 credentials need a withdrawal address", input: .withdrawalType)
        case (let address?, .compounding?): return .compounding(address)
        case (let address?, _): return .executionAddress(address)
        }
    }

    /// Each deposit's message amount, in gwei (``DepositAmount``): `text` in the chain's unit for
    /// 0x02 credentials, the activation amount (32 ETH-equivalent) when absent.
    ///
    /// - Parameters:
    ///   - text: the amount as given, or `nil`.
    ///   - withdrawal: the credentials; only 0x02 deposits take an amount.
    ///   - chain: the chain (multiplier and minimum).
    /// - Throws: ``ValidatorKeysError`` (`invalidAmount`, ``Field/amount``) for an amount with
    ///   0x00/0x01 credentials (their deposits are the activation amount), or one
    ///   ``DepositAmount/messageGwei(_:chain:)`` refuses.
    public static func amount(_ text: String?, withdrawal: WithdrawalType, chain: ChainSetting) throws(ValidatorKeysError) -> UInt64 {
        guard let text else { return DepositAmount.activationAmountGwei }
        guard case .compounding = withdrawal else {
            throw ValidatorKeysError(
                .invalidAmount,
                "applies to 0x02 (compounding) deposits only; 0x00 and 0x01 deposits are the activation amount, "
                    + "\(DepositAmount.text(messageGwei: DepositAmount.activationAmountGwei, chain: chain)) \(DepositAmount.unitName(chain))",
                input: .amount)
        }
        return try DepositAmount.messageGwei(text, chain: chain)
    }

    /// The keystore KDF by name: `scrypt` (EIP-2335's default) or `pbkdf2`.
    ///
    /// - Throws: ``ValidatorKeysError`` (`invalidInput`, ``Field/kdf``) for another name.
    public static func kdf(_ name: String) throws(ValidatorKeysError) -> KeyGeneration.KDFChoice {
        switch name {
        case "scrypt": return .scrypt
        case "pbkdf2": return .pbkdf2
        default: throw ValidatorKeysError(.invalidInput, "must be scrypt or pbkdf2, got \"\(name.prefix(64))\"", input: .kdf)
        }
    }
}

extension ValidatorKeysError {
    /// This error, about `input`.
    package func about(_ input: GenerationInput.Field) -> ValidatorKeysError {
        ValidatorKeysError(code, reason, input: input, file: file, line: line)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (what a person types around a number).
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
