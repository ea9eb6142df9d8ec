import Secrets

/// Hexadecimal encoding and decoding, as Ethereum tools write it.
///
/// Decoding accepts an optional `0x` / `0X` prefix and either letter case; it rejects an odd
/// number of digits and any non-hex character, naming the offset. Encoding is lower case.
/// Not constant-time: do not feed secrets through it except at the one boundary where a secret
/// arrives as text (and then wipe the text's bytes as soon as it is decoded).
public enum Hex {
    /// Decodes hex text, with or without a `0x` prefix.
    ///
    /// - Parameter text: the hex digits.
    /// - Returns: the decoded bytes.
    /// - Throws: ``EthereumCoreError`` (`invalidHex`) naming what is wrong.
    public static func decode(_ text: some StringProtocol) throws(EthereumCoreError) -> [UInt8] {
        var utf8 = Array(text.utf8)
        defer { utf8.wipe() }
        var start = 0
        if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] | 0x20 == UInt8(ascii: "x") {
            start = 2
        }
        let digits = utf8.count - start
        guard digits % 2 == 0 else { throw EthereumCoreError(.invalidHex, "odd number of hex digits (\(digits))") }
        var out = [UInt8]()
        out.reserveCapacity(digits / 2)
        var i = start
        while i < utf8.count {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else {
                let bad = nibble(utf8[i]) == nil ? i : i + 1
                throw EthereumCoreError(.invalidHex, "invalid hex character at offset \(bad)")
            }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    /// Decodes hex text that must hold exactly `count` bytes.
    public static func decode(_ text: some StringProtocol, count: Int) throws(EthereumCoreError) -> [UInt8] {
        let bytes = try decode(text)
        guard bytes.count == count else {
            throw EthereumCoreError(.invalidHex, "expected \(count) bytes, got \(bytes.count)")
        }
        return bytes
    }

    /// Encodes bytes as lower-case hex, with a `0x` prefix unless `prefix` is false.
    public static func encode(_ bytes: some Sequence<UInt8>, prefix: Bool = true) -> String {
        let table = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        if prefix { out.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: "x")]) }
        for b in bytes {
            out.append(table[Int(b >> 4)])
            out.append(table[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
