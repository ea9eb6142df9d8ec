import Crypto
import Foundation

/// A real `etherkeep signer` (built beside the tests) serving TLS with a given key and certificate
/// on 127.0.0.1's free port, with BLS keys from Web3Signer `file-raw` key files: the stand-in for
/// the signer in the enclave behind the load balancer.
final class SignerProcess {
    let process: Process
    let directory: URL

    private init(process: Process, directory: URL) {
        self.process = process
        self.directory = directory
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// `.build/<configuration>/etherkeep`, beside the test bundle.
    static var binary: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("etherkeep").path), directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("etherkeep")
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A TCP port free on 127.0.0.1 now.
    static func freePort() throws -> Int {
        let result = try run(["python3", "-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
        guard let port = Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw Failure(description: "no free port") }
        return port
    }

    /// Starts the signer and waits until `curl`, trusting `certificatePEM` only, gets `/upcheck`.
    static func start(port: Int, certificatePEM: String, privateKey: P256.Signing.PrivateKey, blsKeys: [String]) async throws -> SignerProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("validator-signer-\(UUID().uuidString)")
        let keys = directory.appendingPathComponent("keys")
        try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
        let certificate = directory.appendingPathComponent("tls.pem").path
        let key = directory.appendingPathComponent("tls.key").path
        try write(certificate, Data(certificatePEM.utf8), mode: 0o644)
        try write(key, Data(privateKey.pemRepresentation.utf8), mode: 0o600)
        for (index, secret) in blsKeys.enumerated() {
            try write(keys.appendingPathComponent("key-\(index).yaml").path, Data("type: file-raw\nkeyType: BLS\nprivateKey: \"\(secret)\"\n".utf8), mode: 0o600)
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = [
            "signer", "--network", "hoodi", "--data-dir", directory.appendingPathComponent("data").path, "--key-store-path", keys.path,
            "--http-listen-port", String(port), "--tls-cert-file", certificate, "--tls-key-file", key,
        ]
        let errors = directory.appendingPathComponent("signer.log")
        try write(errors.path, Data(), mode: 0o600)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let signer = SignerProcess(process: process, directory: directory)
        for _ in 0..<300 {
            let up = try run(["curl", "-s", "-m", "2", "--cacert", certificate, "https://localhost:\(port)/upcheck"])
            if up.status == 0, up.output == "OK" { return signer }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let log = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        signer.stop()
        throw Failure(description: "etherkeep signer did not come up on \(port): \(log)")
    }

    /// Creates `path` with `contents`, readable as `mode` says.
    static func write(_ path: String, _ contents: Data, mode: Int) throws {
        guard FileManager.default.createFile(atPath: path, contents: contents, attributes: [.posixPermissions: mode]) else {
            throw Failure(description: "cannot write \(path)")
        }
    }

    /// Stops the signer (SIGTERM, then waits) and removes its folder. Safe to call twice.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
