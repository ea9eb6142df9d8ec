import EthereumCore
import Foundation
import Testing
import ValidatorKeys

/// A decimal integer string as 32 big-endian bytes (for EIP-2333's decimal SK values).
func decimalTo32Bytes(_ decimal: String) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: 32)
    for ch in decimal.utf8 {
        var carry = Int(ch - UInt8(ascii: "0"))
        for i in stride(from: 31, through: 0, by: -1) {
            let v = Int(out[i]) * 10 + carry
            out[i] = UInt8(v & 0xff)
            carry = v >> 8
        }
    }
    return out
}

/// Bare JSON integers that do not fit a Double exactly, read as text: every `"key": 123…` pair.
func bigIntegers(named key: String, in text: String) -> [String] {
    let pattern = try! NSRegularExpression(pattern: "\"\(key)\"\\s*:\\s*([0-9]+)")
    return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
        String(text[Range($0.range(at: 1), in: text)!])
    }
}

func hex(_ text: String) -> [UInt8] { try! Hex.decode(text) }

/// Expects `body` to throw a ValidatorKeysError with `code`, returning it for further checks.
@discardableResult
func expectError<T>(
    _ code: ValidatorKeysError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> T
) -> String? {
    do {
        _ = try body()
        Issue.record("expected \(code) error", sourceLocation: sourceLocation)
        return nil
    } catch let error as ValidatorKeysError {
        #expect(error.code == code, "\(error.reason)", sourceLocation: sourceLocation)
        return error.reason
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
