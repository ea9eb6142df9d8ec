import EthereumCore
import TestSupport

/// Hex from a vector file (with or without 0x); anything else is a broken vector.
func hex(_ value: Any?) throws -> [UInt8] {
    guard let text = value as? String else { throw Vectors.Missing(path: "expected a hex string, got \(String(describing: value))") }
    return try Hex.decode(text)
}
