/// `Bitvector[length]`: exactly `length` bits (`length` > 0)
/// (https://github.com/ethereum/consensus-specs/blob/dev/ssz/simple-serialize.md#bitvectorn).
///
/// Bit `i` is bit `i % 8` (least significant first) of byte `i / 8`, as SSZ serialises it; the
/// `(length + 7) / 8` bytes carry no delimiter, and bits past `length` are zero.
/// `hash_tree_root` is `merkleize(pack_bits(bits), limit=(length + 255) // 256)`.
public struct Bitvector<let length: Int>: HashTreeRootable, Hashable {
    /// `serialize(self)`: `(length + 7) / 8` bytes.
    public private(set) var sszBytes: [UInt8]

    /// All bits clear.
    public init() { sszBytes = Array(repeating: 0, count: max(0, (length + 7) / 8)) }

    /// - Throws: ``ConsensusTypesError`` (`invalidLength`) unless there are exactly `length` bits.
    public init(bits: [Bool]) throws(ConsensusTypesError) {
        guard bits.count == length else {
            throw ConsensusTypesError(.invalidLength, "Bitvector[\(length)] got \(bits.count) bits")
        }
        sszBytes = Bitfield.pack(bits)
    }

    /// Parses `serialize(Bitvector[length])`.
    ///
    /// - Throws: ``ConsensusTypesError``: `invalidLength` unless there are `(length + 7) / 8`
    ///   bytes; `invalidBitfield` when a bit past `length` is set.
    public init(sszBytes: some Collection<UInt8>) throws(ConsensusTypesError) {
        let bytes = Array(sszBytes)
        guard bytes.count == (length + 7) / 8 else {
            throw ConsensusTypesError(.invalidLength, "Bitvector[\(length)] must be \((length + 7) / 8) bytes, got \(bytes.count)")
        }
        if length % 8 != 0, let last = bytes.last, last >> (length % 8) != 0 {
            throw ConsensusTypesError(.invalidBitfield, "Bitvector[\(length)] has bits set past its length")
        }
        self.sszBytes = bytes
    }

    /// The length of this type (`N` in `Bitvector[N]`).
    public static var count: Int { length }

    /// The bits, `length` of them.
    public var bits: [Bool] { Bitfield.unpack(sszBytes, count: length) }

    /// Whether bit `index` is set; `false` outside `0..<length`.
    public func isSet(_ index: Int) -> Bool { Bitfield.isSet(sszBytes, index, count: length) }

    /// Sets or clears bit `index`.
    ///
    /// - Throws: ``ConsensusTypesError`` (`invalidLength`) when `index` is outside `0..<length`.
    public mutating func set(_ index: Int, to value: Bool = true) throws(ConsensusTypesError) {
        guard index >= 0, index < length else {
            throw ConsensusTypesError(.invalidLength, "bit \(index) is outside Bitvector[\(length)]")
        }
        Bitfield.set(&sszBytes, index, value)
    }

    public var hashTreeRoot: Root { SSZ.merkleize(sszBytes, limit: (length + 255) / 256) }
}

/// Bit packing shared by ``Bitvector`` and ``Bitlist``: bit `i` is bit `i % 8` of byte `i / 8`.
enum Bitfield {
    static func pack(_ bits: [Bool]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: (bits.count + 7) / 8)
        for (i, bit) in bits.enumerated() where bit { bytes[i / 8] |= 1 << UInt8(i % 8) }
        return bytes
    }

    static func unpack(_ bytes: [UInt8], count: Int) -> [Bool] {
        (0..<count).map { bytes[$0 / 8] & (1 << UInt8($0 % 8)) != 0 }
    }

    static func isSet(_ bytes: [UInt8], _ index: Int, count: Int) -> Bool {
        index >= 0 && index < count && bytes[index / 8] & (1 << UInt8(index % 8)) != 0
    }

    /// `index` must be within the bytes; the callers check it against their length first.
    static func set(_ bytes: inout [UInt8], _ index: Int, _ value: Bool) {
        if value { bytes[index / 8] |= 1 << UInt8(index % 8) } else { bytes[index / 8] &= ~(1 << UInt8(index % 8)) }
    }
}
