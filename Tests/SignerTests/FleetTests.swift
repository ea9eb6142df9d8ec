import AWSTestSupport
import ConsensusTypes
import Foundation
import Signer
import TestSupport
import Testing

/// Fleet mode: two real `etherkeep signer` processes (the built binary) load the same keys from a
/// DynamoDB key table of KMS-encrypted records (moto_server) and share one PostgreSQL slashing
/// database, as replicas behind a load balancer do. What must hold whatever the replicas go
/// through: no conflicting pair of signatures ever leaves the fleet, and every signature that
/// leaves is backed by a record the database committed.
///
/// The services come from `scripts/test`; without them the tests are skipped, and with `CI=true`
/// they run and fail. The PostgreSQL restart runs on a cluster of its own, so that the suites
/// using the shared cluster never see it go away.
@Suite(.serialized) struct FleetTests {
    static var servicesAvailable: Bool { Moto.shouldRun && SharedBackendTests.postgresAvailable }

    /// 1,000 different blocks for one slot and 1,000 different attestations for one target epoch,
    /// all at once, half to each replica: each is signed exactly once in the whole fleet.
    @Test(.enabled(if: servicesAvailable)) func aThousandConflictingRequestsAcrossTwoReplicasSignOncePerSlotAndPerTarget() async throws {
        try await Fleet.with(keys: 2, database: try await FleetDatabase.onTheTestCluster()) { fleet in
            let client = fleet.client
            let (blockKey, attestationKey) = (fleet.table.pubkeys[0], fleet.table.pubkeys[1])
            // Both replicas serve the table's assigned keys, and only those.
            for replica in fleet.replicas {
                let listed = await client.get("\(replica.baseURL)/api/v1/eth2/publicKeys")
                let keys = (try? JSONSerialization.jsonObject(with: Data(listed.body.utf8))) as? [String]
                #expect(Set(keys ?? []) == Set(fleet.table.pubkeys), "replica \(replica.name) serves \(listed.body)")
            }
            var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
            var requests: [FleetRequest] = []
            for i in 0..<1000 {
                requests.append(try FleetRequest(pubkey: blockKey, factory.request("BLOCK_V2", fork: "FULU", slot: 77)))
                // Same target 10, sources 8 and 9, random data: every pair is a double vote.
                requests.append(try FleetRequest(pubkey: attestationKey, factory.request("ATTESTATION", source: UInt64(8 + i % 2), target: 10)))
            }
            #expect(Set(requests.map(\.signingRoot)).count == 2000, "the bodies must all differ")
            let started = ContinuousClock.now
            let replicas = fleet.replicas
            await withTaskGroup(of: Void.self) { group in
                for (i, request) in requests.enumerated() {
                    // Blocks and attestations alternate, so each replica gets 500 of each.
                    let replica = (i / 2) % 2
                    group.addTask { await client.send(request, to: replicas[replica], index: replica) }
                }
            }
            let elapsed = ContinuousClock.now - started
            let exchanges = client.all
            let blocks = exchanges.filter { $0.request.pubkey == blockKey }
            let attestations = exchanges.filter { $0.request.pubkey == attestationKey }
            print("fleet 1: 2,000 requests in \(elapsed): blocks \(FleetAudit.statuses(blocks)), attestations \(FleetAudit.statuses(attestations)); "
                + "replica A \(FleetAudit.statuses(exchanges.filter { $0.replica == 0 })), B \(FleetAudit.statuses(exchanges.filter { $0.replica == 1 }))")
            #expect(FleetAudit.statuses(blocks) == [200: 1, 412: 999], "blocks for slot 77: \(FleetAudit.statuses(blocks))")
            #expect(FleetAudit.statuses(attestations) == [200: 1, 412: 999], "attestations with target 10: \(FleetAudit.statuses(attestations))")
            for index in 0..<2 {
                let mine = exchanges.filter { $0.replica == index }
                #expect(mine.count == 1000 && mine.allSatisfy { $0.status == 200 || $0.status == 412 }, "replica \(index): \(FleetAudit.statuses(mine))")
            }
            // A refusal says why, in the rule's words.
            let refusal = blocks.first { $0.status == 412 }?.body ?? ""
            #expect(refusal.contains("slashing protection refused"), "\(refusal)")
            #expect(FleetAudit.conflicts(exchanges).isEmpty)
            #expect(try FleetAudit.unrecorded(exchanges, in: fleet.database).isEmpty)
            #expect(try FleetAudit.signaturesVerify(exchanges))
            // The database holds exactly the signed block and the signed attestation.
            #expect(try fleet.database.query("SELECT count(*) FROM signed_blocks") == ["1"])
            #expect(try fleet.database.query("SELECT count(*) FROM signed_attestations") == ["1"])
        }
    }

