/// JSON-aware mutations: the seed is parsed into a tree (keys in order, duplicates kept, numbers
/// as their text), one node is changed, and the tree is written back. Changes: swap a value for
/// one of another type, huge or odd numbers, long and unusual strings (NUL, lone surrogates,
/// combining marks, BOM), deep nesting, members deleted, duplicated, renamed or added, arrays
/// grown, subtrees copied elsewhere.
public enum JSONMutator {
    public indirect enum Node: Sendable {
        case null, bool(Bool), number(String), string(String)
        case array([Node])
        case object([(String, Node)])
    }

    /// The mutated text, or `nil` when `input` is not JSON this parser reads.
    public static func mutate(_ input: [UInt8], _ rng: inout FuzzRandom) -> [UInt8]? {
        var parser = Parser(bytes: input)
        guard var root = parser.parseDocument() else { return nil }
        let count = root.nodeCount
        var remaining = rng.below(count)
        var keys: [String] = []
        root.collectKeys(into: &keys)
        let donor = root.node(at: rng.below(count))
        root.mutate(at: &remaining, &rng, keys: keys, donor: donor)
        var out: [UInt8] = []
        root.write(to: &out)
        return out
    }

    static let oddNumbers = [
        "0", "-0", "1", "-1", "0.5", "1e400", "-1e400", "1E-400", "1e2", "9007199254740993", "18446744073709551615",
        "18446744073709551616", "9223372036854775807", "4611686018427387904", "-9223372036854775808", "-9223372036854775809",
        "65536", "1048576", "4294967295", "340282366920938463463374607431768211456",
        "115792089237316195423570985008687907853269984665640564039457584007913129639936",
        "99999999999999999999999999999999999999999999999999999999999999999999999999999999999", "2147483648", "4294967296",
        "1.0", "0.000000001", "123456789012345678901234567890.5",
    ]
    static let oddStrings = [
        "", "0x", "0x0", "0X00", "0x" + String(repeating: "ff", count: 32), "0x" + String(repeating: "00", count: 33), "-1",
        "0x-1", "1.5", "1e18", " 1", "ether", "\\u0000", "\\ud800", "\\udc00x", "e\\u0301", "\\ufeff0x12", "💥", "Ω≈ç√",
        "\\n\\r\\t", "m/12381/3600/0/0/0", "abandon", "AKIDEXAMPLE", "true", "null", "%00", "%", "../..", "a=b&c",
    ]

    /// At most `wanted` copies, and no more than about 50 000 nodes in all: mutation time must stay
    /// small next to the parser's (the output is cut to ``Mutator/maxLength`` anyway).
    static func copies(of node: Node, _ wanted: Int) -> Int { max(1, min(wanted, 50_000 / max(1, node.nodeCount))) }

    static func randomValue(_ rng: inout FuzzRandom, donor: Node) -> Node {
        switch rng.below(12) {
        case 0: return .null
        case 1: return .bool(rng.oneIn(2))
        case 2, 3: return .number(rng.pick(oddNumbers))
        case 4, 5: return .string(rng.pick(oddStrings))
        case 6: return .string(String(repeating: rng.pick(["a", "0", "ff", "é", "\\\\", "\\\""]), count: 1 + rng.below(20_000)))
        case 7: return .array([])
        case 8: return .object([])
        case 9:  // deep nesting (around a small leaf, or the donor when it is small)
            var node: Node = rng.oneIn(2) || donor.nodeCount > 64 ? .number("1") : donor
            let depth = rng.oneIn(4) ? 1 + rng.below(1500) : 1 + rng.below(64)
            let asArray = rng.oneIn(2)
            for _ in 0..<depth { node = asArray ? .array([node]) : .object([("a", node)]) }
            return node
        case 10: return .array(Array(repeating: donor, count: copies(of: donor, 1 + rng.below(rng.oneIn(8) ? 5000 : 8))))
        default: return donor
        }
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0
        var depth = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func parseDocument() -> Node? {
            guard let v = value() else { return nil }
            skipSpace()
            return i == bytes.count ? v : nil
        }

        mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x0a, 0x0d, 0x09].contains(bytes[i]) { i += 1 }
        }

        mutating func value() -> Node? {
            skipSpace()
            guard i < bytes.count, depth < 256 else { return nil }  // deeper recursion would overflow a pool thread's stack
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1; depth += 1; defer { depth -= 1 }
                var members: [(String, Node)] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard let key = string() else { return nil }
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                    i += 1
                    guard let v = value() else { return nil }
                    members.append((key, v))
                    skipSpace()
                    guard i < bytes.count else { return nil }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                    return nil
                }
            case UInt8(ascii: "["):
                i += 1; depth += 1; defer { depth -= 1 }
                var items: [Node] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    guard let v = value() else { return nil }
                    items.append(v)
                    skipSpace()
                    guard i < bytes.count else { return nil }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    return nil
                }
            case UInt8(ascii: "\""):
                return string().map { .string($0) }
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "n"): return literal("null", .null)
            default:
                let start = i
                while i < bytes.count, "+-.0123456789eE".utf8.contains(bytes[i]) { i += 1 }
                return i > start ? .number(String(decoding: bytes[start..<i], as: UTF8.self)) : nil
            }
        }

        mutating func literal(_ text: String, _ node: Node) -> Node? {
            let t = Array(text.utf8)
            guard bytes.count - i >= t.count, Array(bytes[i..<i + t.count]) == t else { return nil }
            i += t.count
            return node
        }

        /// A string's raw text between the quotes (escapes kept as written).
        mutating func string() -> String? {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard i < bytes.count else { return nil }
            defer { i += 1 }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }
    }
}

