import Crypto

/// SSZ merkleization
/// (https://github.com/ethereum/consensus-specs/blob/dev/ssz/simple-serialize.md#merkleization).
///
/// Chunks live in one flat byte buffer (32 bytes per chunk) that is hashed in place, layer by
/// layer; the virtual padding up to `next_pow_of_two(limit)` is never allocated: an odd chunk at
/// depth `d` is paired with the precomputed `zero_hashes[d]`. Public data only; not constant-time.
package enum SSZ {
    /// The size of a chunk, `BYTES_PER_CHUNK`.
    package static let bytesPerChunk = 32

    /// The deepest tree any `Int` limit needs: `ceil(log2(Int.max))` is 63.
    static let maxDepth = 64

    /// `zero_hashes[0...maxDepth]`, flat: entry `d` is the root of a depth-`d` tree of zero chunks
    /// (`zero_hashes[0]` is the zero chunk, `zero_hashes[d+1] = hash(zero_hashes[d] ‖ zero_hashes[d])`).
    static let zeroHashes: [UInt8] = {
        var table = [UInt8](repeating: 0, count: (maxDepth + 1) * bytesPerChunk)
        table.withUnsafeMutableBytes { t in
            for d in 0..<maxDepth {
                let below = UnsafeRawBufferPointer(rebasing: t[(d * 32)..<(d * 32 + 32)])
                hash(below, below, into: UnsafeMutableRawBufferPointer(rebasing: t[((d + 1) * 32)..<((d + 1) * 32 + 32)]))
            }
        }
        return table
    }()

    /// `zero_hashes[depth]` as a root.
    package static func zeroHash(depth: Int) -> Root {
        let d = min(max(depth, 0), maxDepth)
        return Root(unchecked: Array(zeroHashes[(d * 32)..<(d * 32 + 32)]))
    }

    /// `hash(a ‖ b)` with SHA-256, written to `out` (32 bytes). `out` may overlap `a` or `b`:
    /// both are read before `out` is written.
    @inline(__always)
    static func hash(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
        var hasher = SHA256()
        hasher.update(bufferPointer: a)
        hasher.update(bufferPointer: b)
        hasher.finalize().withUnsafeBytes { out.copyMemory(from: $0) }
    }

    /// `hash(input)` with SHA-256, written to `out` (32 bytes); `out` may overlap `input`.
    @inline(__always)
    static func hash(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
        var hasher = SHA256()
        hasher.update(bufferPointer: input)
        hasher.finalize().withUnsafeBytes { out.copyMemory(from: $0) }
    }

    /// `hash(a ‖ b)` of two 32-byte values.
    package static func hash(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: a)
        hasher.update(data: b)
        return Array(hasher.finalize())
    }

    /// `ceil(log2(n))` for `n >= 1`; 0 for `n <= 1`.
    static func ceilLog2(_ n: Int) -> Int {
        n <= 1 ? 0 : Int.bitWidth - (n - 1).leadingZeroBitCount
    }

    /// `merkleize(pack(bytes), limit)`: the bytes are cut into 32-byte chunks (the last one
    /// right-padded with zeros, as `pack` does), and the chunks are merkleized as the leaves of a
    /// tree of `next_pow_of_two(limit)` leaves (`next_pow_of_two(len(chunks))` when `limit` is
    /// `nil`). Zero chunks stand in for the missing leaves without being allocated.
    ///
    /// The spec asserts `len(chunks) <= limit`. Here the list and bit-list types enforce their
    /// limits when a value is built, so a longer input cannot come from a valid value; rather than
    /// trap, the tree is then made just deep enough to hold every chunk.
    ///
    /// - Parameters:
    ///   - bytes: the packed chunks; consumed and hashed in place.
    ///   - limit: the chunk limit of a list or bit list type, or `nil` for vectors and containers.
    package static func merkleize(_ bytes: consuming [UInt8], limit: Int? = nil) -> Root {
        let count = (bytes.count + 31) / 32
        let depth = ceilLog2(max(limit ?? count, count))
        if count == 0 { return zeroHash(depth: depth) }
        var layer = bytes
        // pack: right-pad the last chunk with zeros.
        if layer.count < count * 32 { layer.append(contentsOf: repeatElement(0, count: count * 32 - layer.count)) }
        var width = count
        layer.withUnsafeMutableBytes { buffer in
            zeroHashes.withUnsafeBytes { zeros in
                for d in 0..<depth {
                    let pairs = width / 2
                    for i in 0..<pairs {
                        // Reads chunks 2i and 2i+1 before writing chunk i (i <= 2i), so in place is safe.
                        let pair = UnsafeRawBufferPointer(rebasing: buffer[(64 * i)..<(64 * i + 64)])
                        hash(pair, into: UnsafeMutableRawBufferPointer(rebasing: buffer[(32 * i)..<(32 * i + 32)]))
                    }
                    if width % 2 == 1 {
                        // The last chunk's sibling is padding: the root of a zero subtree of depth d.
                        let last = UnsafeRawBufferPointer(rebasing: buffer[(32 * (width - 1))..<(32 * width)])
                        let zero = UnsafeRawBufferPointer(rebasing: zeros[(32 * d)..<(32 * d + 32)])
                        hash(last, zero, into: UnsafeMutableRawBufferPointer(rebasing: buffer[(32 * pairs)..<(32 * pairs + 32)]))
                    }
                    width = (width + 1) / 2
                }
            }
        }
        return Root(unchecked: Array(layer[0..<32]))
    }

    /// `mix_in_length(root, length)`: `hash(root ‖ uint256(length).to_bytes(32, "little"))`.
    package static func mixInLength(_ root: Root, _ length: Int) -> Root {
        var lengthChunk = [UInt8](repeating: 0, count: 32)
        withUnsafeBytes(of: UInt64(length).littleEndian) { lengthChunk.replaceSubrange(0..<8, with: $0) }
        return Root(unchecked: hash(root.bytes, lengthChunk))
    }

    /// `hash_tree_root` of a container: `merkleize([hash_tree_root(field) for field in fields])`.
    package static func containerRoot<each Field: HashTreeRootable>(_ field: repeat each Field) -> Root {
        var chunks = [UInt8]()
        for value in repeat each field { chunks.append(contentsOf: value.hashTreeRoot.bytes) }
        return merkleize(chunks)
    }
}