    /// kill -9 of replica A while both are under load: B goes on signing every new slot and epoch,
    /// and over everything both released no two signatures conflict.
    @Test(.enabled(if: servicesAvailable)) func killingOneReplicaMidLoadLeavesTheOtherSigningAndNothingConflicting() async throws {
        try await Fleet.with(keys: 3, database: try await FleetDatabase.onTheTestCluster()) { fleet in
            let client = fleet.client
            let keys = fleet.table.pubkeys
            let load = FleetLoad(rounds: 150)
            let seed = try TestSeed.value()
            // Round r: a different block at slot 1000 + r and a different attestation (t - 1, t)
            // for t = 100 + r to each replica, for keys 0 and 1; for key 2 a narrow (t - 1, t) or
            // a wide (t - 4, t + 2) vote, which surrounds the narrow votes of the next rounds.
            let make: @Sendable (Int, inout RequestFactory) throws -> [(FleetRequest, Int)] = { round, factory in
                let slot = UInt64(1000 + round)
                let target = UInt64(100 + round)
                var requests: [(FleetRequest, Int)] = []
                for replica in 0..<2 {
                    requests.append((try FleetRequest(pubkey: keys[0], factory.request("BLOCK_V2", fork: "FULU", slot: slot)), replica))
                    requests.append((try FleetRequest(pubkey: keys[1], factory.request("ATTESTATION", source: target - 1, target: target)), replica))
                }
                let wide = round % 2 == 1
                let vote = factory.request("ATTESTATION", source: wide ? target - 4 : target - 1, target: wide ? target + 2 : target)
                requests.append((try FleetRequest(pubkey: keys[2], vote), (round / 2) % 2))
                return requests
            }
            let started = ContinuousClock.now
            let a = fleet.replicas[0]
            let (loaded, killed) = try await load.running(
                interval: .milliseconds(15), maxInFlight: 32, seed: seed, client: client, replicas: fleet.replicas, make: make
            ) {
                let loaded = try await FleetLoad.wait(upTo: .seconds(60)) { load.roundsDone >= 50 }
                await a.kill9()
                return (loaded, ContinuousClock.now)
            }
            let exchanges = client.all
            print("fleet 2: killed A after \(killed - started) (\(exchanges.count { $0.answered < killed }) requests answered); "
                + "load done after \(ContinuousClock.now - started); A \(FleetAudit.statuses(exchanges.filter { $0.replica == 0 })), "
                + "B \(FleetAudit.statuses(exchanges.filter { $0.replica == 1 }))")
            #expect(loaded, "the load did not get going")
            #expect(a.process.terminationReason == .uncaughtSignal && a.process.terminationStatus == SIGKILL)

            // Before the kill both replicas signed; after it A answers nothing.
            #expect(exchanges.contains { $0.replica == 0 && $0.status == 200 && $0.answered < killed })
            #expect(exchanges.contains { $0.replica == 1 && $0.status == 200 && $0.answered < killed })
            let toDeadA = exchanges.filter { $0.replica == 0 && $0.issued > killed }
            #expect(!toDeadA.isEmpty && toDeadA.allSatisfy { $0.status == -1 }, "A after the kill: \(FleetAudit.statuses(toDeadA))")
            // Every round sent wholly after the kill: B signed its block and its attestation.
            let byRound = Dictionary(grouping: exchanges, by: \.round)
            let afterKill = byRound.values.filter { $0.allSatisfy { $0.issued > killed } }
            for round in afterKill {
                for key in keys.prefix(2) {
                    let fromB = round.filter { $0.replica == 1 && $0.request.pubkey == key }
                    #expect(fromB.count == 1 && fromB[0].status == 200, "round \(round[0].round), key \(key.prefix(12))…: B answered \(fromB.map { "\($0.status) \($0.body)" })")
                }
            }
            let firstSigned = afterKill.joined().filter { $0.replica == 1 && $0.status == 200 }.map(\.answered).min()
            print("fleet 2: \(afterKill.count) rounds sent after the kill, B's first signature \(firstSigned.map { "\($0 - killed)" } ?? "never") after it")
            #expect(afterKill.count >= 40, "only \(afterKill.count) rounds after the kill")

            // Over both replicas, before and after the kill: nothing conflicting, nothing unrecorded.
            let conflicts = FleetAudit.conflicts(exchanges)
            #expect(conflicts.isEmpty, "\(conflicts.prefix(10))")
            let unrecorded = try FleetAudit.unrecorded(exchanges, in: fleet.database)
            #expect(unrecorded.isEmpty, "\(unrecorded.prefix(10))")
            #expect(try FleetAudit.signaturesVerify(exchanges))
            // The surround attempts were made and some of them refused.
            #expect(exchanges.contains { $0.request.pubkey == keys[2] && $0.status == 412 && $0.body.contains("surround") })

            // A comes back with the same key cache and database: it refuses the last slot B signed
            // (another block) and signs a new one, which B then refuses in turn.
            try await fleet.restart(0)
            var factory = RequestFactory(seed: seed &+ 1, genesisValidatorsRoot: TestVault.gvrHex)
            let lastSlot = exchanges.compactMap { exchange -> Slot? in
                guard exchange.status == 200, exchange.request.pubkey == keys[0], case .block(let slot) = exchange.request.protection else { return nil }
                return slot
            }.max() ?? 0
            let restarted = fleet.replicas[0]
            let repeatAtA = await client.send(try FleetRequest(pubkey: keys[0], factory.request("BLOCK_V2", fork: "FULU", slot: lastSlot)), to: restarted, index: 0)
            #expect(repeatAtA.status == 412, "\(repeatAtA.body)")
            let fresh = await client.send(try FleetRequest(pubkey: keys[0], factory.request("BLOCK_V2", fork: "FULU", slot: lastSlot + 10)), to: restarted, index: 0)
            #expect(fresh.status == 200, "\(fresh.body)")
            let other = await client.send(try FleetRequest(pubkey: keys[0], factory.request("BLOCK_V2", fork: "FULU", slot: lastSlot + 10)), to: fleet.replicas[1], index: 1)
            #expect(other.status == 412, "\(other.body)")
        }
    }

