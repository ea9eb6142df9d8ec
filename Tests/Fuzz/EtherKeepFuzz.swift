import Dispatch
import Foundation
import FuzzTargets

// One executable for every fuzz target, chosen by name.
//
// Built with `-sanitize=fuzzer,address -DETHERKEEP_LIBFUZZER` (scripts/fuzz), it is a libFuzzer
// target: libFuzzer supplies `main`, and `ETHERKEEP_FUZZ_TARGET` names the target. Built plainly,
// it runs the seeded random-mutation engine: `EtherKeepFuzz TARGET [SECONDS]`, `--list`,
// `--write-seeds DIR TARGET` (the seed corpus for libFuzzer), or `--replay TARGET FILE…`.

/// Runs one input through a target; a broken property aborts, so the fuzzer records it as a crash.
func runOne(_ target: FuzzTarget, _ input: [UInt8]) {
    let done = DispatchSemaphore(value: 0)
    let failure = FailureBox()
    Task {
        do throws(FuzzFailure) { try await target.body(input) } catch { failure.reason = error.reason }
        done.signal()
    }
    done.wait()
    if let reason = failure.reason {
        FileHandle.standardError.write(Data("fuzz: property broken in \(target.name): \(reason)\n".utf8))
        abort()
    }
}

final class FailureBox: @unchecked Sendable {  // written by one task before the semaphore is signalled
    var reason: String?
}

#if ETHERKEEP_LIBFUZZER
let libFuzzerTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["ETHERKEEP_FUZZ_TARGET"] ?? ""
    guard let target = FuzzCatalog.named(name) else {
        FileHandle.standardError.write(Data("set ETHERKEEP_FUZZ_TARGET to one of: \(FuzzCatalog.all.map(\.name).joined(separator: " "))\n".utf8))
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    runOne(libFuzzerTarget, input)
    return 0
}

/// libFuzzer's entry for programs that own `main` (LLVM 11 and later).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's `main` to `<module>_main`; hand the process to libFuzzer there.
@_cdecl("EtherKeepFuzz_main")
public func etherKeepFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
#else
@main
struct EtherKeepFuzz {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--list" {
            for target in FuzzCatalog.all { print("\(target.name)\t\(target.summary)") }
            return
        }
        if arguments.first == "--replay", arguments.count >= 3, let target = FuzzCatalog.named(arguments[1]) {
            for path in arguments.dropFirst(2) {
                let input = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
                let clock = ContinuousClock()
                CrashReporter.install()
                CrashReporter.willRun(target.name, input)
                let start = clock.now
                do throws(FuzzFailure) { try await target.body(input) } catch {
                    print("fuzz: \(path): property broken: \(error.reason)")
                    exit(1)
                }
                print("fuzz: \(path): ok in \(clock.now - start)")
            }
            return
        }
        if arguments.first == "--write-seeds", arguments.count == 3 {
            guard let target = FuzzCatalog.named(arguments[2]) else { throw Usage() }
            let directory = URL(fileURLWithPath: arguments[1])
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (i, seed) in try target.seeds().enumerated() {
                try Data(seed).write(to: directory.appendingPathComponent(String(format: "seed-%04d", i)))
            }
            return
        }
        guard let name = arguments.first, let target = FuzzCatalog.named(name) else { throw Usage() }
        arguments.removeFirst()
        let seconds = arguments.first.flatMap(Double.init) ?? 60
        let config = FuzzConfiguration.fromEnvironment()
        print("fuzz: \(name), seed 0x\(String(config.seed, radix: 16)), \(seconds) s")
        let report = try await FuzzRunner.run(target, seed: config.seed, seconds: seconds)
        print("fuzz: \(report)")
        for failure in report.failures { print("fuzz: \(failure.reason)\n  input (hex): \(failure.input.fuzzHex)") }
        if report.slowest.seconds > 1 { print("fuzz: slowest input (hex): \(report.slowest.input.fuzzHex)") }
        if !report.failures.isEmpty { exit(1) }
    }

    struct Usage: Error, CustomStringConvertible {
        var description: String {
            "usage: EtherKeepFuzz TARGET [SECONDS] | --list | --write-seeds DIR TARGET | --replay TARGET FILE…\ntargets: \(FuzzCatalog.all.map(\.name).joined(separator: " "))"
        }
    }
}
#endif
