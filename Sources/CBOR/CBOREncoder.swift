extension CBOR {
    /// The item's encoding with every length in its shortest form (RFC 8949 §4.2.1, "preferred
    /// serialization"; map entries keep their order). COSE signs the encoding of its
    /// `Sig_structure` (RFC 9052 §4.4), so this is what a signature is checked over.
    public var encoded: [UInt8] {
        var out: [UInt8] = []
        append(to: &out)
        return out
    }

    private func append(to out: inout [UInt8]) {
        switch self {
        case .unsigned(let n): Self.head(0, n, &out)
        case .negative(let n): Self.head(1, n, &out)
        case .bytes(let b): Self.head(2, UInt64(b.count), &out); out += b
        case .text(let t): Self.head(3, UInt64(t.utf8.count), &out); out += t.utf8
        case .array(let items):
            Self.head(4, UInt64(items.count), &out)
            for item in items { item.append(to: &out) }
        case .map(let entries):
            Self.head(5, UInt64(entries.count), &out)
            for entry in entries {
                entry.key.append(to: &out)
                entry.value.append(to: &out)
            }
        case .tagged(let tag, let item): Self.head(6, tag, &out); item.append(to: &out)
        case .bool(let b): out.append(b ? 0xf5 : 0xf4)
        case .null: out.append(0xf6)
        }
    }

    private static func head(_ major: UInt8, _ argument: UInt64, _ out: inout [UInt8]) {
        let type = major << 5
        switch argument {
        case 0..<24: out.append(type | UInt8(argument))
        case 24...0xff: out += [type | 24, UInt8(argument)]
        case 0x100...0xffff: out.append(type | 25); out += withUnsafeBytes(of: UInt16(argument).bigEndian, Array.init)
        case 0x10000...0xffff_ffff: out.append(type | 26); out += withUnsafeBytes(of: UInt32(argument).bigEndian, Array.init)
        default: out.append(type | 27); out += withUnsafeBytes(of: argument.bigEndian, Array.init)
        }
    }
}
