/// `ByteList[limit]`: up to `limit` bytes
/// (https://github.com/ethereum/consensus-specs/blob/dev/ssz/simple-serialize.md#aliases).
///
/// `hash_tree_root` is `mix_in_length(merkleize(pack(bytes), limit=(limit + 31) // 32), len(bytes))`.
public struct ByteList<let limit: Int>: HashTreeRootable, Hashable {
    /// The bytes, at most `limit` of them.
    public let bytes: [UInt8]

    /// The empty byte list.
    public init() { bytes = [] }

    /// - Throws: ``ConsensusTypesError`` (`limitExceeded`) when there are more than `limit` bytes.
    public init(_ bytes: some Collection<UInt8>) throws(ConsensusTypesError) {
        guard bytes.count <= limit else {
            throw ConsensusTypesError(.limitExceeded, "ByteList[\(limit)] got \(bytes.count) bytes")
        }
        self.bytes = Array(bytes)
    }

    /// The limit of this type (`N` in `ByteList[N]`).
    public static var maxCount: Int { limit }

    public var hashTreeRoot: Root {
        SSZ.mixInLength(SSZ.merkleize(bytes, limit: UInt8.sszChunkCount(elementCount: limit)), bytes.count)
    }
}
