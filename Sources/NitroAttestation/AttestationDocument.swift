public import CBOR
/// The attestation document a Nitro Secure Module signs (AWS, "Nitro Enclaves attestation
/// process" §2.2), read and checked field by field as §3.2.2 requires.
public struct AttestationDocument: Sendable, Equatable {
    /// The issuing hypervisor module (`i-…-enc…`); never empty.
    public let moduleID: String
    /// When the document was made, in milliseconds since the UNIX epoch (UTC); above zero.
    public let timestamp: UInt64
    /// The locked PCRs by index (0…31): 48-byte SHA-384 registers on Nitro (32 or 64 allowed).
    public let pcrs: [Int: [UInt8]]
    /// The leaf certificate that signed the document, DER (1…1024 bytes).
    public let certificate: [UInt8]
    /// The CA bundle, root first (`[ROOT, INTERM_1, …, INTERM_N]`), each DER (1…1024 bytes).
    public let caBundle: [[UInt8]]
    /// The enclave's key for answers only it can read (KMS Recipient: RSA SPKI DER), 1…1024 bytes.
    public let publicKey: [UInt8]?
    /// Data the enclave chose to have signed, 0…512 bytes.
    public let userData: [UInt8]?
    /// The verifier's challenge, 0…512 bytes.
    public let nonce: [UInt8]?

    /// Reads the payload of a `COSE_Sign1`.
    ///
    /// - Throws: ``NitroAttestationError/Code/malformedCBOR``, or
    ///   ``NitroAttestationError/Code/malformedDocument`` naming the field that is missing, null,
    ///   unknown, of the wrong type or out of its bounds.
    public init(payload: [UInt8]) throws(NitroAttestationError) {
        guard case .map(let entries) = try CBOR.attestation(payload) else { throw Self.bad("the document is not a map") }
        var fields: [String: CBOR] = [:]
        for entry in entries {
            guard case .text(let name) = entry.key else { throw Self.bad("a key is not a text string") }
            guard Self.allowedFields.contains(name) else { throw Self.bad("unknown field \(name)") }
            // The NSM writes an absent optional field as null; a null required field is refused below.
            if entry.value != .null { fields[name] = entry.value }
        }
        func required(_ name: String) throws(NitroAttestationError) -> CBOR {
            guard let value = fields[name] else { throw Self.bad("\(name) is missing or null") }
            return value
        }
        guard case .text(let moduleID) = try required("module_id"), !moduleID.isEmpty else { throw Self.bad("module_id is not a non-empty text string") }
        guard case .text("SHA384") = try required("digest") else { throw Self.bad("digest is not \"SHA384\"") }
        guard case .unsigned(let timestamp) = try required("timestamp"), timestamp > 0 else { throw Self.bad("timestamp is not a positive integer") }
        guard case .map(let pcrEntries) = try required("pcrs"), (1...32).contains(pcrEntries.count) else {
            throw Self.bad("pcrs is not a map of 1 to 32 registers")
        }
        var pcrs: [Int: [UInt8]] = [:]
        for entry in pcrEntries {
            guard case .unsigned(let index) = entry.key, index < 32 else { throw Self.bad("a PCR index is not an integer in 0…31") }
            guard case .bytes(let value) = entry.value, [32, 48, 64].contains(value.count) else {
                throw Self.bad("PCR\(index) is not a byte string of 32, 48 or 64 bytes")
            }
            pcrs[Int(index)] = value
        }
        let certificate = try Self.bytes(required("certificate"), "certificate", 1...1024)
        guard case .array(let bundle) = try required("cabundle"), !bundle.isEmpty else { throw Self.bad("cabundle is not a non-empty array") }
        var caBundle: [[UInt8]] = []
        for (index, item) in bundle.enumerated() { caBundle.append(try Self.bytes(item, "cabundle[\(index)]", 1...1024)) }
        self.moduleID = moduleID
        self.timestamp = timestamp
        self.pcrs = pcrs
        self.certificate = certificate
        self.caBundle = caBundle
        self.publicKey = try fields["public_key"].map { value throws(NitroAttestationError) in try Self.bytes(value, "public_key", 1...1024) }
        self.userData = try fields["user_data"].map { value throws(NitroAttestationError) in try Self.bytes(value, "user_data", 0...512) }
        self.nonce = try fields["nonce"].map { value throws(NitroAttestationError) in try Self.bytes(value, "nonce", 0...512) }
    }

    /// A document with the given fields, unchecked (the stand-in NSM makes these).
    public init(
        moduleID: String, timestamp: UInt64, pcrs: [Int: [UInt8]], certificate: [UInt8], caBundle: [[UInt8]],
        publicKey: [UInt8]? = nil, userData: [UInt8]? = nil, nonce: [UInt8]? = nil
    ) {
        self.moduleID = moduleID
        self.timestamp = timestamp
        self.pcrs = pcrs
        self.certificate = certificate
        self.caBundle = caBundle
        self.publicKey = publicKey
        self.userData = userData
        self.nonce = nonce
    }

    static let allowedFields: Set<String> = ["module_id", "digest", "timestamp", "pcrs", "certificate", "cabundle", "public_key", "user_data", "nonce"]

    private static func bytes(_ value: CBOR, _ name: String, _ bounds: ClosedRange<Int>) throws(NitroAttestationError) -> [UInt8] {
        guard case .bytes(let bytes) = value, bounds.contains(bytes.count) else {
            throw bad("\(name) is not a byte string of \(bounds.lowerBound) to \(bounds.upperBound) bytes")
        }
        return bytes
    }

    private static func bad(_ reason: String) -> NitroAttestationError { NitroAttestationError(.malformedDocument, reason) }

    /// The document as the NSM encodes it (used by the stand-in NSM and by tests).
    public var cbor: CBOR {
        var entries: [(key: CBOR, value: CBOR)] = [
            (.text("module_id"), .text(moduleID)), (.text("digest"), .text("SHA384")), (.text("timestamp"), .unsigned(timestamp)),
            (.text("pcrs"), .map(pcrs.keys.sorted().map { (.unsigned(UInt64($0)), .bytes(pcrs[$0] ?? [])) })),
            (.text("certificate"), .bytes(certificate)), (.text("cabundle"), .array(caBundle.map { .bytes($0) })),
        ]
        entries.append((.text("public_key"), publicKey.map { .bytes($0) } ?? .null))
        entries.append((.text("user_data"), userData.map { .bytes($0) } ?? .null))
        entries.append((.text("nonce"), nonce.map { .bytes($0) } ?? .null))
        return .map(entries)
    }
}
