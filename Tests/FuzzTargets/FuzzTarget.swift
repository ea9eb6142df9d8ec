/// One fuzz target: a parser of outside bytes, its seed inputs, and a body that feeds it one
/// input. The body swallows the parser's own typed errors (refusing input is the parser's job)
/// and throws ``FuzzFailure`` only when a property breaks (a round trip that does not hold, an
/// error of an unexpected type). A crash ends the process, which fails the run.
public struct FuzzTarget: Sendable {
    public let name: String
    /// What the target covers, for the README and the logs.
    public let summary: String
    /// Whether JSON-aware mutations apply.
    public let json: Bool
    /// Seed inputs: public vectors (through `Vectors`) and hand-written ones.
    public let seeds: @Sendable () throws -> [[UInt8]]
    /// Runs one input.
    public let body: @Sendable ([UInt8]) async throws(FuzzFailure) -> Void

    public init(
        _ name: String, summary: String, json: Bool, seeds: @escaping @Sendable () throws -> [[UInt8]],
        body: @escaping @Sendable ([UInt8]) async throws(FuzzFailure) -> Void
    ) {
        self.name = name
        self.summary = summary
        self.json = json
        self.seeds = seeds
        self.body = body
    }
}

/// A broken property: the input was handled without a crash, but wrongly.
public struct FuzzFailure: Error, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Throws ``FuzzFailure`` unless `condition` holds.
func require(_ condition: Bool, _ reason: @autoclosure () -> String) throws(FuzzFailure) {
    if !condition { throw FuzzFailure(reason()) }
}

/// Every target, in a fixed order.
public enum FuzzCatalog {
    public static let all: [FuzzTarget] = [
        hex, rlp, rawTransaction, transactionJSON, typedData, der, bls,
        keystoreEIP2335, keystoreV3, mnemonic, depositAndChainSettings,
        lambdaPayloads, awsResponses, sigV4, awsProfileFile, nitroAttestation, enclaveProtocol, cmsRecipient, socketEndpoint,
    ]

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

extension Array where Element == UInt8 {
    /// Lower-case hex, for failure messages and regression tests.
    public var fuzzHex: String { map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
}

/// Seeds from text.
func utf8(_ texts: [String]) -> [[UInt8]] { texts.map { Array($0.utf8) } }
