/// The Nitro Secure Module's requests (aws-nitro-enclaves-nsm-api: `Request::Attestation`,
/// `DescribePCR`, `GetRandom`), behind a protocol: the enclave uses ``NSMDevice`` (`/dev/nsm`);
/// machines without a Nitro card use ``StandInNSM``, which says so in every document it signs.
public protocol NitroSecureModule: Sendable {
    /// A signed attestation document (COSE_Sign1 bytes) binding the given fields.
    ///
    /// - Parameters: each at most 1,024 bytes (`public_key` 1…1,024).
    /// - Throws: ``NSMError``.
    func attestation(publicKey: [UInt8]?, userData: [UInt8]?, nonce: [UInt8]?) throws(NSMError) -> [UInt8]

    /// PCR `index` (0…31): whether it is locked, and its 48-byte value.
    func describePCR(_ index: UInt16) throws(NSMError) -> (locked: Bool, value: [UInt8])
}

/// A failed NSM request, with the module's own error name when it gave one.
///
/// Equality compares the ``code`` only.
public struct NSMError: Error, Equatable, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// `/dev/nsm` is missing or cannot be opened: not inside a Nitro enclave.
        public static let unavailable = Code("unavailable")
        /// The module answered with an error (`InvalidArgument`, `InputTooLarge`, …) or the ioctl failed.
        public static let refused = Code("refused")
        /// The module's answer is not the CBOR the request expects.
        public static let badResponse = Code("badResponse")
    }

    public let code: Code
    public let reason: String
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
