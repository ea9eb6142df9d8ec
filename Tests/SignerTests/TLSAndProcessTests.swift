import TestSupport
import ConsensusTypes
import EthereumCore
import EthereumTransactions
import Foundation
import Secp256k1
import Signer
import Testing

/// TLS terminated in the signer, checked with the real `curl` and certificates made by `openssl`;
/// and the built `etherkeep signer` as a process: start-up log, SIGTERM, restart.
@Suite(.serialized) struct TLSAndProcessTests {
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], in folder: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A CA, a server certificate for 127.0.0.1 signed by it, a client certificate signed by it,
    /// and a self-signed stranger.
    static func makeCertificates(in folder: String) throws {
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=test-ca"],
            ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"],
            ["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.cnf"],
            ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=validator-client"],
            ["x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "client.pem", "-days", "2", "-extfile", "client.cnf"],
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "stranger.key", "-out", "stranger.pem", "-days", "2", "-subj", "/CN=stranger"],
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "outsider.key", "-out", "outsider.pem", "-days", "2", "-subj", "/CN=outsider"],
            ["pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-out", "server.p12", "-passout", "file:p12.txt"],
        ]
        try Data("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n".utf8).write(to: URL(fileURLWithPath: "\(folder)/san.cnf"))
        try Data("extendedKeyUsage=clientAuth\n".utf8).write(to: URL(fileURLWithPath: "\(folder)/client.cnf"))
        try Data("p12-secret\n".utf8).write(to: URL(fileURLWithPath: "\(folder)/p12.txt"))
        for step in steps {
            let result = try run("openssl", step, in: folder)
            guard result.status == 0 else { throw SignerTestFailure("openssl \(step[0]) failed: \(result.output)") }
        }
        for (certificate, file) in [("client", "known-clients.txt"), ("stranger", "known-stranger.txt")] {
            let fingerprint = try run("openssl", ["x509", "-in", "\(certificate).pem", "-noout", "-fingerprint", "-sha256"], in: folder).output
            let hex = fingerprint.split(separator: "=").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            try Data("# name fingerprint\n\(certificate) \(hex)\n".utf8).write(to: URL(fileURLWithPath: "\(folder)/\(file)"))
        }
    }

    static func curl(_ port: Int, _ folder: String, client: String?, path: String = "/upcheck") throws -> (status: Int32, output: String) {
        var arguments = ["-sS", "--max-time", "20", "--cacert", "\(folder)/ca.pem"]
        if let client { arguments += ["--cert", "\(folder)/\(client).pem", "--key", "\(folder)/\(client).key"] }
        return try run("curl", arguments + ["https://127.0.0.1:\(port)\(path)"])
    }

    @Test func tlsWithKnownClientsCAClientsAndPKCS12() async throws {
        let vault = try await TestVault(keys: 1)
        defer { vault.remove() }
        let folder = vault.directory + "/tls"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.makeCertificates(in: folder)
        let keys = try await vault.loadKeys()

        // Known clients: the listed client gets in; no certificate and a stranger do not.
        let audit = "\(folder)/audit.jsonl"
        let metrics = SignerMetrics()
        var signer = try await RunningSigner.start(keys: keys, store: try vault.store(), audit: try AuditLog(path: audit), metrics: metrics) {
            $0.tls = SignerTLSConfiguration(
                identity: .pem(certificateFile: "\(folder)/server.pem", keyFile: "\(folder)/server.key"),
                knownClientsFile: "\(folder)/known-clients.txt")
        }
        let good = try Self.curl(signer.port, folder, client: "client")
        #expect(good.status == 0 && good.output == "OK", "\(good.output)")
        #expect(try Self.curl(signer.port, folder, client: nil).status != 0)
        #expect(try Self.curl(signer.port, folder, client: "stranger").status != 0)
        // Both refusals are counted as failed handshakes; the good connection is not.
        #expect(try await Self.handshakeFailures(metrics, reaching: 2) == 2)
        // A signing request over mTLS.
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
        let body = String(decoding: jsonBytes(factory.request("BLOCK_V2", fork: "FULU", slot: 3)), as: UTF8.self)
        let signed = try Self.run("curl", [
            "-sS", "--max-time", "20", "--cacert", "\(folder)/ca.pem", "--cert", "\(folder)/client.pem", "--key", "\(folder)/client.key",
            "-H", "Content-Type: application/json", "-H", "Accept: application/json", "-d", body,
            "https://127.0.0.1:\(signer.port)/api/v1/eth2/sign/\(vault.pubkeys[0])",
        ])
        #expect(signed.output.hasPrefix("{\"signature\":\"0x"), "\(signed.output)")
        await signer.stop()
        // The audit log names the client as the known-clients file does.
        let firstAudit = try String(contentsOfFile: audit, encoding: .utf8)
        #expect(firstAudit.contains(#""outcome":"signed","client":"client"}"#), "\(firstAudit)")

        // CA clients: anything the CA signed; not the stranger.
        signer = try await RunningSigner.start(keys: keys, store: try vault.store(), audit: try AuditLog(path: audit)) {
            $0.tls = SignerTLSConfiguration(
                identity: .pem(certificateFile: "\(folder)/server.pem", keyFile: "\(folder)/server.key"),
                allowCAClients: true, caFile: "\(folder)/ca.pem")
        }
        #expect(try Self.curl(signer.port, folder, client: "client").output == "OK")
        // A CA client is named by its certificate's common name.
        _ = try Self.run("curl", [
            "-sS", "--max-time", "20", "--cacert", "\(folder)/ca.pem", "--cert", "\(folder)/client.pem", "--key", "\(folder)/client.key",
            "-H", "Content-Type: application/json", "-d", String(decoding: jsonBytes(factory.request("RANDAO_REVEAL")), as: UTF8.self),
            "https://127.0.0.1:\(signer.port)/api/v1/eth2/sign/\(vault.pubkeys[0])",
        ])
        let audited = try String(contentsOfFile: audit, encoding: .utf8)
        #expect(audited.contains(#""type":"RANDAO_REVEAL""#) && audited.contains(#""client":"validator-client"}"#), "\(audited)")
        #expect(try Self.curl(signer.port, folder, client: "stranger").status != 0)
        #expect(try Self.curl(signer.port, folder, client: nil).status != 0)
        await signer.stop()

        // Both: the CA's clients and the listed self-signed one; nobody else.
        signer = try await RunningSigner.start(keys: keys, store: try vault.store()) {
            $0.tls = SignerTLSConfiguration(
                identity: .pem(certificateFile: "\(folder)/server.pem", keyFile: "\(folder)/server.key"),
                knownClientsFile: "\(folder)/known-stranger.txt", allowCAClients: true, caFile: "\(folder)/ca.pem")
        }
        #expect(try Self.curl(signer.port, folder, client: "client").output == "OK")
        #expect(try Self.curl(signer.port, folder, client: "stranger").output == "OK")
        #expect(try Self.curl(signer.port, folder, client: "outsider").status != 0)
        #expect(try Self.curl(signer.port, folder, client: nil).status != 0)
        await signer.stop()

        // PKCS#12 identity, no client certificates asked.
        let plainMetrics = SignerMetrics()
        signer = try await RunningSigner.start(keys: keys, store: try vault.store(), metrics: plainMetrics) {
            $0.tls = SignerTLSConfiguration(identity: .pkcs12(file: "\(folder)/server.p12", passwordFile: "\(folder)/p12.txt"))
        }
        #expect(try Self.curl(signer.port, folder, client: nil).output == "OK")
        // Plain HTTP to the TLS port is not served, and counts as a failed handshake.
        #expect((try? await HTTP.get("http://127.0.0.1:\(signer.port)/upcheck"))?.status != 200)
        #expect(try await Self.handshakeFailures(plainMetrics, reaching: 1) == 1)
        await signer.stop()
    }

    /// `etherkeep_signer_tls_handshake_failures_total` as the metrics endpoint would serve it.
    static func handshakeFailures(_ metrics: SignerMetrics) throws -> Double {
        try MetricsTests.samples(String(decoding: metrics.exposition(), as: UTF8.self))["etherkeep_signer_tls_handshake_failures_total"] ?? -1
    }

    /// The count once it reaches `expected` (or after 10 s), then 200 ms later, so a count that
    /// goes past `expected` is still seen. The client can exit on the server's alert before the
    /// server's pipeline has handled its own side of the failure, so the count may lag curl.
    static func handshakeFailures(_ metrics: SignerMetrics, reaching expected: Double) async throws -> Double {
        let deadline = ContinuousClock.now + .seconds(10)
        while try handshakeFailures(metrics) < expected, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(200))
        return try handshakeFailures(metrics)
    }

    static var binary: String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("etherkeep").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("etherkeep").path
    }

    /// Connections the kernel completed on the listener at `port` that the server has not
    /// accepted yet (`/proc/net/tcp`: a LISTEN socket's rx_queue is its backlog); nil if none listens.
    static func acceptBacklog(port: Int) -> Int? {
        for file in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 4, fields[3] == "0A", let local = fields[1].split(separator: ":").last,
                      Int(local, radix: 16) == port, let queue = fields[4].split(separator: ":").last
                else { continue }
                return Int(queue, radix: 16)
            }
        }
        return nil
    }

    static func freePort() throws -> Int {
        let result = try run("python3", ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
        guard let port = Int(result.output.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw SignerTestFailure("no free port") }
        return port
    }

    /// Starts `etherkeep signer` on the vault; returns the process, its port and its stderr pipe.
    static func startBinary(_ vault: TestVault, _ extra: [String] = []) async throws -> (Process, Int, Pipe) {
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["signer", "--network", "hoodi", "--data-dir", vault.directory, "--http-listen-port", String(port)] + extra
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<300 {
            if let up = try? await HTTP.get("http://127.0.0.1:\(port)/upcheck"), up.status == 200 { return (process, port, errors) }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.terminate()
        throw SignerTestFailure("etherkeep signer did not come up: \(String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))")
    }

    @Test func theBinaryServesDrainsOnSIGTERMAndKeepsItsHistory() async throws {
        let vault = try await TestVault(keys: 2)
        defer { vault.remove() }
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
        var (process, port, errors) = try await Self.startBinary(vault)
        let base = "http://127.0.0.1:\(port)"
        let keys = try JSONSerialization.jsonObject(with: Data(try await HTTP.get("\(base)/api/v1/eth2/publicKeys").body.utf8)) as? [String]
        #expect(Set(keys ?? []) == Set(vault.pubkeys))
        #expect(try await HTTP.sign(base, pubkey: vault.pubkeys[0], body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 800)).status == 200)
        // SIGTERM while requests are in flight: the listener closes, they complete, the process exits 0.
        // Each request is held in flight by withholding its body's last byte until after the signal.
        let bodies = (900..<908).map { String(decoding: jsonBytes(factory.request("RANDAO_REVEAL", slot: UInt64($0) * 32)), as: UTF8.self) }
        let held = try HeldRequests(port: port, path: "/api/v1/eth2/sign/\(vault.pubkeys[1])", bodies: bodies)
        #expect(try await HTTP.get("\(base)/upcheck").status == 200)
        // In flight means accepted: on a loaded machine some of the held connections may still wait
        // in the listener's backlog, which closing the listener resets (as any server's would).
        for _ in 0..<100 where Self.acceptBacklog(port: port) != 0 { try await Task.sleep(for: .milliseconds(100)) }
        try await Task.sleep(for: .milliseconds(300))
        kill(process.processIdentifier, SIGTERM)
        var refused = false
        for _ in 0..<50 where !refused {
            try await Task.sleep(for: .milliseconds(100))
            // curl, not the pooled client, which retries a refused connection until its deadline.
            refused = try Self.run("curl", ["-s", "-m", "2", "-o", "/dev/null", "-w", "%{http_code}", "\(base)/upcheck"]).output == "000"
        }
        #expect(refused, "the signer still accepts connections after SIGTERM")
        let statuses = try held.release()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(statuses == Array(repeating: 200, count: bodies.count), "every request in flight at SIGTERM is answered")
        let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        for step in ["vault read", "keys decrypted", "registered keys", "signer listening", "signer stopped"] {
            #expect(log.contains(step), "the start-up log lacks \(step): \(log)")
        }
        #expect(log.contains("loaded=2"))

        (process, port, errors) = try await Self.startBinary(vault)
        let again = try await HTTP.sign("http://127.0.0.1:\(port)", pubkey: vault.pubkeys[0], body: factory.request("BLOCK_V2", fork: "ELECTRA", slot: 800))
        #expect(again.status == 412)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test(arguments: [
        (["signer"], "--network"),
        (["signer", "--network", "hoodi", "--table", "keys"], "--signer-uuid"),
        (["signer", "--network", "hoodi", "--keystores-path", "/tmp"], "--keystores-passwords-path"),
        (["signer", "--network", "hoodi", "--tls-cert-file", "a.pem"], "--tls-key-file"),
        (["signer", "--network", "hoodi", "--tls-known-clients-file", "k.txt"], "need TLS"),
        (["signer", "--network", "nonesuch", "--data-dir", "/nonexistent/x"], "unknown chain"),
        (["signer", "--network", "hoodi", "--http-max-body-bytes", "0"], "--http-max-body-bytes"),
        (["signer", "--network", "hoodi", "--log-format", "xml"], "--log-format"),
        (["signer", "--network", "hoodi", "--data-dir", "/nonexistent/typo"], "no vault in /nonexistent/typo"),
        (["signer", "signing-root", "--network", "hoodi", "--request", "/nonexistent/body.json"], "--request"),
    ])
    func badOptionsAreRefusedNamingTheOption(arguments: [String], option: String) throws {
        let result = try Self.run(Self.binary, arguments)
        #expect(result.status != 0)
        #expect(result.output.contains(option), "\(result.output)")
    }

    /// `signer signing-root` prints the root the signer signs, and refuses a body whose
    /// `signingRoot` is another, as the signer does.
    @Test func signingRootPrintsTheSignersRootAndRefusesAnotherClaimed() throws {
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
        var body = factory.request("RANDAO_REVEAL")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("signing-root-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(jsonBytes(body)).write(to: file)
        let printed = try Self.run(Self.binary, ["signer", "signing-root", "--network", "hoodi", "--request", file.path])
        let expected = try Eth2SigningRequest.parse(jsonBytes(body)).signingRoot(genesisForkVersion: TestVault.chain.genesisForkVersion)
        #expect(printed.status == 0 && printed.output.contains("0x\(expected)"), "\(printed.output)")
        body["signingRoot"] = "0x" + String(repeating: "11", count: 32)
        try Data(jsonBytes(body)).write(to: file)
        let refused = try Self.run(Self.binary, ["signer", "signing-root", "--network", "hoodi", "--request", file.path])
        #expect(refused.status == 1 && refused.output.contains("field signingRoot"), "\(refused.output)")
    }
}

/// Requests held in flight at a server by `Python/held_requests.py`: each has sent its head and
/// all of its body but the last byte. ``release()`` sends the rest and returns the statuses.
struct HeldRequests {
    let process = Process()
    let input = Pipe(), output = Pipe()

    init(port: Int, path: String, bodies: [String], caller: String = #filePath) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = URL(fileURLWithPath: caller).deletingLastPathComponent().appendingPathComponent("Python/held_requests.py").path
        process.arguments = ["python3", script, String(port), path]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(jsonBytes(bodies) + [0x0a]))
        var line = Data()
        while !line.contains(0x0a) {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw SignerTestFailure("held_requests.py ended before holding its requests") }
            line.append(chunk)
        }
        guard String(decoding: line, as: UTF8.self) == "held\n" else { throw SignerTestFailure("held_requests.py: \(String(decoding: line, as: UTF8.self))") }
    }

    func release() throws -> [Int] {
        input.fileHandleForWriting.write(Data("release\n".utf8))
        let answer = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let statuses = try JSONSerialization.jsonObject(with: answer) as? [Int] else { throw SignerTestFailure("held_requests.py: \(String(decoding: answer, as: UTF8.self))") }
        return statuses
    }
}

