import Foundation
public import Logging
import Synchronization

/// `--log-format json`: swift-log records as one JSON object per line on standard error, for log
/// shippers: `{"time": RFC 3339 UTC with milliseconds, "level", "label", "message", "source",
/// …metadata}` (metadata values as strings; a metadata key never replaces the fixed ones).
///
/// The signer's log lines carry counts, times, public keys and reasons, never a secret; this
/// handler writes only what it is given.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let sink: @Sendable (String) -> Void

    /// A handler writing to standard error.
    public static func standardError(label: String) -> JSONLogHandler {
        JSONLogHandler(label: label) { line in
            let bytes = Array(line.utf8)
            _ = stderrLock.withLock { _ in bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) } }
        }
    }

    private static let stderrLock = Mutex(())

    /// A handler giving each line (with its `\n`) to `sink`.
    public init(label: String, sink: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("time", Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))),
            ("level", event.level.rawValue), ("label", label), ("message", event.message.description), ("source", event.source),
        ]
        let fixed = Set(fields.map(\.0))
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        for key in merged.keys.sorted() where !fixed.contains(key) {
            if let value = merged[key] { fields.append((key, value.description)) }
        }
        sink("{" + fields.map { AuditLog.Entry.quoted($0.0) + ":" + AuditLog.Entry.quoted($0.1) }.joined(separator: ",") + "}\n")
    }
}
