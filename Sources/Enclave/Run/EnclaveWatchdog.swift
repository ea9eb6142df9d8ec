import Foundation
package import Logging
import Synchronization

/// The enclave sessions the parent holds: how many are live, and how many have begun since the
/// host started. The watchdog reads it to tell a serving enclave from a gone one.
package final class EnclaveSessions: Sendable {
    private let state = Mutex((live: 0, begun: 0))

    package init() {}

    /// Counts a session for as long as `body` runs.
    package func track<R>(_ body: () async throws -> R) async rethrows -> R {
        state.withLock { $0.live += 1; $0.begun += 1 }
        defer { state.withLock { $0.live -= 1 } }
        return try await body()
    }

    package var live: Int { state.withLock { $0.live } }
    package var begun: Int { state.withLock { $0.begun } }
}

/// The reference's watchdog: starts the enclave and starts it again once it is gone.
///
/// The enclave command may run in the foreground for the enclave's life (`etherkeep enclave run`,
/// or `nitro-cli run-enclave --attach-console`), or return at once with the enclave left running
/// (`nitro-cli run-enclave`). So "gone" is judged by the command and the control connection
/// together (``decide(commandRunning:exitStatus:liveSessions:sessionsSinceLaunch:elapsed:startTimeout:)``),
/// and before each restart the stop command (`nitro-cli terminate-enclave --all`) clears what is left.
package struct EnclaveWatchdog: Sendable {
    /// Why the watchdog restarts the enclave, or that it waits.
    package enum Decision: Equatable, Sendable {
        case wait
        case restart(String)
    }

    /// The enclave command and its arguments (run without a shell).
    package let command: [String]
    /// Run before every restart, if given.
    package let stopCommand: [String]?
    /// How long a launch may take to open its control session.
    package let startTimeout: Duration
    package let sessions: EnclaveSessions
    package let logger: Logger

    package init(command: [String], stopCommand: [String]?, startTimeout: Duration, sessions: EnclaveSessions, logger: Logger) {
        self.command = command
        self.stopCommand = stopCommand
        self.startTimeout = startTimeout
        self.sessions = sessions
        self.logger = logger
    }

    /// Whether the enclave launched `elapsed` ago is gone.
    ///
    /// - Parameters:
    ///   - exitStatus: the command's status once it has exited.
    ///   - sessionsSinceLaunch: control sessions begun since the launch (live or ended).
    package static func decide(
        commandRunning: Bool, exitStatus: Int32?, liveSessions: Int, sessionsSinceLaunch: Int, elapsed: Duration, startTimeout: Duration
    ) -> Decision {
        if commandRunning || liveSessions > 0 { return .wait }
        if let exitStatus, exitStatus != 0 { return .restart("the enclave command exited with status \(exitStatus)") }
        if sessionsSinceLaunch > 0 { return .restart("the enclave's control session ended") }
        if elapsed > startTimeout { return .restart("no enclave connected within \(startTimeout)") }
        return .wait
    }

    /// Launches the enclave, and again each time it is gone (after 1 s, doubling up to 30 s while
    /// launches keep failing fast), until cancelled; on cancellation the command gets SIGTERM.
    package func run() async {
        var pause = 1
        while !Task.isCancelled {
            let launched = ContinuousClock.now
            let begunBefore = sessions.begun
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command
            do {
                try process.run()
                logger.info("enclave launched", metadata: ["pid": "\(process.processIdentifier)"])
                var reason = ""
                await withTaskCancellationHandler {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(200))
                        let running = process.isRunning
                        let decision = Self.decide(
                            commandRunning: running, exitStatus: running ? nil : process.terminationStatus, liveSessions: sessions.live,
                            sessionsSinceLaunch: sessions.begun - begunBefore, elapsed: ContinuousClock.now - launched, startTimeout: startTimeout)
                        if case .restart(let why) = decision {
                            reason = why
                            break
                        }
                    }
                } onCancel: {
                    // SIGTERM, then SIGKILL if the command has not gone within 5 s.
                    process.terminate()
                    let pid = process.processIdentifier
                    Task.detached {
                        try? await Task.sleep(for: .seconds(5))
                        if process.isRunning { kill(pid, SIGKILL) }
                    }
                }
                if Task.isCancelled { return }
                logger.warning("the enclave is gone; restarting it", metadata: ["reason": "\(reason)"])
            } catch {
                logger.error("cannot launch the enclave", metadata: ["error": "\(error)"])
            }
            if let stopCommand { await Self.runToEnd(stopCommand, logger: logger) }
            // A quick failure is a failing start: wait longer each time, not once a second forever.
            pause = ContinuousClock.now - launched < .seconds(30) ? min(30, pause * 2) : 1
            try? await Task.sleep(for: .seconds(pause))
        }
    }

    private static func runToEnd(_ command: [String], logger: Logger) async {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        do {
            try process.run()
            while process.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
            logger.info("enclave stop command ran", metadata: ["status": "\(process.terminationStatus)"])
        } catch {
            logger.error("cannot run the enclave stop command", metadata: ["error": "\(error)"])
        }
    }
}
