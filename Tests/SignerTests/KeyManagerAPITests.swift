import Foundation
import NIOHTTP1
import Secrets
import Signer
import SQLite
import SlashingProtection
import SlashingProtectionSQLite
import TestSupport
import Testing
import Vault

/// The keymanager API (`vectors/api-specs/keymanager-APIs/apis/local_keystores.yaml`) over HTTP,
/// on a signer whose keys live in an embedded vault: every endpoint and status, the bearer
/// token, and the slashing-protection interchange going in and out.
@Suite(.serialized) struct KeyManagerAPITests {
    static let token = String(repeating: "5a", count: 32)
    static var auth: [(String, String)] { [("Authorization", "Bearer \(token)")] }

    /// A signer on an empty embedded vault in `directory`, with the keymanager API on.
    final class ManagedSigner: @unchecked Sendable {
        let directory: String
        let signer: RunningSigner
        let manager: KeyManager
        var url: String { signer.baseURL + "/eth/v1/keystores" }

        /// - Parameter keystores: a keystore folder (passwords beside) read as well, read-only.
        init(directory: String? = nil, keystores: String? = nil) async throws {
            let directory = directory
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("etherkeep-km-\(UUID().uuidString)").path
            self.directory = directory
            let vault = try DataDirectory(explicit: directory).openVault(creating: true)
            let sources = KeySources(
                vault: .init(vault: vault, signer: KeyRow.unassigned, cachePath: nil, name: "embedded"),
                keystores: keystores.map { ($0, .directory($0)) })
            let loaded = await sources.load(logger: RunningSigner.quietLogger)
            let store = try SQLiteSlashingProtectionStore(path: directory + "/slashing-protection.sqlite", genesisValidatorsRoot: TestVault.genesisValidatorsRoot)
            manager = KeyManager(
                ring: KeyRing(entries: loaded.entries), sources: sources, store: store, failures: loaded.failures.count, chain: "hoodi",
                logger: RunningSigner.quietLogger, metrics: nil)
            signer = try await RunningSigner.start(manager: manager) { $0.keyManagerToken = SecretBytes(copying: Array(KeyManagerAPITests.token.utf8)) }
        }

        func stop() async { await signer.stop() }
        func remove() { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// The keystores (JSON) and passwords of a vault made by keygen, as a user would import them.
    static func keystores(of source: TestVault) async throws -> [(json: String, password: String, pubkey: String)] {
        let vault = try source.vault()
        var out: [(json: String, password: String, pubkey: String)] = []
        for row in try await vault.rows() {
            let record = try await vault.record(of: row)
            out.append(try record.withKeystore { keystore, password in
                (String(decoding: keystore, as: UTF8.self), String(decoding: password, as: UTF8.self), "0x" + row.pubkey)
            })
        }
        return out.sorted { $0.pubkey < $1.pubkey }
    }

    static func object(_ result: HTTPResult) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(result.body.utf8)) as? [String: Any] else {
            throw SignerTestFailure("not a JSON object: \(result.body)")
        }
        return object
    }

    static func statuses(_ result: HTTPResult) throws -> [String] {
        let data = try object(result)["data"] as? [[String: Any]] ?? []
        return data.map { $0["status"] as? String ?? "?" }
    }

    static func importBody(_ keys: [(json: String, password: String)], slashingProtection: String? = nil) -> [UInt8] {
        var body: [String: Any] = ["keystores": keys.map(\.json), "passwords": keys.map(\.password)]
        if let slashingProtection { body["slashing_protection"] = slashingProtection }
        return jsonBytes(body)
    }

    /// An EIP-3076 interchange (version 5) for the test chain.
    static func interchange(root: String = TestVault.gvrHex, _ data: [[String: Any]] = []) -> String {
        String(decoding: jsonBytes(["metadata": ["interchange_format_version": "5", "genesis_validators_root": root], "data": data]), as: UTF8.self)
    }

