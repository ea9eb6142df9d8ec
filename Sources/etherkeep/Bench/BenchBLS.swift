import ArgumentParser
import BLS12381
import EthereumCore
import Foundation

/// `etherkeep bench bls`: median nanoseconds per BLS12-381 operation, beside blst (blspy) measured
/// in the same run. Prints figures; asserts nothing. Build with `-c release`.
struct BenchBLS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bls", abstract: "BLS12-381 operations (ns/op, median) vs blst through blspy.")

    @Option(help: "Samples per operation (the median is reported).") var samples = 7

    func validate() throws {
        guard (1...10_000).contains(samples) else { throw ValidationError("--samples must be from 1 to 10000") }
    }
    @Flag(help: "Print one JSON object of our medians (ns/op) and nothing else; skips the reference.") var json = false
    @Flag(help: "Skip the blst side.") var swiftOnly = false
    @Flag(help: "Also time the phases of one sign and one verify (where the time goes).") var profile = false

    /// The operations, in the order of the JSON keys.
    static let keys = ["fp_mul", "fp_inv", "g1_mul", "g2_mul", "sk_to_pk", "hash_to_g2", "sign", "verify",
                       "pairing", "aggregate_64", "fast_aggregate_verify_64", "batch_verify_64"]

    func run() throws {
        // Fixed, public benchmark keys (derived from a counter, not secrets).
        let secretKeys = try (1...64).map { i in
            try SecretKey(bytes: [UInt8](repeating: 0, count: 24) + withUnsafeBytes(of: UInt64(i * 7919).bigEndian, Array.init))
        }
        let sk = secretKeys[0]
        let message = [UInt8](repeating: 0xab, count: 32)
        let pkBytes = sk.publicKey().compressed
        let sigBytes = sk.sign(message).compressed
        let signatures = secretKeys.map { $0.sign(message) }
        let pkBytes64 = secretKeys.map { $0.publicKey().compressed }
        let aggregateBytes = try BLS.aggregate(signatures).compressed
        // Batch verification: 64 keys, each signing its own message; points already decoded on
        // both sides (blst verifies the 64 one by one, on one core; ours is one batch on all cores).
        let batchMessages = (0..<64).map { i in [UInt8](repeating: 0xab, count: 31) + [UInt8(i)] }
        let batchItems = zip(secretKeys, batchMessages).map { key, message in
            BLS.BatchItem(publicKey: key.publicKey(), message: message, signature: key.sign(message))
        }
        var sink: UInt64 = 0

        func measure(_ perSample: Int, _ body: () throws -> Void) rethrows -> Double {
            try Timing.medianNanoseconds(samples: samples, perSample: perSample, body)
        }
        var ours: [String: Double] = [:]
        ours["fp_mul"] = measure(1) { sink ^= BLSMicrobenchmarks.fpMultiply(iterations: 100_000) } / 100_000
        ours["fp_inv"] = measure(1) { sink ^= BLSMicrobenchmarks.fpInverse(iterations: 200) } / 200
        ours["g1_mul"] = measure(1) { sink ^= BLSMicrobenchmarks.g1Multiply(iterations: 20) } / 20
        ours["g2_mul"] = measure(1) { sink ^= BLSMicrobenchmarks.g2Multiply(iterations: 10) } / 10
        ours["sk_to_pk"] = measure(20) { sink ^= UInt64(sk.publicKey().compressed[1]) }
        ours["hash_to_g2"] = measure(1) { sink ^= BLSMicrobenchmarks.hashToG2(iterations: 20, message: message) } / 20
        ours["sign"] = measure(20) { sink ^= UInt64(sk.sign(message).compressed[1]) }
        ours["verify"] = try measure(10) {
            let ok = BLS.verify(publicKey: try PublicKey(bytes: pkBytes), message: message, signature: try Signature(bytes: sigBytes))
            guard ok else { throw CLIError("bench: a signature made for the benchmark does not verify") }
        }
        ours["pairing"] = measure(1) { sink ^= BLSMicrobenchmarks.pairing(iterations: 10) } / 10
        ours["aggregate_64"] = try measure(10) { sink ^= UInt64(try BLS.aggregate(signatures).compressed[1]) }
        ours["fast_aggregate_verify_64"] = try measure(5) {
            let keys = try pkBytes64.map { try PublicKey(bytes: $0) }
            let ok = BLS.fastAggregateVerify(publicKeys: keys, message: message, signature: try Signature(bytes: aggregateBytes))
            guard ok else { throw CLIError("bench: the aggregate made for the benchmark does not verify") }
        }
        ours["batch_verify_64"] = try measure(3) {
            guard BLS.batchVerify(batchItems) else { throw CLIError("bench: the batch made for the benchmark does not verify") }
        }

        if json {
            let object = Dictionary(uniqueKeysWithValues: Self.keys.map { ($0, (ours[$0]! * 10).rounded() / 10) })  // invariant: every name in Self.keys was measured above; the names are distinct constants
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }

        var reference: [String: Any] = [:]
        if !swiftOnly {
            let request: [String: Any] = [
                "samples": samples, "message": Hex.encode(message, prefix: false),
                "batch_messages": batchMessages.map { Hex.encode($0, prefix: false) },
                "secret_keys": secretKeys.map { $0.withSerializedBytes { Hex.encode($0, prefix: false) } },
            ]
            let output = try ReferenceProcess.run(script: ReferenceProcess.script("bls_reference.py"),
                                                  request: try JSONSerialization.data(withJSONObject: request), what: "blspy")
            reference = (try JSONSerialization.jsonObject(with: output) as? [String: Any]) ?? [:]
        }
        print("etherkeep bench bls  (median of \(samples) samples; ns per operation; sink \(sink & 0))")
        if let version = reference["version"] as? String { print("reference: blst through blspy \(version) (PopSchemeMPL)") }
        print("rerun: swift build -c release && .build/release/etherkeep bench bls")
        row("operation", "etherkeep", "blst", "etherkeep/blst")
        for key in Self.keys {
            let mine = ours[key]!  // invariant: every name in Self.keys was measured above
            let theirs = reference[key] as? Double
            row(key, format(mine), theirs.map(format) ?? "-", theirs.map { String(format: "%.2f×", mine / $0) } ?? "-")
        }
        if reference["sk_to_pk"] != nil {
            print("note: blspy caches a key's public key, so its sk_to_pk is a lookup, not a scalar multiplication")
        }
        print("note: batch_verify_64 is 64 (key, message, signature) triples with distinct messages, points decoded:"
              + " ours one BLS.batchVerify on \(ProcessInfo.processInfo.activeProcessorCount) cores, blst 64 verify calls on one")
        print("field kernel: \(BLSMicrobenchmarks.fieldKernel)")
        if profile { try printProfile(message: message, publicKey: pkBytes, signature: sigBytes) }
    }

    /// Times each phase of one sign and one verify and prints its share of the whole.
    private func printProfile(message: [UInt8], publicKey: [UInt8], signature: [UInt8]) throws {
        for (title, phases) in [("sign", BLSPhases.signPhases(message: message)),
                                ("verify", try BLSPhases.verifyPhases(publicKey: publicKey, message: message, signature: signature))] {
            var sink: UInt64 = 0
            let timed = phases.map { name, body in (name, Timing.medianNanoseconds(samples: samples, perSample: 5) { sink ^= body() }) }
            let total = timed.reduce(0) { $0 + $1.1 }
            print("\nwhere the time goes: one \(title) (sum of phases \(format(total)) ns; sink \(sink & 0))")
            for (name, ns) in timed {
                row(name, format(ns), String(format: "%.0f%%", 100 * ns / total), "")
            }
        }
    }

    private func row(_ a: String, _ b: String, _ c: String, _ d: String) {
        func pad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        print(a + String(repeating: " ", count: max(0, 40 - a.count)) + pad(b, 14) + pad(c, 14) + pad(d, 16))
    }

    private func format(_ ns: Double) -> String { ns >= 100 ? String(Int(ns.rounded())) : String(format: "%.1f", ns) }
}
