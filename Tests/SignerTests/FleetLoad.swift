import AsyncHTTPClient
import BLS12381
import ConsensusTypes
import Foundation
import NIOCore
import NIOHTTP1
import Signer
import Synchronization

/// One slashing-protected signing request of a fleet test, with what the rules key it by.
struct FleetRequest: Sendable {
    let pubkey: String
    let body: [UInt8]
    let protection: Eth2SigningRequest.Protection
    let signingRoot: Root

    /// Parses `object` as the signer will, and computes the root it will sign.
    init(pubkey: String, _ object: [String: Any]) throws {
        self.pubkey = pubkey
        body = jsonBytes(object)
        let parsed = try Eth2SigningRequest.parse(body)
        guard let protection = parsed.protection else { throw SignerTestFailure("\(parsed.kind) is not slashing-protected") }
        self.protection = protection
        signingRoot = try Eth2Signer.signingRoot(
            of: parsed, genesisValidatorsRoot: TestVault.genesisValidatorsRoot, genesisForkVersion: TestVault.chain.genesisForkVersion)
    }
}

/// A request sent during a fleet test and what came back.
struct FleetExchange: Sendable {
    let request: FleetRequest
    /// The replica's index in ``Fleet/replicas``.
    let replica: Int
    /// The load round it belonged to (0 outside rounds).
    let round: Int
    let issued: ContinuousClock.Instant
    let answered: ContinuousClock.Instant
    /// The HTTP status, or -1 when no answer came (connection refused or dropped).
    let status: Int
    /// The signature of a 200, the error text otherwise.
    let body: String

    var signature: String? {
        guard status == 200, let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else { return nil }
        return object["signature"] as? String
    }
}

/// The validator clients' side of a fleet test: an HTTP client whose requests to a dead replica
/// fail at once (no connection retries), and the record of every exchange.
final class FleetClient: Sendable {
    private let http: HTTPClient
    private let exchanges = Mutex<[FleetExchange]>([])

    init() {
        // The connect timeout also bounds the wait for a pooled connection, behind a burst.
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(30), read: .seconds(60)))
        configuration.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        configuration.connectionPool.retryConnectionEstablishment = false
        http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func shutdown() async { try? await http.shutdown() }

    var all: [FleetExchange] { exchanges.withLock { $0 } }

    /// When `replica` first answered 200 to a request sent after `instant`.
    func firstSigned(by replica: Int, sentAfter instant: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        all.filter { $0.replica == replica && $0.status == 200 && $0.issued > instant }.map(\.answered).min()
    }

    /// How many rounds have an answer to a request sent after `instant`.
    func rounds(sentAfter instant: ContinuousClock.Instant) -> Int {
        Set(all.filter { $0.issued > instant }.map(\.round)).count
    }

    /// Posts `request` to `replica` as Lighthouse does and records the exchange.
    @discardableResult
    func send(_ request: FleetRequest, to replica: SignerReplica, index: Int, round: Int = 0) async -> FleetExchange {
        var http = HTTPClientRequest(url: "\(replica.baseURL)/api/v1/eth2/sign/\(request.pubkey)")
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "Accept", value: "application/json")
        http.body = .bytes(ByteBuffer(bytes: request.body))
        let issued = ContinuousClock.now
        var status = -1
        var text = ""
        do {
            let response = try await self.http.execute(http, timeout: .seconds(60))
            status = Int(response.status.code)
            text = String(buffer: try await response.body.collect(upTo: 1 << 16))
        } catch {
            text = "\(error)"
        }
        let exchange = FleetExchange(
            request: request, replica: index, round: round, issued: issued, answered: .now, status: status, body: text)
        exchanges.withLock { $0.append(exchange) }
        return exchange
    }

    func get(_ url: String) async -> (status: Int, body: String) {
        do {
            let response = try await http.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
            return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 16)))
        } catch {
            return (-1, "\(error)")
        }
    }
}

/// What slashing protection promises about the signatures a fleet released, checked over the 200
/// responses of every replica together.
enum FleetAudit {
    /// Every pair of released signatures a slashing rule forbids, per key: two blocks at one slot,
    /// two attestations with one target, an attestation surrounding another. Empty when safe.
    static func conflicts(_ exchanges: [FleetExchange]) -> [String] {
        var blocks: [String: [Slot: Set<Root>]] = [:]
        var attestations: [String: [Epoch: Set<FleetVote>]] = [:]
        for exchange in exchanges where exchange.status == 200 {
            let request = exchange.request
            switch request.protection {
            case .block(let slot): blocks[request.pubkey, default: [:]][slot, default: []].insert(request.signingRoot)
            case .attestation(let source, let target):
                attestations[request.pubkey, default: [:]][target, default: []].insert(FleetVote(source: source, target: target, root: request.signingRoot))
            }
        }
        var found: [String] = []
        for (pubkey, slots) in blocks {
            for (slot, roots) in slots where roots.count > 1 {
                found.append("\(pubkey.prefix(12))…: \(roots.count) different blocks signed at slot \(slot)")
            }
        }
        for (pubkey, targets) in attestations {
            for (target, votes) in targets where votes.count > 1 {
                found.append("\(pubkey.prefix(12))…: \(votes.count) different attestations signed with target \(target)")
            }
            let votes = targets.values.flatMap { $0 }
            for a in votes {
                for b in votes where a.source < b.source && b.target < a.target {
                    found.append("\(pubkey.prefix(12))…: (\(a.source), \(a.target)) surrounds (\(b.source), \(b.target)); both signed")
                }
            }
        }
        return found
    }

