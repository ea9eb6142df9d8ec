import ArgumentParser
import Foundation

/// `--non_interactive`, and the one way the deposit commands get a value: from its option, or
/// asked for until it is valid.
///
/// Interactive runs never end half-way on a typo (ethstaker-deposit-cli's `captive_prompt_callback`):
/// a prompt says what is wrong with an answer and asks again; end of input (or Ctrl-C) is the only
/// way out. A value given as an option is checked once: a bad one is an error naming it, before
/// anything is generated or written.
struct InteractionOptions: ParsableArguments {
    @Flag(name: [.customLong("non_interactive"), .customLong("non-interactive")],
          help: "Never prompt: every needed option must be given.")
    var nonInteractive = false

    /// The value of `--option`, parsed; when the option is absent, the answer to `prompt`, asked
    /// until `parse` accepts it.
    ///
    /// - Parameters:
    ///   - given: the option's text, if given.
    ///   - hidden: no echo while typing (secrets).
    ///   - confirm: a second prompt whose answer must match the first (asked as a pair again on mismatch).
    ///   - default: the text used for an empty answer, and for an absent option with `--non_interactive`.
    /// - Throws: `parse`'s error for a given option; ``DepositCLIError`` for a missing option with
    ///   `--non_interactive` and no default, or at end of input.
    func value<T>(
        _ given: String?, option: String, prompt: String, hidden: Bool = false, confirm: String? = nil,
        default defaultText: String? = nil, parse: (String) throws -> T
    ) throws -> T {
        if let given { return try parse(given) }
        guard !nonInteractive else {
            guard let defaultText else { throw DepositCLIError("missing option --\(option) (required with --non_interactive)") }
            return try parse(defaultText)
        }
        while true {
            // The first entry is checked before the confirmation is asked for.
            let answer = try Terminal.ask(prompt, hidden: hidden)
            let parsed: T
            do {
                parsed = try parse(answer.isEmpty ? defaultText ?? answer : answer)
            } catch {
                Terminal.say("Error: \(Self.message(error)). Please try again.")
                continue
            }
            if let confirm, try Terminal.ask(confirm, hidden: hidden) != answer {
                Terminal.say("Error: the two entries do not match. Please type them again.")
                continue
            }
            return parsed
        }
    }

    /// A `[y/N]` (or `[Y/n]`) question: only yes, y, no, n (any case) or an empty answer (the default)
    /// are taken; anything else asks again. With `--non_interactive`, the default.
    func confirm(_ prompt: String, default defaultAnswer: Bool) throws -> Bool {
        guard !nonInteractive else { return defaultAnswer }
        let choices = defaultAnswer ? "[Y/n]" : "[y/N]"
        return try value(nil, option: "", prompt: "\(prompt) \(choices)", default: defaultAnswer ? "yes" : "no") { answer in
            switch answer.trimmingCharacters(in: .whitespaces).lowercased() {
            case "y", "yes": return true
            case "n", "no": return false
            default: throw DepositCLIError("\"\(answer)\" is not yes or no")
            }
        }
    }

    /// An error as one line for the user (what ``runReportingErrors`` prints).
    static func message(_ error: any Error) -> String {
        (error as? DepositCLIError)?.description ?? "\(error)"
    }
}
