import CBOR

/// The CBOR requests and responses of the NSM API, as `serde_cbor` writes the Rust enums
/// `nsm_io::Request` and `nsm_io::Response`: a struct variant is a one-entry map from its name to
/// a map of its fields; a unit variant is its name as text.
enum NSMMessages {
    static func attestationRequest(publicKey: [UInt8]?, userData: [UInt8]?, nonce: [UInt8]?) -> [UInt8] {
        let field = { (bytes: [UInt8]?) in bytes.map(CBOR.bytes) ?? .null }
        return CBOR.map([(.text("Attestation"), .map([
            (.text("user_data"), field(userData)), (.text("nonce"), field(nonce)), (.text("public_key"), field(publicKey)),
        ]))]).encoded
    }

    static func describePCRRequest(_ index: UInt16) -> [UInt8] {
        CBOR.map([(.text("DescribePCR"), .map([(.text("index"), .unsigned(UInt64(index)))]))]).encoded
    }

    /// The body of a response variant `name`, or the module's error.
    static func response(_ bytes: [UInt8], _ name: String) throws(NSMError) -> CBOR {
        let item: CBOR
        do throws(CBORError) {
            item = try CBOR.decode(bytes)
        } catch {
            throw NSMError(.badResponse, "the module's answer is not CBOR: \(error.reason)")
        }
        if case .text(let error) = item[.text("Error")] ?? .null {
            throw NSMError(.refused, "the module refused the request: \(error)")
        }
        guard let body = item[.text(name)] else { throw NSMError(.badResponse, "the module's answer is not a \(name) response") }
        return body
    }

    static func document(_ response: [UInt8]) throws(NSMError) -> [UInt8] {
        guard case .bytes(let document) = try Self.response(response, "Attestation")[.text("document")] ?? .null, !document.isEmpty else {
            throw NSMError(.badResponse, "the Attestation response has no document")
        }
        return document
    }

    static func pcr(_ response: [UInt8]) throws(NSMError) -> (locked: Bool, value: [UInt8]) {
        let body = try Self.response(response, "DescribePCR")
        guard case .bool(let locked) = body[.text("lock")] ?? .null, case .bytes(let value) = body[.text("data")] ?? .null,
              [32, 48, 64].contains(value.count)
        else { throw NSMError(.badResponse, "the DescribePCR response lacks lock or data") }
        return (locked, value)
    }
}
