import TestSupport
import AWSClients
import AWSCore
import AWSTestSupport
import ConsensusTypes
import Foundation
import NIOHTTP1
import Secrets
import Keygen
import Signer
import SlashingProtection
import SlashingProtectionPostgres
import Testing
import ValidatorKeys
import Vault

/// The fleet backends: keys from a DynamoDB key table decrypted with KMS (moto_server), and the
/// shared PostgreSQL slashing database. Both run under `scripts/test`, which starts the services;
/// without them (plain `swift test`) they are skipped, and with `CI=true` they fail instead.
struct SharedBackendTests {
    static var postgresAvailable: Bool {
        let env = ProcessInfo.processInfo.environment
        return env["ETHERKEEP_POSTGRES_URL"] != nil || env["CI"] == "true"
    }

    @Test(.enabled(if: Moto.shouldRun)) func keysFromADynamoDBTableAssignedToThisSignerAndActive() async throws {
        try await Moto.withContext { context in
            let ddb = try DynamoDBClient(context: context)
            let kms = try KMSClient(context: context)
            let table = Moto.uniqueName("etherkeep-signer-keys")
            try await ddb.createTable(name: table, partitionKey: "web3signer_uuid", sortKey: "pubkey")
            defer { Task { try? await ddb.deleteTable(name: table) } }
            let vault = Vault(store: DynamoDBVaultStore(ddb: ddb, table: table), cipher: KMSVaultCipher(kms: kms, keyID: try await kms.createKey().keyID))
            let plan = KeygenPlan(
                count: 4, language: .english, chain: TestVault.chain, withdrawal: .bls, amountGwei: DepositAmount.activationAmountGwei,
                kdf: .custom(.pbkdf2(c: 16, salt: Array(repeating: 9, count: 32))))
            let generated = try await ValidatorKeyBatch.generate(plan)
            _ = try await vault.add(generated.keys)
            // Keys 0, 1, 2 go to signer-a; key 2 is then deactivated; key 3 stays unassigned.
            for index in 0..<3 { _ = try await vault.assign(pubkey: generated.pubkeys[index], to: "signer-a") }
            _ = try await vault.setActive(false, pubkey: generated.pubkeys[2])
            let found = await KeyLoader.vault(vault, signer: "signer-a")
            let decrypted = await KeyLoader.decryptAll(found.pending)
            #expect(found.failures.isEmpty && decrypted.failures.isEmpty)
            let ring = KeyRing(decrypted.keys)
            #expect(Set(ring.pubkeys.map { "\($0)" }) == Set(generated.pubkeys[0..<2]))
            // A signer the table has no rows for loads nothing and fails nothing.
            let none = await KeyLoader.vault(vault, signer: "signer-b")
            #expect(none.pending.isEmpty && none.failures.isEmpty)
        }
    }

