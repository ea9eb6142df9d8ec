public import ConsensusTypes
import EthereumCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Deposit amounts as people write them, and as deposit messages carry them: the one semantic of
/// `etherkeep deposit`, `etherkeep keygen` and the keygen Lambda function.
///
/// It is ethstaker-deposit-cli's (`validate_deposit_amount`, then `generate_keys` multiplying by
/// the chain's `MULTIPLIER`, https://github.com/ethstaker/ethstaker-deposit-cli
/// `ethstaker_deposit/utils/validation.py` and `cli/generate_keys.py`):
/// - **Text** is a decimal amount of the chain's own currency: ether on the Ethereum chains, GNO
///   on Gnosis and Chiado. At most 9 decimals count (a whole number of gwei); no sign, no
///   exponent; spaces around it are ignored.
/// - **The deposit message** carries "ETH-equivalent" gwei: text × 10^9 ×
///   ``ConsensusTypes/ChainSetting/multiplier`` (1; 32 on Gnosis, where 1 GNO stakes as 32 ETH
///   do). So "1" on Gnosis is a 32 000 000 000 gwei message, as "32" on mainnet.
/// - **Bounds** apply to the message amount: from the chain's minimum deposit
///   (``ConsensusTypes/ChainSetting/minDepositMessageAmountGwei``: 1 ETH; 1/32 GNO) to 2048
///   ETH-equivalent (``SignedDeposit/maxAmountGwei``, `MAX_EFFECTIVE_BALANCE_ELECTRA`): 1 to 2048
///   ether, 0.03125 to 64 GNO. These are the bounds ``SignedDeposit`` enforces, checked here
///   first so that a person is told in their own unit. (The reference checks its text against
///   2048 × 10^9 × MULTIPLIER gwei, which lets 65 536 GNO through to fail later, unexplained.)
/// - **Without an amount** a deposit is the activation amount, ``activationAmountGwei``: 32
///   ETH-equivalent (`MIN_ACTIVATION_BALANCE`), 32 ether or 1 GNO.
public enum DepositAmount {
    /// 32 ETH-equivalent in a deposit message (`MIN_ACTIVATION_BALANCE`): the amount of every 0x00
    /// and 0x01 deposit, and the default of 0x02 and partial deposits (32 ether; 1 GNO on Gnosis).
    public static let activationAmountGwei: UInt64 = 32_000_000_000

    private static let gweiPerUnit: UInt64 = 1_000_000_000

    /// The message amount, in gwei, of `text` units of `chain`'s currency (see the type).
    ///
    /// - Parameters:
    ///   - text: a decimal amount of ether (GNO on Gnosis chains), e.g. `"32"`, `"1.5"`, `".25"`.
    ///   - chain: the chain; its multiplier scales the amount and its minimum bounds it.
    /// - Returns: the amount for ``SignedDeposit`` and ``KeyGeneration/Request/amountGwei``:
    ///   text × 10^9 × multiplier, within the chain's minimum deposit and 2048 ETH-equivalent.
    /// - Throws: ``ValidatorKeysError`` (`invalidAmount`, input ``GenerationInput/Field/amount``)
    ///   for text that is not a decimal amount, finer than a gwei, or out of bounds, naming the
    ///   bounds in the chain's unit; `invalidChain` for a chain setting with multiplier 0.
    public static func messageGwei(_ text: String, chain: ChainSetting) throws(ValidatorKeysError) -> UInt64 {
        guard chain.multiplier >= 1 else {
            throw ValidatorKeysError(.invalidChain, "chain \(chain.networkName) has multiplier 0", input: .chain)
        }
        let unit = unitName(chain)
        let trimmed = text.trimmingSpaces
        if let dot = trimmed.firstIndex(of: "."), trimmed[trimmed.index(after: dot)...].reversed().drop(while: { $0 == "0" }).count > 9 {
            throw ValidatorKeysError(.invalidAmount, "\(trimmed) \(unit) is not a whole number of gwei", input: .amount)
        }
        let wei: UInt256
        do { wei = try Units.parse(trimmed, unit: .ether) } catch {
            throw ValidatorKeysError(
                .invalidAmount, "\"\(text)\" is not an amount of \(unit) (digits, optionally with a decimal point)", input: .amount)
        }
        let maximum = SignedDeposit.maxAmountGwei / chain.multiplier
        let (gwei, _) = wei.quotientAndRemainder(dividingBy: gweiPerUnit)  // no remainder: at most 9 decimals
        guard let native = gwei.uint64, native <= maximum else {
            let equivalent = chain.multiplier == 1 ? "" : " (2048 ETH-equivalent)"
            throw ValidatorKeysError(
                .invalidAmount, "\(trimmed) \(unit) is more than the \(decimal(maximum)) \(unit) maximum\(equivalent) on \(chain.networkName)",
                input: .amount)
        }
        guard native >= chain.minDepositAmountGwei else {
            throw ValidatorKeysError(
                .invalidAmount,
                "\(trimmed) \(unit) is less than the \(decimal(chain.minDepositAmountGwei)) \(unit) minimum deposit on \(chain.networkName)",
                input: .amount)
        }
        return native * chain.multiplier  // ≤ maxAmountGwei: native ≤ maxAmountGwei / multiplier
    }

    /// A message amount written in `chain`'s unit, as ``messageGwei(_:chain:)`` reads it back:
    /// `32_000_000_000` is `"32"` on mainnet and `"1"` on Gnosis. For defaults and prompts.
    public static func text(messageGwei: UInt64, chain: ChainSetting) -> String {
        decimal(messageGwei / max(chain.multiplier, 1))
    }

    /// The currency amounts are written in: `ether`, or `GNO` on chains with a multiplier
    /// (Gnosis, Chiado; devnet settings have multiplier 1).
    public static func unitName(_ chain: ChainSetting) -> String {
        chain.multiplier == 1 ? "ether" : "GNO"
    }

    /// `gwei` as a decimal number of units (10^9 gwei), without trailing zeros: `31250000` → `0.03125`.
    private static func decimal(_ gwei: UInt64) -> String {
        let (whole, fraction) = gwei.quotientAndRemainder(dividingBy: gweiPerUnit)
        guard fraction > 0 else { return "\(whole)" }
        let digits = String(fraction)
        var padded = Substring(String(repeating: "0", count: 9 - digits.count) + digits)
        while padded.last == "0" { padded = padded.dropLast() }
        return "\(whole).\(padded)"
    }
}
