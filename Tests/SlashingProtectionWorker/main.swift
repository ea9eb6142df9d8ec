// Test helper for SlashingProtectionTests' concurrency and crash tests: a separate OS process that
// checks and records against a shared store.
//
// Usage: SlashingProtectionWorker <sqlite:PATH | postgres:URL> <mode> <args…>
//   race-blocks N SLOT [direct]         N concurrent requests, one validator, block at SLOT, distinct roots
//   race-attestations N TARGET [direct] N concurrent requests, one validator, (0, TARGET), distinct roots
//   loop                                blocks and attestations forever, conflicting ones mixed in
// Every allowed decision is printed ("allowed block SLOT ROOT", "allowed attestation S T ROOT") the
// moment it is returned, unbuffered, so a parent that kill -9s the process knows each one it saw
// was released. Requests go through GroupCommit unless `direct` is given (then straight to the store,
// concurrently). PostgreSQL's password comes from PGPASSWORD.
import ConsensusTypes
import Foundation
import SlashingProtection
import SlashingProtectionPostgres
import SlashingProtectionSQLite

func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("SlashingProtectionWorker: \(message)\n".utf8))
    exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else { fail("usage: SlashingProtectionWorker <sqlite:PATH|postgres:URL> <mode> <args…>") }
let pubkey = BLSPubkey(unchecked: [UInt8](repeating: 0xa5, count: 48))
let gvr = Root.zero

func openStore(_ spec: String) async throws -> any SlashingProtectionStore {
    if spec.hasPrefix("sqlite:") {
        return try SQLiteSlashingProtectionStore(path: String(spec.dropFirst(7)), genesisValidatorsRoot: gvr)
    }
    if spec.hasPrefix("postgres:") {
        let config = try PostgresConfiguration(url: String(spec.dropFirst(9)), password: ProcessInfo.processInfo.environment["PGPASSWORD"])
        return try await PostgresSlashingProtectionStore.open(config, genesisValidatorsRoot: gvr)
    }
    fail("unknown store \(spec)")
}

func randomRoot() -> Root { Root(unchecked: (0..<32).map { _ in UInt8.random(in: 0...255) }) }

let store = try await openStore(arguments[1])
try await store.register([pubkey])
let group = GroupCommit(store: store)

func check(_ request: SigningRequest, direct: Bool) async throws -> SigningDecision {
    if direct {
        return try await store.checkAndRecord([request])[0]
    }
    return try await group.checkAndRecord(request)
}

func describe(_ message: SigningRequest.Message) -> String {
    switch message {
    case .block(let b): "block \(b.slot) \(b.signingRoot.map { "\($0)" } ?? "-")"
    case .attestation(let a): "attestation \(a.sourceEpoch) \(a.targetEpoch) \(a.signingRoot.map { "\($0)" } ?? "-")"
    }
}

switch arguments[2] {
case "race-blocks", "race-attestations":
    guard arguments.count >= 5, let n = Int(arguments[3]), let at = UInt64(arguments[4]) else { fail("race needs N and SLOT/TARGET") }
    let direct = arguments.count > 5 && arguments[5] == "direct"
    let blocks = arguments[2] == "race-blocks"
    let requests: [SigningRequest] = (0..<n).map { _ in
        blocks
            ? .block(pubkey, slot: at, signingRoot: randomRoot(), genesisValidatorsRoot: gvr)
            : .attestation(pubkey, sourceEpoch: 0, targetEpoch: at, signingRoot: randomRoot(), genesisValidatorsRoot: gvr)
    }
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        for request in requests {
            tasks.addTask {
                if try await check(request, direct: direct) == .safe(.valid) { say("allowed \(describe(request.message))") }
            }
        }
        try await tasks.waitForAll()
    }
    say("done")
case "loop":
    // Continue above whatever earlier runs recorded.
    let status = try await store.status(pubkeys: [pubkey]).first
    var slot = (status?.highestBlockSlot ?? 0) + 1
    var epoch = (status?.highestTargetEpoch ?? 1) + 1
    while true {
        var requests: [SigningRequest] = []
        for _ in 0..<8 {
            slot += UInt64.random(in: 1...3)
            epoch += 1
            requests.append(.block(pubkey, slot: slot, signingRoot: randomRoot(), genesisValidatorsRoot: gvr))
            // A conflicting block at the same slot, and a double vote, in flight at the same time.
            requests.append(.block(pubkey, slot: slot, signingRoot: randomRoot(), genesisValidatorsRoot: gvr))
            requests.append(.attestation(pubkey, sourceEpoch: epoch - 1, targetEpoch: epoch, signingRoot: randomRoot(), genesisValidatorsRoot: gvr))
            requests.append(.attestation(pubkey, sourceEpoch: epoch - 1, targetEpoch: epoch, signingRoot: randomRoot(), genesisValidatorsRoot: gvr))
            // A surround attempt around the recent history.
            requests.append(
                .attestation(pubkey, sourceEpoch: epoch - 3, targetEpoch: epoch + 1, signingRoot: randomRoot(), genesisValidatorsRoot: gvr))
        }
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for request in requests.shuffled() {
                tasks.addTask {
                    if try await check(request, direct: false) == .safe(.valid) { say("allowed \(describe(request.message))") }
                }
            }
            try await tasks.waitForAll()
        }
        epoch += 1
    }
default:
    fail("unknown mode \(arguments[2])")
}
