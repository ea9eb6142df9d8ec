import TestSupport
import BLS12381
import ConsensusTypes
import Foundation
import Signer
import Testing

/// The endpoints and the response shapes validator clients expect.
@Suite(.serialized) struct EndpointTests {
    @Test func publicKeysUpcheckHealthcheckAndClientResponseShapes() async throws {
        let vault = try await TestVault(keys: 3)
        defer { vault.remove() }
        let signer = try await RunningSigner.start(keys: try await vault.loadKeys(), store: try vault.store())
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)

        let keys = try await HTTP.get("\(signer.baseURL)/api/v1/eth2/publicKeys")
        #expect(keys.status == 200 && keys.contentType.hasPrefix("application/json"))
        let listed = try JSONSerialization.jsonObject(with: Data(keys.body.utf8)) as? [String]
        #expect(Set(listed ?? []) == Set(vault.pubkeys))

        let up = try await HTTP.get("\(signer.baseURL)/upcheck")
        #expect(up.status == 200 && up.body == "OK")
        let health = try await HTTP.get("\(signer.baseURL)/healthcheck")
        let healthJSON = try JSONSerialization.jsonObject(with: Data(health.body.utf8)) as? [String: Any]
        #expect(health.status == 200 && healthJSON?["status"] as? String == "UP" && (healthJSON?["checks"] as? [Any])?.count == 3)

        let pubkey = vault.pubkeys[1]
        let publicKey = try PublicKey(bytes: bytes(fromHex: pubkey))
        // Lighthouse: JSON body, Accept: application/json → {"signature": "0x…"}.
        let lighthouse = factory.request("ATTESTATION", source: 5, target: 6)
        let l = try await HTTP.post(
            "\(signer.baseURL)/api/v1/eth2/sign/\(pubkey)", body: jsonBytes(lighthouse),
            headers: [("Content-Type", "application/json"), ("Accept", "application/json")])
        #expect(l.status == 200 && l.contentType.hasPrefix("application/json"))
        let lSignature = try #require(signatureHex(l))
        try expectValid(lighthouse, publicKey, lSignature)
        // Teku: no Accept header → text/plain hex.
        let teku = factory.request("BLOCK_V2", fork: "DENEB", slot: 99)
        let t = try await HTTP.post("\(signer.baseURL)/api/v1/eth2/sign/\(pubkey)", body: jsonBytes(teku))
        #expect(t.status == 200 && t.contentType.hasPrefix("text/plain") && t.body.hasPrefix("0x") && t.body.count == 194)
        try expectValid(teku, publicKey, t.body)
        // Prysm: a signingRoot, fields in its own order, Accept with several types.
        var prysm = factory.request("SYNC_COMMITTEE_MESSAGE")
        let request = try Eth2SigningRequest.parse(jsonBytes(prysm))
        prysm["signingRoot"] = "0x\(request.signingRoot(genesisForkVersion: TestVault.chain.genesisForkVersion))"
        let prysmBody = Array(#"{"signingRoot":"\#(prysm["signingRoot"] as? String ?? "")","type":"SYNC_COMMITTEE_MESSAGE","fork_info":\#(String(decoding: jsonBytes(prysm["fork_info"] ?? [:]), as: UTF8.self)),"sync_committee_message":\#(String(decoding: jsonBytes(prysm["sync_committee_message"] ?? [:]), as: UTF8.self))}"#.utf8)
        let p = try await HTTP.post(
            "\(signer.baseURL)/api/v1/eth2/sign/\(pubkey.uppercased().replacingOccurrences(of: "0X", with: "0x"))", body: prysmBody,
            headers: [("Content-Type", "application/json"), ("Accept", "text/plain, application/json;q=0.9")])
        #expect(p.status == 200, "\(p.body)")
        try expectValid(prysm, publicKey, signatureHex(p) ?? p.body)
        await signer.stop()
    }

    private func expectValid(_ body: [String: Any], _ publicKey: PublicKey, _ signatureHex: String) throws {
        let request = try Eth2SigningRequest.parse(jsonBytes(body))
        let root = request.signingRoot(genesisForkVersion: TestVault.chain.genesisForkVersion)
        let signature = try Signature(bytes: bytes(fromHex: signatureHex))
        #expect(BLS.verify(publicKey: publicKey, message: root.bytes, signature: signature))
    }
}
