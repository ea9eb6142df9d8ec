import AWSClients
import AWSCore
import AWSTestSupport
import Crypto
import Enclave
import Foundation
import NitroAttestation
import NSM
import Secrets
import Testing
import TestSupport

/// KMS Decrypt through a Recipient attestation against the stand-in KMS
/// (`scripts/kms-attestation-stand-in`: moto, with the document checked in Python against the
/// stand-in NSM's root and the key policy `EnclaveKeyPolicy` writes, answering real CMS).
@Suite(.enabled(if: Moto.shouldRun)) struct AttestedKMSTests {
    static let pcr0 = Array(repeating: UInt8(0x5a), count: 48)
    static let account = "arn:aws:iam::123456789012:"

    /// Starts the stand-in KMS trusting `rootPEM`; returns its URL and process.
    static func startStandIn(rootPEM: String, folder: URL) throws -> (String, Process) {
        let root = folder.appendingPathComponent("root.pem")
        try Data(rootPEM.utf8).write(to: root)
        let socket = try ServerSocketPort.free()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/kms-attestation-stand-in").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--attestation-root", root.path, "-H", "127.0.0.1", "-p", String(socket)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return ("http://127.0.0.1:\(socket)", process)
    }

    /// SIGKILL: moto's server does not always stop on SIGTERM, and a stand-in left running would
    /// outlive the test run.
    static func stop(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    @Test func onlyTheAttestedImageDecrypts() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("etherkeep-attested-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rootKey = P384.Signing.PrivateKey()
        let nsm = try StandInNSM(pcrs: [0: Self.pcr0], rootKey: rootKey)
        let (url, process) = try Self.startStandIn(rootPEM: nsm.rootPEM, folder: folder)
        defer { Self.stop(process) }
        try await Moto.withContext(endpoint: url) { context in
            let kms = try KMSClient(context: context)
            let key = try await kms.createKey(description: "enclave vault key")
            let record = SymmetricKey(data: (0..<300).map { UInt8($0 & 0xff) })
            let context = ["pubkey": String(repeating: "ab", count: 48)]
            let ciphertext = try await kms.encrypt(keyID: key.keyID, plaintext: record, context: context)
            let policy = try EnclaveKeyPolicy(
                pcr0Hex: hexString(Self.pcr0), pcr8Hex: nil, instanceRoleARN: Self.account + "role/host", encryptRoleARNs: [Self.account + "role/keygen"],
                adminARN: Self.account + "role/admin", allowDebug: false)
            try await kms.putKeyPolicy(keyID: key.keyID, policy: policy.json)

            // The parent, with no attestation: denied by the key policy.
            await #expect(performing: { _ = try await kms.decryptPlaintext(ciphertext: ciphertext, context: context) }, throws: { error in
                (error as? AWSError)?.awsCode == "AccessDeniedException"
            })
            // The attested enclave image: the plaintext, opened with its per-boot key.
            let attested = AttestedKMS(kms: kms, nsm: nsm, recipient: try RecipientKey())
            let plaintext = try await attested.decrypt(ciphertext, context: context)
            #expect(plaintext.withUnsafeBytes { Array($0) } == record.withUnsafeBytes { Array($0) })
            // Another image under the same root: denied on PCR0.
            let otherImage = AttestedKMS(kms: kms, nsm: try StandInNSM(pcrs: [0: Array(repeating: 0x77, count: 48)], rootKey: rootKey), recipient: try RecipientKey())
            await #expect(performing: { _ = try await otherImage.decrypt(ciphertext, context: context) }, throws: { error in
                (error as? EnclaveError)?.code == .kms && "\(error)".contains("AccessDeniedException")
            })
            // A document from another root: refused.
            let stranger = AttestedKMS(kms: kms, nsm: try StandInNSM(pcrs: [0: Self.pcr0]), recipient: try RecipientKey())
            await #expect(performing: { _ = try await stranger.decrypt(ciphertext, context: context) }, throws: { error in
                (error as? EnclaveError)?.code == .kms && "\(error)".contains("ValidationException")
            })
        }
    }
}

/// A free TCP port on 127.0.0.1.
enum ServerSocketPort {
    static func free() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let port = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        } ? Int(UInt16(bigEndian: address.sin_port)) : 0
        guard port > 0 else { throw EnclaveError(.malformed, "no free port") }
        return port
    }
}