    @Test func everyRouteNeedsTheBearerToken() async throws {
        let managed = try await ManagedSigner()
        defer { managed.remove() }
        // No token found: 401; a token that is not valid: 403 (keymanager-oapi.yaml).
        let wrong = [("Authorization", "Bearer " + String(repeating: "00", count: 32))]
        for (headers, status) in [([], 401), ([("Authorization", Self.token)], 401), (wrong, 403)] {
            let list = try await HTTP.get(managed.url, headers: headers)
            #expect(list.status == status)
            #expect(try Self.object(list)["message"] is String)
            let post = try await HTTP.send(.POST, managed.url, body: Self.importBody([]), headers: headers)
            #expect(post.status == status)
            let delete = try await HTTP.send(.DELETE, managed.url, body: jsonBytes(["pubkeys": [String]()]), headers: headers)
            #expect(delete.status == status)
        }
        let list = try await HTTP.get(managed.url, headers: Self.auth)
        #expect(list.status == 200)
        #expect((try Self.object(list)["data"] as? [Any])?.isEmpty == true)
        await managed.stop()

        // Without a token configured, the routes do not exist.
        let vault = try await TestVault(keys: 1)
        defer { vault.remove() }
        let plain = try await RunningSigner.start(keys: try await vault.loadKeys(), store: try vault.store())
        #expect(try await HTTP.get(plain.baseURL + "/eth/v1/keystores", headers: Self.auth).status == 404)
        await plain.stop()
    }

    @Test func importListSignDeleteAndImportAgainNeverRepeats() async throws {
        let source = try await TestVault(keys: 3)
        defer { source.remove() }
        let keys = try await Self.keystores(of: source)
        let managed = try await ManagedSigner()
        defer { managed.remove() }
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)

        // The second keystore's password is wrong: it is `error` and nothing of it is kept.
        let first = try await HTTP.send(.POST, managed.url, body: Self.importBody([
            (keys[0].json, keys[0].password), (keys[1].json, keys[1].password + "x"), (keys[2].json, keys[2].password),
        ]), headers: Self.auth)
        #expect(first.status == 200)
        #expect(try Self.statuses(first) == ["imported", "error", "imported"])
        let messages = (try Self.object(first)["data"] as? [[String: Any]] ?? []).map { $0["message"] as? String }
        #expect(messages[1]?.contains("password") == true, "\(messages)")
        let rows = try await DataDirectory(explicit: managed.directory).openVault().rows()
        #expect(Set(rows.map { "0x" + $0.pubkey }) == [keys[0].pubkey, keys[2].pubkey])

        // Listed with their derivation paths, deletable.
        let list = try Self.object(try await HTTP.get(managed.url, headers: Self.auth))["data"] as? [[String: Any]] ?? []
        #expect(list.map { $0["validating_pubkey"] as? String } == [keys[0].pubkey, keys[2].pubkey])
        #expect(list.allSatisfy { ($0["derivation_path"] as? String)?.hasPrefix("m/12381/3600/") == true && $0["readonly"] as? Bool == false })

        // The same keystores again: duplicate.
        let again = try await HTTP.send(.POST, managed.url, body: Self.importBody([(keys[0].json, keys[0].password)]), headers: Self.auth)
        #expect(try Self.statuses(again) == ["duplicate"])

        // An imported key signs, with slashing protection.
        let block = factory.request("BLOCK_V2", fork: "ELECTRA", slot: 100)
        #expect(try await HTTP.sign(managed.signer.baseURL, pubkey: keys[0].pubkey, body: block).status == 200)

        // Delete: deleted, not_found (never imported), not_found (unknown); the history comes out.
        let unknown = "0x" + String(repeating: "a", count: 96)
        let deleted = try await HTTP.send(
            .DELETE, managed.url, body: jsonBytes(["pubkeys": [keys[0].pubkey, keys[1].pubkey, unknown]]), headers: Self.auth)
        #expect(deleted.status == 200)
        #expect(try Self.statuses(deleted) == ["deleted", "not_found", "not_found"])
        let exported = try Self.exportedBlocks(deleted)
        #expect(exported == [keys[0].pubkey: ["100"]])
        #expect(try await HTTP.sign(managed.signer.baseURL, pubkey: keys[0].pubkey, body: block).status == 404)
        let listed = try Self.object(try await HTTP.get(managed.url, headers: Self.auth))["data"] as? [[String: Any]] ?? []
        #expect(listed.map { $0["validating_pubkey"] as? String } == [keys[2].pubkey])

