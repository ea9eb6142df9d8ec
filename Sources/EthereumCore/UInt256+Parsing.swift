extension UInt256 {
    /// Parses a non-negative integer: decimal digits, or `0x` hex (JSON-RPC quantity style, leading
    /// zeros tolerated). No sign, no spaces, no fraction, no exponent.
    ///
    /// - Parameter text: the number as text.
    /// - Throws: ``EthereumCoreError/Code-swift.struct/invalidQuantity`` naming what is wrong.
    public init(parsing text: some StringProtocol) throws(EthereumCoreError) {
        let s = String(text)
        if s.hasPrefix("0x") || s.hasPrefix("0X") {
            try self.init(hex: s.dropFirst(2))
        } else {
            try self.init(decimal: s)
        }
    }

    /// Parses hex digits (no prefix); odd counts allowed.
    public init(hex digits: some StringProtocol) throws(EthereumCoreError) {
        guard !digits.isEmpty else { throw EthereumCoreError(.invalidQuantity, "empty hex quantity") }
        var v = UInt256.zero
        for c in digits.utf8 {
            guard let n = Self.digit(c, radix: 16) else {
                throw EthereumCoreError(.invalidQuantity, "invalid hex digit in \"\(digits)\"")
            }
            let (m, o1) = v.multipliedReportingOverflow(by: 16)
            let (s, o2) = m.addingReportingOverflow(UInt256(n))
            guard !o1, !o2 else { throw EthereumCoreError(.invalidQuantity, "value does not fit in 256 bits") }
            v = s
        }
        self = v
    }

    /// Parses decimal digits.
    public init(decimal digits: some StringProtocol) throws(EthereumCoreError) {
        guard !digits.isEmpty else { throw EthereumCoreError(.invalidQuantity, "empty number") }
        var v = UInt256.zero
        for c in digits.utf8 {
            guard let n = Self.digit(c, radix: 10) else {
                throw EthereumCoreError(.invalidQuantity, "not a non-negative decimal integer: \"\(digits)\"")
            }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt256(n))
            guard !o1, !o2 else { throw EthereumCoreError(.invalidQuantity, "value does not fit in 256 bits") }
            v = s
        }
        self = v
    }

    private static func digit(_ c: UInt8, radix: UInt64) -> UInt64? {
        let v: UInt64
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt64(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): v = UInt64(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): v = UInt64(c - UInt8(ascii: "A") + 10)
        default: return nil
        }
        return v < radix ? v : nil
    }
}
