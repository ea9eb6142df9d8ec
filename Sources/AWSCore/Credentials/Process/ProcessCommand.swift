import Foundation
import Secrets
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A `credential_process` command line: split into words as the AWS CLI does, then run without a
/// shell.
///
/// The documented syntax (https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-sourcing-external.html):
/// words separated by spaces, a path or argument containing spaces in double quotes, no
/// environment variables and no `~`. The CLI splits with Python's `shlex.split` (POSIX rules) and
/// starts the program directly, so that is what ``split(_:)`` implements: double quotes (where `\`
/// escapes only `"` and `\`), single quotes (literal), and `\` outside quotes (escapes any
/// character). Nothing is expanded, and no shell runs.
package enum ProcessCommand {
    /// The words of `command`.
    ///
    /// - Throws: ``AWSError/Code/invalidConfiguration`` for an unterminated quote, a trailing `\`,
    ///   or no words at all.
    package static func split(_ command: String) throws(AWSError) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for c in command {
            if escaped {
                // In double quotes only these are escapes; elsewhere `\` keeps the next character.
                if quote == "\"", c != "\"", c != "\\" { word.append("\\") }
                word.append(c)
                escaped = false
                continue
            }
            switch (quote, c) {
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case ("'", _):
                word.append(c)
            case ("\"", "\\"), (nil, "\\"):
                escaped = true
                inWord = true
            case ("\"", _):
                word.append(c)
            case (nil, "'"), (nil, "\""):
                quote = c
                inWord = true
            case (nil, _) where c == " " || c == "\t" || c == "\n" || c == "\r\n" || c == "\r":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            default:
                word.append(c)
                inWord = true
            }
        }
        guard quote == nil else { throw AWSError(.invalidConfiguration, "credential_process has an unterminated \(quote == "'" ? "single" : "double") quote") }
        guard !escaped else { throw AWSError(.invalidConfiguration, "credential_process ends with a lone backslash") }
        if inWord { words.append(word) }
        guard !words.isEmpty else { throw AWSError(.invalidConfiguration, "credential_process is empty") }
        return words
    }

    /// The program to start for `word`: itself when it contains `/`, else the first executable
    /// `DIR/word` for `DIR` in `searchPath` (`PATH`'s colon-separated list).
    static func resolve(_ word: String, searchPath: String?) -> String? {
        if word.contains("/") { return word }
        for directory in (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(word)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// What a finished run gave.
    struct Outcome {
        /// The exit status, or `nil` when a signal ended the process.
        let status: Int32?
        /// Everything it wrote on standard output (the caller wipes it).
        var output: [UInt8]
    }

    /// Runs `words` (program first) with `environment`, standard input empty and standard error
    /// passed through to ours; collects standard output.
    ///
    /// - Parameters:
    ///   - timeoutSeconds: the process is killed (`SIGKILL`) after this long.
    ///   - maxOutputBytes: the process is killed once its output grows beyond this.
    /// - Throws: ``AWSError/Code/invalidConfiguration`` when the program cannot be found or started,
    ///   ``AWSError/Code/timeout`` after `timeoutSeconds`, ``AWSError/Code/invalidResponse`` for
    ///   output over `maxOutputBytes`. Messages name the program, never the arguments.
    static func run(_ words: [String], environment: [String: String], timeoutSeconds: Double, maxOutputBytes: Int) async throws(AWSError) -> Outcome {
        let program = words.first ?? ""
        guard let path = resolve(program, searchPath: environment["PATH"]) else {
            throw AWSError(.invalidConfiguration, "credential_process: program '\(program)' is not on PATH")
        }
        let running = Running()
        running.process.executableURL = URL(fileURLWithPath: path)
        running.process.arguments = Array(words.dropFirst())
        running.process.environment = environment
        running.process.standardInput = FileHandle.nullDevice
        running.process.standardOutput = running.pipe
        do {
            try running.process.run()
        } catch {
            throw AWSError(.invalidConfiguration, "credential_process: cannot start \(path)")
        }
        let timer = DispatchWorkItem { running.stop(.timedOut) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: timer)
        let output = await withCheckedContinuation { (continuation: CheckedContinuation<[UInt8], Never>) in
            DispatchQueue.global().async { continuation.resume(returning: running.collect(maxOutputBytes: maxOutputBytes)) }
        }
        timer.cancel()
        switch running.killed {
        case .timedOut: throw AWSError(.timeout, "credential_process: \(program) did not finish within \(Int(timeoutSeconds)) s")
        case .outputTooLarge: throw AWSError(.invalidResponse, "credential_process: \(program) wrote more than \(maxOutputBytes) bytes")
        case nil:
            let signalled = running.process.terminationReason == .uncaughtSignal
            return Outcome(status: signalled ? nil : running.process.terminationStatus, output: output)
        }
    }

    /// A started process and its output pipe, shared with the reading and the timer threads.
    private final class Running: @unchecked Sendable {
        enum Kill { case timedOut, outputTooLarge }
        let process = Process()
        let pipe = Pipe()
        private let state = Mutex<Kill?>(nil)
        var killed: Kill? { state.withLock { $0 } }

        /// Records why, then sends `SIGKILL` to the process and, when it leads a process group of
        /// its own (Foundation starts it so on Linux), to the whole group: a child it started
        /// (`sleep` under `sh`) would otherwise keep the output pipe, and the wait, open.
        func stop(_ reason: Kill) {
            state.withLock { if $0 == nil { $0 = reason } }
            guard process.isRunning else { return }
            let pid = process.processIdentifier
            _ = kill(getpgid(pid) == pid && pid != getpgrp() ? -pid : pid, SIGKILL)
        }

        /// Reads standard output to its end, then waits for the exit. Polls, so that a kill ends
        /// the read even when a grandchild still holds the pipe open.
        func collect(maxOutputBytes: Int) -> [UInt8] {
            var output: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let fd = pipe.fileHandleForReading.fileDescriptor
            while killed == nil {
                var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let count = poll(&ready, 1, 100)
                if count == 0 || (count < 0 && errno == EINTR) { continue }
                guard count > 0 else { break }
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR || errno == EAGAIN { continue }
                guard n > 0 else { break }  // end of file, or a read error
                if output.count + n > maxOutputBytes {
                    output.wipe()
                    output = []
                    stop(.outputTooLarge)
                    break
                }
                output += buffer[0..<n]
            }
            buffer.wipe()
            process.waitUntilExit()
            try? pipe.fileHandleForReading.close()
            return output
        }
    }
}
