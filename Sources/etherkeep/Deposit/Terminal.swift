#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Terminal I/O for the deposit commands: prompts (hidden for secrets), and a progress bar that
/// is drawn only when stderr is a terminal.
enum Terminal {
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Writes to stderr (prompts and messages never go to stdout, which carries results).
    static func say(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Asks for a line. `hidden` turns echo off when stdin is a terminal.
    ///
    /// - Throws: ``DepositCLIError`` at end of input (the one way out of a prompt besides Ctrl-C).
    static func ask(_ prompt: String, hidden: Bool = false) throws -> String {
        // Echo goes off before the prompt is shown: an answer typed after the prompt appears is
        // never echoed, and never discarded by TCSAFLUSH.
        var saved = termios()
        let canHide = hidden && stdinIsTerminal && tcgetattr(STDIN_FILENO, &saved) == 0
        if canHide {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        FileHandle.standardError.write(Data((prompt + ": ").utf8))
        defer {
            if canHide {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                FileHandle.standardError.write(Data("\n".utf8))
            }
        }
        guard let line = readLine(strippingNewline: true) else {
            throw DepositCLIError("no input for \"\(prompt)\" (end of input)")
        }
        return line
    }

    /// Clears the screen (after the mnemonic was shown), when stderr is a terminal.
    static func clear() {
        if stderrIsTerminal { FileHandle.standardError.write(Data("\u{1b}[2J\u{1b}[H".utf8)) }
    }
}

/// A `[####    ]  3/16` progress bar on stderr; silent when stderr is not a terminal.
final class ProgressBar: @unchecked Sendable {  // `update` is serialised by its callers
    private let label: String
    private let total: Int
    private let enabled = Terminal.stderrIsTerminal

    init(label: String, total: Int) {
        self.label = label
        self.total = total
        update(0)
    }

    func update(_ done: Int) {
        guard enabled else { return }
        let width = 30
        let filled = total <= 0 ? width : min(max(done, 0), total) * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
        if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// A deposit-command failure with a message for the user (exit code 1).
struct DepositCLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
