/// `Bitlist[limit]`: up to `limit` bits
/// (https://github.com/ethereum/consensus-specs/blob/dev/ssz/simple-serialize.md#bitlistn).
///
/// Held without the delimiter: bit `i` is bit `i % 8` of byte `i / 8` of ``bytes``, and bits
/// past ``count`` are zero. `serialize` appends the delimiter bit at index `count`;
/// `hash_tree_root` leaves it out and mixes in the length:
/// `mix_in_length(merkleize(pack_bits(bits), limit=(limit + 255) // 256), len(bits))`.
public struct Bitlist<let limit: Int>: HashTreeRootable, Hashable {
    /// The bits without the delimiter: `(count + 7) / 8` bytes.
    public private(set) var bytes: [UInt8]
    /// The number of bits, at most `limit`.
    public private(set) var count: Int

    /// The empty bit list.
    public init() {
        bytes = []
        count = 0
    }

    /// - Throws: ``ConsensusTypesError`` (`limitExceeded`) when there are more than `limit` bits.
    public init(bits: [Bool]) throws(ConsensusTypesError) {
        guard bits.count <= limit else {
            throw ConsensusTypesError(.limitExceeded, "Bitlist[\(limit)] got \(bits.count) bits")
        }
        bytes = Bitfield.pack(bits)
        count = bits.count
    }

    /// `count` clear bits.
    ///
    /// - Throws: ``ConsensusTypesError`` (`limitExceeded`) when `count` is over `limit`.
    public init(count: Int) throws(ConsensusTypesError) {
        guard count >= 0, count <= limit else {
            throw ConsensusTypesError(.limitExceeded, "Bitlist[\(limit)] cannot hold \(count) bits")
        }
        bytes = Array(repeating: 0, count: (count + 7) / 8)
        self.count = count
    }

    /// Parses `serialize(Bitlist[limit])`: the bits followed by a delimiter `1` bit, the highest
    /// set bit of the last byte.
    ///
    /// - Throws: ``ConsensusTypesError``: `invalidBitfield` when the bytes are empty or the last
    ///   byte is zero (no delimiter); `limitExceeded` when there are more than `limit` bits.
    public init(sszBytes: some Collection<UInt8>) throws(ConsensusTypesError) {
        var bytes = Array(sszBytes)
        guard let last = bytes.last, last != 0 else {
            throw ConsensusTypesError(.invalidBitfield, "Bitlist[\(limit)] serialisation has no delimiter bit")
        }
        let delimiter = 7 - last.leadingZeroBitCount
        let count = 8 * (bytes.count - 1) + delimiter
        guard count <= limit else {
            throw ConsensusTypesError(.limitExceeded, "Bitlist[\(limit)] got \(count) bits")
        }
        if delimiter == 0 {
            bytes.removeLast()
        } else {
            bytes[bytes.count - 1] = last & ~(1 << UInt8(delimiter))
        }
        self.bytes = bytes
        self.count = count
    }

    /// The limit of this type (`N` in `Bitlist[N]`).
    public static var maxCount: Int { limit }

    /// `serialize(self)`: the bits followed by the delimiter bit, `count / 8 + 1` bytes.
    public var sszBytes: [UInt8] {
        var out = bytes
        if count % 8 == 0 { out.append(1) } else { out[out.count - 1] |= 1 << UInt8(count % 8) }
        return out
    }

    /// The bits, ``count`` of them.
    public var bits: [Bool] { Bitfield.unpack(bytes, count: count) }

    /// Whether bit `index` is set; `false` outside `0..<count`.
    public func isSet(_ index: Int) -> Bool { Bitfield.isSet(bytes, index, count: count) }

    /// Sets or clears bit `index`.
    ///
    /// - Throws: ``ConsensusTypesError`` (`invalidLength`) when `index` is outside `0..<count`.
    public mutating func set(_ index: Int, to value: Bool = true) throws(ConsensusTypesError) {
        guard index >= 0, index < count else {
            throw ConsensusTypesError(.invalidLength, "bit \(index) is outside a Bitlist of \(count) bits")
        }
        Bitfield.set(&bytes, index, value)
    }

    public var hashTreeRoot: Root {
        SSZ.mixInLength(SSZ.merkleize(bytes, limit: (limit + 255) / 256), count)
    }
}
