/// The parent↔enclave frame: `version (1 byte, 1) ‖ type (1 byte) ‖ length (4 bytes, big-endian)
/// ‖ payload (length bytes, a CBOR map)`. Both ends refuse a frame over ``maximumPayload``
/// before reading its payload, so a peer cannot make the other allocate.
public enum Frame {
    public static let version: UInt8 = 1
    public static let headerSize = 6
    /// 4 MiB: a batch of 1,000 vault rows is about 2 MiB.
    public static let maximumPayload = 4 << 20

    /// The frame types; a type not listed is refused.
    public enum Kind: UInt8, Sendable, CaseIterable {
        case hello = 1, start, keyRows, endOfRows, credentials, reload, statusRequest, status, failure
        /// The wallet's request and answer (one per connection).
        case signTransaction, signedTransaction
    }

    /// The bytes of one frame.
    static func encode(_ kind: Kind, _ payload: [UInt8]) -> [UInt8] {
        let length = UInt32(payload.count)
        return [version, kind.rawValue, UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)] + payload
    }
}

/// Splits a byte stream into frames: a pure state machine the connection handler feeds with
/// what it reads and asks for whole frames.
public struct FrameDecoder: Sendable {
    private var buffer: [UInt8] = []
    private var start = 0

    public init() {}

    /// Adds bytes read from the connection.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Bytes received but not yet part of a whole frame.
    public var pending: Int { buffer.count - start }

    /// The next whole frame, or `nil` until more bytes arrive.
    ///
    /// - Throws: ``EnclaveProtocolError/Code/badFrame`` for another version, an unknown type or a
    ///   length over ``Frame/maximumPayload`` — as soon as the header is in, before the payload.
    public mutating func next() throws(EnclaveProtocolError) -> (kind: Frame.Kind, payload: [UInt8])? {
        guard pending >= Frame.headerSize else { return nil }
        let header = buffer[start..<start + Frame.headerSize]
        guard header[start] == Frame.version else {
            throw EnclaveProtocolError(.badFrame, "frame version \(header[start]); this end speaks \(Frame.version)")
        }
        guard let kind = Frame.Kind(rawValue: header[start + 1]) else {
            throw EnclaveProtocolError(.badFrame, "unknown frame type \(header[start + 1])")
        }
        let length = header[(start + 2)...].prefix(4).reduce(0) { $0 << 8 | Int($1) }
        guard length <= Frame.maximumPayload else {
            throw EnclaveProtocolError(.badFrame, "a frame of \(length) bytes; at most \(Frame.maximumPayload)")
        }
        guard pending >= Frame.headerSize + length else { return nil }
        let end = start + Frame.headerSize + length
        let payload = Array(buffer[(start + Frame.headerSize)..<end])
        // Frames carry credentials: what has been handed out is not left behind in the buffer.
        for index in start..<end { buffer[index] = 0 }
        start = end
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 16 {
            buffer.removeFirst(start)
            start = 0
        }
        return (kind, payload)
    }
}
