import ArgumentParser
import EthereumCore
import EthereumTransactions
import Foundation
import Secp256k1

/// `etherkeep bench accounts`: transactions signed per second and Keccak-256 throughput, beside
/// eth-account (Python) doing the same work in the same run. Prints figures; asserts nothing.
struct BenchAccounts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts", abstract: "EIP-1559 signing and Keccak-256 throughput vs eth-account.")

    @Option(help: "Transactions to sign.") var iterations = 5000

    func validate() throws {
        guard iterations >= 1, keccakMiB >= 1, smallHashes >= 1 else {
            throw ValidationError("--iterations, --keccak-mi-b and --small-hashes must be at least 1")
        }
    }
    @Option(help: "MiB to hash with Keccak-256.") var keccakMiB = 64
    @Option(help: "32-byte inputs to hash.") var smallHashes = 200_000
    @Option(help: "The eth-account side (default: Benchmarks/eth_account_bench.py in this source tree).")
    var referenceScript: String?
    @Flag(help: "Skip the eth-account side.") var swiftOnly = false

    struct ReferenceRequest: Encodable {
        let key: String
        let tx: TransactionJSON
        let iterations: Int
        let keccakMiB: Int
        let smallHashes: Int
    }
    struct ReferenceResult: Decodable {
        let raw: String
        let txPerSecond: Double
        let keccakMBPerSecond: Double
        let smallHashesPerSecond: Double
        let backend: String
        let versions: [String: String]
    }

    func run() throws {
        // A fixed, public benchmark key (not a secret: 0x46…46, the EIP-155 example's key).
        let keyBytes = [UInt8](repeating: 0x46, count: 32)
        let key = try PrivateKey(bytes: keyBytes)
        let txJSON = #"{"type": "0x2", "chainId": "0x1", "nonce": "0x2a", "gas": "0x5208", "maxFeePerGas": "0x6fc23ac00", "maxPriorityFeePerGas": "0x3b9aca00", "to": "0x3535353535353535353535353535353535353535", "value": "0xde0b6b3a7640000", "data": "0x", "accessList": []}"#
        let tx = try Transaction.parse(json: Data(txJSON.utf8)).transaction
        let dto = try JSONDecoder().decode(TransactionJSON.self, from: Data(txJSON.utf8))

        // Swift: full signing path (payload, Keccak-256, RFC 6979 ECDSA, raw encoding, tx hash).
        var raw = try tx.signed(with: key).raw
        let clock = ContinuousClock()
        var elapsed = try clock.measure { for _ in 0..<iterations { raw = try tx.signed(with: key).raw } }
        let txRate = Double(iterations) / elapsed.seconds

        let block = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0) }
        var sink: UInt8 = 0
        elapsed = clock.measure { for _ in 0..<keccakMiB { sink ^= Keccak256.hash(block)[0] } }
        let mbRate = Double(keccakMiB) * Double(block.count) / 1e6 / elapsed.seconds
        let small = [UInt8](repeating: 0, count: 32)
        elapsed = clock.measure { for _ in 0..<smallHashes { sink ^= Keccak256.hash(small)[0] } }
        let smallRate = Double(smallHashes) / elapsed.seconds

        var reference: ReferenceResult?
        if !swiftOnly {
            reference = try runReference(ReferenceRequest(
                key: Hex.encode(keyBytes), tx: dto, iterations: iterations, keccakMiB: keccakMiB, smallHashes: smallHashes))
        }
        print("etherkeep bench accounts  (\(iterations) EIP-1559 signatures, \(keccakMiB) MiB, \(smallHashes) small hashes; sink \(sink & 0))")
        if let reference {
            print("reference: eth-account \(reference.versions["eth-account"] ?? "?") with eth-keys backend \(reference.backend); "
                + "eth-hash backend pycryptodome \(reference.versions["pycryptodome"] ?? "?")")
            print("same signed transaction on both sides: \(Hex.encode(raw) == reference.raw ? "yes" : "NO")")
        }
        row("metric", "etherkeep", "eth-account", "ratio")
        row("tx signed/s", fmt(txRate), reference.map { fmt($0.txPerSecond) }, reference.map { ratio(txRate, $0.txPerSecond) })
        row("Keccak-256 MB/s (1 MiB)", fmt(mbRate), reference.map { fmt($0.keccakMBPerSecond) }, reference.map { ratio(mbRate, $0.keccakMBPerSecond) })
        row("Keccak-256 32 B hashes/s", fmt(smallRate), reference.map { fmt($0.smallHashesPerSecond) }, reference.map { ratio(smallRate, $0.smallHashesPerSecond) })
    }

    private func runReference(_ request: ReferenceRequest) throws -> ReferenceResult {
        let output = try ReferenceProcess.run(
            script: referenceScript ?? ReferenceProcess.script("eth_account_bench.py"),
            request: try JSONEncoder().encode(request), what: "eth-account")
        return try JSONDecoder().decode(ReferenceResult.self, from: output)
    }

    private func row(_ a: String, _ b: String, _ c: String?, _ d: String?) {
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        print(pad(a, 26) + pad(b, 14) + pad(c ?? "-", 14) + (d ?? "-"))
    }

    private func fmt(_ x: Double) -> String { x >= 100 ? String(Int(x.rounded())) : String(format: "%.1f", x) }
    private func ratio(_ a: Double, _ b: Double) -> String { String(format: "%.1f×", a / b) }
}
