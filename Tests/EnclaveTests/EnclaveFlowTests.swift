import AWSClients
import AWSTestSupport
import ConsensusTypes
import Crypto
import Enclave
import Foundation
import Keygen
import NitroAttestation
import NSM
import SwiftASN1
import Testing
import TestSupport
import ValidatorKeys
import Vault
import X509

/// The whole enclave flow on one machine: `etherkeep enclave host` and `etherkeep enclave run` as
/// two processes joined by Unix sockets (vsock's stand-in), a stand-in NSM whose documents the
/// stand-in KMS checks against its root and the key policy's PCR0, TLS ending in the enclave, and
/// a validator client's request through the parent's proxy whose signature verifies.
@Suite(.enabled(if: Moto.shouldRun)) struct EnclaveFlowTests {
    static let pcr0 = Array(repeating: UInt8(0x6b), count: 48)
    static let signer = "7e10c55e-9d0c-4f1d-6a2b-9b2c3e6a1f1e"

    static var binary: String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("etherkeep").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("etherkeep").path
    }

    /// A P-256 key and a self-signed certificate for 127.0.0.1, as set_tls_key makes them.
    static func tlsIdentity() throws -> (pkcs8: [UInt8], pem: String) {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("127.0.0.1") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey), notValidBefore: now - 60, notValidAfter: now + 3600,
            issuer: name, subject: name, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                SubjectAlternativeNames([.ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1]))])
            },
            issuerPrivateKey: .init(key))
        return (Array(key.derRepresentation), try certificate.serializeAsPEM().pemString)
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func aValidatorClientSignsThroughTheParentWithKeysOnlyTheEnclaveDecrypts() async throws {
        let folder = URL(fileURLWithPath: "/tmp/ek-flow-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rootKey = P384.Signing.PrivateKey()
        let rootKeyFile = folder.appendingPathComponent("nsm-root.key").path
        try Data(rootKey.pemRepresentation.utf8).write(to: URL(fileURLWithPath: rootKeyFile))
        let (kmsURL, kmsProcess) = try AttestedKMSTests.startStandIn(rootPEM: try StandInNSM(pcrs: [:], rootKey: rootKey).rootPEM, folder: folder)
        defer { AttestedKMSTests.stop(kmsProcess) }
        let vaultFile = folder.appendingPathComponent("keys.sqlite").path
        let (tlsKey, certificatePEM) = try Self.tlsIdentity()
        let (pubkeys, kmsKeyID): ([String], String) = try await Moto.withContext(endpoint: kmsURL) { context in
            let kms = try KMSClient(context: context)
            let key = try await kms.createKey()
            let vault = Vault(store: try SQLiteVaultStore(path: vaultFile, cipherName: "kms"), cipher: KMSVaultCipher(kms: kms, keyID: key.keyID, bindToPublicKey: true))
            let plan = KeygenPlan(
                count: 2, language: .english, chain: .hoodi, withdrawal: .bls, amountGwei: DepositAmount.activationAmountGwei,
                kdf: .custom(.pbkdf2(c: 16, salt: Array(repeating: 7, count: 32))))
            let generated = try await ValidatorKeyBatch.generate(plan)
            _ = try await vault.add(generated.keys, signer: Self.signer)
            let wrapped = try await kms.encrypt(keyID: key.keyID, plaintext: SymmetricKey(data: tlsKey), context: ["purpose": "etherkeep-signer-tls-key"])
            try Data(wrapped).write(to: folder.appendingPathComponent("tls-key.kms"))
            try Data(certificatePEM.utf8).write(to: folder.appendingPathComponent("tls.pem"))
            let policy = try EnclaveKeyPolicy(
                pcr0Hex: hexString(Self.pcr0), pcr8Hex: nil, instanceRoleARN: "arn:aws:iam::123456789012:role/host",
                encryptRoleARNs: ["arn:aws:iam::123456789012:role/keygen"], adminARN: "arn:aws:iam::123456789012:role/admin", allowDebug: false)
            try await kms.putKeyPolicy(keyID: key.keyID, policy: policy.json)
            return (generated.pubkeys, key.keyID)
        }

        let clientPort = try ServerSocketPort.free(), enclaveKMSPort = try ServerSocketPort.free()
        let path = folder.path
        let enclave = [
            Self.binary, "enclave", "run", "--parent", "unix://\(path)/control.sock", "--client-listen", "unix://\(path)/clients.sock",
            "--kms-via", "unix://\(path)/kms.sock", "--kms-local-port", String(enclaveKMSPort), "--kms-endpoint-url", "http://127.0.0.1:\(enclaveKMSPort)",
            "--data-dir", path + "/enclave", "--nsm", "stand-in", "--stand-in-root-key", rootKeyFile, "--stand-in-pcr0", hexString(Self.pcr0),
        ]
        func startHost(_ extra: [String]) throws -> (Process, URL) {
            // Started through a reset of the signal mask and dispositions: this test process has
            // SIGTERM blocked (other suites run ServiceGroups), and a child inherits that from the
            // thread that spawns it, as a service started by systemd would not.
            let host = Process()
            host.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            host.arguments = [
                "python3", "-c",
                "import os, signal, sys; stops = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}; signal.pthread_sigmask(signal.SIG_UNBLOCK, stops); "
                    + "[signal.signal(s, signal.SIG_DFL) for s in stops]; os.execv(sys.argv[1], sys.argv[1:])",
                Self.binary, "enclave", "host", "--signer-uuid", Self.signer, "--network", "hoodi", "--vault-file", vaultFile,
                "--tls-key-ciphertext-file", path + "/tls-key.kms", "--tls-cert-file", path + "/tls.pem",
                "--control-listen", "unix://\(path)/control.sock", "--client-listen", "tcp://127.0.0.1:\(clientPort)",
                "--enclave-clients", "unix://\(path)/clients.sock", "--kms-listen", "unix://\(path)/kms.sock",
                "--kms-target", "tcp://127.0.0.1:\(URL(string: kmsURL)?.port ?? 0)", "--enclave-command", enclave.joined(separator: " "),
            ] + extra
            var environment = ProcessInfo.processInfo.environment
            environment["AWS_ENDPOINT_URL"] = kmsURL
            environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE"
            environment["AWS_SECRET_ACCESS_KEY"] = "testing"
            environment["AWS_REGION"] = "us-east-1"
            environment["AWS_EC2_METADATA_DISABLED"] = "true"
            host.environment = environment
            let log = folder.appendingPathComponent("host-\(UUID().uuidString.prefix(6)).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            host.standardError = try FileHandle(forWritingTo: log)
            try host.run()
            return (host, log)
        }
        func stop(_ host: Process) async throws {
            kill(host.processIdentifier, SIGTERM)
            for _ in 0..<50 where host.isRunning { try await Task.sleep(for: .milliseconds(200)) }
        }

        // Without history for the store inside the enclave (empty at every boot), the enclave refuses to serve.
        let (refusing, refusingLog) = try startHost([])
        var refusal = ""
        for _ in 0..<120 where !refusal.contains("no slashing-protection history") {
            try await Task.sleep(for: .milliseconds(500))
            refusal = (try? String(contentsOf: refusingLog, encoding: .utf8)) ?? ""
        }
        #expect(refusal.contains("no slashing-protection history"))
        try await stop(refusing)
        #expect(!refusing.isRunning)

        // With the history imported: a block below the imported slot is refused.
        let gvr = "0x\(ChainSetting.hoodi.genesisValidatorsRoot ?? .zero)"
        let history = #"{"metadata":{"interchange_format_version":"5","genesis_validators_root":"\#(gvr)"},"data":[{"pubkey":"0x\#(pubkeys[0])","signed_blocks":[{"slot":"100"}],"signed_attestations":[]}]}"#
        try Data(history.utf8).write(to: folder.appendingPathComponent("history.json"))
        let (host, log) = try startHost(["--slashing-protection-import", path + "/history.json"])
        defer {
            if host.isRunning { kill(host.processIdentifier, SIGTERM) }
        }

        // A validator client: TLS to the parent's port, verified against the enclave's certificate.
        let base = "https://127.0.0.1:\(clientPort)"
        var up = ""
        for _ in 0..<120 where up != "OK" {
            try await Task.sleep(for: .milliseconds(500))
            up = (try? Self.run(["curl", "-s", "--max-time", "5", "--cacert", path + "/tls.pem", base + "/upcheck"]).output) ?? ""
        }
        let hostLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(up == "OK", "the enclave signer never answered through the parent: \(hostLog.split(separator: "\n").filter { !$0.contains("cannot connect to the target") }.suffix(40).joined(separator: "\n"))")
        let listed = try Self.run(["curl", "-s", "--cacert", path + "/tls.pem", base + "/api/v1/eth2/publicKeys"]).output
        let keys = try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [String] ?? []
        #expect(Set(keys) == Set(pubkeys.map { "0x" + $0 }))

        let version = "0x\(ChainSetting.hoodi.genesisForkVersion)"
        let request = #"{"type":"RANDAO_REVEAL","fork_info":{"fork":{"previous_version":"\#(version)","current_version":"\#(version)","epoch":"0"},"genesis_validators_root":"\#(gvr)"},"randao_reveal":{"epoch":"7"}}"#
        try Data(request.utf8).write(to: folder.appendingPathComponent("randao.json"))
        let signature = try Self.run([
            "curl", "-s", "--cacert", path + "/tls.pem", "-X", "POST", "-H", "Content-Type: application/json", "--data", "@" + path + "/randao.json",
            base + "/api/v1/eth2/sign/0x" + pubkeys[0],
        ]).output
        let root = try Self.run([Self.binary, "signer", "signing-root", "--network", "hoodi", "--request", path + "/randao.json"]).output
        let verified = try Self.run([Self.binary, "bls", "verify", "--public-key", pubkeys[0], "--message", root, "--signature", signature])
        #expect(verified.output == "valid", "signature \(signature) over \(root)")
        let zero = "0x" + String(repeating: "0", count: 64)
        let block = #"{"type":"BLOCK_V2","fork_info":{"fork":{"previous_version":"\#(version)","current_version":"\#(version)","epoch":"0"},"genesis_validators_root":"\#(gvr)"},"beacon_block":{"version":"ELECTRA","block_header":{"slot":"50","proposer_index":"1","parent_root":"\#(zero)","state_root":"\#(zero)","body_root":"\#(zero)"}}}"#
        try Data(block.utf8).write(to: folder.appendingPathComponent("block.json"))
        let refused = try Self.run([
            "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", path + "/tls.pem", "-X", "POST", "-H", "Content-Type: application/json",
            "--data", "@" + path + "/block.json", base + "/api/v1/eth2/sign/0x" + pubkeys[0],
        ]).output
        #expect(refused == "412", "a block below the imported history was answered \(refused)")
        // A client that does not trust the enclave's certificate is refused by its own TLS.
        #expect(try Self.run(["curl", "-s", "--max-time", "5", base + "/upcheck"]).status != 0)

        // A key added to the table reaches the running enclave on SIGHUP, without a restart.
        let added: [String] = try await Moto.withContext(endpoint: kmsURL) { context in
            let vault = Vault(
                store: try SQLiteVaultStore(path: vaultFile, cipherName: "kms"),
                cipher: KMSVaultCipher(kms: try KMSClient(context: context), keyID: kmsKeyID, bindToPublicKey: true))
            let plan = KeygenPlan(
                count: 1, language: .english, chain: .hoodi, withdrawal: .bls, amountGwei: DepositAmount.activationAmountGwei,
                kdf: .custom(.pbkdf2(c: 16, salt: Array(repeating: 9, count: 32))))
            let generated = try await ValidatorKeyBatch.generate(plan)
            _ = try await vault.add(generated.keys, signer: Self.signer)
            return generated.pubkeys
        }
        kill(host.processIdentifier, SIGHUP)
        var reloaded: [String] = []
        for _ in 0..<60 where reloaded.count != 3 {
            try await Task.sleep(for: .milliseconds(500))
            let text = (try? Self.run(["curl", "-s", "--cacert", path + "/tls.pem", base + "/api/v1/eth2/publicKeys"]).output) ?? ""
            reloaded = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String]) ?? []
        }
        #expect(Set(reloaded) == Set((pubkeys + added).map { "0x" + $0 }))

        // The enclave dies (a crash, or a restart to rotate the certificate): its history inside
        // is gone, so the restarted enclave must refuse to sign rather than sign again.
        let children = try Self.run(["pgrep", "-P", String(host.processIdentifier)]).output.split(separator: "\n")
        #expect(children.count == 1, "the host's children: \(children)")
        for child in children { kill(Int32(child) ?? 0, SIGKILL) }
        var restartLog = ""
        for _ in 0..<120 where !restartLog.contains("no slashing-protection history") {
            try await Task.sleep(for: .milliseconds(500))
            restartLog = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        }
        #expect(restartLog.contains("the enclave restarted") && restartLog.contains("no slashing-protection history"))
        let afterRestart = try Self.run([
            "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "--cacert", path + "/tls.pem", "-X", "POST",
            "-H", "Content-Type: application/json", "--data", "@" + path + "/randao.json", base + "/api/v1/eth2/sign/0x" + pubkeys[0],
        ]).output
        #expect(afterRestart != "200", "a restarted enclave signed with no history")

        try await stop(host)
        #expect(!host.isRunning)
    }
}
