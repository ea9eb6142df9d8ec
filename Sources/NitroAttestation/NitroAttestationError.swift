public import CBOR

/// The one error type of `NitroAttestation`: an attestation document or enclave image that
/// cannot be read, or a check it fails. The ``code`` says which check; the ``reason`` says what was found.
///
/// Equality compares the ``code`` only.
public struct NitroAttestationError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure; extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Not well-formed CBOR (RFC 8949), or CBOR outside the subset a document uses.
        public static let malformedCBOR = Code("malformedCBOR")
        /// Not a COSE_Sign1 structure (RFC 9052 §4.2) with ES384 as its protected algorithm.
        public static let malformedCOSE = Code("malformedCOSE")
        /// A field of the attestation document is missing, of the wrong type or out of bounds
        /// (AWS Nitro Enclaves user guide, "Verifying the root of trust", syntactic validation).
        public static let malformedDocument = Code("malformedDocument")
        /// The certificate chain does not lead to the pinned AWS Nitro root at the time given.
        public static let untrustedChain = Code("untrustedChain")
        /// The COSE signature does not verify with the leaf certificate's P-384 key.
        public static let badSignature = Code("badSignature")
        /// A PCR differs from the expected value, or PCR0 is all zeros (a debug-mode enclave).
        public static let pcrMismatch = Code("pcrMismatch")
        /// The nonce is missing or differs from the one the verifier asked for.
        public static let nonceMismatch = Code("nonceMismatch")
        /// The document is older than the policy allows, or timestamped in the future.
        public static let stale = Code("stale")
        /// Not an enclave image file (EIF) this reader measures: magic, version, header, a
        /// section, its size or the CRC.
        public static let malformedImage = Code("malformedImage")
    }

    public let code: Code
    public let reason: String
    /// Where the error was thrown (`#fileID`, `#line`).
    public let file: String
    public let line: Int

    public init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    public var description: String { "\(code): \(reason)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}

extension CBOR {
    /// ``CBOR/decode(_:)`` with its error as ``NitroAttestationError/Code/malformedCBOR``.
    static func attestation(_ bytes: some Collection<UInt8>) throws(NitroAttestationError) -> CBOR {
        do throws(CBORError) {
            return try CBOR.decode(bytes)
        } catch {
            throw NitroAttestationError(.malformedCBOR, error.reason)
        }
    }
}
