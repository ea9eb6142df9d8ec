import BLS12381
import ConsensusTypes
import Foundation
import Signer
import Testing
import TestSupport

/// Every signing type and fork, on random instances, through the HTTP server: the signature is
/// checked against the signing root that an independent Python implementation (remerkleable
/// containers from the specs, domains written from the specs) computes from the very body sent,
/// with BLS12381's verify and with blspy.
@Suite(.serialized) struct SigningTypesTests {
    struct Item: Codable { let body: JSONAny; let pubkey: String; let signature: String }
    struct Request: Codable { let genesis_fork_version: String; let items: [Item] }
    struct Reply: Codable { let roots: [String]; let valid: [Bool] }

    @Test func everyTypeAndForkSignsTheIndependentlyComputedRoot() async throws {
        let vault = try await TestVault(keys: 2)
        defer { vault.remove() }
        let keys = try await vault.loadKeys()
        let signer = try await RunningSigner.start(keys: keys, store: try vault.store())
        defer { Task { await signer.stop() } }
        let seed = try TestSeed.value()
        var factory = RequestFactory(seed: seed, genesisValidatorsRoot: TestVault.gvrHex)
        var items: [Item] = []
        var bodies: [[String: Any]] = []
        var slot: UInt64 = 1000
        for (type, fork) in RequestFactory.allCases {
            for round in 0..<3 {
                let pubkey = vault.pubkeys[round % vault.pubkeys.count]
                slot += 1
                let body = factory.request(
                    type, fork: fork, slot: type.hasPrefix("BLOCK") ? slot : nil,
                    source: type == "ATTESTATION" ? slot : nil, target: type == "ATTESTATION" ? slot + 1 : nil, pubkey: pubkey)
                let result = try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: body)
                #expect(result.status == 200, "seed \(seed) \(type) \(fork): \(result.status) \(result.body)")
                guard let signature = signatureHex(result) else { continue }
                items.append(Item(body: JSONAny(body), pubkey: pubkey, signature: signature))
                bodies.append(body)
            }
        }
        let reply = try PythonReference.run(
            "signer_reference.py", Request(genesis_fork_version: "0x\(TestVault.chain.genesisForkVersion)", items: items), as: Reply.self)
        #expect(reply.roots.count == items.count)
        // BLS12381: every signature over the Python root, in one batch (one multi-pairing); one by
        // one only to name a failure.
        let batch = try items.enumerated().map { index, item in
            BLS.BatchItem(
                publicKey: try PublicKey(bytes: bytes(fromHex: item.pubkey)), message: bytes(fromHex: reply.roots[index]),
                signature: try Signature(bytes: bytes(fromHex: item.signature)))
        }
        let allValid = BLS.batchVerify(batch)
        #expect(allValid, "BLS12381 rejects a signature over the Python roots (seed \(seed))")
        for (index, item) in batch.enumerated() {
            let type = bodies[index]["type"] as? String ?? "?"
            #expect(reply.valid[index], "blspy rejects the signature of \(type) (seed \(seed))")
            if !allValid {
                #expect(BLS.verify(publicKey: item.publicKey, message: item.message, signature: item.signature), "BLS12381 rejects \(type)")
            }
            // The parsed request computes the same root as Python.
            let parsed = try Eth2SigningRequest.parse(jsonBytes(bodies[index]))
            #expect("0x\(parsed.signingRoot(genesisForkVersion: TestVault.chain.genesisForkVersion))" == reply.roots[index], "\(type)")
        }
        // A client's signingRoot equal to the computed one is accepted; another is refused, naming both.
        var body = factory.request("RANDAO_REVEAL")
        let root = try PythonReference.run(
            "signer_reference.py",
            Request(genesis_fork_version: "0x\(TestVault.chain.genesisForkVersion)", items: [Item(body: JSONAny(body), pubkey: "", signature: "")]),
            as: Reply.self).roots[0]
        body["signingRoot"] = root
        #expect(try await HTTP.sign(signer.baseURL, pubkey: vault.pubkeys[0], body: body).status == 200)
        let other = "0x" + String(repeating: "ab", count: 32)
        body["signingRoot"] = other
        let refused = try await HTTP.sign(signer.baseURL, pubkey: vault.pubkeys[0], body: body)
        #expect(refused.status == 400)
        #expect(refused.body.contains(other.dropFirst(2)) && refused.body.contains(root.dropFirst(2)) && refused.body.contains("signingRoot"))
        await signer.stop()
    }

    /// The examples of Web3Signer's own specification sign (their fork_info names another chain,
    /// so the signer is configured with theirs) and their `signingRoot`s match.
    @Test func theSpecificationExamplesMatchTheirSigningRoots() async throws {
        let examples = try SpecExamples.load()
        #expect(examples.count >= 20)
        for (name, body) in examples where !SpecExamples.otherPreset.contains(name) {
            let request = try Eth2SigningRequest.parse(jsonBytes(body))
            guard let claimed = request.claimedSigningRoot else { continue }
            // The spec's VALIDATOR_REGISTRATION example uses genesis fork version 0x00000001.
            let root = request.signingRoot(genesisForkVersion: try Version([0, 0, 0, 1]))
            #expect(root == claimed, "\(name)")
        }
    }
}

/// An `Any` JSON value that `Codable` can carry to Python.
struct JSONAny: Codable, @unchecked Sendable {
    let value: Any
    init(_ value: Any) { self.value = value }
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        value = try container.decode(String.self)
    }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try encode(value, into: &container, encoder: encoder)
    }
    private func encode(_ value: Any, into container: inout any SingleValueEncodingContainer, encoder: any Encoder) throws {
        switch value {
        case let text as String: try container.encode(text)
        case let number as Int: try container.encode(number)
        case let flag as Bool: try container.encode(flag)
        case let array as [Any]: try container.encode(array.map(JSONAny.init))
        case let object as [String: Any]: try container.encode(object.mapValues(JSONAny.init))
        default: try container.encodeNil()
        }
    }
}
