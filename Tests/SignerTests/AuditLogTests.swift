import ConsensusTypes
import Foundation
import Logging
import Synchronization
import Signer
import TestSupport
import Testing

/// `--audit-log`: one JSON line per decision, signed or not, naming what was decided and why,
/// and nothing secret.
struct AuditLogTests {
    @Test func everyDecisionIsOneLineMatchingTheRequestMade() async throws {
        let vault = try await TestVault(keys: 1)
        defer { vault.remove() }
        let path = vault.directory + "/audit.jsonl"
        let signer = try await RunningSigner.start(keys: try await vault.loadKeys(), store: try vault.store(), audit: try AuditLog(path: path)) {
            $0.maximumBodyBytes = 4096
        }
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
        let pubkey = vault.pubkeys[0]
        let vote = factory.request("ATTESTATION", source: 10, target: 20)
        let signed = try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: vote)
        let double = try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("ATTESTATION", source: 10, target: 20))
        let block = try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request("BLOCK_V2", fork: "DENEB", slot: 77))
        let unknown = try await HTTP.sign(signer.baseURL, pubkey: "0x" + String(repeating: "ab", count: 48), body: vote)
        let malformed = try await HTTP.post("\(signer.baseURL)/api/v1/eth2/sign/\(pubkey)", body: Array(#"{"type": "ATTESTATION"}"#.utf8))
        let oversized = try await HTTP.post("\(signer.baseURL)/api/v1/eth2/sign/\(pubkey)", body: Array(repeating: 0x20, count: 5000))
        await signer.stop()
        let statuses: [Int] = [signed.status, double.status, block.status, unknown.status, malformed.status, oversized.status]
        #expect(statuses == [200, 412, 200, 404, 400, 413])

        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        let entries = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]) }
        #expect(entries.map { $0["outcome"] } == ["signed", "refused", "signed", "unknown_key", "bad_request", "payload_too_large"])
        #expect(entries[0]["type"] == "ATTESTATION" && entries[0]["source_epoch"] == "10" && entries[0]["target_epoch"] == "20")
        #expect(entries[0]["pubkey"] == pubkey && entries[0]["reason"] == nil)
        #expect(entries[0]["signing_root"]?.count == 66 && entries[0]["signing_root"] != entries[1]["signing_root"])
        #expect(entries[1]["reason"]?.contains("double vote") == true)
        #expect(entries[2]["type"] == "BLOCK_V2" && entries[2]["slot"] == "77")
        #expect(entries[4]["reason"]?.isEmpty == false)
        for entry in entries { #expect(entry["time"]?.hasSuffix("Z") == true, "\(entry)") }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // The signature itself is not audited; nor is anything secret ever in the file.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(signatureHex(signed).map { !text.contains($0.dropFirst(2)) } == true)

        // Appended, never truncated: a second signer on the same file adds lines.
        let again = try await RunningSigner.start(keys: try await vault.loadKeys(), store: try vault.store(), audit: try AuditLog(path: path))
        _ = try await HTTP.sign(again.baseURL, pubkey: pubkey, body: factory.request("RANDAO_REVEAL"))
        await again.stop()
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 7)
    }

    @Test func anAuditLogThatCannotBeOpenedIsAStartError() {
        #expect(throws: SignerError.self) { try AuditLog(path: "/nonexistent/dir/audit.jsonl") }
    }

    /// `--log-format json`: one JSON object per line, the fixed fields first, metadata as strings.
    @Test func jsonLogLinesParse() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "etherkeep.signer") { label in JSONLogHandler(label: label) { line in lines.withLock { $0.append(line) } } }
        logger.logLevel = .info
        logger.info("keys decrypted", metadata: ["loaded": "1000", "message": "not the message", "quote": "a \"b\"\n"])
        logger.debug("not written")
        let written = lines.withLock { $0 }
        #expect(written.count == 1 && written[0].hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(written[0].utf8)) as? [String: String])
        #expect(object["level"] == "info" && object["message"] == "keys decrypted" && object["label"] == "etherkeep.signer")
        #expect(object["loaded"] == "1000" && object["quote"] == "a \"b\"\n")
        #expect(object["time"]?.hasSuffix("Z") == true)
    }
}
