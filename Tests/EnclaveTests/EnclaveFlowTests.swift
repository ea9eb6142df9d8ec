import AWSTestSupport
import ConsensusTypes
import EnclaveProtocol
import SlashingProtectionPostgres
import Foundation
import Testing
import TestSupport

/// The whole enclave flow on one machine: `etherkeep enclave host` and `etherkeep enclave run` as
/// two processes joined by Unix sockets (vsock's stand-in), a stand-in NSM whose documents the
/// stand-in KMS checks against its root and the key policy's PCR0, TLS ending in the enclave, and
/// a validator client's request through the parent's proxy whose signature verifies.
@Suite(.enabled(if: Moto.shouldRun)) struct EnclaveFlowTests {
    /// The slashing-protection store inside the enclave (SQLite): refused without history, served
    /// with imported history; reload on SIGHUP; a restarted enclave has lost its history and refuses.
    @Test func aValidatorClientSignsThroughTheParentWithKeysOnlyTheEnclaveDecrypts() async throws {
        let flow = try await EnclaveFlowFixture.make()
        defer { flow.close() }
        // A production enclave takes its history from the shared database only: the parent would
        // otherwise decide it (and could hand in a stale one).
        let (strict, strictLog) = try flow.startHost([], enclaveCommand: flow.enclaveArguments().joined(separator: " "))
        let strictRefusal = try await flow.waitForLog(strictLog, containing: "refused without --allow-history-from-parent")
        #expect(strictRefusal.contains("the parent named no shared slashing-protection database"))
        // A reload asked for while no enclave is connected (it just refused) does not end the host.
        kill(strict.processIdentifier, SIGHUP)
        try await Task.sleep(for: .seconds(1))
        #expect(strict.isRunning, "SIGHUP with no enclave connected ended the host")
        try await flow.stop(strict)
        let enclave = flow.enclaveArguments(["--allow-history-from-parent"]).joined(separator: " ")

        // Without history for the store inside the enclave (empty at every boot), the enclave refuses to serve.
        let (refusing, refusingLog) = try flow.startHost([], enclaveCommand: enclave)
        let refusal = try await flow.waitForLog(refusingLog, containing: "no slashing-protection history")
        #expect(refusal.contains("no slashing-protection history"))
        try await flow.stop(refusing)
        #expect(!refusing.isRunning)

        // With the history imported: a block below the imported slot is refused.
        let pubkeys = flow.pubkeys
        let gvr = "0x\(ChainSetting.hoodi.genesisValidatorsRoot ?? .zero)"
        let history = #"{"metadata":{"interchange_format_version":"5","genesis_validators_root":"\#(gvr)"},"data":[{"pubkey":"0x\#(pubkeys[0])","signed_blocks":[{"slot":"100"}],"signed_attestations":[]}]}"#
        try Data(history.utf8).write(to: flow.folder.appendingPathComponent("history.json"))
        let (host, log) = try flow.startHost(
            ["--slashing-protection-import", flow.path + "/history.json", "--credential-refresh-interval", "2"], enclaveCommand: enclave)
        defer {
            if host.isRunning { kill(host.processIdentifier, SIGTERM) }
        }

        // A validator client: TLS to the parent's port, verified against the enclave's certificate.
        let up = try await flow.waitUntilUp()
        let hostLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(up, "the enclave signer never answered through the parent: \(hostLog.split(separator: "\n").suffix(40).joined(separator: "\n"))")
        #expect(try flow.servedKeys() == Set(pubkeys.map { "0x" + $0 }))

        let randao = try flow.randaoRequest(epoch: 7)
        let signed = try flow.sign(randao, pubkey: pubkeys[0])
        #expect(signed.status == "200")
        #expect(try flow.verifies(signed.body, pubkey: pubkeys[0], request: randao), "signature \(signed.body)")
        let refused = try flow.sign(try flow.blockRequest(slot: 50), pubkey: pubkeys[0])
        #expect(refused.status == "412", "a block below the imported history was answered \(refused)")
        // A client that does not trust the enclave's certificate is refused by its own TLS.
        #expect(try EnclaveFlowFixture.run(["curl", "-s", "--max-time", "5", flow.base + "/upcheck"]).status != 0)

        // Fresh credentials reach the enclave while it serves (every 2 s here, 15 minutes by default);
        // the reload below decrypts through KMS with them.
        let refreshed = try await flow.waitForLog(log, containing: "fresh credentials from the parent")
        #expect(refreshed.contains("fresh credentials from the parent"))

        // A key added to the table reaches the running enclave on SIGHUP, without a restart.
        let added = try await flow.addKeys(1)
        kill(host.processIdentifier, SIGHUP)
        var reloaded: Set<String> = []
        for _ in 0..<60 where reloaded.count != 3 {
            try await Task.sleep(for: .milliseconds(500))
            reloaded = (try? flow.servedKeys()) ?? []
        }
        #expect(reloaded == Set((pubkeys + added).map { "0x" + $0 }))

        // The enclave dies (a crash, or a restart to rotate the certificate): its history inside
        // is gone, so the restarted enclave must refuse to sign rather than sign again.
        let children = try EnclaveFlowFixture.run(["pgrep", "-P", String(host.processIdentifier)]).output.split(separator: "\n")
        #expect(children.count == 1, "the host's children: \(children)")
        for child in children { kill(Int32(child) ?? 0, SIGKILL) }
        let restartLog = try await flow.waitForLog(log, containing: "no slashing-protection history")
        #expect(restartLog.contains("the enclave restarted") && restartLog.contains("no slashing-protection history"))
        #expect(try flow.sign(randao, pubkey: pubkeys[0]).status != "200", "a restarted enclave signed with no history")

        try await flow.stop(host)
        #expect(!host.isRunning)
        // A host started again with the same file is refused: that history is stale now.
        let (again, againLog) = try flow.startHost(["--slashing-protection-import", flow.path + "/history.json"], enclaveCommand: enclave)
        for _ in 0..<100 where again.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        let againText = (try? String(contentsOf: againLog, encoding: .utf8)) ?? ""
        #expect(!again.isRunning && again.terminationStatus != 0 && againText.contains("was already given to an enclave"), "\(againText)")
    }

    /// The shared PostgreSQL store through the parent's proxy, and an enclave command that returns
    /// at once as `nitro-cli run-enclave` does: the enclave killed, the watchdog clears it (the stop
    /// command) and launches it again, and the new enclave still refuses what the first one signed.
    @Test func postgreSQLHistoryOutlivesTheEnclaveAndALaunchedEnclaveIsRestarted() async throws {
        let database = try EnclavePostgres.newDatabaseURL()
        let flow = try await EnclaveFlowFixture.make(keys: 1)
        defer { flow.close() }
        let pubkey = flow.pubkeys[0]
        let databasePort = try ServerSocketPort.free()
        let enclave = flow.enclaveArguments(["--database-via", "unix://\(flow.path)/db.sock", "--database-local-port", String(databasePort)])
        let launcher = flow.folder.appendingPathComponent("launch-enclave").path
        let terminator = flow.folder.appendingPathComponent("terminate-enclave").path
        try Data("""
            #!/bin/sh
            # Starts the enclave and returns at once, as nitro-cli run-enclave does.
            \(enclave.map { "'\($0)'" }.joined(separator: " ")) >> '\(flow.path)/enclave.log' 2>&1 &
            echo $! >> '\(flow.path)/enclave.pids'
            """.utf8).write(to: URL(fileURLWithPath: launcher))
        try Data("""
            #!/bin/sh
            # As nitro-cli terminate-enclave --all: whatever is left of the last enclave goes.
            kill -9 "$(tail -n 1 '\(flow.path)/enclave.pids')" 2>/dev/null
            echo terminated >> '\(flow.path)/terminations'
            """.utf8).write(to: URL(fileURLWithPath: terminator))
        for script in [launcher, terminator] { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script) }

        // The database password reaches the enclave KMS-encrypted: the host never holds it (nor
        // does the enclave get it any other way: without it the server refuses the login).
        let identity = try PostgresConfiguration(url: database, password: nil).identity
        let password = try await flow.encrypt(
            try EnclavePostgres.password(), context: SlashingProtectionDatabase.passwordContext(database: identity), to: "db-password.kms")
        // A password bound to another database does not open for this one: the parent cannot
        // repoint the enclave with a password it holds for somewhere else.
        let elsewhere = try await flow.encrypt(
            try EnclavePostgres.password(), context: SlashingProtectionDatabase.passwordContext(database: identity + "-other"), to: "db-password-other.kms")
        let databaseOptions = ["--slashing-protection-db-url", database, "--database-listen", "unix://\(flow.path)/db.sock"]
        let (misbound, misboundLog) = try flow.startHost(
            databaseOptions + ["--slashing-protection-db-password-ciphertext-file", elsewhere], enclaveCommand: enclave.joined(separator: " "))
        let misboundText = try await flow.waitForLog(misboundLog, containing: "did not open")
        #expect(misboundText.contains("the slashing-protection database password (bound to \(identity)) did not open"), "\(misboundText)")
        try await flow.stop(misbound)

        let (host, log) = try flow.startHost(
            [
                "--slashing-protection-db-url", database, "--slashing-protection-db-password-ciphertext-file", password,
                "--database-listen", "unix://\(flow.path)/db.sock", "--enclave-stop-command", terminator,
            ],
            enclaveCommand: launcher, environment: ["PGPASSWORD": ""])
        defer {
            if host.isRunning { kill(host.processIdentifier, SIGTERM) }
            if let pids = try? String(contentsOfFile: flow.path + "/enclave.pids", encoding: .utf8) {
                for pid in pids.split(separator: "\n") { kill(Int32(pid) ?? 0, SIGKILL) }
            }
        }
        #expect(try await flow.waitUntilUp(), "the enclave never served: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        let first = try flow.blockRequest(slot: 10, body: 1)
        let signed = try flow.sign(first, pubkey: pubkey)
        #expect(signed.status == "200")
        #expect(try flow.verifies(signed.body, pubkey: pubkey, request: first), "signature \(signed.body)")
        #expect(try flow.sign(try flow.blockRequest(slot: 10, body: 2), pubkey: pubkey).status == "412")
        // The record is in the parent's database, not inside the enclave.
        let recorded = try EnclavePostgres.query(database, "SELECT count(*) FROM signed_blocks")
        #expect(recorded == "1", "signed_blocks holds \(recorded) rows")

        // The enclave dies; the launcher has long returned, so only its control session tells.
        let pids = try String(contentsOfFile: flow.path + "/enclave.pids", encoding: .utf8).split(separator: "\n")
        #expect(pids.count == 1)
        kill(Int32(pids[0]) ?? 0, SIGKILL)
        let restarted = try await flow.waitForLog(log, containing: "enclave launched", count: 2)
        #expect(restarted.contains("the enclave's control session ended"))
        #expect((try? String(contentsOfFile: flow.path + "/terminations", encoding: .utf8))?.contains("terminated") == true)
        #expect(try await flow.waitUntilUp(), "the restarted enclave never served: \(restarted)")
        // Its history came from the database: the conflicting block is still refused, a later one signs.
        #expect(try flow.sign(try flow.blockRequest(slot: 10, body: 3), pubkey: pubkey).status == "412")
        #expect(try flow.sign(try flow.blockRequest(slot: 11, body: 1), pubkey: pubkey).status == "200")

        try await flow.stop(host)
        #expect(!host.isRunning)
    }
}

/// The test cluster `scripts/test` starts (`ETHERKEEP_POSTGRES_URL`, `PGPASSWORD`).
enum EnclavePostgres {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "ETHERKEEP_POSTGRES_URL is not set: run the tests through scripts/test, which starts PostgreSQL" }
    }

    /// The cluster's password (`PGPASSWORD`).
    static func password() throws -> String {
        guard let password = ProcessInfo.processInfo.environment["PGPASSWORD"], !password.isEmpty else { throw Missing() }
        return password
    }

    /// A fresh database on the cluster; its URL (no password).
    static func newDatabaseURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["ETHERKEEP_POSTGRES_URL"], let slash = url.range(of: "/postgres?") else { throw Missing() }
        let name = "enclave_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        _ = try query(url, "CREATE DATABASE \(name)")
        return url.replacingCharacters(in: slash, with: "/\(name)?")
    }

    /// One statement through psql; its unaligned output.
    static func query(_ url: String, _ statement: String) throws -> String {
        let plain = url.replacingOccurrences(of: "?sslmode=disable", with: "")
        let result = try EnclaveFlowFixture.run(["psql", plain, "-XAtqc", statement])
        guard result.status == 0 else { throw Missing() }
        return result.output
    }
}
