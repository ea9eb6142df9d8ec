import Enclave
import Foundation
import Logging
import Testing

/// The host's watchdog: when the enclave is gone (by its command and its control session
/// together), and the loop that launches it again.
@Suite struct EnclaveWatchdogTests {
    typealias Decision = EnclaveWatchdog.Decision

    @Test(arguments: [
        // A foreground command (etherkeep enclave run) still running: wait, whatever the sessions.
        (true, nil, 0, 0, 500, Decision.wait),
        (true, nil, 1, 3, 500, .wait),
        // A launcher (nitro-cli run-enclave) returned 0 and its enclave is connected: wait.
        (false, 0, 1, 1, 500, .wait),
        // ... and its session ended: gone.
        (false, 0, 0, 1, 500, .restart("the enclave's control session ended")),
        // ... never connected: wait for the start timeout, then gone.
        (false, 0, 0, 0, 50, .wait),
        (false, 0, 0, 0, 121, .restart("no enclave connected within 120.0 seconds")),
        // The command failed: gone at once.
        (false, 1, 0, 0, 1, .restart("the enclave command exited with status 1")),
        (false, 137, 0, 1, 1, .restart("the enclave command exited with status 137")),
    ] as [(Bool, Int32?, Int, Int, Int, Decision)])
    func whenTheEnclaveIsGone(running: Bool, status: Int32?, live: Int, begun: Int, seconds: Int, expected: Decision) {
        let decision = EnclaveWatchdog.decide(
            commandRunning: running, exitStatus: status, liveSessions: live, sessionsSinceLaunch: begun, elapsed: .seconds(seconds), startTimeout: .seconds(120))
        #expect(decision == expected)
    }

    @Test func sessionsAreCountedWhileTheyRun() async throws {
        let sessions = EnclaveSessions()
        await sessions.track {
            #expect(sessions.live == 1 && sessions.begun == 1)
        }
        await #expect(throws: CancellationError.self) {
            try await sessions.track { throw CancellationError() }
        }
        #expect(sessions.live == 0 && sessions.begun == 2)
    }

    /// A launcher that returns at once: kept while its session lives, launched again (after the
    /// stop command) once the session ends, and again when no session comes within the timeout.
    @Test func aLaunchedEnclaveIsRestartedOnceItsSessionEnds() async throws {
        let directory = ProxyFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let launcher = directory + "/launch", stopper = directory + "/stop"
        try Data("#!/bin/sh\necho launched >> '\(directory)/launches'\n".utf8).write(to: URL(fileURLWithPath: launcher))
        try Data("#!/bin/sh\necho stopped >> '\(directory)/stops'\n".utf8).write(to: URL(fileURLWithPath: stopper))
        for script in [launcher, stopper] { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script) }
        func count(_ name: String) -> Int {
            ((try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)) ?? "").split(separator: "\n").count
        }
        func waitFor(_ name: String, _ expected: Int) async throws {
            for _ in 0..<600 where count(name) < expected { try await Task.sleep(for: .milliseconds(50)) }
        }

        let sessions = EnclaveSessions()
        let watchdog = EnclaveWatchdog(command: [launcher], stopCommand: [stopper], startTimeout: .seconds(5), sessions: sessions, logger: Logger(label: "test"))
        let running = Task { await watchdog.run() }
        defer { running.cancel() }
        try await waitFor("launches", 1)
        #expect(count("launches") == 1)
        // The enclave connects and serves for 3 s: the launcher's exit is no reason to restart.
        try await sessions.track { try await Task.sleep(for: .seconds(3)) }
        #expect(count("launches") == 1 && count("stops") == 0)
        // The session ended: cleared and launched again.
        try await waitFor("launches", 2)
        #expect(count("launches") == 2 && count("stops") == 1)
        // This launch never connects: after the start timeout, cleared and launched a third time.
        try await waitFor("launches", 3)
        #expect(count("launches") == 3 && count("stops") == 2)
        running.cancel()
        await running.value
    }
}
