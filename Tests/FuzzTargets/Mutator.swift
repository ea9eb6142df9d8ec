/// Random mutations of an input: byte-level (bit flips, inserts, deletes, duplication, truncation,
/// splicing with another seed, interesting bytes) and, for JSON inputs, tree-level (see
/// ``JSONMutator``). Inputs are capped at ``maxLength`` bytes.
public struct Mutator: Sendable {
    public static let maxLength = 256 * 1024

    public let seeds: [[UInt8]]
    public let json: Bool

    public init(seeds: [[UInt8]], json: Bool) {
        self.seeds = seeds.isEmpty ? [[]] : seeds
        self.json = json
    }

    /// A new input: a seed with one to four mutations stacked on it.
    public func next(_ rng: inout FuzzRandom) -> [UInt8] {
        var input = rng.pick(seeds)
        for _ in 0..<(1 + rng.below(4)) {
            if json, rng.below(3) != 0, let mutated = JSONMutator.mutate(input, &rng) {
                input = mutated
            } else {
                mutateBytes(&input, &rng)
            }
        }
        if input.count > Self.maxLength { input.removeLast(input.count - Self.maxLength) }
        return input
    }

    static let interestingBytes: [UInt8] = [0x00, 0x01, 0x7f, 0x80, 0x81, 0xb7, 0xb8, 0xbf, 0xc0, 0xf7, 0xf8, 0xff,
                                            0x22, 0x5c, 0x5b, 0x5d, 0x7b, 0x7d, 0x2c, 0x3a, 0x30, 0x78, 0x2d, 0x2e]

    func mutateBytes(_ b: inout [UInt8], _ rng: inout FuzzRandom) {
        switch rng.below(10) {
        case 0 where !b.isEmpty:  // bit flip
            b[rng.below(b.count)] ^= 1 << UInt8(rng.below(8))
        case 1 where !b.isEmpty:  // random byte
            b[rng.below(b.count)] = UInt8(truncatingIfNeeded: rng.next())
        case 2:  // insert bytes
            let at = rng.below(b.count + 1)
            let n = 1 + rng.below(8)
            b.insert(contentsOf: (0..<n).map { _ in rng.oneIn(2) ? rng.pick(Self.interestingBytes) : UInt8(truncatingIfNeeded: rng.next()) }, at: at)
        case 3 where !b.isEmpty:  // delete a range
            let at = rng.below(b.count)
            b.removeSubrange(at..<min(b.count, at + 1 + rng.below(16)))
        case 4 where !b.isEmpty:  // duplicate a range, sometimes many times
            let at = rng.below(b.count)
            let chunk = Array(b[at..<min(b.count, at + 1 + rng.below(32))])
            let times = rng.oneIn(8) ? 1 + rng.below(2000) : 1 + rng.below(3)
            let insertion = Array((0..<times).map { _ in chunk }.joined())
            b.insert(contentsOf: insertion.prefix(Self.maxLength), at: rng.below(b.count + 1))
        case 5 where !b.isEmpty:  // truncate
            b.removeLast(rng.below(b.count) + 1)
        case 6:  // splice with another seed
            let other = rng.pick(seeds)
            let cut = rng.below(b.count + 1)
            let from = rng.below(other.count + 1)
            b = Array(b[..<cut]) + other[from...]
        case 7 where !b.isEmpty:  // interesting byte
            b[rng.below(b.count)] = rng.pick(Self.interestingBytes)
        case 8 where b.count >= 2:  // swap two bytes
            b.swapAt(rng.below(b.count), rng.below(b.count))
        default:  // arithmetic on a byte
            if b.isEmpty { b.append(UInt8(truncatingIfNeeded: rng.next())) } else {
                let i = rng.below(b.count)
                b[i] = b[i] &+ UInt8(truncatingIfNeeded: rng.below(35)) &- 17
            }
        }
    }
}
