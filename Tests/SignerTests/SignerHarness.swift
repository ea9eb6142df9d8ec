import AsyncHTTPClient
import BLS12381
import ConsensusTypes
import Foundation
import Keygen
import Logging
import NIOCore
import NIOHTTP1
import Signer
import SlashingProtection
import SlashingProtectionSQLite
import ValidatorKeys
import Vault

/// A temporary data directory holding an embedded vault with keys made by the real keygen code
/// (fast PBKDF2 keystores), and the slashing-protection SQLite file beside it.
final class TestVault: @unchecked Sendable {
    let directory: String
    let pubkeys: [String]

    static let chain = ChainSetting.hoodi
    static var genesisValidatorsRoot: Root { chain.genesisValidatorsRoot ?? .zero }
    static var gvrHex: String { "0x\(genesisValidatorsRoot)" }

    init(keys: Int) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("etherkeep-signer-\(UUID().uuidString)").path
        let vault = try DataDirectory(explicit: directory).openVault()
        let plan = KeygenPlan(
            count: keys, language: .english, chain: Self.chain, withdrawal: .bls, amountGwei: DepositAmount.activationAmountGwei,
            kdf: .custom(.pbkdf2(c: 16, salt: Array(repeating: 7, count: 32))))
        let generated = try await ValidatorKeyBatch.generate(plan)
        _ = try await vault.add(generated.keys)
        pubkeys = generated.pubkeys.map { "0x" + $0 }
    }

    func vault() throws -> Vault { try DataDirectory(explicit: directory).openVault() }
    var storePath: String { directory + "/slashing-protection.sqlite" }
    func store() throws -> SQLiteSlashingProtectionStore {
        try SQLiteSlashingProtectionStore(path: storePath, genesisValidatorsRoot: Self.genesisValidatorsRoot)
    }

    /// The keys of the vault's unassigned active rows, as the signer loads them.
    func loadKeys() async throws -> KeyRing {
        let found = await KeyLoader.vault(try vault(), signer: "none")
        let decrypted = await KeyLoader.decryptAll(found.pending)
        guard found.failures.isEmpty, decrypted.failures.isEmpty else {
            throw SignerTestFailure("keys failed to load: \(found.failures + decrypted.failures)")
        }
        return KeyRing(decrypted.keys)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

struct SignerTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A signer served in-process on a free loopback port.
final class RunningSigner: @unchecked Sendable {
    let port: Int
    /// The metrics listener's port, when metrics are served.
    let metricsPort: Int?
    let server: SignerServer
    private let task: Task<Void, any Error>

    var baseURL: String { "http://127.0.0.1:\(port)" }

    private init(port: Int, metricsPort: Int?, server: SignerServer, task: Task<Void, any Error>) {
        self.port = port
        self.metricsPort = metricsPort
        self.server = server
        self.task = task
    }

    static func start(
        keys: KeyRing, store: any SlashingProtectionStore, audit: AuditLog? = nil, metrics: SignerMetrics? = nil,
        configure: (inout SignerConfiguration) -> Void = { _ in }
    ) async throws -> RunningSigner {
        try await start(
            manager: KeyManager(ring: keys, sources: KeySources(), store: store, failures: 0, chain: "hoodi", logger: quietLogger, metrics: metrics),
            audit: audit, configure: configure)
    }

    /// A signer whose keys come from `manager` (its sources are what reloads and imports use).
    static func start(
        manager: KeyManager, audit: AuditLog? = nil, configure: (inout SignerConfiguration) -> Void = { _ in }
    ) async throws -> RunningSigner {
        var configuration = SignerConfiguration(
            host: "127.0.0.1", port: 0, genesisValidatorsRoot: TestVault.genesisValidatorsRoot,
            genesisForkVersion: TestVault.chain.genesisForkVersion)
        configure(&configuration)
        let server = SignerServer(configuration: configuration, manager: manager, logger: quietLogger, audit: audit)
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let (metricsStream, metricsContinuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            try await server.run(onListening: { port in continuation.yield(port) }, onMetricsListening: { port in metricsContinuation.yield(port) })
        }
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw SignerTestFailure("the signer did not start") }
        var metricsPort: Int?
        if configuration.metricsPort != nil {
            var metricsIterator = metricsStream.makeAsyncIterator()
            metricsPort = await metricsIterator.next()
        }
        return RunningSigner(port: port, metricsPort: metricsPort, server: server, task: task)
    }

    /// The cancellation that stops a test signer logs errors: only critical lines are kept.
    static var quietLogger: Logger {
        var logger = Logger(label: "signer-test")
        logger.logLevel = .critical
        return logger
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// A response: status, content type and body text.
struct HTTPResult: Sendable {
    let status: Int
    let contentType: String
    let body: String
}

enum HTTP {
    static func post(_ url: String, body: [UInt8], headers: [(String, String)] = [("Content-Type", "application/json")]) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await execute(request)
    }

    static func get(_ url: String, headers: [(String, String)] = []) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        return try await execute(request)
    }

    /// Any method, with an optional JSON body.
    static func send(_ method: HTTPMethod, _ url: String, body: [UInt8]? = nil, headers: [(String, String)] = []) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return try await execute(request)
    }

    private static func execute(_ request: HTTPClientRequest) async throws -> HTTPResult {
        // Generous: a thousand requests queue on the shared client's few connections, and on a
        // loaded 2-core machine a debug signer can take minutes for all of them. The tests'
        // properties do not depend on the time; a hang still fails.
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(300))
        let body = try await response.body.collect(upTo: 1 << 22)
        return HTTPResult(
            status: Int(response.status.code), contentType: response.headers.first(name: "content-type") ?? "",
            body: String(buffer: body))
    }

    /// Signs as Lighthouse does: JSON with `Accept: application/json`; returns the signature hex.
    static func sign(_ base: String, pubkey: String, body: Any) async throws -> HTTPResult {
        try await post("\(base)/api/v1/eth2/sign/\(pubkey)", body: jsonBytes(body),
                       headers: [("Content-Type", "application/json"), ("Accept", "application/json")])
    }
}

/// The `signature` of a JSON signing response.
func signatureHex(_ result: HTTPResult) -> String? {
    guard result.status == 200, let object = try? JSONSerialization.jsonObject(with: Data(result.body.utf8)) as? [String: Any] else { return nil }
    return object["signature"] as? String
}

func bytes(fromHex text: String) -> [UInt8] {
    var digits = Substring(text)
    if digits.hasPrefix("0x") { digits = digits.dropFirst(2) }
    var out: [UInt8] = []
    var i = digits.startIndex
    while i < digits.endIndex {
        let j = digits.index(i, offsetBy: 2)
        out.append(UInt8(digits[i..<j], radix: 16) ?? 0)
        i = j
    }
    return out
}
