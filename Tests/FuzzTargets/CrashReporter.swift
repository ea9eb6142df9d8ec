#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints the input being fuzzed when the process dies on a trap (a Swift runtime failure is
/// SIGILL or SIGTRAP; memory faults SIGSEGV/SIGBUS; aborts SIGABRT), so a crash found by a
/// seeded run can be turned into a regression test without replaying it.
///
/// The input is copied into preallocated memory before each run; the handler only formats it
/// as hex into more preallocated memory and `write(2)`s it, which is async-signal-safe.
public enum CrashReporter {
    private static let capacity = Mutator.maxLength
    nonisolated(unsafe) private static var input = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    nonisolated(unsafe) private static var inputCount = 0
    nonisolated(unsafe) private static var hex = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * capacity + 1)
    nonisolated(unsafe) private static var name = UnsafeMutablePointer<UInt8>.allocate(capacity: 64)
    nonisolated(unsafe) private static var nameCount = 0
    nonisolated(unsafe) private static var installed = false
    /// Whether a fuzz input is running now: a crash elsewhere in the process (another test suite)
    /// is not blamed on the last input.
    nonisolated(unsafe) private static var active = false

    /// Installs the handlers once (not thread-safe; call before fuzzing starts).
    public static func install() {
        guard !installed else { return }
        installed = true
        for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE] {
            signal(sig) { received in
                if CrashReporter.active { CrashReporter.report() }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    /// Records the target and input about to run (one fuzzing thread at a time).
    public static func willRun(_ target: String, _ bytes: [UInt8]) {
        let n = min(bytes.count, capacity)
        bytes.withUnsafeBufferPointer { if let base = $0.baseAddress { input.update(from: base, count: n) } }
        inputCount = n
        let t = Array(target.utf8.prefix(64))
        t.withUnsafeBufferPointer { if let base = $0.baseAddress { name.update(from: base, count: t.count) } }
        nameCount = t.count
        active = true
    }

    /// The input returned (or threw): a later crash is not its fault.
    public static func didRun() { active = false }

    private static func say(_ text: StaticString) {
        _ = write(2, text.utf8Start, text.utf8CodeUnitCount)
    }

    private static func report() {
        let digits: StaticString = "0123456789abcdef"
        say("\nfuzz: CRASH in target ")
        _ = write(2, name, nameCount)
        say("; input as hex (paste into FuzzRegressionTests):\n")
        for i in 0..<inputCount {
            hex[2 * i] = digits.utf8Start[Int(input[i] >> 4)]
            hex[2 * i + 1] = digits.utf8Start[Int(input[i] & 0x0f)]
        }
        hex[2 * inputCount] = 0x0a
        var offset = 0
        while offset < 2 * inputCount + 1 {
            let written = write(2, hex + offset, 2 * inputCount + 1 - offset)
            if written <= 0 { break }
            offset += written
        }
    }
}