extension JSONMutator.Node {
    var nodeCount: Int {
        switch self {
        case .array(let a): 1 + a.reduce(0) { $0 + $1.nodeCount }
        case .object(let o): 1 + o.reduce(0) { $0 + $1.1.nodeCount }
        default: 1
        }
    }

    func node(at index: Int) -> JSONMutator.Node {
        var remaining = index
        return find(&remaining) ?? self
    }

    private func find(_ remaining: inout Int) -> JSONMutator.Node? {
        if remaining == 0 { return self }
        remaining -= 1
        switch self {
        case .array(let a): for item in a { if let n = item.find(&remaining) { return n } }
        case .object(let o): for (_, v) in o { if let n = v.find(&remaining) { return n } }
        default: break
        }
        return nil
    }

    func collectKeys(into keys: inout [String]) {
        switch self {
        case .array(let a): for item in a { item.collectKeys(into: &keys) }
        case .object(let o): for (k, v) in o { keys.append(k); v.collectKeys(into: &keys) }
        default: break
        }
    }

    /// Applies one mutation to the node `remaining` steps into a pre-order walk.
    mutating func mutate(at remaining: inout Int, _ rng: inout FuzzRandom, keys: [String], donor: JSONMutator.Node) {
        if remaining == 0 {
            remaining = -1
            switch self {
            case .object(var members) where rng.oneIn(2):
                switch rng.below(5) {
                case 0 where !members.isEmpty: members.remove(at: rng.below(members.count))
                case 1 where !members.isEmpty: members.append(members[rng.below(members.count)])
                case 2 where !members.isEmpty:
                    let k = rng.below(members.count)
                    members[k].0 = rng.pick([members[k].0.uppercased(), members[k].0 + "x", "", String(members[k].0.dropLast()), "__proto__"])
                case 3: members.append((keys.isEmpty ? "k" : rng.pick(keys), JSONMutator.randomValue(&rng, donor: donor)))
                default: members.shuffle(using: &rng)
                }
                self = .object(members)
            case .array(var items) where rng.oneIn(2) && !items.isEmpty:
                switch rng.below(3) {
                case 0: items.remove(at: rng.below(items.count))
                case 1:
                    let item = items[rng.below(items.count)]
                    items.append(contentsOf: Array(repeating: item, count: JSONMutator.copies(of: item, 1 + rng.below(rng.oneIn(8) ? 3000 : 4))))
                default: items.shuffle(using: &rng)
                }
                self = .array(items)
            default:
                self = JSONMutator.randomValue(&rng, donor: donor)
            }
            return
        }
        remaining -= 1
        switch self {
        case .array(var a):
            for k in a.indices where remaining >= 0 { a[k].mutate(at: &remaining, &rng, keys: keys, donor: donor) }
            self = .array(a)
        case .object(var o):
            for k in o.indices where remaining >= 0 { o[k].1.mutate(at: &remaining, &rng, keys: keys, donor: donor) }
            self = .object(o)
        default: break
        }
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .number(let n): out += Array(n.utf8)
        case .string(let s): out.append(0x22); out += Array(s.utf8); out.append(0x22)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (k, item) in a.enumerated() { if k > 0 { out.append(UInt8(ascii: ",")) }; item.write(to: &out) }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for (k, (key, v)) in o.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                out.append(0x22); out += Array(key.utf8); out.append(0x22); out.append(UInt8(ascii: ":"))
                v.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
