import Foundation

/// A keystore password, normalised as EIP-2335 requires: NFKD, then the C0 (U+0000–U+001F),
/// DEL (U+007F) and C1 (U+0080–U+009F) control codes removed, then UTF-8
/// (https://eips.ethereum.org/EIPS/eip-2335#password-requirements).
///
/// The encoded bytes are wiped on `deinit`. Not `Codable`, no `description`.
public final class KeystorePassword: @unchecked Sendable {  // immutable after init
    private let bytes: UnsafeMutableBufferPointer<UInt8>

    /// Normalises `password`. The caller should drop its own string soon after.
    public init(_ password: String) {
        let filtered = password.decomposedStringWithCompatibilityMapping.unicodeScalars.filter { scalar in
            !(scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value))
        }
        var encoded = Array(String(String.UnicodeScalarView(filtered)).utf8)
        defer { encoded.wipe() }
        bytes = .allocate(capacity: encoded.count)
        _ = bytes.initialize(from: encoded)
    }

    deinit {
        bytes.update(repeating: 0)
        bytes.deallocate()
    }

    /// The number of encoded bytes.
    public var byteCount: Int { bytes.count }

    /// Gives `body` the encoded password. Do not let the bytes escape.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(bytes))
    }
}
