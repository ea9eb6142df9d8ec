#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
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
        let running: Running
        do {
            running = try Running(path: path, arguments: words, environment: environment)
        } catch {
            throw AWSError(.invalidConfiguration, "credential_process: cannot start \(path)")
        }
        let timer = DispatchWorkItem { running.stop(.timedOut) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds, execute: timer)
        // On a busy machine this task can resume after the deadline: the timer may still fire,
        // but `stop` does nothing to a process already reaped, so it is not reported as timed out.
        let (output, status) = await withCheckedContinuation { (continuation: CheckedContinuation<([UInt8], Int32?), Never>) in
            DispatchQueue.global().async { continuation.resume(returning: running.collect(maxOutputBytes: maxOutputBytes)) }
        }
        timer.cancel()
        switch running.killed {
        case .timedOut: throw AWSError(.timeout, "credential_process: \(program) did not finish within \(Int(timeoutSeconds)) s")
        case .outputTooLarge: throw AWSError(.invalidResponse, "credential_process: \(program) wrote more than \(maxOutputBytes) bytes")
        case nil: return Outcome(status: status, output: output)
        }
    }

    /// A started process (`posix_spawn`, in a process group of its own, standard input
    /// `/dev/null`, standard output a pipe, standard error ours) shared with the reading and the
    /// timer threads.
    final class Running: @unchecked Sendable {
        enum Kill { case timedOut, outputTooLarge }
        struct SpawnFailed: Error {}
        let pid: pid_t
        private let output: Int32
        private let state = Mutex<Kill?>(nil)
        private let exited = Mutex(false)
        var killed: Kill? { state.withLock { $0 } }

        init(path: String, arguments: [String], environment: [String: String]) throws {
            var fds: [Int32] = [-1, -1]
            // A socket pair made close-on-exec atomically (pipe2 is not exported to Swift): a
            // process another thread spawns meanwhile must not inherit the write end, or this read
            // sees no end of file until that process exits (three credential processes started at
            // once timed out at 60 s). The child's standard output is a dup2, which stays open.
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else { throw SpawnFailed() }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
            posix_spawn_file_actions_addclose(&actions, fds[0])
            posix_spawn_file_actions_addclose(&actions, fds[1])
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            // Its own process group, so that a timeout kills what it started too (`sleep` under `sh`).
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attributes, 0)
            let argv = arguments.map { strdup($0) } + [nil]
            let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer { for p in argv + envp { free(p) } }
            var child: pid_t = 0
            let result = posix_spawn(&child, path, &actions, &attributes, argv, envp)
            close(fds[1])
            guard result == 0 else {
                close(fds[0])
                throw SpawnFailed()
            }
            pid = child
            output = fds[0]
        }

        /// Until the process is reaped: records why, then sends `SIGKILL` to its process group.
        /// After, it does nothing: a process that finished was not killed.
        func stop(_ reason: Kill) {
            exited.withLock { done in
                guard !done else { return }
                state.withLock { if $0 == nil { $0 = reason } }
                _ = kill(-pid, SIGKILL)
            }
        }

        /// Reads standard output to its end, then waits for the exit; returns the output and the
        /// exit status (`nil` when a signal ended it). Polls, so that a kill ends the read even
        /// when a grandchild still holds the pipe open.
        func collect(maxOutputBytes: Int) -> ([UInt8], Int32?) {
            var collected: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while killed == nil {
                var ready = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
                let count = poll(&ready, 1, 100)
                if count == 0 || (count < 0 && errno == EINTR) { continue }
                guard count > 0 else { break }
                let n = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR || errno == EAGAIN { continue }
                guard n > 0 else { break }  // end of file, or a read error
                if collected.count + n > maxOutputBytes {
                    collected.wipe()
                    collected = []
                    stop(.outputTooLarge)
                    break
                }
                collected += buffer[0..<n]
            }
            buffer.wipe()
            close(output)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            exited.withLock { $0 = true }
            // WIFEXITED / WEXITSTATUS: the low 7 bits are the signal, 0 for a normal exit.
            return (collected, status & 0x7f == 0 ? (status >> 8) & 0xff : nil)
        }
    }
}
