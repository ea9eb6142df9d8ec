import BLS12381
import ConsensusTypes
import Foundation
import NIOHTTP1
import Synchronization
import Keygen
import Signer
import TestSupport
import Testing
import ValidatorKeys
import Vault

/// `POST /reload` and `GET /reload` (Web3Signer's `signing/paths/reload.yaml`): the vault and the
/// key files change under a running signer, and the signer follows without a restart.
@Suite(.serialized) struct ReloadTests {
    /// A signer on `sources`, with the keys they hold now.
    static func start(_ sources: KeySources, store vault: TestVault, metrics: SignerMetrics? = nil) async throws -> (RunningSigner, KeyManager) {
        let loaded = await sources.load(logger: RunningSigner.quietLogger)
        let manager = KeyManager(
            ring: KeyRing(entries: loaded.entries), sources: sources, store: try vault.store(), failures: loaded.failures.count,
            chain: "hoodi", logger: RunningSigner.quietLogger, metrics: metrics)
        return (try await RunningSigner.start(manager: manager), manager)
    }

    /// `POST /reload` (expecting 202), then `GET /reload` until it is no longer running.
    static func reload(_ base: String) async throws -> [String: Any] {
        let accepted = try await HTTP.send(.POST, base + "/reload")
        #expect(accepted.status == 202, "\(accepted.body)")
        for _ in 0..<600 {
            let result = try await HTTP.get(base + "/reload")
            let status = try JSONSerialization.jsonObject(with: Data(result.body.utf8)) as? [String: Any] ?? [:]
            if status["status"] as? String != "running" { return status }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw SignerTestFailure("the reload did not finish")
    }

    static func publicKeys(_ base: String) async throws -> Set<String> {
        Set(try JSONSerialization.jsonObject(with: Data(try await HTTP.get(base + "/api/v1/eth2/publicKeys").body.utf8)) as? [String] ?? [])
    }

    /// New keys added to `vault` as keygen adds them (fast PBKDF2 keystores).
    static func addKeys(_ count: Int, to vault: Vault) async throws -> [String] {
        let plan = KeygenPlan(
            count: count, language: .english, chain: TestVault.chain, withdrawal: .bls, amountGwei: DepositAmount.activationAmountGwei,
            kdf: .custom(.pbkdf2(c: 16, salt: Array(repeating: 3, count: 32))))
        let generated = try await ValidatorKeyBatch.generate(plan)
        _ = try await vault.add(generated.keys)
        return generated.pubkeys.map { "0x" + $0 }
    }

    @Test func vaultRowsAddedDeactivatedAndReassignedAreFollowed() async throws {
        let data = try await TestVault(keys: 3)
        defer { data.remove() }
        let vault = try data.vault()
        let sources = KeySources(vault: .init(vault: vault, signer: KeyRow.unassigned, cachePath: nil, name: "embedded"))
        let metrics = SignerMetrics()
        let (signer, manager) = try await Self.start(sources, store: data, metrics: metrics)
        let base = signer.baseURL
        #expect(try JSONSerialization.jsonObject(with: Data(try await HTTP.get(base + "/reload").body.utf8)) as? [String: String] == ["status": "idle"])
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)

        // Added rows are loaded; the keys already held are not decrypted again.
        let added = try await Self.addKeys(2, to: vault)
        let preview = await sources.load(held: manager.ring, logger: RunningSigner.quietLogger)
        #expect(preview.decrypted == 2 && preview.entries.count == 5)
        let first = try await Self.reload(base)
        #expect(first["status"] as? String == "completed")
        #expect(first["lastOperationTime"] is String)
        #expect(try await Self.publicKeys(base) == Set(data.pubkeys + added))
        #expect(try await HTTP.sign(base, pubkey: added[0], body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 7)).status == 200)

        // Deactivated and reassigned rows stop signing.
        _ = try await vault.setActive(false, pubkey: data.pubkeys[0])
        _ = try await vault.assign(pubkey: data.pubkeys[1], to: "another-signer")
        #expect(try await Self.reload(base)["status"] as? String == "completed")
        #expect(try await Self.publicKeys(base) == Set([data.pubkeys[2]] + added))
        #expect(try await HTTP.sign(base, pubkey: data.pubkeys[0], body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 8)).status == 404)
        #expect(try await HTTP.sign(base, pubkey: data.pubkeys[1], body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 8)).status == 404)

        // Activated again: back.
        _ = try await vault.setActive(true, pubkey: data.pubkeys[0])
        #expect(try await Self.reload(base)["status"] as? String == "completed")
        #expect(try await HTTP.sign(base, pubkey: data.pubkeys[0], body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 9)).status == 200)
        // Three reloads counted; the gauge follows the keys.
        let samples = try MetricsTests.samples(String(decoding: metrics.exposition(), as: UTF8.self))
        #expect(samples[#"etherkeep_signer_reloads_total{outcome="completed"}"#] == 3, "\(samples)")
        #expect(samples["etherkeep_signer_keys_loaded"] == 4)
        await signer.stop()
    }

