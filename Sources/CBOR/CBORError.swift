/// Bytes that are not a CBOR item of the subset ``CBOR`` reads, with the offset at fault.
///
/// Equality compares the ``code`` only.
public struct CBORError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure; extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// Not well-formed CBOR (RFC 8949), or CBOR outside the subset read.
        public static let malformed = Code("malformed")
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

    public var description: String { reason }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }
}
