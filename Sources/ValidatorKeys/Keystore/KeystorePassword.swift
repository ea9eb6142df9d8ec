public import Secrets

/// A keystore password, normalised as EIP-2335 requires: NFKD, then the C0 (U+0000–U+001F),
/// DEL (U+007F) and C1 (U+0080–U+009F) control codes removed, then UTF-8
/// (https://eips.ethereum.org/EIPS/eip-2335#password-requirements).
///
/// The encoded bytes live in one ``SecretBytes``, zeroed when the password goes. Not `Codable`,
/// no `description`.
public final class KeystorePassword: Sendable {
    private let bytes: SecretBytes

    private init(storage: SecretBytes) {
        bytes = storage
    }

    /// Normalises `password`. The caller should drop its own string soon after.
    public convenience init(_ password: String) {
        var scalars = CompatibilityDecomposition.nfkdScalars(password)
        defer { scalars.wipe() }
        var encoded: [UInt8] = []
        encoded.reserveCapacity(scalars.count * 4)
        for scalar in scalars where !(scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value)) {
            UTF8.encode(scalar) { encoded.append($0) }
        }
        self.init(storage: SecretBytes(taking: &encoded))
    }

    /// A password given as UTF-8 bytes. Printable ASCII (U+0020–U+007E), which the
    /// normalisation leaves as it is, is kept as given without ever becoming a `String`;
    /// anything else is normalised through ``init(_:)``.
    public convenience init(utf8 password: SecretBytes) {
        let printableASCII = password.withUnsafeBytes { $0.allSatisfy { (0x20...0x7e).contains($0) } }
        if printableASCII {
            self.init(storage: password)
        } else {
            self.init(password.withUnsafeBytes { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// The number of encoded bytes.
    public var byteCount: Int { bytes.count }

    /// Whether `other` encodes to the same bytes, in time that depends on the lengths only.
    public func constantTimeEquals(_ other: KeystorePassword) -> Bool { bytes.constantTimeEquals(other.bytes) }

    /// Gives `body` the encoded password. Do not let the bytes escape.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { raw in try body(raw.bindMemory(to: UInt8.self)) }
    }
}
