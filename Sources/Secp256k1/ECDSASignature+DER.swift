extension ECDSASignature {
    /// Parses a DER ECDSA-Sig-Value strictly (SEC 1 §C.8, RFC 3279 §2.2.3):
    /// `SEQUENCE { r INTEGER, s INTEGER }`, shortest lengths, positive minimal integers, nothing
    /// after the sequence or inside it, and 1 ≤ r, s < n. High s is accepted (normalise with
    /// ``lowSNormalized``).
    ///
    /// - Throws: ``Secp256k1Error/Code-swift.struct/invalidDER`` naming the fault, or
    ///   ``Secp256k1Error/Code-swift.struct/invalidSignature`` for r or s out of range.
    public init(derEncoded der: some Collection<UInt8>) throws(Secp256k1Error) {
        var outer = DERReader(Array(der))
        var sequence = try outer.read(tag: 0x30, "ECDSA signature SEQUENCE")
        guard outer.isAtEnd else { throw Secp256k1Error(.invalidDER, "trailing bytes after the ECDSA signature SEQUENCE") }
        let r = try sequence.readPositiveInteger("r")
        let s = try sequence.readPositiveInteger("s")
        guard sequence.isAtEnd else { throw Secp256k1Error(.invalidDER, "extra data inside the ECDSA signature SEQUENCE") }
        try self.init(r: r, s: s)
    }

    /// The DER encoding (minimal positive INTEGERs).
    public var derEncoded: [UInt8] {
        func integer(_ v: [UInt8]) -> [UInt8] {
            var m = Array(v.drop(while: { $0 == 0 }))
            if m.first.map({ $0 & 0x80 != 0 }) ?? true { m.insert(0, at: 0) }
            return [0x02, UInt8(m.count)] + m
        }
        let body = integer(r) + integer(s)
        return [0x30, UInt8(body.count)] + body
    }
}

extension PublicKey {
    /// DER of AlgorithmIdentifier { id-ecPublicKey (1.2.840.10045.2.1), secp256k1 (1.3.132.0.10) }.
    private static let secp256k1AlgorithmIdentifier: [UInt8] = [
        0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
        0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a,
    ]

    /// Parses a DER SubjectPublicKeyInfo (RFC 5480 §2) for a secp256k1 key, as AWS KMS
    /// `GetPublicKey` returns for an `ECC_SECG_P256K1` key.
    ///
    /// - Throws: ``Secp256k1Error/Code-swift.struct/invalidDER`` for malformed DER or another
    ///   algorithm or curve; ``Secp256k1Error/Code-swift.struct/invalidPublicKey`` for a bad point.
    public init(derSubjectPublicKeyInfo der: some Collection<UInt8>) throws(Secp256k1Error) {
        var outer = DERReader(Array(der))
        var spki = try outer.read(tag: 0x30, "SubjectPublicKeyInfo")
        guard outer.isAtEnd else { throw Secp256k1Error(.invalidDER, "trailing bytes after SubjectPublicKeyInfo") }
        let algorithm = try spki.read(tag: 0x30, "AlgorithmIdentifier")
        guard Array(algorithm.remaining) == Self.secp256k1AlgorithmIdentifier else {
            throw Secp256k1Error(.invalidDER, "AlgorithmIdentifier is not id-ecPublicKey with the secp256k1 curve")
        }
        let bitString = try spki.read(tag: 0x03, "subjectPublicKey BIT STRING").remaining
        guard spki.isAtEnd else { throw Secp256k1Error(.invalidDER, "extra data inside SubjectPublicKeyInfo") }
        guard bitString.first == 0 else { throw Secp256k1Error(.invalidDER, "subjectPublicKey has unused bits") }
        try self.init(sec1: bitString.dropFirst())
    }
}