    /// PostgreSQL stops (as in a crash) under load and starts again: while it is down every request
    /// is answered 503 and nothing is signed; once it is back both replicas sign again within a
    /// bounded time; nothing conflicting was released, every released signature's record survived
    /// the crash, and that history still refuses a conflicting repeat.
    @Test(.enabled(if: servicesAvailable)) func postgreSQLRestartedUnderLoadAnswers503ThenRecoversWithItsHistory() async throws {
        let cluster = try ThrowawayPostgres.start()
        defer { cluster.remove() }
        try await Fleet.with(keys: 2, database: cluster.database) { fleet in
            let client = fleet.client
            let keys = fleet.table.pubkeys
            let load = FleetLoad(rounds: 100_000)
            let seed = try TestSeed.value()
            // Round r: a different block at slot 5000 + r and attestation (t - 1, t) for t = 500 + r to each replica.
            let make: @Sendable (Int, inout RequestFactory) throws -> [(FleetRequest, Int)] = { round, factory in
                let target = UInt64(500 + round)
                return try (0..<2).flatMap { replica in
                    [(try FleetRequest(pubkey: keys[0], factory.request("BLOCK_V2", fork: "FULU", slot: UInt64(5000 + round))), replica),
                     (try FleetRequest(pubkey: keys[1], factory.request("ATTESTATION", source: target - 1, target: target)), replica)]
                }
            }
            let timeline = try await load.running(
                interval: .milliseconds(50), maxInFlight: 24, seed: seed, client: client, replicas: fleet.replicas, make: make
            ) {
                try await Self.restart(cluster, under: load, fleet: fleet)
            }
            let exchanges = client.all
            try Self.audit(timeline, exchanges: exchanges, keys: keys, database: fleet.database)
            let stopping = timeline.stopping

            // The history from before the crash still refuses: another block at a slot signed
            // before the stop, and another vote for a target signed then, at either replica; the
            // very same request again is answered with the same signature.
            var factory = RequestFactory(seed: seed &+ 1, genesisValidatorsRoot: TestVault.gvrHex)
            for key in keys {
                guard let before = exchanges.first(where: { $0.request.pubkey == key && $0.status == 200 && $0.answered < stopping }) else { continue }
                for (index, replica) in fleet.replicas.enumerated() {
                    let conflicting: [String: Any] = switch before.request.protection {
                    case .block(let slot): factory.request("BLOCK_V2", fork: "FULU", slot: slot)
                    case .attestation(let source, let target): factory.request("ATTESTATION", source: source, target: target)
                    }
                    let refused = await client.send(try FleetRequest(pubkey: key, conflicting), to: replica, index: index)
                    #expect(refused.status == 412, "replica \(replica.name): \(refused.status) \(refused.body)")
                    let again = await client.send(before.request, to: replica, index: index)
                    #expect(again.status == 200 && again.signature == before.signature, "replica \(replica.name): \(again.status) \(again.body)")
                }
            }
        }
    }