    /// Rows deleted from the vault, and rows whose ciphertext changed, under a running signer
    /// that keeps its key cache as `etherkeep signer` does.
    @Test func vaultRowsDeletedAndChangedAreFollowed() async throws {
        let data = try await TestVault(keys: 4)
        defer { data.remove() }
        let vault = try data.vault()
        let cachePath = KeyCache.path(directory: data.directory, signer: KeyRow.unassigned)
        let sources = KeySources(vault: .init(vault: vault, signer: KeyRow.unassigned, cachePath: cachePath, name: "embedded"))
        let (signer, manager) = try await Self.start(sources, store: data)
        let base = signer.baseURL
        #expect(try await Self.publicKeys(base) == Set(data.pubkeys))
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
        func sign(_ index: Int, slot: UInt64) async throws -> Int {
            try await HTTP.sign(base, pubkey: data.pubkeys[index], body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: slot)).status
        }

        // Row 0 deleted. Row 1 replaced by its own record encrypted again (another ciphertext, the
        // same key). Row 2 replaced by a ciphertext that no longer decrypts.
        _ = try await vault.delete(pubkey: data.pubkeys[0])
        let reencrypted = try await vault.delete(pubkey: data.pubkeys[1])
        _ = try await vault.add([Vault.NewKey(
            pubkey: reencrypted.pubkey, chain: reencrypted.chain, datetime: reencrypted.datetime,
            depositJSONBase64: reencrypted.depositJSONBase64, record: try await vault.record(of: reencrypted))])
        #expect(try await vault.row(pubkey: data.pubkeys[1])?.encryptedKeyPasswordMnemonicBase64 != reencrypted.encryptedKeyPasswordMnemonicBase64)
        let broken = try await vault.delete(pubkey: data.pubkeys[2])
        var ciphertext = broken.ciphertext
        ciphertext[ciphertext.count / 2] ^= 1
        try await vault.store.insert([try KeyRow(
            pubkey: broken.pubkey, chain: broken.chain, datetime: broken.datetime, depositJSONBase64: broken.depositJSONBase64,
            encryptedKeyPasswordMnemonicBase64: Data(ciphertext).base64EncodedString())])

        // The changed row is decrypted again (its held key is not reused for another ciphertext);
        // the broken one fails; the deleted one is not looked for.
        let preview = await sources.load(held: manager.ring, logger: RunningSigner.quietLogger)
        #expect(preview.decrypted == 1 && preview.entries.count == 2 && preview.failures.count == 1, "\(preview.failures)")
        let reloaded = try await Self.reload(base)
        #expect(reloaded["status"] as? String == "completed_with_errors", "\(reloaded)")
        #expect((reloaded["lastError"] as? String)?.contains("1 signer loading error") == true, "\(reloaded)")
        // The deleted key is gone; the re-encrypted one signs; the one whose row no longer
        // decrypts is still listed by the vault, so it keeps signing and is reported.
        #expect(try await Self.publicKeys(base) == Set(data.pubkeys[1...3]))
        #expect(try await sign(0, slot: 10) == 404)
        #expect(try await sign(1, slot: 10) == 200)
        #expect(try await sign(2, slot: 10) == 200)
        #expect(try await sign(3, slot: 10) == 200)
        let health = try await HTTP.get(base + "/healthcheck")
        #expect(health.status == 503 && health.body.contains("\"error-count\":1"), "\(health.body)")

