import Foundation
/// Ether amounts as text → gwei, as ethstaker-deposit-cli's `validate_deposit_amount`: a decimal
/// number of ether with at most 9 decimals (whole gwei), from 1 to 2048 ether.
enum Amounts {
    static let gweiPerEther: UInt64 = 1_000_000_000

    static func parseEther(_ text: String) throws -> UInt64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !trimmed.isEmpty, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              !parts[0].isEmpty || (parts.count == 2 && !parts[1].isEmpty)
        else { throw DepositCLIError("\"\(text)\" is not an amount in ether (digits, optionally with a decimal point)") }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        while fraction.hasSuffix("0") { fraction.removeLast() }
        guard fraction.count <= 9 else { throw DepositCLIError("\(text) ether is not a whole number of gwei") }
        fraction += String(repeating: "0", count: 9 - fraction.count)
        guard let whole = UInt64(parts[0].isEmpty ? "0" : String(parts[0])), whole <= 2048, let frac = UInt64(fraction) else {
            throw DepositCLIError("\(text) ether is more than the 2048 ether maximum")
        }
        let gwei = whole * gweiPerEther + frac
        guard gwei >= gweiPerEther else { throw DepositCLIError("\(text) ether is less than the 1 ether minimum deposit") }
        guard gwei <= 2048 * gweiPerEther else { throw DepositCLIError("\(text) ether is more than the 2048 ether maximum") }
        return gwei
    }
}
