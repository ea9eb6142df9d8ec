public import Foundation

/// Settings of a fuzz run, from the environment: `ETHERKEEP_FUZZ_SEED` (decimal or 0x-hex; a
/// fixed default so CI runs are reproducible) and `ETHERKEEP_FUZZ_SECONDS` (the budget shared by
/// all targets, default 60).
public struct FuzzConfiguration: Sendable {
    public static let defaultSeed: UInt64 = 0x00e7_4e4b_ee9f_0001
    public var seed: UInt64
    public var totalSeconds: Double

    public init(seed: UInt64 = defaultSeed, totalSeconds: Double = 60) {
        self.seed = seed
        self.totalSeconds = totalSeconds
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> FuzzConfiguration {
        var config = FuzzConfiguration()
        if let text = env["ETHERKEEP_FUZZ_SEED"], !text.isEmpty {
            let parsed = text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
            if let parsed { config.seed = parsed }
        }
        if let text = env["ETHERKEEP_FUZZ_SECONDS"], let seconds = Double(text), seconds > 0 { config.totalSeconds = seconds }
        return config
    }
}

/// What one target's run did.
public struct FuzzReport: Sendable, CustomStringConvertible {
    public let target: String
    public let iterations: Int
    public let seconds: Double
    /// Inputs that broke a property, with the reason.
    public let failures: [(input: [UInt8], reason: String)]
    /// The slowest input and its time, in seconds (a parser that is slow on some input is a
    /// denial of service waiting to happen).
    public let slowest: (input: [UInt8], seconds: Double)

    public var description: String {
        "\(target): \(iterations) inputs in \(String(format: "%.1f", seconds)) s, \(failures.count) failure(s), slowest input "
            + "\(String(format: "%.3f", slowest.seconds)) s (\(slowest.input.count) bytes)"
    }
}

/// The random-mutation loop until the time is up: the seeds as they are, alternating with mutated
/// seeds (so slow targets mutate within a small budget too; `FuzzRegressionTests` runs every seed),
/// then mutated seeds only.
public enum FuzzRunner {
    public static func run(_ target: FuzzTarget, seed: UInt64, seconds: Double, maxFailures: Int = 5) async throws -> FuzzReport {
        CrashReporter.install()
        let seeds = try target.seeds()
        let mutator = Mutator(seeds: seeds, json: target.json)
        var rng = FuzzRandom(seed: FuzzRandom.derive(seed, target.name))
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .milliseconds(Int64(seconds * 1000))
        var iterations = 0
        var failures: [(input: [UInt8], reason: String)] = []
        var pending = seeds[...]
        var slowest: (input: [UInt8], time: Duration) = ([], .zero)
        while failures.count < maxFailures {
            guard clock.now < deadline || iterations == 0 else { break }
            let input: [UInt8]
            if iterations % 2 == 0, let next = pending.popFirst() { input = next } else { input = mutator.next(&rng) }
            CrashReporter.willRun(target.name, input)
            let began = clock.now
            do throws(FuzzFailure) { try await target.body(input) } catch { failures.append((input, error.reason)) }
            CrashReporter.didRun()
            let took = clock.now - began
            if took > slowest.time { slowest = (input, took) }
            iterations += 1
        }
        let elapsed = clock.now - start
        return FuzzReport(
            target: target.name, iterations: iterations,
            seconds: elapsed.fuzzSeconds, failures: failures, slowest: (slowest.input, slowest.time.fuzzSeconds))
    }
}

extension Duration {
    var fuzzSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
