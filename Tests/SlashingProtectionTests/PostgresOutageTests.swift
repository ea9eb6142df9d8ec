import ConsensusTypes
import Foundation
import SlashingProtection
import SlashingProtectionPostgres
import Testing

/// The database going away: every check-and-record fails with `unavailable` (within the deadline)
/// and nothing is signed; when it comes back the pool reconnects and signing resumes, with the
/// history intact.
@Suite struct PostgresOutageTests {
    static let relay = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/tcp_relay.py")

    static func startRelay(listen: Int, target: Int) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", relay.path, "\(listen)", "\(target)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        // Not the test's own stderr: a relay outliving a failed test must not hold the runner's pipe.
        process.standardError = FileHandle.nullDevice
        try process.run()
        _ = pipe.fileHandleForReading.availableData  // "ready"
        return process
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 ? getsockname(fd, $0, &length) : -1 }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test(.enabled(if: StoreKind.available.contains(.postgres))) func outageIsUnavailableThenRecovers() async throws {
        var config = try await StoreKind.newPostgresDatabase()
        let port = Self.freePort()
        var relay = try Self.startRelay(listen: port, target: config.port)
        defer {
            kill(relay.processIdentifier, SIGKILL)
            relay.waitUntilExit()
        }
        config.port = port
        config.timeout = .seconds(3)
        let gvr = Root.zero
        let store = try await PostgresSlashingProtectionStore.open(config, genesisValidatorsRoot: gvr)
        let pubkey = try BLSPubkey(Array(repeating: 0xe9, count: 48))
        try await store.register([pubkey])
        let root = Root(unchecked: Array(repeating: 3, count: 32))
        #expect(try await store.check(.block(pubkey, slot: 1, signingRoot: root, genesisValidatorsRoot: gvr)) == .safe(.valid))

        kill(relay.processIdentifier, SIGKILL)
        relay.waitUntilExit()
        let started = ContinuousClock.now
        await #expect(throws: SlashingProtectionError(.unavailable, "")) {
            _ = try await store.check(.block(pubkey, slot: 2, signingRoot: root, genesisValidatorsRoot: gvr))
        }
        #expect(ContinuousClock.now - started < .seconds(30))

        relay = try Self.startRelay(listen: port, target: Int(try #require(URLComponents(string: ProcessInfo.processInfo.environment["ETHERKEEP_POSTGRES_URL"] ?? "")?.port)))
        var decision: SigningDecision?
        for _ in 0..<40 where decision == nil {
            decision = try? await store.check(.block(pubkey, slot: 2, signingRoot: root, genesisValidatorsRoot: gvr))
            if decision == nil { try await Task.sleep(for: .milliseconds(250)) }
        }
        #expect(decision == .safe(.valid))
        // History survived: slot 1 with another root is still refused.
        #expect(try await store.check(.block(pubkey, slot: 1, signingRoot: .zero, genesisValidatorsRoot: gvr)).isSafe == false)
        await store.shutdown()
    }
}