        // Deleted again: not_active, and the same history.
        let twice = try await HTTP.send(.DELETE, managed.url, body: jsonBytes(["pubkeys": [keys[0].pubkey]]), headers: Self.auth)
        #expect(try Self.statuses(twice) == ["not_active"])
        #expect(try Self.exportedBlocks(twice) == [keys[0].pubkey: ["100"]])

        // Imported again with an empty interchange: the store still refuses slot 100.
        let back = try await HTTP.send(
            .POST, managed.url, body: Self.importBody([(keys[0].json, keys[0].password)], slashingProtection: Self.interchange()),
            headers: Self.auth)
        #expect(try Self.statuses(back) == ["imported"])
        let conflicting = factory.request("BLOCK_V2", fork: "ELECTRA", slot: 100)
        #expect(try await HTTP.sign(managed.signer.baseURL, pubkey: keys[0].pubkey, body: conflicting).status == 412)
        #expect(try await HTTP.sign(managed.signer.baseURL, pubkey: keys[0].pubkey, body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 101)).status == 200)
        await managed.stop()

        // The imported keys are in the vault: a new signer on the same data directory loads them.
        let restarted = try await ManagedSigner(directory: managed.directory)
        #expect(Set(restarted.manager.ring.pubkeys.map { "0x\($0)" }) == [keys[0].pubkey, keys[2].pubkey])
        await restarted.stop()
    }

    @Test func slashingProtectionIsMergedAllOrNothing() async throws {
        let source = try await TestVault(keys: 2)
        defer { source.remove() }
        let keys = try await Self.keystores(of: source)
        let managed = try await ManagedSigner()
        defer { managed.remove() }
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
        let history: [[String: Any]] = [[
            "pubkey": keys[0].pubkey, "signed_blocks": [["slot": "500"]],
            "signed_attestations": [["source_epoch": "10", "target_epoch": "20"]],
        ]]

        // Another chain's interchange: every keystore is `error`, nothing imported.
        let otherChain = "0x" + String(repeating: "11", count: 32)
        let refused = try await HTTP.send(
            .POST, managed.url, body: Self.importBody(keys.map { ($0.json, $0.password) }, slashingProtection: Self.interchange(root: otherChain, history)),
            headers: Self.auth)
        #expect(try Self.statuses(refused) == ["error", "error"])
        #expect(managed.manager.ring.count == 0)
        #expect(try await DataDirectory(explicit: managed.directory).openVault().rows().isEmpty)
        // Not JSON: the same.
        let garbage = try await HTTP.send(
            .POST, managed.url, body: Self.importBody([(keys[0].json, keys[0].password)], slashingProtection: "{"), headers: Self.auth)
        #expect(try Self.statuses(garbage) == ["error"])
        #expect(managed.manager.ring.count == 0)

        // Another validator's history in the interchange is left out: here every keystore fails
        // (wrong passwords), and the named validator's bounds must not move.
        let bystander = "0x" + String(repeating: "b7", count: 48)
        let foreign: [[String: Any]] = [["pubkey": bystander, "signed_blocks": [["slot": "900000"]], "signed_attestations": [[String: Any]]()]]
        let sneaky = try await HTTP.send(
            .POST, managed.url, body: Self.importBody([(keys[0].json, "wrong password")], slashingProtection: Self.interchange(foreign)),
            headers: Self.auth)
        #expect(try Self.statuses(sneaky) == ["error"])
        let known = try await managed.manager.store.status(pubkeys: nil)
        #expect(!known.contains { "0x\($0.pubkey)" == bystander })

        // This chain's: imported, and its history binds the key.
        let accepted = try await HTTP.send(
            .POST, managed.url, body: Self.importBody(keys.map { ($0.json, $0.password) }, slashingProtection: Self.interchange(history)),
            headers: Self.auth)
        #expect(try Self.statuses(accepted) == ["imported", "imported"])
        let base = managed.signer.baseURL
        #expect(try await HTTP.sign(base, pubkey: keys[0].pubkey, body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 400)).status == 412)
        #expect(try await HTTP.sign(base, pubkey: keys[0].pubkey, body: factory.request("ATTESTATION", source: 10, target: 15)).status == 412)
        #expect(try await HTTP.sign(base, pubkey: keys[0].pubkey, body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 501)).status == 200)
        #expect(try await HTTP.sign(base, pubkey: keys[1].pubkey, body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 400)).status == 200)
        await managed.stop()
    }

    /// Keys from files are listed read-only; deleting one is `error` (remove the file and reload)
    /// and it keeps signing; importing its keystore is `duplicate`.
    @Test func keysFromFilesAreReadOnly() async throws {
        let source = try await TestVault(keys: 1)
        defer { source.remove() }
        let folder = source.directory + "/keystores"
        _ = try await ReloadTests.writeKeystores(of: source, to: folder)
        let managed = try await ManagedSigner(keystores: folder)
        defer { managed.remove() }
        let pubkey = source.pubkeys[0]
        let list = try Self.object(try await HTTP.get(managed.url, headers: Self.auth))["data"] as? [[String: Any]] ?? []
        #expect(list.count == 1 && list.first?["validating_pubkey"] as? String == pubkey && list.first?["readonly"] as? Bool == true)
        let deleted = try await HTTP.send(.DELETE, managed.url, body: jsonBytes(["pubkeys": [pubkey]]), headers: Self.auth)
        #expect(try Self.statuses(deleted) == ["error"])
        let message = (try Self.object(deleted)["data"] as? [[String: Any]])?.first?["message"] as? String ?? ""
        #expect(message.contains(folder) && message.contains("reload"), "\(message)")
        // Slashing protection is exported only for deleted and not_active keys.
        #expect(try Self.exportedBlocks(deleted).isEmpty)
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
        #expect(try await HTTP.sign(managed.signer.baseURL, pubkey: pubkey, body: factory.request("RANDAO_REVEAL", slot: 32)).status == 200)
        let keys = try await Self.keystores(of: source)
        let again = try await HTTP.send(.POST, managed.url, body: Self.importBody([(keys[0].json, keys[0].password)]), headers: Self.auth)
        #expect(try Self.statuses(again) == ["duplicate"])
        await managed.stop()
    }

    /// A vault that does not answer (another process holds its write lock while an import waits on
    /// it) makes `/healthcheck` say so within seconds, instead of waiting with it.
    @Test func aLockedVaultIsDownInTheHealthcheckAtOnce() async throws {
        let source = try await TestVault(keys: 1)
        defer { source.remove() }
        let keys = try await Self.keystores(of: source)
        let managed = try await ManagedSigner()
        defer { managed.remove() }
        let holder = try SQLiteConnection(path: managed.directory + "/vault.sqlite", busyTimeoutMilliseconds: 1000)
        try holder.execute("BEGIN EXCLUSIVE")
        let url = managed.url
        let importing = Task { try await HTTP.send(.POST, url, body: Self.importBody([(keys[0].json, keys[0].password)]), headers: Self.auth) }
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        let health = try await HTTP.get(managed.signer.baseURL + "/healthcheck")
        let waited = ContinuousClock.now - started
        // The lock is held until after the answer, and a vault query waits up to its 30 s busy
        // timeout: an answer within 15 s did not wait for it. The probe's own bound is 2 s; the
        // rest is this machine's load (the group's other suites, 1,000-request fleets among them,
        // share the process and its two cooperative threads).
        #expect(waited < .seconds(15), "the healthcheck took \(waited)")
        #expect(health.status == 503 && health.body.contains(#"{"id":"vault-check","status":"DOWN"}"#), "\(health.body)")
        try holder.execute("COMMIT")
        let imported = try await importing.value
        #expect(try Self.statuses(imported) == ["imported"], "\(imported.body)")
        #expect(try await HTTP.get(managed.signer.baseURL + "/healthcheck").status == 200)
        await managed.stop()
    }

    @Test func malformedBodiesAre400NamingTheField() async throws {
        let managed = try await ManagedSigner()
        defer { managed.remove() }
        let cases: [([UInt8], String)] = [
            (jsonBytes(["keystores": ["{}"], "passwords": [String]()]), "passwords"),
            (jsonBytes(["keystores": ["{}"]]), "passwords"),
            (jsonBytes(["keystores": [1], "passwords": ["p"]]), "keystores[0]"),
            (Array("not json".utf8), "JSON"),
            (jsonBytes(["keystores": [String](), "passwords": [String](), "extra": 1]), "extra"),
        ]
        for (body, field) in cases {
            let result = try await HTTP.send(.POST, managed.url, body: body, headers: Self.auth)
            #expect(result.status == 400, "\(result.body)")
            let message = try Self.object(result)["message"] as? String ?? ""
            #expect(message.contains(field), "\(message) should name \(field)")
        }
        let badPubkey = try await HTTP.send(.DELETE, managed.url, body: jsonBytes(["pubkeys": ["0x12"]]), headers: Self.auth)
        #expect(badPubkey.status == 400)
        #expect((try Self.object(badPubkey)["message"] as? String ?? "").contains("pubkeys[0]"))
        // A keystore that is not a keystore is an `error` of its own, not a 400.
        let notKeystore = try await HTTP.send(.POST, managed.url, body: Self.importBody([("{}", "password")]), headers: Self.auth)
        #expect(notKeystore.status == 200)
        #expect(try Self.statuses(notKeystore) == ["error"])
        await managed.stop()
    }

    /// The binary with `--key-manager-api-enabled`: the token file is made at first start (0600,
    /// 256 bits of hex) and kept across restarts; a given token file that is missing stops the start.
    @Test func theBinaryWritesItsTokenFileAndServesTheAPI() async throws {
        let vault = try await TestVault(keys: 1)
        defer { vault.remove() }
        let tokenPath = vault.directory + "/api-token.txt"
        var (process, port, _) = try await TLSAndProcessTests.startBinary(vault, ["--key-manager-api-enabled"])
        let token = try String(contentsOfFile: tokenPath, encoding: .utf8).trimmingCharacters(in: .newlines)
        #expect(token.count == 64 && token.allSatisfy(\.isHexDigit))
        let mode = (try FileManager.default.attributesOfItem(atPath: tokenPath)[.posixPermissions] as? Int) ?? 0
        #expect(mode == 0o600, "mode \(String(mode, radix: 8))")
        let url = "http://127.0.0.1:\(port)/eth/v1/keystores"
        #expect(try await HTTP.get(url).status == 401)
        let listed = try await HTTP.get(url, headers: [("Authorization", "Bearer \(token)")])
        #expect(listed.status == 200 && listed.body.contains(vault.pubkeys[0]), "\(listed.body)")
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()

        (process, port, _) = try await TLSAndProcessTests.startBinary(vault, ["--key-manager-api-enabled"])
        #expect(try String(contentsOfFile: tokenPath, encoding: .utf8).trimmingCharacters(in: .newlines) == token)
        #expect(try await HTTP.get("http://127.0.0.1:\(port)/eth/v1/keystores", headers: [("Authorization", "Bearer \(token)")]).status == 200)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()

        // A token file others can read is refused at start, naming its mode.
        let shared = vault.directory + "/shared-token"
        try String(repeating: "ab", count: 32).write(toFile: shared, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: shared)
        let readable = try TLSAndProcessTests.run(TLSAndProcessTests.binary, [
            "signer", "--network", "hoodi", "--data-dir", vault.directory, "--key-manager-api-enabled", "--keymanager-api-token-file", shared,
        ])
        #expect(readable.status != 0 && readable.output.contains("readable by others (mode 644)"), "\(readable.output)")

        let missing = try TLSAndProcessTests.run(TLSAndProcessTests.binary, [
            "signer", "--network", "hoodi", "--data-dir", vault.directory, "--key-manager-api-enabled",
            "--keymanager-api-token-file", vault.directory + "/no-such-token",
        ])
        #expect(missing.status != 0 && missing.output.contains("no-such-token"), "\(missing.output)")
    }

    /// The signed block slots per public key in a DELETE response's `slashing_protection`.
    static func exportedBlocks(_ result: HTTPResult) throws -> [String: [String]] {
        guard let text = try object(result)["slashing_protection"] as? String,
              let interchange = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let data = interchange["data"] as? [[String: Any]]
        else { throw SignerTestFailure("no slashing_protection interchange in \(result.body)") }
        var out: [String: [String]] = [:]
        for validator in data {
            let pubkey = validator["pubkey"] as? String ?? "?"
            out[pubkey] = (validator["signed_blocks"] as? [[String: Any]] ?? []).compactMap { $0["slot"] as? String }
        }
        return out
    }
}
