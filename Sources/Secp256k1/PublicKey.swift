import CSecp256k1

/// A secp256k1 public key: a point on the curve other than infinity.
///
/// Construction parses and validates (on-curve) via `secp256k1_ec_pubkey_parse`; only the
/// SEC 1 compressed (`02`/`03` ‖ x) and uncompressed (`04` ‖ x ‖ y) forms are accepted, not the
/// hybrid `06`/`07` form that libsecp256k1 would also take. Public data; not constant-time.
public struct PublicKey: Hashable, Sendable, CustomStringConvertible {
    /// The 65-byte uncompressed SEC 1 encoding.
    public let uncompressed: [UInt8]

    init(validated pk: secp256k1_pubkey) {
        var pk = pk
        var out = [UInt8](repeating: 0, count: 65)
        var length = 65
        _ = secp256k1_ec_pubkey_serialize(Context.shared.pointer, &out, &length, &pk, UInt32(SECP256K1_EC_UNCOMPRESSED))
        uncompressed = out
    }

    /// Parses a SEC 1 encoded point (33 bytes compressed or 65 bytes uncompressed).
    ///
    /// - Throws: ``Secp256k1Error/Code-swift.struct/invalidPublicKey`` for another length or
    ///   prefix, or a point not on the curve.
    public init(sec1 bytes: some Collection<UInt8>) throws(Secp256k1Error) {
        let b = Array(bytes)
        let shapeOK = (b.count == 33 && (b.first == 0x02 || b.first == 0x03)) || (b.count == 65 && b.first == 0x04)
        guard shapeOK else {
            throw Secp256k1Error(.invalidPublicKey, "a public key is 33 bytes starting 02/03 or 65 bytes starting 04 (got \(b.count) bytes)")
        }
        var pk = secp256k1_pubkey()
        guard secp256k1_ec_pubkey_parse(Context.shared.pointer, &pk, b, b.count) == 1 else {
            throw Secp256k1Error(.invalidPublicKey, "public key is not a point on secp256k1")
        }
        self.init(validated: pk)
    }

    /// The 33-byte compressed SEC 1 encoding.
    public var compressed: [UInt8] { [0x02 | (uncompressed[64] & 1)] + uncompressed[1..<33] }

    /// x ‖ y, 64 bytes: what Ethereum hashes to form an address.
    public var xy: [UInt8] { Array(uncompressed[1...]) }

    /// Lower-case hex of the compressed form.
    public var description: String {
        compressed.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    /// Whether `signature` is a valid ECDSA signature of `digest` under this key.
    ///
    /// libsecp256k1 accepts low-s signatures only (EIP-2 / BIP-62); pass
    /// ``ECDSASignature/lowSNormalized`` to accept a high-s signature as textbook ECDSA does.
    public func isValidSignature(_ signature: ECDSASignature, forDigest digest: some Collection<UInt8>) -> Bool {
        let msg = Array(digest)
        guard msg.count == 32 else { return false }
        var sig = signature.libsecp256k1
        var pk = parsed
        return secp256k1_ecdsa_verify(Context.shared.pointer, &sig, msg, &pk) == 1
    }

    var parsed: secp256k1_pubkey {
        var pk = secp256k1_pubkey()
        let ok = secp256k1_ec_pubkey_parse(Context.shared.pointer, &pk, uncompressed, 65)
        precondition(ok == 1, "a validated public key failed to parse")  // invariant: uncompressed was serialised by libsecp256k1 from a parsed key
        return pk
    }
}
