@_spi(_Unicode) import Swift
import Secrets

/// Unicode NFKD and NFKC without Foundation, whose `decomposedStringWithCompatibilityMapping`
/// would link ICU and its 30 MB of data into the Lambda `bootstrap` (issue 11 §8).
///
/// NFKD: each scalar is replaced by its full compatibility decomposition (``table``, generated from
/// the toolchain's Foundation by `scripts/gen-nfkd-table.swift`; Hangul syllables arithmetically,
/// Unicode §3.12), then the non-starters are put in canonical order by their combining class.
/// NFKC: the standard library's canonical composition of the NFKD.
///
/// The tests compare both with Foundation for every scalar and every BIP-39 word, and with Python's
/// `unicodedata` (what ethstaker-deposit-cli and python-mnemonic use) on random mixed text. Where
/// Foundation's CoreFoundation normaliser departs from Unicode — marks left out of canonical order
/// after a compatibility decomposition that starts with a space (U+1FC1 U+20D1 U+1DD0), halfwidth
/// jamo not composed (U+1109 U+FFD7) — this follows Unicode and Python.
package enum CompatibilityDecomposition {
    /// The scalars of NFKD(`text`). ASCII is returned as it is (no scalar below U+00A0 decomposes).
    package static func nfkdScalars(_ text: String) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            appendDecomposition(of: scalar, to: &scalars)
        }
        canonicallyOrder(&scalars)
        return scalars
    }

    /// The UTF-8 bytes of NFKD(`text`), with no intermediate `String`; the scalar buffer is zeroed
    /// before returning (for mnemonics and passphrases: the caller wipes the bytes).
    package static func nfkdUTF8(_ text: String) -> [UInt8] {
        var scalars = nfkdScalars(text)
        defer { scalars.wipe() }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.count * 4)  // never grows, so no unwiped copy is left behind
        for scalar in scalars {
            UTF8.encode(scalar) { bytes.append($0) }
        }
        return bytes
    }

    /// NFKD(`text`), as Foundation's `decomposedStringWithCompatibilityMapping`.
    package static func nfkd(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: nfkdScalars(text))
        return String(view)
    }

    /// NFKC(`text`), as Foundation's `precomposedStringWithCompatibilityMapping`.
    package static func nfkc(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: nfkd(text)._nfc)
        return String(view)
    }

    // Hangul syllable decomposition constants (Unicode §3.12).
    private static let sBase: UInt32 = 0xAC00, lBase: UInt32 = 0x1100, vBase: UInt32 = 0x1161, tBase: UInt32 = 0x11A7
    private static let vCount: UInt32 = 21, tCount: UInt32 = 28, sCount: UInt32 = 19 * 21 * 28

    private static func appendDecomposition(of scalar: Unicode.Scalar, to out: inout [Unicode.Scalar]) {
        let value = scalar.value
        if value < 0xA0 {
            out.append(scalar)
        } else if value >= sBase, value < sBase + sCount {
            let s = value - sBase
            let nCount = vCount * tCount
            // In range by construction: L, V and T jamo are assigned scalars.
            for jamo in [lBase + s / nCount, vBase + (s % nCount) / tCount, tBase + s % tCount] where jamo != tBase {
                if let j = Unicode.Scalar(jamo) { out.append(j) }
            }
        } else if let mapped = mappings[value] {
            out.append(contentsOf: mapped)
        } else {
            out.append(scalar)
        }
    }

    /// The canonical ordering algorithm: a stable sort of each run of non-starters by combining class.
    private static func canonicallyOrder(_ scalars: inout [Unicode.Scalar]) {
        guard scalars.count > 1 else { return }
        for i in 1..<scalars.count {
            let ccc = scalars[i].properties.canonicalCombiningClass.rawValue
            guard ccc != 0 else { continue }
            var j = i
            while j > 0, scalars[j - 1].properties.canonicalCombiningClass.rawValue > ccc {
                scalars.swapAt(j - 1, j)
                j -= 1
            }
        }
    }

    /// ``table`` parsed once: scalar → its decomposition.
    private static let mappings: [UInt32: [Unicode.Scalar]] = {
        var result: [UInt32: [Unicode.Scalar]] = [:]
        result.reserveCapacity(6000)
        for line in table.utf8.split(separator: UInt8(ascii: "\n")) {
            let values = line.split(separator: UInt8(ascii: " ")).compactMap { field in
                UInt32(String(decoding: field, as: UTF8.self), radix: 16)
            }
            guard let key = values.first, values.count > 1 else { continue }
            result[key] = values.dropFirst().compactMap(Unicode.Scalar.init)
        }
        return result
    }()
}
