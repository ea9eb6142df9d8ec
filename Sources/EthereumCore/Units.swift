/// Ether denominations and exact conversion between decimal amounts and wei.
///
/// Amounts are parsed as decimal strings, never through floating point: `"1.5" ether` is exactly
/// 1 500 000 000 000 000 000 wei, and a fraction finer than one wei is an error.
public enum EtherUnit: String, CaseIterable, Sendable {
    case wei
    case gwei
    case ether

    /// Decimal places relative to wei: 0, 9, 18.
    public var decimals: Int {
        switch self {
        case .wei: 0
        case .gwei: 9
        case .ether: 18
        }
    }

    /// Parses a unit name (case-insensitive).
    public init(name: some StringProtocol) throws(EthereumCoreError) {
        guard let unit = EtherUnit(rawValue: name.lowercased()) else {
            throw EthereumCoreError(.invalidUnit, "unknown unit \"\(name)\" (expected wei, gwei or ether)")
        }
        self = unit
    }
}

public enum Units {
    /// Converts a decimal amount in `unit` to wei, exactly.
    ///
    /// - Parameters:
    ///   - amount: digits with at most one `.`; no sign, exponent or spaces.
    ///   - unit: the denomination of `amount`.
    /// - Throws: ``EthereumCoreError/Code-swift.struct/invalidQuantity`` for malformed text, a
    ///   fraction below one wei, or a result above 2^256 − 1.
    public static func parse(_ amount: some StringProtocol, unit: EtherUnit) throws(EthereumCoreError) -> UInt256 {
        let parts = amount.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count <= 2, !(parts.first ?? "").isEmpty || parts.count == 2 else {
            throw EthereumCoreError(.invalidQuantity, "not a decimal amount: \"\(amount)\"")
        }
        let whole = parts[0]
        var fraction = parts.count == 2 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty) else {
            throw EthereumCoreError(.invalidQuantity, "not a decimal amount: \"\(amount)\"")
        }
        // Trailing zeros of the fraction carry no value.
        while fraction.last == "0" { fraction = fraction.dropLast() }
        guard fraction.count <= unit.decimals else {
            throw EthereumCoreError(.invalidQuantity, "\"\(amount)\" \(unit.rawValue) is not a whole number of wei")
        }
        let padded = String(whole) + String(fraction) + String(repeating: "0", count: unit.decimals - fraction.count)
        do {
            return try UInt256(decimal: padded.isEmpty ? "0" : padded)
        } catch {
            throw EthereumCoreError(.invalidQuantity, "\"\(amount)\" \(unit.rawValue): \(error.reason)")
        }
    }

    /// Converts a JSON number (RFC 8259 §6: `-`? digits, optional fraction, optional exponent, as
    /// `json.dumps(0.00001)` writes `1e-05`) in `unit` to wei, exactly, without floating point.
    ///
    /// - Throws: ``EthereumCoreError/Code-swift.struct/invalidQuantity`` for a negative amount,
    ///   malformed text, a fraction below one wei, or a result above 2^256 − 1.
    public static func parse(jsonNumber text: some StringProtocol, unit: EtherUnit) throws(EthereumCoreError) -> UInt256 {
        let s = String(text)
        guard !s.hasPrefix("-") else { throw EthereumCoreError(.invalidQuantity, "\"\(s)\" is negative") }
        let parts = s.split(omittingEmptySubsequences: false) { $0 == "e" || $0 == "E" }
        guard parts.count <= 2 else { throw EthereumCoreError(.invalidQuantity, "not a number: \"\(s)\"") }
        guard parts.count == 2 else { return try parse(s, unit: unit) }
        var exponentText = parts[1]
        if exponentText.first == "+" { exponentText = exponentText.dropFirst() }
        guard let exponent = Int(exponentText), (-80...80).contains(exponent), let mantissaFirst = parts[0].first, mantissaFirst != "." else {
            throw EthereumCoreError(.invalidQuantity, "not a number in range: \"\(s)\"")
        }
        // Move the decimal point of the mantissa by the exponent, then parse as a plain decimal.
        let pieces = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = String(pieces[0]), fraction = pieces.count == 2 ? String(pieces[1]) : ""
        let digits = whole + fraction
        let point = whole.count + exponent
        let plain: String
        if point <= 0 {
            plain = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            plain = digits + String(repeating: "0", count: point - digits.count)
        } else {
            plain = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        }
        return try parse(plain, unit: unit)
    }

    /// Parses `"<amount> <unit>"` or `"<amount><unit>"` (e.g. `"1.5 ether"`, `"30gwei"`); a bare
    /// number is wei.
    public static func parse(_ text: some StringProtocol) throws(EthereumCoreError) -> UInt256 {
        let s = text.trimmingSpaces
        guard let firstLetter = s.firstIndex(where: { $0.isLetter }) else { return try parse(s, unit: .wei) }
        let number = s[..<firstLetter].trimmingSpaces
        return try parse(number, unit: EtherUnit(name: s[firstLetter...]))
    }

    /// Formats wei in `unit`, exactly, without trailing fractional zeros (`1500000000000000000` →
    /// `"1.5"` ether).
    public static func format(_ wei: UInt256, as unit: EtherUnit) -> String {
        let digits = wei.description
        guard unit.decimals > 0 else { return digits }
        let padded = String(repeating: "0", count: max(0, unit.decimals + 1 - digits.count)) + digits
        let split = padded.index(padded.endIndex, offsetBy: -unit.decimals)
        var fraction = padded[split...]
        while fraction.last == "0" { fraction = fraction.dropLast() }
        return fraction.isEmpty ? String(padded[..<split]) : "\(padded[..<split]).\(fraction)"
    }
}

extension StringProtocol {
    fileprivate var trimmingSpaces: String {
        String(self.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
