/// `List[Element, limit]`: up to `limit` elements
/// (https://github.com/ethereum/consensus-specs/blob/dev/ssz/simple-serialize.md#composite-types).
///
/// The limit is checked when a value is built, so every value is valid. `hash_tree_root` is
/// `mix_in_length(merkleize(chunks, limit=chunk_count(type)), len(value))`, where the chunks are
/// the packed elements (basic) or their roots (composite).
///
/// Keep `limit` below 2^32 (every signing container does: the largest is 2^17). Swift 6.3 keeps
/// integer generic arguments in 32 bits of run-time metadata, so unspecialised code reads
/// `SSZList<T, 1099511627776>` as a limit of 0 (`MerkleizationTests` tracks this as a known
/// issue). The same holds for every type here with an integer generic argument.
public struct SSZList<Element: HashTreeRootable, let limit: Int>: HashTreeRootable {
    /// The elements, at most `limit` of them.
    public private(set) var elements: [Element]

    /// The empty list.
    public init() { elements = [] }

    /// - Throws: ``ConsensusTypesError`` (`limitExceeded`) when there are more than `limit` elements.
    public init(_ elements: [Element]) throws(ConsensusTypesError) {
        guard elements.count <= limit else {
            throw ConsensusTypesError(.limitExceeded, "List[\(Element.self), \(limit)] got \(elements.count) elements")
        }
        self.elements = elements
    }

    /// The limit of this list type (`N` in `List[T, N]`).
    public static var maxCount: Int { limit }

    public var count: Int { elements.count }

    /// Appends one element.
    ///
    /// - Throws: ``ConsensusTypesError`` (`limitExceeded`) when the list is full.
    public mutating func append(_ element: Element) throws(ConsensusTypesError) {
        guard elements.count < limit else {
            throw ConsensusTypesError(.limitExceeded, "List[\(Element.self), \(limit)] is full")
        }
        elements.append(element)
    }

    public var hashTreeRoot: Root {
        var chunks = [UInt8]()
        Element.sszAppendChunks(of: elements, to: &chunks)
        let root = SSZ.merkleize(chunks, limit: Element.sszChunkCount(elementCount: limit))
        return SSZ.mixInLength(root, elements.count)
    }
}

extension SSZList: Equatable where Element: Equatable {}
extension SSZList: Hashable where Element: Hashable {}

/// `Vector[Element, length]`: exactly `length` elements (`length` > 0).
///
/// `hash_tree_root` is `merkleize(chunks)`: the packed elements (basic) or their roots (composite).
public struct SSZVector<Element: HashTreeRootable, let length: Int>: HashTreeRootable {
    /// The elements, exactly `length` of them.
    public private(set) var elements: [Element]

    /// - Throws: ``ConsensusTypesError`` (`invalidLength`) unless there are exactly `length` elements.
    public init(_ elements: [Element]) throws(ConsensusTypesError) {
        guard elements.count == length else {
            throw ConsensusTypesError(.invalidLength, "Vector[\(Element.self), \(length)] got \(elements.count) elements")
        }
        self.elements = elements
    }

    /// The length of this vector type (`N` in `Vector[T, N]`).
    public static var count: Int { length }

    public var hashTreeRoot: Root {
        var chunks = [UInt8]()
        Element.sszAppendChunks(of: elements, to: &chunks)
        // For a vector the chunk count is that of its elements; merkleize pads to a power of two.
        return SSZ.merkleize(chunks, limit: Element.sszChunkCount(elementCount: length))
    }
}

extension SSZVector: Equatable where Element: Equatable {}
extension SSZVector: Hashable where Element: Hashable {}

extension SSZVector where Element: SSZBasicType & AdditiveArithmetic {
    /// The all-zero vector.
    public init() { elements = Array(repeating: .zero, count: length) }
}

extension SSZVector where Element: FixedBytes {
    /// The vector of all-zero byte vectors.
    public init() { elements = Array(repeating: Element(unchecked: Array(repeating: 0, count: Element.byteCount)), count: length) }
}