    /// What happened when, in ``postgreSQLRestartedUnderLoadAnswers503ThenRecoversWithItsHistory()``.
    struct RestartTimeline {
        let started: ContinuousClock.Instant
        /// `pg_ctl stop` was run; it had returned, the server gone; `pg_ctl start` had returned.
        let stopping, down, up: ContinuousClock.Instant
        /// When each replica first signed a request sent after `up`.
        let recovered: [ContinuousClock.Instant?]
        /// The later of the two.
        let settled: ContinuousClock.Instant
        /// Replica B's health check while the database was down.
        let health: (status: Int, body: String)
    }

    /// With the load running: stops PostgreSQL, checks the health while it is down, starts it
    /// again, waits until both replicas sign again and 20 more rounds go out, and stops the load.
    static func restart(_ cluster: ThrowawayPostgres, under load: FleetLoad, fleet: Fleet) async throws -> RestartTimeline {
        let client = fleet.client
        let started = ContinuousClock.now
        guard try await FleetLoad.wait(upTo: .seconds(60), { load.roundsDone >= 20 }) else {
            throw SignerTestFailure("the load did not get going")
        }
        let stopping = ContinuousClock.now
        try cluster.stopServer()
        let down = ContinuousClock.now
        // The health check reports the store DOWN (once the store's 10 s deadline passes).
        let health = await client.get("\(fleet.replicas[1].baseURL)/healthcheck")
        // Down past twice the store's deadline (PostgresConfiguration.timeout, 10 s): a request
        // sent while it is down waits for the batch in flight to time out, then times out in its
        // own, and is answered before the database comes back.
        try await Task.sleep(until: down + .seconds(25))
        try cluster.startServer()
        let up = ContinuousClock.now
        // Both replicas sign again, for requests sent after the restart, within 45 s.
        var recovered: [ContinuousClock.Instant?] = [nil, nil]
        while recovered.contains(where: { $0 == nil }), ContinuousClock.now < up + .seconds(45) {
            try await Task.sleep(for: .milliseconds(20))
            recovered = (0..<2).map { client.firstSigned(by: $0, sentAfter: up) }
        }
        // Then 20 more rounds with the database up.
        let settled = recovered.compactMap { $0 }.max() ?? up
        while client.rounds(sentAfter: settled) < 20, ContinuousClock.now < settled + .seconds(30) {
            try await Task.sleep(for: .milliseconds(20))
        }
        load.stop()
        return RestartTimeline(
            started: started, stopping: stopping, down: down, up: up, recovered: recovered, settled: settled, health: health)
    }

