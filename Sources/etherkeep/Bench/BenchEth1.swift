import ArgumentParser
import EthereumCore
import EthereumTransactions
import Foundation
import Logging
import Secp256k1
import Signer

/// `etherkeep bench eth1`: `eth_signTransaction` per second over HTTP (wrk, JSON-RPC) with a key
/// in the process, beside the raw signing rate of the same transactions on every core, timed in
/// the same run.
struct BenchEth1: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eth1", abstract: "eth_signTransaction over HTTP (wrk) beside the raw secp256k1 transaction signing rate.")

    @Option(help: "Seconds of load.") var duration = 10
    @Option(help: "wrk connections.") var connections = 32
    @Option(help: "wrk threads.") var threads = 1

    func run() async throws {
        print("etherkeep bench eth1 — rerun: scripts/setup --bench && swift build -c release && .build/release/etherkeep bench eth1")
        let wrk = try BenchSigner.tool("wrk")
        let script = ReferenceProcess.script("eth1_sign_transaction.lua")
        guard FileManager.default.fileExists(atPath: script) else { throw CLIError("bench: \(script) is missing (run from a source tree)") }
        let key = PrivateKey.generate()
        var logger = Logger(label: "bench-eth1")
        logger.logLevel = .error
        let server = Eth1Server(rpc: Eth1RPC(accounts: Eth1Accounts([Eth1Account(key: key)]), chainID: 1337, downstreamURL: nil), port: 0, logger: logger)
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await server.run(onListening: { continuation.yield($0) }) }
        defer { task.cancel() }
        var iterator = stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CLIError("bench: the eth1 signer did not start") }

        // Where the time goes, one core: the JSON-RPC layer without HTTP, and its parts.
        let body = Array(#"{"jsonrpc":"2.0","id":1,"method":"eth_signTransaction","params":[{"from":"\#(key.publicKey.address)","to":"0x000000000000000000000000000000000000dEaD","nonce":"0x1","gas":"0x5208","maxFeePerGas":"0x3b9aca00","maxPriorityFeePerGas":"0x1","value":"0x1","chainId":"0x539"}]}"#.utf8)
        let handling = ContinuousClock.now
        for _ in 0..<2000 { _ = await server.rpc.handle(body) }
        print(String(format: "JSON-RPC handling without HTTP, one core: %.0f/s", 2000 / (ContinuousClock.now - handling).seconds))
        var t = ContinuousClock.now
        for _ in 0..<2000 { _ = try? AnyJSON.parse(body, rejectingDuplicateKeys: true) }
        print(String(format: "  the body parsed (AnyJSON): %.1f µs", (ContinuousClock.now - t).seconds * 1e6 / 2000))
        let txJSON = Data(#"{"from":"\#(key.publicKey.address)","to":"0x000000000000000000000000000000000000dEaD","nonce":"0x1","gas":"0x5208","maxFeePerGas":"0x3b9aca00","maxPriorityFeePerGas":"0x1","value":"0x1","chainId":"0x539"}"#.utf8)
        let txObject = try AnyJSON.parse(txJSON)
        t = ContinuousClock.now
        for _ in 0..<2000 { _ = try? Transaction.parse(jsonObject: txObject) }
        print(String(format: "  the transaction read from it (AnyJSONDecoder): %.1f µs", (ContinuousClock.now - t).seconds * 1e6 / 2000))
        t = ContinuousClock.now
        for _ in 0..<2000 { _ = try? Transaction.parse(json: txJSON) }
        print(String(format: "  (the same from bytes with JSONDecoder, for comparison: %.1f µs)", (ContinuousClock.now - t).seconds * 1e6 / 2000))
        let tx = try Transaction.parse(json: txJSON).transaction
        let signer = LocalAccountSigner(key: key)
        t = ContinuousClock.now
        for _ in 0..<2000 { _ = try? await signer.sign(tx) }
        print(String(format: "  AccountSigner.sign (a key in the process: not recovered again): %.1f µs", (ContinuousClock.now - t).seconds * 1e6 / 2000))

        let before = try Self.rawRate(key)
        // wrk is waited for off the cooperative pool: the signer under load is in this process.
        let (threads, connections, duration, address) = (threads, connections, duration, "\(key.publicKey.address)")
        let load = try await Timing.offThePool {
            try WrkResult.run(
                wrk: wrk, script: script, url: "http://127.0.0.1:\(port)", threads: threads, connections: connections, seconds: duration,
                paced: false, arguments: [address])
        }
        let after = try Self.rawRate(key)
        let raw = (before + after) / 2
        print(String(format: "raw transaction signing (EIP-1559: encode, hash, sign), %d cores: %.0f/s (%.0f before the load, %.0f after)",
                      ProcessInfo.processInfo.activeProcessorCount, raw, before, after))
        print(String(format: "eth_signTransaction over HTTP (wrk %d threads, %d connections, %d s): %.0f/s = %.1f%% of raw (goal ≥ 70%%); "
                      + "latency p50 %.2f ms, p99 %.2f ms; %d failed",
                      threads, connections, duration, load.rate, 100 * load.rate / raw, load.p50, load.p99, load.failures))
    }

    /// Transactions signed per second on every core with `Transaction.signed(with:)`: encoded,
    /// hashed and signed, as the signer signs with a key in its process.
    static func rawRate(_ key: PrivateKey, perCore: Int = 3000) throws -> Double {
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let template = try Transaction.parse(json: Data(#"{"type":"0x2","chainId":"0x539","nonce":"0x0","gas":"0x5208","maxFeePerGas":"0x3b9aca00","maxPriorityFeePerGas":"0x1","to":"0x000000000000000000000000000000000000dEaD","value":"0x1"}"#.utf8)).transaction
        let started = ContinuousClock.now
        DispatchQueue.concurrentPerform(iterations: cores) { core in
            var transaction = template
            var sink: UInt8 = 0
            for i in 0..<perCore {
                transaction.nonce = UInt64(core * 1_000_000 + i)
                if let signed = try? transaction.signed(with: key) { sink ^= signed.raw.last ?? 0 }
            }
            BenchSigner.blackHole(sink)
        }
        return Double(cores * perCore) / (ContinuousClock.now - started).seconds
    }
}