    /// The keymanager API and reload on a DynamoDB key table (KMS records): imported keys are
    /// rows assigned to this signer; a reload keeps them without a KMS call or KDF; with the
    /// table gone the reload fails and changes nothing, and `/healthcheck` says the vault is down.
    @Test(.enabled(if: Moto.shouldRun)) func importedKeysAreRowsOfThisSignerAndAReloadSurvivesTheTableGoing() async throws {
        let source = try await TestVault(keys: 2)
        defer { source.remove() }
        let keystores = try await KeyManagerAPITests.keystores(of: source)
        try await Moto.withContext { context in
            let ddb = try DynamoDBClient(context: context)
            let kms = try KMSClient(context: context)
            let table = Moto.uniqueName("etherkeep-km-keys")
            try await ddb.createTable(name: table, partitionKey: "web3signer_uuid", sortKey: "pubkey")
            let vault = Vault(store: DynamoDBVaultStore(ddb: ddb, table: table), cipher: KMSVaultCipher(kms: kms, keyID: try await kms.createKey().keyID))
            let sources = KeySources(vault: .init(vault: vault, signer: "signer-a", cachePath: nil, name: "dynamodb:\(table)"))
            let manager = KeyManager(
                ring: KeyRing([]), sources: sources, store: try source.store(), failures: 0, chain: "hoodi", logger: RunningSigner.quietLogger,
                metrics: nil)
            let signer = try await RunningSigner.start(manager: manager) { $0.keyManagerToken = SecretBytes(copying: Array(KeyManagerAPITests.token.utf8)) }
            let imported = try await HTTP.send(
                .POST, signer.baseURL + "/eth/v1/keystores", body: KeyManagerAPITests.importBody(keystores.map { ($0.json, $0.password) }),
                headers: KeyManagerAPITests.auth)
            #expect(try KeyManagerAPITests.statuses(imported) == ["imported", "imported"])
            let rows = try await vault.rows(signer: "signer-a")
            #expect(Set(rows.map { "0x" + $0.pubkey }) == Set(keystores.map(\.pubkey)) && rows.allSatisfy(\.active))
            #expect(try await vault.rows(signer: KeyRow.unassigned).isEmpty)

            let again = await sources.load(held: manager.ring, logger: RunningSigner.quietLogger)
            #expect(again.entries.count == 2 && again.decrypted == 0 && again.failures.isEmpty)
            #expect(try await ReloadTests.reload(signer.baseURL)["status"] as? String == "completed")
            #expect(try await HTTP.get(signer.baseURL + "/healthcheck").status == 200)

            try await ddb.deleteTable(name: table)
            let failed = try await ReloadTests.reload(signer.baseURL)
            #expect(failed["status"] as? String == "failed", "\(failed)")
            #expect(try await ReloadTests.publicKeys(signer.baseURL) == Set(keystores.map(\.pubkey)))
            let health = try await HTTP.get(signer.baseURL + "/healthcheck")
            #expect(health.status == 503 && health.body.contains(#"{"id":"vault-check","status":"DOWN"}"#), "\(health.body)")
            await signer.stop()
        }
    }

    /// The 1,000 conflicting blocks again, with the store on PostgreSQL.
    @Test(.enabled(if: postgresAvailable)) func aThousandConflictingBlocksOnPostgreSQLSignExactlyOne() async throws {
        let vault = try await TestVault(keys: 1)
        defer { vault.remove() }
        let store = try await PostgresSlashingProtectionStore.open(try await Self.newPostgresDatabase(), genesisValidatorsRoot: TestVault.genesisValidatorsRoot)
        let signer = try await RunningSigner.start(keys: try await vault.loadKeys(), store: store)
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
        let bodies = (0..<1000).map { _ in jsonBytes(factory.request("BLOCK_V2", fork: "FULU", slot: 77)) }
        let url = "\(signer.baseURL)/api/v1/eth2/sign/\(vault.pubkeys[0])"
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for body in bodies { group.addTask { try await HTTP.post(url, body: body).status } }
            var statuses: [Int] = []
            for try await status in group { statuses.append(status) }
            return statuses
        }
        #expect(statuses.filter { $0 == 200 }.count == 1)
        #expect(statuses.filter { $0 == 412 }.count == 999)
        await signer.stop()
        await store.shutdown()
    }

    /// An empty database on the test cluster (as SlashingProtectionTests' StoreFactory makes one).
    static func newPostgresDatabase() async throws -> PostgresConfiguration {
        let env = ProcessInfo.processInfo.environment
        guard let url = env["ETHERKEEP_POSTGRES_URL"] else { throw SignerTestFailure("ETHERKEEP_POSTGRES_URL is not set: run scripts/test") }
        let name = "signer_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try PostgresConfiguration(url: url, password: env["PGPASSWORD"])
        let result = try TLSAndProcessTests.run("psql", ["-h", admin.host, "-p", "\(admin.port)", "-U", admin.username, "-d", admin.database, "-qc", "CREATE DATABASE \(name)"])
        guard result.status == 0 else { throw SignerTestFailure("psql: \(result.output)") }
        var config = admin
        config.database = name
        // The suites run in parallel on a small machine: give the first connection time.
        config.timeout = .seconds(60)
        return config
    }
}
