/// Keccak-256, the hash Ethereum calls `keccak256` / `sha3`.
///
/// This is the original Keccak submission with capacity 512 and the multi-rate padding `pad10*1`
/// applied to the domain byte `0x01` — *not* FIPS 202 SHA3-256, whose domain byte is `0x06`.
/// The permutation is Keccak-f[1600] (FIPS 202 §3.2–3.3), 24 rounds of θ, ρ, π, χ, ι.
/// Not a keyed primitive; it runs in time that depends only on the input length.
public struct Keccak256: Sendable {
    /// Bytes absorbed per permutation: r = 1600 − 2·256 bits = 136 bytes.
    public static let rate = 136
    /// Digest length in bytes.
    public static let byteCount = 32

    private var state = KeccakState()
    private var buffer = [UInt8](repeating: 0, count: Keccak256.rate)
    private var buffered = 0

    /// A fresh hasher.
    public init() {}

    /// Absorbs more input.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(raw: UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update(raw: $0) } }
    }

    private mutating func update(raw input: UnsafeRawBufferPointer) {
        var offset = 0
        // Fill a partially filled block first.
        if buffered > 0 {
            let take = min(Self.rate - buffered, input.count)
            for i in 0..<take { buffer[buffered + i] = input[i] }
            buffered += take
            offset = take
            if buffered == Self.rate {
                buffer.withUnsafeBytes { state.absorb(block: $0.baseAddress!) }  // invariant: the rate-sized buffer is never empty
                buffered = 0
            }
        }
        // Whole blocks straight from the input.
        while input.count - offset >= Self.rate {
            state.absorb(block: input.baseAddress! + offset)  // invariant: only reached with at least one whole block of input
            offset += Self.rate
        }
        // Keep the tail.
        for i in offset..<input.count { buffer[buffered] = input[i]; buffered += 1 }
    }

    /// Pads (`0x01 … 0x80`), runs the last permutation and squeezes 32 bytes.
    public consuming func finalize() -> [UInt8] {
        for i in buffered..<Self.rate { buffer[i] = 0 }
        buffer[buffered] ^= 0x01
        buffer[Self.rate - 1] ^= 0x80
        buffer.withUnsafeBytes { state.absorb(block: $0.baseAddress!) }  // invariant: the rate-sized buffer is never empty
        return state.squeeze(count: Self.byteCount)
    }

    /// The Keccak-256 digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = Keccak256()
        hasher.update(bytes)
        return hasher.finalize()
    }
}