    /// The 200 responses whose message the slashing database does not hold (same key, slot or
    /// target, and signing root): a signature released without a committed record. Empty when safe.
    static func unrecorded(_ exchanges: [FleetExchange], in database: FleetDatabase) throws -> [String] {
        let blocks = Set(try database.query(
            "SELECT encode(v.pubkey, 'hex'), b.slot, encode(b.signing_root, 'hex') FROM signed_blocks b JOIN validators v ON v.id = b.validator_id"))
        let attestations = Set(try database.query(
            """
            SELECT encode(v.pubkey, 'hex'), a.source_epoch, a.target_epoch, encode(a.signing_root, 'hex')
            FROM signed_attestations a JOIN validators v ON v.id = a.validator_id
            """))
        var missing: [String] = []
        for exchange in exchanges where exchange.status == 200 {
            let request = exchange.request
            let key = request.pubkey.dropFirst(2)
            let row: String
            let found: Bool
            switch request.protection {
            case .block(let slot):
                row = "\(key) \(slot) \(request.signingRoot)"
                found = blocks.contains(row)
            case .attestation(let source, let target):
                row = "\(key) \(source) \(target) \(request.signingRoot)"
                found = attestations.contains(row)
            }
            if !found { missing.append("signed by replica \(exchange.replica) but not in the slashing database: \(row)") }
        }
        return missing
    }

    /// Whether the signatures of (up to `limit` of) the 200 responses are valid BLS signatures by
    /// their key over the signing root computed from their request (one batch verification).
    static func signaturesVerify(_ exchanges: [FleetExchange], limit: Int = 16) throws -> Bool {
        let signed = exchanges.filter { $0.status == 200 }
        let step = max(1, signed.count / limit)
        var items: [BLS.BatchItem] = []
        for exchange in stride(from: 0, to: signed.count, by: step).map({ signed[$0] }).prefix(limit) {
            guard let signature = exchange.signature else { return false }
            items.append(BLS.BatchItem(
                publicKey: try BLS12381.PublicKey(bytes: bytes(fromHex: exchange.request.pubkey)), message: exchange.request.signingRoot.bytes,
                signature: try BLS12381.Signature(bytes: bytes(fromHex: signature))))
        }
        return !items.isEmpty && BLS.batchVerify(items)
    }

    /// Counts by status, e.g. `[200: 1, 412: 999]`.
    static func statuses(_ exchanges: some Sequence<FleetExchange>) -> [Int: Int] {
        exchanges.reduce(into: [:]) { $0[$1.status, default: 0] += 1 }
    }
}

/// A released attestation, as the surround rule compares them.
struct FleetVote: Hashable, Sendable {
    let source: Epoch
    let target: Epoch
    let root: Root
}

/// Load in rounds on a schedule, as validator clients send it (each duty at its time, whether or
/// not earlier requests have been answered): round r starts `interval` after round r - 1 and sends
/// its requests at once, each to its replica. At most `maxInFlight` rounds wait for answers; then
/// the schedule waits too. Runs until ``stop()`` or `rounds` rounds.
final class FleetLoad: Sendable {
    let rounds: Int
    private let started = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)

    init(rounds: Int) { self.rounds = rounds }

    /// Rounds answered in full so far.
    var roundsDone: Int { finished.load(ordering: .relaxed) }

    func stop() { stopped.store(true, ordering: .relaxed) }

    /// Runs the load beside `body`; when `body` returns, waits for the load to end (``stop()`` it
    /// in `body` to end it early); when `body` throws, stops the load first.
    func running<R>(
        interval: Duration, maxInFlight: Int, seed: UInt64, client: FleetClient, replicas: [SignerReplica],
        make: @escaping @Sendable (Int, inout RequestFactory) throws -> [(FleetRequest, Int)], _ body: () async throws -> R
    ) async throws -> R {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await self.run(interval: interval, maxInFlight: maxInFlight, seed: seed, client: client, replicas: replicas, make: make)
            }
            do {
                let result = try await body()
                try await group.waitForAll()
                return result
            } catch {
                stop()
                throw error
            }
        }
    }

    /// - Parameter make: the requests of round `r` and the replica (index) each goes to.
    func run(
        interval: Duration, maxInFlight: Int, seed: UInt64, client: FleetClient, replicas: [SignerReplica],
        make: @Sendable (Int, inout RequestFactory) throws -> [(FleetRequest, Int)]
    ) async throws {
        var factory = RequestFactory(seed: seed, genesisValidatorsRoot: TestVault.gvrHex)
        try await withThrowingDiscardingTaskGroup { group in
            var next = ContinuousClock.now
            for round in 0..<rounds {
                while started.load(ordering: .relaxed) - finished.load(ordering: .relaxed) >= maxInFlight, !stopped.load(ordering: .relaxed) {
                    try await Task.sleep(for: .milliseconds(5))
                }
                guard !stopped.load(ordering: .relaxed) else { break }
                let requests = try make(round, &factory)
                started.add(1, ordering: .relaxed)
                group.addTask {
                    await withDiscardingTaskGroup { inner in
                        for (request, replica) in requests {
                            inner.addTask { await client.send(request, to: replicas[replica], index: replica, round: round) }
                        }
                    }
                    self.finished.add(1, ordering: .relaxed)
                }
                next = max(next + interval, .now)
                try await Task.sleep(until: next)
            }
        }
    }

    /// Waits until `condition` holds, checking every 10 ms; false after `limit`.
    static func wait(upTo limit: Duration, _ condition: () -> Bool) async throws -> Bool {
        let started = ContinuousClock.now
        while !condition() {
            guard ContinuousClock.now - started < limit else { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}
