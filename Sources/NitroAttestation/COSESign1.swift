import CBOR
/// A `COSE_Sign1` message (RFC 9052 §4.2) signed with ES384, as the Nitro Secure Module signs its
/// attestation documents: `[protected: bstr {1: -35}, unprotected: {}, payload: bstr, signature: bstr]`,
/// tagged 18 or untagged (AWS, "Nitro Enclaves attestation process" §3.1).
public struct COSESign1: Sendable, Equatable {
    /// The serialized protected header, exactly as signed.
    public let protectedHeader: [UInt8]
    /// The payload, exactly as signed (for Nitro, the CBOR attestation document, 1…16,384 bytes).
    public let payload: [UInt8]
    /// The ECDSA P-384 signature as `r ‖ s` (96 bytes, RFC 9053 §2.1).
    public let signature: [UInt8]

    /// COSE algorithm ES384 (RFC 9053 §2.1): ECDSA with SHA-384.
    static let es384: CBOR = .negative(34)
    /// The largest payload the NSM produces (AWS, §3.1).
    static let maximumPayload = 16_384

    /// Reads a `COSE_Sign1` from its CBOR bytes.
    ///
    /// - Throws: ``NitroAttestationError/Code/malformedCBOR`` for bytes that are not CBOR, and
    ///   ``NitroAttestationError/Code/malformedCOSE`` for another structure, a tag other than 18,
    ///   an algorithm other than ES384, a payload outside 1…16,384 bytes or a signature that is
    ///   not 96 bytes.
    public init(bytes: some Collection<UInt8>) throws(NitroAttestationError) {
        var item = try CBOR.attestation(bytes)
        if case .tagged(let tag, let inner) = item {
            guard tag == 18 else { throw NitroAttestationError(.malformedCOSE, "tag \(tag), not COSE_Sign1's 18") }
            item = inner
        }
        guard case .array(let parts) = item, parts.count == 4 else {
            throw NitroAttestationError(.malformedCOSE, "not an array of four: protected, unprotected, payload, signature")
        }
        guard case .bytes(let protectedHeader) = parts[0] else { throw NitroAttestationError(.malformedCOSE, "the protected header is not a byte string") }
        guard case .map = try CBOR.attestation(protectedHeader), let algorithm = try CBOR.attestation(protectedHeader)[.unsigned(1)] else {
            throw NitroAttestationError(.malformedCOSE, "the protected header names no algorithm")
        }
        guard algorithm == Self.es384 else { throw NitroAttestationError(.malformedCOSE, "algorithm \(algorithm), not ES384 (-35)") }
        guard case .map = parts[1] else { throw NitroAttestationError(.malformedCOSE, "the unprotected header is not a map") }
        guard case .bytes(let payload) = parts[2], (1...Self.maximumPayload).contains(payload.count) else {
            throw NitroAttestationError(.malformedCOSE, "the payload is not a byte string of 1 to \(Self.maximumPayload) bytes")
        }
        guard case .bytes(let signature) = parts[3], signature.count == 96 else {
            throw NitroAttestationError(.malformedCOSE, "the signature is not 96 bytes (ES384 r ‖ s)")
        }
        self.protectedHeader = protectedHeader
        self.payload = payload
        self.signature = signature
    }

    /// Wraps a payload already signed elsewhere (used by the stand-in NSM).
    public init(protectedHeader: [UInt8], payload: [UInt8], signature: [UInt8]) {
        self.protectedHeader = protectedHeader
        self.payload = payload
        self.signature = signature
    }

    /// The ES384 protected header `{1: -35}`, serialized.
    public static var es384ProtectedHeader: [UInt8] { CBOR.map([(.unsigned(1), es384)]).encoded }

    /// The bytes the signature covers: `Sig_structure = ["Signature1", protected, h'', payload]`
    /// (RFC 9052 §4.4), CBOR-encoded.
    public var toBeSigned: [UInt8] {
        CBOR.array([.text("Signature1"), .bytes(protectedHeader), .bytes([]), .bytes(payload)]).encoded
    }

    /// The untagged encoding, as the NSM returns it.
    public var encoded: [UInt8] {
        CBOR.array([.bytes(protectedHeader), .map([]), .bytes(payload), .bytes(signature)]).encoded
    }
}
