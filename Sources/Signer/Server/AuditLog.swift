import ConsensusTypes
import EthereumCore
import Foundation
import Synchronization

/// The signer's audit log (`--audit-log FILE`): one JSON line per signing decision, appended to a
/// file of mode 0600 that is never truncated or rewritten.
///
/// A line: `{"time": RFC 3339 UTC with milliseconds, "pubkey": "0x…", "type": "ATTESTATION", "slot",
/// "source_epoch", "target_epoch" (numbers as decimal strings, when the request has them),
/// "signing_root": "0x…" (once computed), "outcome": "signed" | "refused" | "bad_request" |
/// "unknown_key" | "unavailable" | "storage_error" | "payload_too_large", "reason" (not for
/// "signed"), "client" (the TLS client's name, when one was checked)}`. Never a secret: the
/// request's key is named by its public key and nothing of the body is written beyond the fields
/// above.
///
/// A line is written with one `write(2)` on a descriptor opened with `O_APPEND`, after the
/// decision and before the answer leaves; a write that fails is counted (``failedWrites``) and
/// never blocks signing.
public final class AuditLog: Sendable {
    private let descriptor: Mutex<Int32>
    private let failures = Atomic<Int>(0)
    public let path: String

    /// Opens (creating with mode 0600) `path` for appending.
    ///
    /// - Throws: ``SignerError`` `configuration` naming the file when it cannot be opened.
    public init(path: String) throws(SignerError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw SignerError(.configuration, "--audit-log: cannot open \(path): \(String(cString: strerror(errno)))")
        }
        self.path = path
        descriptor = Mutex(fd)
    }

    deinit {
        descriptor.withLock { close($0) }
    }

    /// Lines that could not be written since start.
    public var failedWrites: Int { failures.load(ordering: .relaxed) }

    /// One decision, as it is written.
    public struct Entry: Sendable {
        var pubkey: String
        var client: String?
        var type: String?
        var slot: UInt64?
        var sourceEpoch: UInt64?
        var targetEpoch: UInt64?
        var signingRoot: Root?
        var outcome = "bad_request"
        var reason: String?

        init(pubkey: String, client: String?) {
            self.pubkey = pubkey
            self.client = client
        }

        /// The request's own fields: its type and the slot or epochs slashing protection reads.
        mutating func describe(_ request: Eth2SigningRequest) {
            type = request.kind.rawValue
            switch request.message {
            case .attestation(_, let data):
                slot = data.slot
                sourceEpoch = data.source.epoch
                targetEpoch = data.target.epoch
            case .block(_, let header):
                slot = header.slot
            default:
                break
            }
        }

        /// The error's outcome and reason.
        mutating func fail(_ error: SignerError) {
            outcome = switch error.code {
            case .refused: "refused"
            case .unknownKey: "unknown_key"
            case .unavailable: "unavailable"
            case .storage: "storage_error"
            case .payloadTooLarge: "payload_too_large"
            default: "bad_request"
            }
            reason = error.reason
        }

        /// The JSON line, `\n` included.
        func line(at time: Date) -> String {
            var fields: [(String, String)] = [("time", Self.timestamp(time)), ("pubkey", pubkey)]
            if let type { fields.append(("type", type)) }
            if let slot { fields.append(("slot", "\(slot)")) }
            if let sourceEpoch { fields.append(("source_epoch", "\(sourceEpoch)")) }
            if let targetEpoch { fields.append(("target_epoch", "\(targetEpoch)")) }
            if let signingRoot { fields.append(("signing_root", "0x\(signingRoot)")) }
            fields.append(("outcome", outcome))
            if let reason { fields.append(("reason", reason)) }
            if let client { fields.append(("client", client)) }
            return "{" + fields.map { "\(Self.quoted($0.0)):\(Self.quoted($0.1))" }.joined(separator: ",") + "}\n"
        }

        /// A JSON string: quotes, backslashes and control characters escaped (``AnyJSON``'s writer).
        static func quoted(_ text: String) -> String {
            var out: [UInt8] = []
            AnyJSON.writeString(text, to: &out)
            return String(decoding: out, as: UTF8.self)
        }

        static func timestamp(_ time: Date) -> String {
            time.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
        }
    }

    /// Appends `entry` as one line.
    func record(_ entry: Entry, at time: Date = Date()) {
        let bytes = Array(entry.line(at: time).utf8)
        let written = descriptor.withLock { fd in
            bytes.withUnsafeBytes { raw in write(fd, raw.baseAddress, raw.count) }
        }
        if written != bytes.count { failures.add(1, ordering: .relaxed) }
    }
}
