/// A byte vector of fixed length, as the SSZ `ByteVector[N]` / `BytesN` types of the consensus
/// specs (https://github.com/ethereum/consensus-specs/blob/dev/ssz/simple-serialize.md).
///
/// The length is checked when a value is built, so a value of a conforming type always has
/// exactly ``byteCount`` bytes. These types hold public data only; they are not constant-time.
/// `hash_tree_root` is `merkleize(pack(bytes))`; a `ByteVector` is composite, so a vector or
/// list of them takes one chunk (its root) per element.
public protocol FixedBytes: HashTreeRootable, Hashable, CustomStringConvertible {
    /// The number of bytes every value has.
    static var byteCount: Int { get }
    /// The bytes, exactly ``byteCount`` of them.
    var bytes: [UInt8] { get }
    /// Wraps bytes already known to have the right length.
    init(unchecked bytes: [UInt8])
}

extension FixedBytes {
    /// Builds a value from bytes, checking their number.
    ///
    /// - Throws: ``ConsensusTypesError`` with code `invalidLength` naming the type and both lengths.
    public init(_ bytes: some Collection<UInt8>) throws(ConsensusTypesError) {
        guard bytes.count == Self.byteCount else {
            throw ConsensusTypesError(
                .invalidLength, "\(Self.self) must be \(Self.byteCount) bytes, got \(bytes.count)")
        }
        self.init(unchecked: Array(bytes))
    }

    /// `hash_tree_root(ByteVector[N])`: `merkleize(pack(bytes))`.
    public var hashTreeRoot: Root { SSZ.merkleize(bytes) }

    /// Lower-case hex without a `0x` prefix, as deposit-data files write it.
    public var description: String {
        let table = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(table[Int(b >> 4)])
            out.append(table[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// `Version`: a 4-byte fork version.
public struct Version: FixedBytes {
    public static let byteCount = 4
    public let bytes: [UInt8]
    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }
}

/// `DomainType`: the 4-byte domain prefix (`DOMAIN_DEPOSIT`, …).
public struct DomainType: FixedBytes {
    public static let byteCount = 4
    public let bytes: [UInt8]
    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }

}

/// `Root` / `Bytes32`: a 32-byte hash tree root or other 32-byte value.
public struct Root: FixedBytes {
    public static let byteCount = 32
    public let bytes: [UInt8]
    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }
    /// A single chunk is its own root.
    public var hashTreeRoot: Root { self }
    /// 32 zero bytes (the `genesis_validators_root` deposits are signed with).
    public static let zero = Root(unchecked: [UInt8](repeating: 0, count: 32))
}

/// `Bytes32`, as the specs name 32-byte values that are not roots (`graffiti`, deposit proofs).
public typealias Bytes32 = Root

/// `Domain`: 4-byte domain type followed by 28 bytes of the fork data root.
public struct Domain: FixedBytes {
    public static let byteCount = 32
    public let bytes: [UInt8]
    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }
}

/// `BLSPubkey`: a 48-byte compressed G1 point. Not validated as a point here.
public struct BLSPubkey: FixedBytes {
    public static let byteCount = 48
    public let bytes: [UInt8]
    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }
}

/// `BLSSignature`: a 96-byte compressed G2 point. Not validated as a point here.
public struct BLSSignature: FixedBytes {
    public static let byteCount = 96
    public let bytes: [UInt8]
    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }
}

/// `ExecutionAddress`: a 20-byte execution-layer address.
public struct ExecutionAddress: FixedBytes {
    public static let byteCount = 20
    public let bytes: [UInt8]
    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }
}

/// `ByteVector[length]` for lengths that have no named type above.
public struct ByteVector<let length: Int>: FixedBytes {
    public static var byteCount: Int { length }
    public let bytes: [UInt8]
    public init(unchecked bytes: [UInt8]) { self.bytes = bytes }
}
