import BLS12381
import ConsensusTypes
import Foundation
import Signer
import Testing
import ValidatorKeys

/// Keys from keystore folders and Web3Signer key files: each failure is reported by file and
/// reason, and the other keys still load.
struct KeyLoadingTests {
    private func keystore(_ key: SecretKey, password: String) throws -> String {
        let kdf = KeystoreKDF.pbkdf2(c: 16, salt: Array(repeating: 3, count: 32))
        let decryptionKey = try Keystore.deriveKey(password: KeystorePassword(password), kdf: kdf)
        return try Keystore.encrypt(secretKey: key, decryptionKey: decryptionKey, kdf: kdf, path: try KeyPath(parsing: "m/12381/3600/0/0/0")).jsonString
    }

    @Test func keystoreFoldersAndKeyFilesLoadAndReportTheirFailures() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("etherkeep-keys-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        for folder in ["keystores", "passwords", "yaml"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
        }
        let keys = (0..<5).map { _ in SecretKey.random() }
        func write(_ path: String, _ text: String) throws { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) }
        // Folder: two good keystores, one with a wrong password, one that is not a keystore.
        try write("\(root)/keystores/a.json", try keystore(keys[0], password: "pass-a"))
        try write("\(root)/passwords/a.txt", "pass-a\n")
        try write("\(root)/keystores/b.json", try keystore(keys[1], password: "pass-b"))
        try write("\(root)/passwords/b.txt", "pass-b")
        try write("\(root)/keystores/c.json", try keystore(keys[2], password: "right"))
        try write("\(root)/passwords/c.txt", "wrong")
        try write("\(root)/keystores/d.json", "{\"not\": \"a keystore\"}")
        try write("\(root)/passwords/d.txt", "x")
        // YAML: a file-keystore (relative paths), a file-raw, an unsupported type, a bad raw key.
        try write("\(root)/yaml/ks.json", try keystore(keys[3], password: "pass-y"))
        try write("\(root)/yaml/ks.txt", "pass-y\n")
        try write("\(root)/yaml/one.yaml", "type: \"file-keystore\"\nkeyType: \"BLS\"\nkeystoreFile: \"ks.json\"\nkeystorePasswordFile: \"ks.txt\"\n")
        let raw = keys[4].withSerializedBytes { "0x" + $0.map { String(format: "%02x", $0) }.joined() }
        try write("\(root)/yaml/two.yaml", "type: file-raw\nkeyType: BLS\nprivateKey: \"\(raw)\"\n---\ntype: hashicorp\n")
        try write("\(root)/yaml/three.yml", "type: file-raw\nprivateKey: \"0x1234\"\n")
        // Broken YAML (an unterminated quote around a real key) is reported, never skipped, and
        // the report does not quote the line.
        try write("\(root)/yaml/four.yaml", "type: file-raw\nkeyType: BLS\nprivateKey: \"\(raw)\n")

        let folder = KeyLoader.keystoreDirectory("\(root)/keystores", passwords: .directory("\(root)/passwords"))
        let files = KeyLoader.keyConfigDirectory("\(root)/yaml")
        let decrypted = await KeyLoader.decryptAll(folder.pending + files.pending)
        let ring = KeyRing(decrypted.keys)
        let expected = Set([0, 1, 3, 4].map { BLSPubkey(unchecked: keys[$0].publicKey().compressed) })
        #expect(Set(ring.pubkeys) == expected)
        let failures = folder.failures + files.failures + decrypted.failures
        #expect(failures.count == 5, "\(failures)")
        #expect(failures.contains { $0.source.hasSuffix("four.yaml") && $0.reason.hasPrefix("not YAML") && $0.reason.contains("line") })
        #expect(failures.contains { $0.source.hasSuffix("c.json") && $0.reason.lowercased().contains("password") })
        #expect(failures.contains { $0.source.hasSuffix("d.json") })
        #expect(failures.contains { $0.source.contains("two.yaml") && $0.reason.contains("hashicorp") })
        #expect(failures.contains { $0.source.hasSuffix("three.yml") && $0.reason.contains("privateKey") })
        // No failure carries a secret.
        #expect(!failures.contains { $0.description.contains(raw.dropFirst(2)) || $0.description.contains("pass-") })

        // One password for the whole folder.
        let shared = KeyLoader.keystoreDirectory("\(root)/keystores", passwords: .file("\(root)/passwords/a.txt"))
        let sharedKeys = await KeyLoader.decryptAll(shared.pending)
        #expect(sharedKeys.keys.count == 1 && shared.failures.count == 1 && sharedKeys.failures.count == 2)
    }
}
