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

/// One machine's enclave deployment for the flow tests: a stand-in KMS whose key policy pins the
/// stand-in NSM's PCR0, a SQLite key table of KMS-encrypted validator keys and TLS key, and the
/// commands that start `etherkeep enclave host` and `etherkeep enclave run` joined by Unix
/// sockets (vsock's stand-in), with a validator client's view through curl.
struct EnclaveFlowFixture {
    static let pcr0 = Array(repeating: UInt8(0x6b), count: 48)
    static let signer = "7e10c55e-9d0c-4f1d-6a2b-9b2c3e6a1f1e"

    let folder: URL
    var path: String { folder.path }
    let rootKeyFile: String
    let kmsURL: String
    let kmsProcess: Process
    let vaultFile: String
    let kmsKeyID: String
    /// The validator keys in the table (hex, no 0x).
    let pubkeys: [String]
    let clientPort: Int
    let enclaveKMSPort: Int
    /// Where validator clients reach the signer: the parent's TCP port (TLS ends in the enclave).
    var base: String { "https://127.0.0.1:\(clientPort)" }

    static var binary: String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("etherkeep").path), dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("etherkeep").path
    }

    /// Makes the KMS key (policy pinning ``pcr0``), `keys` validator keys in the table and the TLS identity.
    static func make(keys: Int = 2) async throws -> EnclaveFlowFixture {
        let folder = URL(fileURLWithPath: "/tmp/ek-flow-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let rootKey = P384.Signing.PrivateKey()
        let rootKeyFile = folder.appendingPathComponent("nsm-root.key").path
        try Data(rootKey.pemRepresentation.utf8).write(to: URL(fileURLWithPath: rootKeyFile))
        let (kmsURL, kmsProcess) = try AttestedKMSTests.startStandIn(rootPEM: try StandInNSM(pcrs: [:], rootKey: rootKey).rootPEM, folder: folder)
        let vaultFile = folder.appendingPathComponent("keys.sqlite").path
        let (tlsKey, certificatePEM) = try tlsIdentity()
        do {
            let (pubkeys, kmsKeyID): ([String], String) = try await Moto.withContext(endpoint: kmsURL) { context in
                let kms = try KMSClient(context: context)
                let key = try await kms.createKey()
                let wrapped = try await kms.encrypt(keyID: key.keyID, plaintext: SymmetricKey(data: tlsKey), context: ["purpose": "etherkeep-signer-tls-key"])
                try Data(wrapped).write(to: folder.appendingPathComponent("tls-key.kms"))
                try Data(certificatePEM.utf8).write(to: folder.appendingPathComponent("tls.pem"))
                let policy = try EnclaveKeyPolicy(
                    pcr0Hex: hexString(pcr0), pcr8Hex: nil, instanceRoleARN: "arn:aws:iam::123456789012:role/host",
                    encryptRoleARNs: ["arn:aws:iam::123456789012:role/keygen"], adminARN: "arn:aws:iam::123456789012:role/admin", allowDebug: false)
                try await kms.putKeyPolicy(keyID: key.keyID, policy: policy.json)
                return (try await addKeys(keys, kms: kms, keyID: key.keyID, vaultFile: vaultFile, salt: 7), key.keyID)
            }
            return EnclaveFlowFixture(
                folder: folder, rootKeyFile: rootKeyFile, kmsURL: kmsURL, kmsProcess: kmsProcess, vaultFile: vaultFile, kmsKeyID: kmsKeyID,
                pubkeys: pubkeys, clientPort: try ServerSocketPort.free(), enclaveKMSPort: try ServerSocketPort.free())
        } catch {
            AttestedKMSTests.stop(kmsProcess)
            throw error
        }
    }

    /// Generates `count` keys into the table for ``signer``; returns their public keys.
    static func addKeys(_ count: Int, kms: KMSClient, keyID: String, vaultFile: String, salt: UInt8) async throws -> [String] {
        let vault = Vault(store: try SQLiteVaultStore(path: vaultFile, cipherName: "kms"), cipher: KMSVaultCipher(kms: kms, keyID: keyID, bindToPublicKey: true))
        let plan = KeygenPlan(
            count: count, language: .english, chain: .hoodi, withdrawal: .bls, amountGwei: DepositAmount.activationAmountGwei,
            kdf: .custom(.pbkdf2(c: 16, salt: Array(repeating: salt, count: 32))))
        let generated = try await ValidatorKeyBatch.generate(plan)
        _ = try await vault.add(generated.keys, signer: signer)
        return generated.pubkeys
    }

    /// Adds `count` keys to the table while the host runs.
    func addKeys(_ count: Int) async throws -> [String] {
        try await Moto.withContext(endpoint: kmsURL) { context in
            try await Self.addKeys(count, kms: try KMSClient(context: context), keyID: kmsKeyID, vaultFile: vaultFile, salt: 9)
        }
    }

    /// KMS-encrypts `plaintext` under the fixture's key with `context`; returns the file holding the ciphertext.
    func encrypt(_ plaintext: String, context: [String: String], to name: String) async throws -> String {
        let file = folder.appendingPathComponent(name)
        try await Moto.withContext(endpoint: kmsURL) { aws in
            let ciphertext = try await KMSClient(context: aws).encrypt(keyID: kmsKeyID, plaintext: SymmetricKey(data: Array(plaintext.utf8)), context: context)
            try Data(ciphertext).write(to: file)
        }
        return file.path
    }

    /// Stops the stand-in KMS and removes the folder.
    func close() {
        AttestedKMSTests.stop(kmsProcess)
        try? FileManager.default.removeItem(at: folder)
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

    /// `etherkeep enclave run` with the stand-in NSM, its KMS through the parent's proxy.
    func enclaveArguments(_ extra: [String] = []) -> [String] {
        [
            Self.binary, "enclave", "run", "--parent", "unix://\(path)/control.sock", "--client-listen", "unix://\(path)/clients.sock",
            "--kms-via", "unix://\(path)/kms.sock", "--kms-local-port", String(enclaveKMSPort), "--kms-endpoint-url", "http://127.0.0.1:\(enclaveKMSPort)",
            "--data-dir", path + "/enclave", "--nsm", "stand-in", "--stand-in-root-key", rootKeyFile, "--stand-in-pcr0", hexString(Self.pcr0),
        ] + extra
    }

    /// Starts `etherkeep enclave host` (no KMS Decrypt of its own: it never calls it) with
    /// `extra` options and `enclaveCommand` as its watchdog's command; its log goes to the returned file.
    func startHost(_ extra: [String], enclaveCommand: String, environment extraEnvironment: [String: String] = [:]) throws -> (Process, URL) {
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
            "--kms-target", "tcp://127.0.0.1:\(URL(string: kmsURL)?.port ?? 0)", "--enclave-command", enclaveCommand,
        ] + extra
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ENDPOINT_URL"] = kmsURL
        environment["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE"
        environment["AWS_SECRET_ACCESS_KEY"] = "testing"
        environment["AWS_REGION"] = "us-east-1"
        environment["AWS_EC2_METADATA_DISABLED"] = "true"
        environment.merge(extraEnvironment) { $1 }
        host.environment = environment
        let log = folder.appendingPathComponent("host-\(UUID().uuidString.prefix(6)).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        host.standardError = try FileHandle(forWritingTo: log)
        try host.run()
        return (host, log)
    }

    /// SIGTERM, then up to 10 s for the host to go.
    func stop(_ host: Process) async throws {
        kill(host.processIdentifier, SIGTERM)
        for _ in 0..<50 where host.isRunning { try await Task.sleep(for: .milliseconds(200)) }
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

    /// curl against the parent's port, trusting only the enclave's certificate.
    func curl(_ arguments: [String]) throws -> String {
        try Self.run(["curl", "-s", "--max-time", "10", "--cacert", path + "/tls.pem"] + arguments).output
    }

    /// Polls `/upcheck` for up to a minute; true once the enclave answers through the parent.
    func waitUntilUp() async throws -> Bool {
        for _ in 0..<120 {
            if (try? curl([base + "/upcheck"])) == "OK" { return true }
            try await Task.sleep(for: .milliseconds(500))
        }
        return false
    }

    /// Polls `log` for up to a minute until it holds `text`; returns the log as read last.
    func waitForLog(_ log: URL, containing text: String, count: Int = 1) async throws -> String {
        var read = ""
        for _ in 0..<120 {
            read = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            if read.components(separatedBy: text).count - 1 >= count { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        return read
    }

    /// The public keys the enclave serves (0x-prefixed).
    func servedKeys() throws -> Set<String> {
        let listed = try curl([base + "/api/v1/eth2/publicKeys"])
        return Set((try? JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [String]) ?? [])
    }

    var forkInfo: String {
        let version = "0x\(ChainSetting.hoodi.genesisForkVersion)"
        return #"{"fork":{"previous_version":"\#(version)","current_version":"\#(version)","epoch":"0"},"genesis_validators_root":"0x\#(ChainSetting.hoodi.genesisValidatorsRoot ?? .zero)"}"#
    }

    /// Writes a RANDAO_REVEAL request for `epoch`; returns its file.
    func randaoRequest(epoch: Int) throws -> String {
        try write("randao-\(epoch).json", #"{"type":"RANDAO_REVEAL","fork_info":\#(forkInfo),"randao_reveal":{"epoch":"\#(epoch)"}}"#)
    }

    /// Writes an Electra BLOCK_V2 request (header) for `slot` with `bodyRoot`'s first byte `body`; returns its file.
    func blockRequest(slot: Int, body: UInt8 = 0) throws -> String {
        let zero = "0x" + String(repeating: "0", count: 64)
        let bodyRoot = "0x" + String(format: "%02x", body) + String(repeating: "0", count: 62)
        return try write(
            "block-\(slot)-\(body).json",
            #"{"type":"BLOCK_V2","fork_info":\#(forkInfo),"beacon_block":{"version":"ELECTRA","block_header":{"slot":"\#(slot)","proposer_index":"1","parent_root":"\#(zero)","state_root":"\#(zero)","body_root":"\#(bodyRoot)"}}}"#)
    }

    private func write(_ name: String, _ text: String) throws -> String {
        let file = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// POSTs the request in `file` for `pubkey`; returns the HTTP status and the body.
    func sign(_ file: String, pubkey: String) throws -> (status: String, body: String) {
        let answer = try curl([
            "-w", "\n%{http_code}", "-X", "POST", "-H", "Content-Type: application/json", "--data", "@" + file, base + "/api/v1/eth2/sign/0x" + pubkey,
        ])
        let lines = answer.split(separator: "\n", omittingEmptySubsequences: false)
        return (String(lines.last ?? ""), lines.dropLast().joined(separator: "\n"))
    }

    /// Whether `signature` verifies for `pubkey` over the signing root of the request in `file`.
    func verifies(_ signature: String, pubkey: String, request file: String) throws -> Bool {
        let root = try Self.run([Self.binary, "signer", "signing-root", "--network", "hoodi", "--request", file]).output
        return try Self.run([Self.binary, "bls", "verify", "--public-key", pubkey, "--message", root, "--signature", signature]).output == "valid"
    }
}
