import CBOR
import SwiftASN1
import X509

extension EnclaveImage {
    /// The DER of the signing certificate in a signature section: a CBOR array of
    /// `{signing_certificate: PEM, signature: COSE_Sign1}` (`PcrSignature`), whose byte fields
    /// serde writes as byte strings or as arrays of small integers; the first entry is PCR0's.
    static func signingCertificate(_ section: [UInt8]) throws(NitroAttestationError) -> [UInt8] {
        guard case .array(let entries) = try CBOR.attestation(section), let first = entries.first,
              let field = first[.text("signing_certificate")], let pem = bytes(field)
        else { throw bad("the signature section holds no signing_certificate") }
        do {
            let certificate = try Certificate(pemEncoded: String(decoding: pem, as: UTF8.self))
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            return serializer.serializedBytes
        } catch {
            throw bad("the signing certificate is not a PEM X.509 certificate")
        }
    }

    private static func bytes(_ item: CBOR) -> [UInt8]? {
        switch item {
        case .bytes(let bytes): return bytes
        case .array(let items):
            var bytes: [UInt8] = []
            for item in items {
                guard case .unsigned(let value) = item, value <= 0xff else { return nil }
                bytes.append(UInt8(value))
            }
            return bytes
        default: return nil
        }
    }
}

/// CRC-32 (IEEE 802.3, reflected, as zlib's `crc32`), which EIF version 2 on stores over the
/// header (less the CRC field), every section header and every section.
struct CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var c = UInt32(index)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }
    private var state: UInt32 = 0xFFFF_FFFF

    mutating func update(_ bytes: some Collection<UInt8>) {
        var c = state
        for byte in bytes { c = Self.table[Int((c ^ UInt32(byte)) & 0xff)] ^ (c >> 8) }
        state = c
    }

    var value: UInt32 { state ^ 0xFFFF_FFFF }
}
