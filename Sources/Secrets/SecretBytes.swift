#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Secret bytes — a password, a mnemonic phrase, a seed, a decrypted record, a scratch buffer —
/// with exactly one owner.
///
/// Swift arrays and `Data` are copy-on-write: `var copy = array; copy.wipe()` zeroes a fresh
/// copy and leaves the original, and a value passed around has copies nobody can count.
/// `SecretBytes` is a class over memory of its own: passing it passes a reference, there is one
/// copy of the bytes, and it is zeroed (by a store the optimiser may not remove) when the last
/// reference goes. Not `Codable`, no `description` of its contents, not `Equatable` (use
/// ``constantTimeEquals(_:)``). Modelled on swift-crypto's `SecureBytes`.
///
/// Mutation (``withUnsafeMutableBytes(_:)``) is for building the value before it is shared;
/// after that it is read only, which is what makes `Sendable` sound.
public final class SecretBytes: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer

    /// `count` zero bytes.
    public init(count: Int) {
        storage = .allocate(byteCount: max(count, 0), alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
    }

    /// A copy of `bytes` (the caller wipes its own, if it has one).
    public convenience init(copying bytes: some Collection<UInt8>) {
        self.init(count: bytes.count)
        _ = UnsafeMutableRawBufferPointer(storage).copyBytes(from: bytes)
    }

    /// Takes `bytes` over and wipes the caller's array in place.
    public convenience init(taking bytes: inout [UInt8]) {
        self.init(copying: bytes)
        bytes.wipe()
    }

    deinit {
        Secrets.zero(storage)
        storage.deallocate()
    }

    /// The number of bytes.
    public var count: Int { storage.count }

    /// Whether there are no bytes.
    public var isEmpty: Bool { storage.isEmpty }

    /// Gives `body` the bytes. Do not let the pointer, or a copy of the bytes, escape.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(storage))
    }

    /// Gives `body` the bytes to fill in, before the value is shared.
    public func withUnsafeMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(storage)
    }

    /// Equality in time that depends on the lengths only, not on the bytes.
    public func constantTimeEquals(_ other: SecretBytes) -> Bool {
        guard count == other.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<count { difference |= storage[i] ^ other.storage[i] }
        return difference == 0
    }
}

/// Zeroing that the optimiser keeps.
public enum Secrets {
    /// Overwrites `bytes` with zeros through `explicit_bzero` (`memset_s` on Darwin): unlike a
    /// loop of stores into memory about to be freed, the compiler may not remove it.
    public static func zero(_ bytes: UnsafeMutableRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        #if canImport(Darwin)
        _ = memset_s(base, bytes.count, 0, bytes.count)
        #else
        explicit_bzero(base, bytes.count)
        #endif
    }
}

extension Array where Element: BitwiseCopyable {
    /// Zeroes this array's elements in place.
    ///
    /// Only this variable's storage is reached: when another variable shares it (a copy not yet
    /// written to), Swift gives this one a fresh copy first and the shared bytes stay. Use it on
    /// a scratch array that never left its scope; give secrets that travel a ``SecretBytes``.
    public mutating func wipe() {
        withUnsafeMutableBytes { Secrets.zero($0) }
    }
}