    /// The checks of ``postgreSQLRestartedUnderLoadAnswers503ThenRecoversWithItsHistory()`` over
    /// every exchange of the load.
    static func audit(_ timeline: RestartTimeline, exchanges: [FleetExchange], keys: [String], database: FleetDatabase) throws {
        let (started, stopping, down, up, recovered, settled, health) = (
            timeline.started, timeline.stopping, timeline.down, timeline.up, timeline.recovered, timeline.settled, timeline.health)
        // Sent while it was down and answered before it came back (whatever the scheduling of this
        // process, these times bracket the real ones); and answered while it was down, from 5 s
        // after it went, so that an answer to a commit made just before the stop, noted late, is
        // not counted.
        let whileDown = exchanges.filter { $0.issued > down && $0.answered < up }
        let answeredWhileDown = exchanges.filter { $0.answered > down + .seconds(5) && $0.answered < up }
        let slowest503 = exchanges.filter { $0.status == 503 }.map { $0.answered - $0.issued }.max() ?? .zero
        print("fleet 3: PostgreSQL stopped after \(stopping - started) (stop took \(down - stopping)), down for \(up - down); "
            + "before: \(FleetAudit.statuses(exchanges.filter { $0.answered < stopping })), "
            + "sent and answered while down: \(FleetAudit.statuses(whileDown)), answered while down: \(FleetAudit.statuses(answeredWhileDown)), "
            + "slowest 503 \(slowest503), "
            + "recovered A after \(recovered[0].map { "\($0 - up)" } ?? "never"), B after \(recovered[1].map { "\($0 - up)" } ?? "never"); "
            + "all: \(FleetAudit.statuses(exchanges)) in \(exchanges.count) requests")
        #expect(exchanges.contains { $0.status == 200 && $0.answered < stopping }, "nothing was signed before the stop")
        #expect(!whileDown.isEmpty && whileDown.allSatisfy { $0.status == 503 }, "sent and answered while down: \(FleetAudit.statuses(whileDown))")
        #expect(!answeredWhileDown.isEmpty && answeredWhileDown.allSatisfy { $0.status == 503 }, "answered while down: \(FleetAudit.statuses(answeredWhileDown))")
        #expect(whileDown.first { $0.status == 503 }?.body.contains("slashing protection") ?? false, "\(whileDown.first?.body ?? "")")
        #expect(health.status == 503 && health.body.contains(#""outcome":"DOWN""#), "health check while down: \(health.status) \(health.body)")
        for index in 0..<2 { #expect(recovered[index] != nil, "replica \(index) did not sign again within 45 s of the restart") }
        // Nothing but signed, refused, or unavailable: no 500, no dropped connection.
        #expect(Set(exchanges.map(\.status)).isSubset(of: [200, 412, 503]), "\(FleetAudit.statuses(exchanges))")
        // Rounds sent wholly after both recovered: each slot and target signed exactly once.
        let sentAfterRecovery: [FleetExchange] = exchanges.filter { $0.issued > settled }
        let rounds: [Int: [FleetExchange]] = Dictionary(grouping: sentAfterRecovery, by: { $0.round })
        let afterRecovery: [[FleetExchange]] = rounds.values.filter { round in round.count == 4 }
        #expect(afterRecovery.count >= 10, "only \(afterRecovery.count) rounds after recovery")
        for round in afterRecovery {
            for key in keys {
                let signed = round.filter { $0.request.pubkey == key && $0.status == 200 }.count
                #expect(signed == 1, "round \(round[0].round) key \(key.prefix(12))…: \(round.map(\.status))")
            }
        }

        let conflicts = FleetAudit.conflicts(exchanges)
        #expect(conflicts.isEmpty, "\(conflicts.prefix(10))")
        // Every signature released before the crash has its record after it (synchronous commit).
        let unrecorded = try FleetAudit.unrecorded(exchanges, in: database)
        #expect(unrecorded.isEmpty, "\(unrecorded.prefix(10))")
        #expect(try FleetAudit.signaturesVerify(exchanges))
    }
}