/// `etherkeep signer eth1` with TLS, as the eth2 signer: the same options, checked with curl.
@Suite struct Eth1TLSTests {
    @Test func theEth1SignerServesJSONRPCOverTLSWithTheEth2Options() async throws {
        let folder = NSTemporaryDirectory() + "etherkeep-eth1-tls-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/keys", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try TLSAndProcessTests.makeCertificates(in: folder)
        // A raw key (Web3Signer's file-raw), whose address eth_accounts must list.
        let key = try PrivateKey(bytes: [UInt8](repeating: 0x46, count: 32))
        try "type: file-raw\nkeyType: SECP256K1\nprivateKey: '0x\(String(repeating: "46", count: 32))'\n".write(toFile: folder + "/keys/a.yaml", atomically: true, encoding: .utf8)
        let port = try TLSAndProcessTests.freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TLSAndProcessTests.binary)
        process.arguments = [
            "signer", "eth1", "--key-store-path", folder + "/keys", "--chain-id", "1337", "--http-listen-host", "127.0.0.1",
            "--http-listen-port", String(port), "--tls-cert-file", folder + "/server.pem", "--tls-key-file", folder + "/server.key",
            "--tls-known-clients-file", folder + "/known-clients.txt",
        ]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var up = (status: Int32(1), output: "")
        for _ in 0..<100 where up.output != "OK" {
            try await Task.sleep(for: .milliseconds(100))
            up = try TLSAndProcessTests.curl(port, folder, client: "client")
        }
        #expect(up.output == "OK", "\(up)")
        let call = try TLSAndProcessTests.run("curl", [
            "-sS", "--max-time", "20", "--cacert", folder + "/ca.pem", "--cert", folder + "/client.pem", "--key", folder + "/client.key",
            "-H", "Content-Type: application/json", "--data", #"{"jsonrpc":"2.0","id":1,"method":"eth_accounts","params":[]}"#,
            "https://127.0.0.1:\(port)/",
        ])
        let accounts = (try JSONSerialization.jsonObject(with: Data(call.output.utf8)) as? [String: Any])?["result"] as? [String]
        #expect(accounts?.map { $0.lowercased() } == [key.publicKey.address.description.lowercased()], "\(call.output)")
        // A client the known-clients file does not list, and plain HTTP, are refused.
        #expect(try TLSAndProcessTests.curl(port, folder, client: "stranger").status != 0)
        #expect(try TLSAndProcessTests.run("curl", ["-sS", "--max-time", "5", "http://127.0.0.1:\(port)/upcheck"]).output != "OK")
        // The TLS options are checked as the eth2 signer checks them.
        let refused = try TLSAndProcessTests.run(TLSAndProcessTests.binary, [
            "signer", "eth1", "--key-store-path", folder + "/keys", "--chain-id", "1337", "--tls-cert-file", folder + "/server.pem",
        ])
        #expect(refused.status != 0 && refused.output.contains("--tls-key-file"), "\(refused.output)")
        // A key that is not the certificate's is named with both files.
        let mismatched = try TLSAndProcessTests.run(TLSAndProcessTests.binary, [
            "signer", "eth1", "--key-store-path", folder + "/keys", "--chain-id", "1337", "--http-listen-port", "0",
            "--tls-cert-file", folder + "/server.pem", "--tls-key-file", folder + "/client.key",
        ])
        #expect(mismatched.status != 0 && mismatched.output.contains("is not the key of --tls-cert-file"), "\(mismatched.output)")
    }
}
