import Crypto

/// SSZ merkleization for the small, fixed-size containers the signing types need
/// (https://github.com/ethereum/consensus-specs/blob/dev/ssz/simple-serialize.md#merkleization).
///
/// Only what fixed-size containers of basic values and byte vectors require: `pack`,
/// `merkleize` over a power-of-two padded chunk list, and `hash_tree_root` of `uint64` and of
/// `ByteVector[N]`. Public data only; not constant-time.
package enum SSZ {
    /// `hash(a || b)` with SHA-256, the SSZ `hash` function.
    package static func hash(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var h = SHA256()
        h.update(data: a)
        h.update(data: b)
        return Array(h.finalize())
    }

    /// `merkleize(chunks)`: pads the chunk list with zero chunks to the next power of two and
    /// hashes pairs up to a single root. Every chunk must be 32 bytes.
    package static func merkleize(_ chunks: [[UInt8]]) -> [UInt8] {
        precondition(chunks.allSatisfy { $0.count == 32 }, "SSZ chunks are 32 bytes")  // invariant: callers pass pack() output and Root values, all 32 bytes
        var layer = chunks.isEmpty ? [[UInt8](repeating: 0, count: 32)] : chunks
        var width = 1
        while width < layer.count { width <<= 1 }
        layer += Array(repeating: [UInt8](repeating: 0, count: 32), count: width - layer.count)
        while layer.count > 1 {
            layer = stride(from: 0, to: layer.count, by: 2).map { hash(layer[$0], layer[$0 + 1]) }
        }
        return layer[0]
    }

    /// `pack` for a byte vector: right-pads with zeros to a whole number of 32-byte chunks.
    package static func pack(_ bytes: [UInt8]) -> [[UInt8]] {
        var padded = bytes
        let remainder = padded.count % 32
        if remainder != 0 || padded.isEmpty {
            padded += [UInt8](repeating: 0, count: padded.isEmpty ? 32 : 32 - remainder)
        }
        return stride(from: 0, to: padded.count, by: 32).map { Array(padded[$0..<$0 + 32]) }
    }

    /// `hash_tree_root` of a `ByteVector[N]`: `merkleize(pack(value))`.
    package static func hashTreeRoot(_ value: some FixedBytes) -> [UInt8] {
        merkleize(pack(value.bytes))
    }

    /// `hash_tree_root` of a `uint64`: its little-endian serialisation, zero-padded to a chunk.
    package static func hashTreeRoot(_ value: UInt64) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 32)
        for i in 0..<8 { chunk[i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
        return chunk
    }

    /// `hash_tree_root` of a container: `merkleize` over the roots of its fields, in order.
    package static func containerRoot(_ fieldRoots: [[UInt8]]) -> Root {
        Root(unchecked: merkleize(fieldRoots))
    }
}

/// A consensus container with an SSZ `hash_tree_root`.
public protocol HashTreeRootable: Sendable {
    /// `hash_tree_root(self)`.
    var hashTreeRoot: Root { get }
}
