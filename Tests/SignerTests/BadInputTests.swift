import TestSupport
import ConsensusTypes
import Foundation
import Signer
import SlashingProtection
import SlashingProtectionSQLite
import Testing

/// Bad input gets 400 naming the field (413 for an oversized body, 404 for an unknown key), never
/// 500, and nothing is recorded by slashing protection.
@Suite(.serialized) struct BadInputTests {
    /// (what is changed, the path, the new value or nil to remove, the text the answer must name)
    nonisolated(unsafe) static let blockCases: [(String, [String], Any?, String)] = [
        ("number instead of string", ["beacon_block", "block_header", "slot"], 5, "beacon_block.block_header.slot"),
        ("missing fork_info", ["fork_info"], nil, "fork_info"),
        ("epoch above uint64", ["fork_info", "fork", "epoch"], "18446744073709551616", "fork_info.fork.epoch"),
        ("negative epoch", ["fork_info", "fork", "epoch"], "-1", "fork_info.fork.epoch"),
        ("fork version of 3 bytes", ["fork_info", "fork", "previous_version"], "0x000000", "fork_info.fork.previous_version"),
        ("fork version of 5 bytes", ["fork_info", "fork", "current_version"], "0x0000000000", "fork_info.fork.current_version"),
        ("bad hex", ["beacon_block", "block_header", "parent_root"], "0x" + String(repeating: "zz", count: 32), "beacon_block.block_header.parent_root"),
        ("hex without 0x", ["beacon_block", "block_header", "state_root"], String(repeating: "00", count: 32), "beacon_block.block_header.state_root"),
        ("unknown type", ["type"], "BLOCK_V3", "type"),
        ("unknown version", ["beacon_block", "version"], "GLOAS", "beacon_block.version"),
        ("unknown field", ["beacon_block", "block_header", "extra"], "1", "beacon_block.block_header.extra"),
        ("header for phase0", ["beacon_block", "version"], "PHASE0", "beacon_block.block"),
        ("object instead of string", ["signingRoot"], ["a": 1], "signingRoot"),
        ("other chain", ["fork_info", "genesis_validators_root"], "0x" + String(repeating: "11", count: 32), "genesis_validators_root"),
        ("slot above 2^63-1", ["beacon_block", "block_header", "slot"], "9223372036854775808", "slot"),
        ("only a signing root", ["beacon_block"], nil, "beacon_block"),
    ]

    nonisolated(unsafe) static let attestationCases: [(String, [String], Any?, String)] = [
        ("source epoch not decimal", ["attestation", "source", "epoch"], "0x10", "attestation.source.epoch"),
        ("root too short", ["attestation", "target", "root"], "0x1234", "attestation.target.root"),
        ("only a signing root", ["attestation"], nil, "attestation"),
        ("target above 2^63-1", ["attestation", "target", "epoch"], "9223372036854775808", "attestation.target.epoch"),
        ("boolean index", ["attestation", "index"], true, "attestation.index"),
        ("null slot", ["attestation", "slot"], NSNull(), "attestation.slot"),
    ]

    @Test func badBodiesAre400NamingTheFieldAndRecordNothing() async throws {
        let vault = try await TestVault(keys: 1)
        defer { vault.remove() }
        let store = try vault.store()
        let signer = try await RunningSigner.start(keys: try await vault.loadKeys(), store: store)
        var factory = RequestFactory(seed: try TestSeed.value(), genesisValidatorsRoot: TestVault.gvrHex)
        let pubkey = vault.pubkeys[0]
        var block = factory.request("BLOCK_V2", fork: "DENEB", slot: 64)
        block["signingRoot"] = "0x" + String(repeating: "00", count: 32)
        var attestation = factory.request("ATTESTATION", source: 1, target: 2)
        attestation["signingRoot"] = "0x" + String(repeating: "00", count: 32)
        for (base, cases) in [(block, Self.blockCases), (attestation, Self.attestationCases)] {
            for (what, path, value, field) in cases {
                var body = base
                if what != "only a signing root" && what != "header for phase0" && path != ["signingRoot"] { body["signingRoot"] = nil }
                if what == "header for phase0" { body["signingRoot"] = nil }
                set(&body, path, value)
                let result = try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: body)
                #expect(result.status == 400, "\(what): \(result.status) \(result.body)")
                #expect(result.body.contains(field), "\(what): \(result.body) does not name \(field)")
            }
        }
        let raw: [(String, [UInt8], Int)] = [
            ("not JSON", Array("{\"type\":".utf8), 400),
            ("an array", Array("[]".utf8), 400),
            ("trailing data", Array("{}{}".utf8), 400),
            ("duplicate field", Array(#"{"type":"BLOCK_V2","type":"ATTESTATION"}"#.utf8), 400),
            ("oversized", Array(repeating: UInt8(ascii: " "), count: (1 << 20) + 1), 413),
        ]
        for (what, body, status) in raw {
            let result = try await HTTP.post("\(signer.baseURL)/api/v1/eth2/sign/\(pubkey)", body: body)
            #expect(result.status == status, "\(what): \(result.status) \(result.body)")
        }
        // A deposit or builder registration must name the key that signs it.
        for (type, field) in [("DEPOSIT", "deposit.pubkey"), ("VALIDATOR_REGISTRATION", "validator_registration.pubkey")] {
            let other = try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request(type))
            #expect(other.status == 400 && other.body.contains(field), "\(type) for another key: \(other.status) \(other.body)")
            #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: factory.request(type, pubkey: pubkey)).status == 200)
        }
        let unknown = try await HTTP.sign(signer.baseURL, pubkey: "0x" + String(repeating: "a1", count: 48), body: block)
        #expect(unknown.status == 404)
        let malformed = try await HTTP.sign(signer.baseURL, pubkey: "0x1234", body: block)
        #expect(malformed.status == 400 && malformed.body.contains("identifier"))
        // Nothing was recorded: the same slot and target still sign.
        let status = try await store.status(pubkeys: nil)
        #expect(status.allSatisfy { $0.highestBlockSlot == nil && $0.highestTargetEpoch == nil })
        block["signingRoot"] = nil
        attestation["signingRoot"] = nil
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: block).status == 200)
        #expect(try await HTTP.sign(signer.baseURL, pubkey: pubkey, body: attestation).status == 200)
        await signer.stop()
    }

    private func set(_ object: inout [String: Any], _ path: [String], _ value: Any?) {
        guard let first = path.first else { return }
        if path.count == 1 {
            object[first] = value
            return
        }
        var inner = object[first] as? [String: Any] ?? [:]
        set(&inner, Array(path.dropFirst()), value)
        object[first] = inner
    }
}
