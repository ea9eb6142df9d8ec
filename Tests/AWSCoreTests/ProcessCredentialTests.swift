import Foundation
import Testing

@testable import AWSCore

/// `credential_process` with real shell scripts: the command line split as the CLI splits it, the
/// JSON read, the failures named without the output, and the command run again before expiry.
@Suite struct ProcessCredentialTests {
    static let secret = "process-secret-wJalrXUtnFEMI/K7MDENG"

    /// A temporary directory holding executable scripts.
    struct Scripts {
        let dir: URL
        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("credproc-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        }
        /// Writes `name` with `body` after a `#!/bin/sh` line and makes it executable.
        func script(_ name: String, _ body: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            return url.path
        }
        func remove() { try? FileManager.default.removeItem(at: dir) }
    }

    static func json(expiration: String? = nil, version: String = "1") -> String {
        var fields = [#""Version": \#(version)"#, #""AccessKeyId": "ASIAPROC""#, #""SecretAccessKey": "\#(secret)""#, #""SessionToken": "proc-token""#]
        if let expiration { fields.append(#""Expiration": "\#(expiration)""#) }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    func provider(_ command: String, timeout: Double = 60) -> ProcessCredentialProvider {
        ProcessCredentialProvider(
            command: command, profile: "p", environment: AWSEnvironment(variables: ProcessInfo.processInfo.environment), timeoutSeconds: timeout)
    }

    /// The error `provider` fails with; its text must not contain the secret.
    func failure(_ provider: ProcessCredentialProvider) async -> AWSError? {
        do {
            _ = try await provider.load()
            Issue.record("\(provider.command) was accepted")
            return nil
        } catch {
            #expect(!"\(error)".contains(Self.secret))
            return error
        }
    }

    @Test func splitsAsTheCLIDoes() throws {
        #expect(try ProcessCommand.split("/opt/bin/awscreds-custom --username helen") == ["/opt/bin/awscreds-custom", "--username", "helen"])
        #expect(try ProcessCommand.split(#""/Users/Dave/path to/credentials.sh" plain "parameter with spaces""#)
            == ["/Users/Dave/path to/credentials.sh", "plain", "parameter with spaces"])
        #expect(try ProcessCommand.split(#"a 'single $HOME \n' "dq \" \\ \$x" b\ c "" x"#)
            == ["a", #"single $HOME \n"#, #"dq " \ \$x"#, "b c", "", "x"])
        #expect(try ProcessCommand.split("  tool\t--flag  ") == ["tool", "--flag"])
        for bad in [#"tool "open"#, "tool 'open", #"tool \"#, "   "] {
            #expect(throws: AWSError(.invalidConfiguration, "")) { try ProcessCommand.split(bad) }
        }
    }

    @Test func readsTheProgramsJSON() async throws {
        let scripts = try Scripts()
        defer { scripts.remove() }
        let path = try scripts.script("creds dir.sh", #"[ "$1" = "--role" ] && [ "$2" = "two words" ] || exit 3"# + "\necho '\(Self.json(expiration: "2030-01-01T00:00:00Z"))'")
        let c = try #require(try await provider(#""\#(path)" --role "two words""#).load())
        #expect(c.accessKeyID == "ASIAPROC")
        #expect(c.sessionToken == "proc-token")
        #expect(c.expiration == AWSDate.parseISO8601("2030-01-01T00:00:00Z"))
        #expect(c.withSecretAccessKey { String(decoding: $0, as: UTF8.self) } == Self.secret)
        // Found on PATH, no Expiration: long-term.
        let onPath = try scripts.script("static-creds", "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROC\", \"SecretAccessKey\": \"s\"}'")
        var variables = ProcessInfo.processInfo.environment
        variables["PATH"] = scripts.dir.path + ":" + (variables["PATH"] ?? "/usr/bin:/bin")
        let fromPath = ProcessCredentialProvider(command: "static-creds", profile: "p", environment: AWSEnvironment(variables: variables))
        let long = try #require(try await fromPath.load())
        #expect(long.expiration == nil && long.sessionToken == nil)
        _ = onPath
    }

    @Test func failuresAreNamedWithoutTheOutput() async throws {
        let scripts = try Scripts()
        defer { scripts.remove() }
        let exits = try scripts.script("exits.sh", "echo '\(Self.json())'\necho 'tool: not logged in' >&2\nexit 7")
        let exit = await failure(provider(exits))
        #expect(exit?.reason == "credential_process of profile 'p': \(exits) exited with status 7")
        let garbage = try scripts.script("garbage.sh", "echo 'AccessKeyId=ASIA SecretAccessKey=\(Self.secret)'")
        #expect(await failure(provider(garbage))?.reason.contains("not the credentials JSON") == true)
        let v2 = try scripts.script("v2.sh", "echo '\(Self.json(version: "2"))'")
        #expect(await failure(provider(v2))?.reason.contains("Version 2; only Version 1") == true)
        let noVersion = try scripts.script("nov.sh", #"echo '{"AccessKeyId": "A", "SecretAccessKey": "\#(Self.secret)"}'"#)
        #expect(await failure(provider(noVersion))?.reason.contains("Version (none)") == true)
        let noSecret = try scripts.script("nosecret.sh", #"echo '{"Version": 1, "AccessKeyId": "A"}'"#)
        #expect(await failure(provider(noSecret))?.reason.contains("no SecretAccessKey") == true)
        // A secret with a line break in it (JSON \r\n) is refused at once, never sent as a header.
        let crlf = try scripts.script("crlf.sh", #"printf '%s\n' '{"Version": 1, "AccessKeyId": "AKIA", "SecretAccessKey": "ab\r\ncd"}'"#)
        let broken = await failure(provider(crlf))
        #expect(broken?.code == .invalidConfiguration && broken?.reason.contains("visible ASCII") == true, "\(String(describing: broken))")
        let badDate = try scripts.script("date.sh", "echo '\(Self.json(expiration: "tomorrow"))'")
        #expect(await failure(provider(badDate))?.reason.contains("not RFC 3339") == true)
        // `sleep` is a child of the script's shell and holds the output pipe: killing the shell
        // alone would leave the read (and the test) waiting 30 s.
        let slow = try scripts.script("slow.sh", "sleep 30\necho '\(Self.json())'")
        let started = Date()
        #expect(await failure(provider(slow, timeout: 0.5))?.code == .timeout)
        #expect(Date().timeIntervalSince(started) < 5, "the timeout ends the whole process group")
        let missing = await failure(provider(scripts.dir.appendingPathComponent("absent.sh").path + " --secret-arg"))
        #expect(missing?.code == .invalidConfiguration)
        #expect(missing?.reason.contains("--secret-arg") == false)
        #expect(await failure(provider("no-such-credential-tool-\(UUID().uuidString)"))?.reason.contains("is not on PATH") == true)
    }

    @Test func runsAgainBeforeExpiry() async throws {
        let scripts = try Scripts()
        defer { scripts.remove() }
        let counter = scripts.dir.appendingPathComponent("runs").path
        let path = try scripts.script("count.sh", "echo x >> '\(counter)'\necho '\(Self.json(expiration: "2030-01-01T00:00:00Z"))'")
        let expiry = try #require(AWSDate.parseISO8601("2030-01-01T00:00:00Z"))
        let clock = ManualClock(now: Double(expiry - 3600))
        let refreshing = RefreshingCredentialProvider(base: provider(path), clock: clock)
        func runs() -> Int { ((try? String(contentsOfFile: counter, encoding: .utf8)) ?? "").split(separator: "\n").count }
        _ = try await refreshing.load()
        _ = try await refreshing.load()
        #expect(runs() == 1)
        clock.advance(3600 - 200)
        _ = try await refreshing.load()
        #expect(runs() == 2, "run again inside the five-minute margin")
    }

    @Test func chosenByTheProfile() async throws {
        let scripts = try Scripts()
        defer { scripts.remove() }
        let path = try scripts.script("creds.sh", "echo '\(Self.json())'")
        let files = try ConfigurationTests.Files(config: "[profile tool]\ncredential_process = \(path)\n")
        defer { files.remove() }
        let environment = AWSEnvironment(
            variables: files.env.merging(["AWS_PROFILE": "tool", "HOME": "/nonexistent-home", "AWS_EC2_METADATA_DISABLED": "true"]) { $1 })
        let chain = AWSCredentialChain.standard(
            configuration: try AWSConfiguration(environment: environment), transport: FakeTransport { _ throws(AWSError) in throw AWSError(.transport, "offline") },
            clock: ManualClock(now: 0))
        #expect(try await chain.require().accessKeyID == "ASIAPROC")
    }
}

/// A deadline that passes after the process was reaped does not turn its result into a timeout
/// (on a loaded machine the waiting task resumed after the timer fired: three credential
/// processes were reported as timed out in CI although they had finished).
@Suite struct ProcessDeadlineTests {
    @Test func aStopAfterTheProcessWasReapedIsNotATimeout() throws {
        let running = try ProcessCommand.Running(path: "/bin/echo", arguments: ["echo", "{}"], environment: [:])
        let (output, status) = running.collect(maxOutputBytes: 1024)
        running.stop(.timedOut)
        #expect(running.killed == nil)
        #expect(status == 0 && output == Array("{}\n".utf8))
    }

    @Test func aStopBeforeTheEndKillsAndSaysWhy() throws {
        let running = try ProcessCommand.Running(path: "/bin/sleep", arguments: ["sleep", "30"], environment: [:])
        running.stop(.timedOut)
        let (_, status) = running.collect(maxOutputBytes: 1024)
        #expect(running.killed == .timedOut && status == nil)
    }
}
