/// A minimal reader for DER (ITU-T X.690 §10): definite lengths in the shortest form only.
///
/// Just enough for ECDSA-Sig-Value and SubjectPublicKeyInfo. Public data; not constant-time.
struct DERReader {
    private let bytes: [UInt8]
    private(set) var offset: Int
    private let end: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
        self.end = bytes.count
    }

    private init(_ bytes: [UInt8], from: Int, to: Int) {
        self.bytes = bytes
        self.offset = from
        self.end = to
    }

    var isAtEnd: Bool { offset == end }

    /// Reads one element with the given tag; returns a reader over its contents.
    mutating func read(tag: UInt8, _ what: String) throws(Secp256k1Error) -> DERReader {
        guard offset < end else { throw Secp256k1Error(.invalidDER, "\(what): missing (input ends at offset \(offset))") }
        guard bytes[offset] == tag else {
            throw Secp256k1Error(.invalidDER, "\(what): expected tag 0x\(hex(tag)), found 0x\(hex(bytes[offset])) at offset \(offset)")
        }
        offset += 1
        let length = try readLength(what)
        guard end - offset >= length else {
            throw Secp256k1Error(.invalidDER, "\(what): length \(length) runs past the end (\(end - offset) bytes left)")
        }
        let inner = DERReader(bytes, from: offset, to: offset + length)
        offset += length
        return inner
    }

    /// The remaining bytes of this reader.
    var remaining: ArraySlice<UInt8> { bytes[offset..<end] }

    /// X.690 §8.1.3 with the DER rule of §10.1: the short form below 128, else the fewest bytes.
    private mutating func readLength(_ what: String) throws(Secp256k1Error) -> Int {
        guard offset < end else { throw Secp256k1Error(.invalidDER, "\(what): length missing") }
        let first = bytes[offset]
        offset += 1
        if first < 0x80 { return Int(first) }
        guard first != 0x80 else { throw Secp256k1Error(.invalidDER, "\(what): indefinite length is not DER") }
        let count = Int(first & 0x7f)
        guard count <= 2 else { throw Secp256k1Error(.invalidDER, "\(what): length of \(count) bytes is too large") }
        guard end - offset >= count else { throw Secp256k1Error(.invalidDER, "\(what): length truncated") }
        var length = 0
        for _ in 0..<count { length = length << 8 | Int(bytes[offset]); offset += 1 }
        guard length >= 0x80, length >= 1 << (8 * (count - 1)) else {
            throw Secp256k1Error(.invalidDER, "\(what): length \(length) not in the shortest form")
        }
        return length
    }

    /// Reads an INTEGER that must be positive and minimally encoded; returns its magnitude bytes.
    mutating func readPositiveInteger(_ what: String) throws(Secp256k1Error) -> ArraySlice<UInt8> {
        let content = try read(tag: 0x02, what).remaining
        guard let first = content.first else { throw Secp256k1Error(.invalidDER, "\(what): empty INTEGER") }
        guard first & 0x80 == 0 else { throw Secp256k1Error(.invalidDER, "\(what): negative INTEGER") }
        if first == 0, content.count > 1, content[content.startIndex + 1] & 0x80 == 0 {
            throw Secp256k1Error(.invalidDER, "\(what): INTEGER has a superfluous leading zero byte")
        }
        return content.drop(while: { $0 == 0 })
    }
}

private func hex(_ b: UInt8) -> String { b < 16 ? "0" + String(b, radix: 16) : String(b, radix: 16) }
