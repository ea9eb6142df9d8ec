/// The one error type of `EnclaveProtocol`: a frame or message that breaks the protocol. The
/// connection that carried it is closed; nothing in it is acted on.
///
/// Equality compares the ``code`` only.
public struct EnclaveProtocolError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The kind of failure; extensible.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// A frame header that is not this protocol's: version, type, or a length over the maximum.
        public static let badFrame = Code("badFrame")
        /// A message whose payload is not CBOR, or a field that is missing, of the wrong type or
        /// out of bounds (the reason names the field).
        public static let badMessage = Code("badMessage")
        /// A message the peer may not send in this state (a second start, rows without a start).
        public static let unexpected = Code("unexpected")
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
