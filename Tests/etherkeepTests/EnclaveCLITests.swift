import Foundation
import Testing
import TestSupport

/// `etherkeep enclave measure` on images written by the independent EIF writer, and
/// `etherkeep enclave key-policy` read back as a policy: who may decrypt, and under what condition.
@Suite struct EnclaveCLITests {
    struct Request: Encodable { let directory: String; let seed: Int }
    struct Image: Decodable { let file: String; let pcr0: String; let pcr1: String; let pcr2: String; let pcr8: String? }

    static let pcr0 = String(repeating: "ab", count: 48)
    static let pcr8 = String(repeating: "CD", count: 48)
    static let account = "arn:aws:iam::123456789012:"
    static let roles = [
        "--instance-role-arn", account + "role/enclave-host", "--encrypt-role-arn", account + "role/keygen",
        "--encrypt-role-arn", account + "role/import", "--admin-arn", account + "role/key-admin",
    ]

    @Test func measurePrintsTheRegistersTheIndependentWriterComputed() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        // The EIF writer and hasher beside the NitroAttestation tests.
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("NitroAttestationTests/EnclaveImageTests.swift").path
        let images = try PythonReference.run("eif_reference.py", Request(directory: cli.folder.path, seed: 12381), as: [Image].self, caller: script)
        #expect(images.count == 7)
        for image in images {
            let json = try cli.run(["enclave", "measure", "--eif", image.file, "--json"])
            #expect(json.status == 0, "\(json.stderr)")
            let measured = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: String]
            #expect(measured?["PCR0"] == image.pcr0 && measured?["PCR1"] == image.pcr1 && measured?["PCR2"] == image.pcr2)
            #expect(measured?["PCR8"] == image.pcr8)
            let lines = try cli.run(["enclave", "measure", "--eif", image.file])
            #expect(lines.stdout.hasPrefix("PCR0 \(image.pcr0)\nPCR1 \(image.pcr1)\nPCR2 \(image.pcr2)\n"))
        }
        let missing = try cli.run(["enclave", "measure", "--eif", cli.folder.path + "/none.eif"])
        #expect(missing.status != 0 && missing.stderr.contains("--eif"))
        let directory = try cli.run(["enclave", "measure", "--eif", cli.folder.path])
        #expect(directory.status != 0 && directory.stderr.contains("not a file that can be read"), "\(directory.stderr)")
        var damaged = Array(try Data(contentsOf: URL(fileURLWithPath: images[0].file)))
        damaged[damaged.count - 1] ^= 1
        try Data(damaged).write(to: cli.folder.appendingPathComponent("damaged.eif"))
        let refused = try cli.run(["enclave", "measure", "--eif", cli.folder.path + "/damaged.eif"])
        #expect(refused.status != 0 && refused.stderr.contains("CRC") && refused.stdout.isEmpty, "\(refused.stderr)")
    }

    static func statements(_ output: String) throws -> [[String: Any]] {
        let policy = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        return policy?["Statement"] as? [[String: Any]] ?? []
    }

    static func principals(_ statement: [String: Any]) -> [String] {
        (statement["Principal"] as? [String: Any])?["AWS"] as? [String] ?? []
    }

    @Test func keyPolicyLetsOnlyTheAttestedEnclaveDecrypt() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let result = try cli.run(["enclave", "key-policy", "--pcr0", Self.pcr0, "--pcr8", "0x" + Self.pcr8] + Self.roles)
        #expect(result.status == 0, "\(result.stderr)")
        let statements = try Self.statements(result.stdout)
        let actions = { (statement: [String: Any]) in statement["Action"] as? [String] ?? [] }
        // Only one Allow names Decrypt, for the instance role, conditioned on both registers.
        let allowsDecrypt = statements.filter { $0["Effect"] as? String == "Allow" && actions($0).contains { "kms:Decrypt".hasPrefix($0.replacingOccurrences(of: "*", with: "")) } }
        #expect(allowsDecrypt.count == 1)
        #expect(allowsDecrypt.first.map(Self.principals) == [Self.account + "role/enclave-host"])
        let condition = (allowsDecrypt.first?["Condition"] as? [String: [String: String]])?["StringEqualsIgnoreCase"]
        #expect(condition == ["kms:RecipientAttestation:ImageSha384": Self.pcr0, "kms:RecipientAttestation:PCR8": Self.pcr8.lowercased()])
        // Every principal is denied Decrypt unless each register matches: one statement per key.
        let denies = statements.filter { $0["Effect"] as? String == "Deny" && actions($0) == ["kms:Decrypt"] }
        #expect(denies.count == 2 && denies.allSatisfy { Self.principals($0) == ["*"] })
        // Re-encryption and grants, which would move a record out from under the attestation, are denied to all.
        let unconditional = statements.filter { $0["Effect"] as? String == "Deny" && $0["Condition"] == nil }
        #expect(unconditional.count == 1 && unconditional.first.map(actions) == ["kms:CreateGrant", "kms:ReEncrypt*"] && unconditional.first.map(Self.principals) == ["*"])
        let denied = Set(denies.flatMap { (($0["Condition"] as? [String: [String: String]])?["StringNotEqualsIgnoreCase"] ?? [:]).keys })
        #expect(denied == ["kms:RecipientAttestation:ImageSha384", "kms:RecipientAttestation:PCR8"])
        // The encrypt roles encrypt; the administrator manages; neither decrypts.
        let encrypt = statements.first { Self.principals($0).contains(Self.account + "role/keygen") }
        #expect(encrypt.map(Self.principals) == [Self.account + "role/keygen", Self.account + "role/import"])
        #expect(encrypt.map(actions) == ["kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"])
        let admin = statements.first { Self.principals($0) == [Self.account + "role/key-admin"] }
        #expect(admin.map(actions)?.contains { $0 == "kms:*" || $0.hasPrefix("kms:Decrypt") || $0 == "kms:D*" } == false)
        #expect(statements.allSatisfy { $0["Resource"] as? String == "*" })

        // Without --pcr8 the PCR8 condition and its deny are absent.
        let unsigned = try Self.statements(try cli.run(["enclave", "key-policy", "--pcr0", Self.pcr0] + Self.roles).stdout)
        #expect(unsigned.filter { $0["Effect"] as? String == "Deny" }.count == 2)
    }

    @Test(arguments: [
        (["--pcr0", String(repeating: "00", count: 48)], "--allow-debug"),
        (["--pcr0", String(repeating: "ab", count: 47)], "--pcr0"),
        (["--pcr0", String(repeating: "zz", count: 48)], "--pcr0"),
        (["--pcr0", String(repeating: "ab", count: 48), "--pcr8", "12"], "--pcr8"),
    ])
    func keyPolicyRefusesABadRegister(arguments: [String], words: String) throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let result = try cli.run(["enclave", "key-policy"] + arguments + Self.roles)
        #expect(result.status != 0 && result.stdout.isEmpty && result.stderr.contains(words), "\(result.stderr)")
    }

    @Test func keyPolicyChecksItsPrincipals() throws {
        let cli = try CLIRunner()
        defer { cli.remove() }
        let base = ["enclave", "key-policy", "--pcr0", Self.pcr0]
        let cases: [([String], String)] = [
            (["--instance-role-arn", "enclave-host", "--encrypt-role-arn", Self.account + "role/k", "--admin-arn", Self.account + "role/a"], "--instance-role-arn"),
            (["--instance-role-arn", Self.account + "role/h", "--encrypt-role-arn", "arn:aws:iam::1234:role/k", "--admin-arn", Self.account + "role/a"], "--encrypt-role-arn"),
            (["--instance-role-arn", Self.account + "role/h", "--admin-arn", Self.account + "role/a"], "--encrypt-role-arn"),
            (["--instance-role-arn", Self.account + "role/h", "--encrypt-role-arn", Self.account + "role/h", "--admin-arn", Self.account + "role/a"], "instance role"),
            // The same role in other letter case is the same IAM role.
            (["--instance-role-arn", Self.account + "role/Host", "--encrypt-role-arn", Self.account + "role/k", "--admin-arn", Self.account + "role/HOST"], "instance role"),
            (["--instance-role-arn", Self.account + "user/h", "--encrypt-role-arn", Self.account + "role/k", "--admin-arn", Self.account + "role/a"], "is not a role"),
            (["--instance-role-arn", Self.account + "root", "--encrypt-role-arn", Self.account + "role/k", "--admin-arn", Self.account + "role/a"], "is not a role"),
            (["--instance-role-arn", Self.account + "role/h", "--encrypt-role-arn", "arn:aws-cn:iam::123456789012:role/k", "--admin-arn", Self.account + "role/a"],
             "different partitions"),
            (["--instance-role-arn", Self.account + "role/h", "--encrypt-role-arn", Self.account + "role/k", "--encrypt-role-arn", Self.account + "role/K",
              "--admin-arn", Self.account + "role/a"], "given twice"),
        ]
        for (arguments, words) in cases {
            let result = try cli.run(base + arguments)
            #expect(result.status != 0 && result.stdout.isEmpty && result.stderr.contains(words), "\(result.stderr)")
        }
        // A debug image's policy only when asked for.
        let debug = try cli.run(["enclave", "key-policy", "--pcr0", String(repeating: "00", count: 48), "--allow-debug"] + Self.roles)
        #expect(debug.status == 0)
    }
}