        // The broken row deleted too: gone, and nothing is reported any more.
        _ = try await vault.delete(pubkey: data.pubkeys[2])
        #expect(try await Self.reload(base)["status"] as? String == "completed")
        #expect(try await Self.publicKeys(base) == [data.pubkeys[1], data.pubkeys[3]])
        #expect(try await sign(2, slot: 11) == 404)
        #expect(try await sign(1, slot: 11) == 200)
        #expect(try await HTTP.get(base + "/healthcheck").status == 200)
        // The re-encrypted row is held under its new ciphertext: a reload decrypts nothing.
        #expect(await sources.load(held: manager.ring, logger: RunningSigner.quietLogger).decrypted == 0)
        await signer.stop()

        // A restart from the key cache the reloads rewrote: the same two keys, none decrypted.
        let restarted = await sources.load(logger: RunningSigner.quietLogger)
        #expect(restarted.failures.isEmpty && restarted.decrypted == 0)
        #expect(Set(restarted.entries.map { "0x\($0.pubkey)" }) == [data.pubkeys[1], data.pubkeys[3]])
    }

    /// Writes each vault key as `NAME.json` + `NAME.txt` in `folder`, as deposit-cli output and its
    /// passwords; returns the names by public key.
    static func writeKeystores(of data: TestVault, to folder: String, kdfRounds: Int? = nil) async throws -> [String: String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var names: [String: String] = [:]
        for (index, key) in try await KeyManagerAPITests.keystores(of: data).enumerated() {
            let name = "keystore-\(index)"
            var json = key.json
            if let kdfRounds {
                // The same key under a slower KDF: decrypt, encrypt again.
                let password = KeystorePassword(key.password)
                let secret = try Keystore(json: Data(key.json.utf8)).decryptSecretKey(password: password)
                let kdf = KeystoreKDF.pbkdf2(c: kdfRounds, salt: Array(repeating: UInt8(index), count: 32))
                let keystore = try Keystore.encrypt(
                    secretKey: secret, decryptionKey: try Keystore.deriveKey(password: password, kdf: kdf), kdf: kdf,
                    path: .signing(validatorIndex: UInt32(index)))
                json = keystore.jsonString
            }
            try json.write(toFile: "\(folder)/\(name).json", atomically: true, encoding: .utf8)
            try key.password.write(toFile: "\(folder)/\(name).txt", atomically: true, encoding: .utf8)
            names[key.pubkey] = name
        }
        return names
    }

    @Test func keystoreFilesAddedChangedAndRemovedAreFollowed() async throws {
        let data = try await TestVault(keys: 3)
        defer { data.remove() }
        let folder = data.directory + "/keystores"
        let names = try await Self.writeKeystores(of: data, to: folder)
        let sources = KeySources(keystores: (folder, .directory(folder)))
        let (signer, _) = try await Self.start(sources, store: data)
        let base = signer.baseURL
        #expect(try await Self.publicKeys(base) == Set(data.pubkeys))
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)

        // A key whose password file turns wrong keeps signing (it is still listed) and is reported.
        let broken = data.pubkeys[0]
        try "wrong password".write(toFile: "\(folder)/\(names[broken] ?? "?").txt", atomically: true, encoding: .utf8)
        let withErrors = try await Self.reload(base)
        #expect(withErrors["status"] as? String == "completed_with_errors")
        #expect((withErrors["lastError"] as? String)?.contains("1 signer loading error") == true, "\(withErrors)")
        #expect(try await Self.publicKeys(base) == Set(data.pubkeys))
        let health = try await HTTP.get(base + "/healthcheck")
        #expect(health.status == 503 && health.body.contains("\"error-count\":1"), "\(health.body)")

        // Its file removed: gone. Another key's files removed: gone too.
        for pubkey in [broken, data.pubkeys[1]] {
            let name = names[pubkey] ?? "?"
            try FileManager.default.removeItem(atPath: "\(folder)/\(name).json")
            try FileManager.default.removeItem(atPath: "\(folder)/\(name).txt")
        }
        #expect(try await Self.reload(base)["status"] as? String == "completed")
        #expect(try await Self.publicKeys(base) == [data.pubkeys[2]])
        #expect(try await HTTP.sign(base, pubkey: data.pubkeys[1], body: factory.request("RANDAO_REVEAL", slot: 64)).status == 404)
        #expect(try await HTTP.get(base + "/healthcheck").status == 200)

        // Files added: loaded.
        let more = try await TestVault(keys: 1)
        defer { more.remove() }
        _ = try await Self.writeKeystores(of: more, to: folder + "-more")
        for suffix in ["json", "txt"] {
            try FileManager.default.moveItem(atPath: "\(folder)-more/keystore-0.\(suffix)", toPath: "\(folder)/added.\(suffix)")
        }
        #expect(try await Self.reload(base)["status"] as? String == "completed")
        #expect(try await Self.publicKeys(base) == [data.pubkeys[2], more.pubkeys[0]])
        #expect(try await HTTP.sign(base, pubkey: more.pubkeys[0], body: factory.request("RANDAO_REVEAL", slot: 64)).status == 200)

        // The folder unreadable: the reload fails and no key changes.
        try FileManager.default.moveItem(atPath: folder, toPath: folder + "-away")
        let failed = try await Self.reload(base)
        #expect(failed["status"] as? String == "failed")
        #expect((failed["lastError"] as? String)?.contains("keystore folder") == true, "\(failed)")
        #expect(try await Self.publicKeys(base) == [data.pubkeys[2], more.pubkeys[0]])
        await signer.stop()
    }

    @Test func aSecondReloadWhileOneRunsIs409() async throws {
        let data = try await TestVault(keys: 4)
        defer { data.remove() }
        let folder = data.directory + "/slow"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let (signer, _) = try await Self.start(KeySources(keystores: (folder, .directory(folder))), store: data)
        // Four keystores of 2^20 PBKDF2 rounds: the reload that finds them takes seconds on 2
        // cores, far longer than the next request takes to arrive even on a loaded machine
        // (with two of 2^18 rounds, a CI run beside a build saw the first reload finish first).
        _ = try await Self.writeKeystores(of: data, to: folder, kdfRounds: 1 << 20)
        let first = try await HTTP.send(.POST, signer.baseURL + "/reload")
        let second = try await HTTP.send(.POST, signer.baseURL + "/reload")
        #expect(first.status == 202)
        #expect(second.status == 409)
        let body = try JSONSerialization.jsonObject(with: Data(second.body.utf8)) as? [String: String]
        #expect(body?["status"] == "error" && body?["message"]?.contains("already in progress") == true)
        for _ in 0..<1500 {
            if try await HTTP.get(signer.baseURL + "/reload").body.contains("\"completed\"") { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await Self.publicKeys(signer.baseURL) == Set(data.pubkeys))
        await signer.stop()
    }

    /// A key removed while a request holds it finishes that request, then signs no more; `drain`
    /// returns only once the request is done.
    @Test func aKeyRemovedMidFlightFinishesItsRequestThenStops() async throws {
        let key = try SecretKey(bytes: Array(repeating: 0, count: 31) + [7])
        let pubkey = BLSPubkey(unchecked: key.publicKey().compressed)
        let ring = KeyRing([key])
        guard let lease = ring.lease(pubkey) else { throw SignerTestFailure("no lease on a loaded key") }
        ring.remove([pubkey])
        #expect(ring.lease(pubkey) == nil)
        let root = Root(unchecked: Array(repeating: 1, count: 32))
        #expect(lease.sign(root).compressed == key.sign(root.bytes).compressed)
        let released = Mutex(false)
        let drained = Task {
            await ring.drain([pubkey])
            return released.withLock { $0 }
        }
        try await Task.sleep(for: .milliseconds(50))
        released.withLock { $0 = true }
        lease.release()
        #expect(await drained.value, "drain returned before the lease was released")
    }
}
