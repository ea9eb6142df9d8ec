/// A value with an SSZ `hash_tree_root`: a basic type, a byte vector, a list, a bit field or a
/// container (https://github.com/ethereum/consensus-specs/blob/dev/ssz/simple-serialize.md#merkleization).
///
/// The two static requirements say how a sequence of values becomes the chunks of a
/// `Vector[T, N]` or `List[T, N]`. Their defaults treat the type as composite (one chunk per
/// element: its root); ``SSZBasicType`` replaces them with `pack`.
public protocol HashTreeRootable: Sendable {
    /// `hash_tree_root(self)`.
    var hashTreeRoot: Root { get }

    /// How many 32-byte chunks `elementCount` elements of this type take in a vector or list:
    /// `elementCount` for composite types, `ceil(elementCount * size / 32)` for basic ones.
    static func sszChunkCount(elementCount: Int) -> Int

    /// Appends the chunks of `elements` to `chunks`: their roots (composite) or their packed
    /// little-endian serialisation (basic; the merkleizer zero-pads the last chunk).
    static func sszAppendChunks(of elements: [Self], to chunks: inout [UInt8])
}

extension HashTreeRootable {
    public static func sszChunkCount(elementCount: Int) -> Int { elementCount }

    public static func sszAppendChunks(of elements: [Self], to chunks: inout [UInt8]) {
        chunks.reserveCapacity(chunks.count + 32 * elements.count)
        for element in elements { chunks.append(contentsOf: element.hashTreeRoot.bytes) }
    }
}

/// An SSZ basic type: `uintN` (N in 8…256) or `boolean`. Basic values are packed into chunks
/// when they are the elements of a vector or list.
public protocol SSZBasicType: HashTreeRootable {
    /// `size_of(Self)`: the serialised length in bytes (1, 2, 4, 8, 16 or 32).
    static var sszByteCount: Int { get }
    /// Appends `serialize(self)`: `sszByteCount` little-endian bytes.
    func appendSSZ(to bytes: inout [UInt8])
}

extension SSZBasicType {
    /// The serialisation, right-padded with zeros to one chunk.
    public var hashTreeRoot: Root {
        var chunk = [UInt8]()
        chunk.reserveCapacity(32)
        appendSSZ(to: &chunk)
        chunk.append(contentsOf: repeatElement(0, count: 32 - chunk.count))
        return Root(unchecked: chunk)
    }

    public static func sszChunkCount(elementCount: Int) -> Int {
        // A list limit near Int.max would overflow the product; such a list holds at most
        // Int.max / size elements anyway, so the chunk count saturates.
        let (bytes, overflow) = elementCount.multipliedReportingOverflow(by: sszByteCount)
        return overflow ? Int.max / 32 + 1 : (bytes + 31) / 32
    }

    public static func sszAppendChunks(of elements: [Self], to chunks: inout [UInt8]) {
        chunks.reserveCapacity(chunks.count + sszByteCount * elements.count + 31)
        for element in elements { element.appendSSZ(to: &chunks) }
    }
}

extension SSZBasicType where Self: FixedWidthInteger & UnsignedInteger {
    public static var sszByteCount: Int { bitWidth / 8 }

    public func appendSSZ(to bytes: inout [UInt8]) {
        withUnsafeBytes(of: littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// `uint8`.
extension UInt8: SSZBasicType {}
/// `uint16`.
extension UInt16: SSZBasicType {}
/// `uint32`.
extension UInt32: SSZBasicType {}
/// `uint64` (`Slot`, `Epoch`, `ValidatorIndex`, `Gwei`, …).
extension UInt64: SSZBasicType {}
/// `uint128`.
extension UInt128: SSZBasicType {}

/// `boolean`: one byte, `0x01` or `0x00`.
extension Bool: SSZBasicType {
    public static var sszByteCount: Int { 1 }
    public func appendSSZ(to bytes: inout [UInt8]) { bytes.append(self ? 1 : 0) }
}
