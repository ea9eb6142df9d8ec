/// What a verifier requires of a document beyond a valid signature and chain: the measurements
/// it pins, the challenge it sent, and how old an answer it accepts.
public struct AttestationPolicy: Sendable {
    /// PCR index → required value (48 bytes for SHA-384). PCR0 is the enclave image, PCR1 the
    /// kernel and boot ramfs, PCR2 the application, PCR8 the signing certificate (AWS, "Where to
    /// get an enclave's measurements").
    public var expectedPCRs: [Int: [UInt8]]
    /// Accept a debug-mode enclave, whose PCR0 is all zeros. Never in production: a debug
    /// enclave's memory can be read from the parent.
    public var allowDebug: Bool
    /// The nonce the document must carry, when the verifier sent one.
    public var nonce: [UInt8]?
    /// The oldest document accepted, measured back from the verification time; `nil` accepts any age.
    public var maximumAge: Duration?
    /// How far in the future of the verification time a timestamp may be (clocks differ).
    public var clockSkew: Duration

    public init(
        expectedPCRs: [Int: [UInt8]] = [:], allowDebug: Bool = false, nonce: [UInt8]? = nil,
        maximumAge: Duration? = .seconds(300), clockSkew: Duration = .seconds(60)
    ) {
        self.expectedPCRs = expectedPCRs
        self.allowDebug = allowDebug
        self.nonce = nonce
        self.maximumAge = maximumAge
        self.clockSkew = clockSkew
    }

    /// Checks the document's measurements, nonce and age against the policy.
    ///
    /// - Parameter now: the verification time, in milliseconds since the UNIX epoch.
    /// - Throws: ``NitroAttestationError/Code/pcrMismatch``, ``NitroAttestationError/Code/nonceMismatch``
    ///   or ``NitroAttestationError/Code/stale``.
    public func check(_ document: AttestationDocument, nowMilliseconds now: UInt64) throws(NitroAttestationError) {
        if !allowDebug {
            guard let pcr0 = document.pcrs[0] else { throw NitroAttestationError(.pcrMismatch, "the document has no PCR0") }
            guard pcr0.contains(where: { $0 != 0 }) else {
                throw NitroAttestationError(.pcrMismatch, "PCR0 is all zeros: a debug-mode enclave, refused without allowDebug")
            }
        }
        for index in expectedPCRs.keys.sorted() {
            guard let actual = document.pcrs[index] else { throw NitroAttestationError(.pcrMismatch, "the document has no PCR\(index)") }
            guard actual == expectedPCRs[index] else {
                throw NitroAttestationError(.pcrMismatch, "PCR\(index) is \(Self.hex(actual)), expected \(Self.hex(expectedPCRs[index] ?? []))")
            }
        }
        if let nonce {
            guard let actual = document.nonce else { throw NitroAttestationError(.nonceMismatch, "the document carries no nonce") }
            guard actual == nonce else { throw NitroAttestationError(.nonceMismatch, "the document's nonce is not the one sent") }
        }
        let latest = now.addingReportingOverflow(Self.milliseconds(clockSkew))
        guard latest.overflow || document.timestamp <= latest.partialValue else {
            throw NitroAttestationError(.stale, "timestamped \(document.timestamp - now) ms in the future")
        }
        if let maximumAge, now > document.timestamp {
            let age = now - document.timestamp
            let limit = Self.milliseconds(maximumAge)
            guard age <= limit else { throw NitroAttestationError(.stale, "the document is \(age) ms old; at most \(limit) ms accepted") }
        }
    }

    /// A duration in whole milliseconds, negative taken as zero and huge as `UInt64.max`.
    static func milliseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        let whole = UInt64(seconds).multipliedReportingOverflow(by: 1000)
        guard !whole.overflow else { return .max }
        return whole.partialValue + UInt64(max(0, attoseconds) / 1_000_000_000_000_000)
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] }, as: UTF8.self)
    }
}
