import Foundation
import TestSupport

/// Request bodies as validator clients send them (Web3Signer's eth2 schema), with random
/// contents: every signing type, every fork of the versioned ones.
struct RequestFactory {
    var rng: TestRNG
    let genesisValidatorsRoot: String

    init(seed: UInt64, genesisValidatorsRoot: String) {
        rng = TestRNG(seed: seed)
        self.genesisValidatorsRoot = genesisValidatorsRoot
    }

    static let blockForks = ["PHASE0", "ALTAIR", "BELLATRIX", "CAPELLA", "DENEB", "ELECTRA", "FULU"]

    mutating func hex(_ count: Int) -> String {
        "0x" + (0..<count).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
    }
    mutating func uint(_ range: ClosedRange<UInt64> = 0...UInt64.max) -> String { String(UInt64.random(in: range, using: &rng)) }
    mutating func small() -> String { uint(0...1_000_000) }
    mutating func count(_ max: Int) -> Int { Int.random(in: 0...max, using: &rng) }

    /// A bit list of up to `limit` bits, SSZ-serialised (with the delimiter bit).
    mutating func bitlist(maxBits: Int) -> String {
        let bits = Int.random(in: 0...maxBits, using: &rng)
        var bytes = [UInt8](repeating: 0, count: bits / 8 + 1)
        for i in 0..<bits where Bool.random(using: &rng) { bytes[i / 8] |= 1 << UInt8(i % 8) }
        bytes[bits / 8] |= 1 << UInt8(bits % 8)
        return "0x" + bytes.map { String(format: "%02x", $0) }.joined()
    }
    mutating func bitvector(_ length: Int) -> String { hex(length / 8) }

    /// A fork whose epoch is near `epoch`, so that both of its versions get used.
    mutating func forkInfo(near epoch: UInt64) -> [String: Any] {
        let forkEpoch = epoch &+ UInt64.random(in: 0...2, using: &rng) &- 1
        return ["fork": ["previous_version": hex(4), "current_version": hex(4), "epoch": String(forkEpoch)],
                "genesis_validators_root": genesisValidatorsRoot]
    }

    mutating func checkpoint() -> [String: Any] { ["epoch": small(), "root": hex(32)] }
    mutating func attestationData(slot: UInt64? = nil) -> [String: Any] {
        ["slot": slot.map(String.init) ?? small(), "index": small(), "beacon_block_root": hex(32), "source": checkpoint(), "target": checkpoint()]
    }
    mutating func header() -> [String: Any] {
        ["slot": small(), "proposer_index": small(), "parent_root": hex(32), "state_root": hex(32), "body_root": hex(32)]
    }
    mutating func indexed() -> [String: Any] {
        ["attesting_indices": (0..<count(5)).map { _ in small() }, "data": attestationData(), "signature": hex(96)]
    }
    mutating func attestation() -> [String: Any] {
        ["aggregation_bits": bitlist(maxBits: 2048), "data": attestationData(), "signature": hex(96)]
    }
    mutating func electraAttestation() -> [String: Any] {
        ["aggregation_bits": bitlist(maxBits: 600), "data": attestationData(), "signature": hex(96), "committee_bits": bitvector(64)]
    }

    mutating func body(altair: Bool) -> [String: Any] {
        var body: [String: Any] = [
            "randao_reveal": hex(96),
            "eth1_data": ["deposit_root": hex(32), "deposit_count": uint(), "block_hash": hex(32)],
            "graffiti": hex(32),
            "proposer_slashings": (0..<count(2)).map { _ in
                ["signed_header_1": ["message": header(), "signature": hex(96)], "signed_header_2": ["message": header(), "signature": hex(96)]]
            },
            "attester_slashings": (0..<count(2)).map { _ in ["attestation_1": indexed(), "attestation_2": indexed()] },
            "attestations": (0..<count(3)).map { _ in attestation() },
            "deposits": (0..<count(2)).map { _ in
                ["proof": (0..<33).map { _ in hex(32) },
                 "data": ["pubkey": hex(48), "withdrawal_credentials": hex(32), "amount": uint(), "signature": hex(96)]]
            },
            "voluntary_exits": (0..<count(2)).map { _ in ["message": ["epoch": small(), "validator_index": small()], "signature": hex(96)] },
        ]
        if altair { body["sync_aggregate"] = ["sync_committee_bits": bitvector(512), "sync_committee_signature": hex(96)] }
        return body
    }

    mutating func block(slot: UInt64, altair: Bool) -> [String: Any] {
        ["slot": String(slot), "proposer_index": small(), "parent_root": hex(32), "state_root": hex(32), "body": body(altair: altair)]
    }

    /// One random request of `type` (for `BLOCK_V2` and `AGGREGATE_AND_PROOF_V2`, of `fork`).
    /// Blocks take `slot`; attestations `source`/`target` (random when nil).
    mutating func request(_ type: String, fork: String = "", slot: UInt64? = nil, source: UInt64? = nil, target: UInt64? = nil, pubkey: String = "") -> [String: Any] {
        let slot = slot ?? UInt64.random(in: 0...10_000_000, using: &rng)
        var body: [String: Any] = ["type": type]
        switch type {
        case "AGGREGATION_SLOT":
            body["fork_info"] = forkInfo(near: slot / 32)
            body["aggregation_slot"] = ["slot": String(slot)]
        case "AGGREGATE_AND_PROOF":
            body["fork_info"] = forkInfo(near: slot / 32)
            var aggregate = attestation()
            aggregate["data"] = attestationData(slot: slot)
            body["aggregate_and_proof"] = ["aggregator_index": small(), "aggregate": aggregate, "selection_proof": hex(96)]
        case "AGGREGATE_AND_PROOF_V2":
            body["fork_info"] = forkInfo(near: slot / 32)
            let electra = fork == "ELECTRA" || fork == "FULU"
            var aggregate = electra ? electraAttestation() : attestation()
            aggregate["data"] = attestationData(slot: slot)
            body["aggregate_and_proof"] = ["version": fork, "data": ["aggregator_index": small(), "aggregate": aggregate, "selection_proof": hex(96)]]
        case "ATTESTATION":
            let source = source ?? UInt64.random(in: 0...100_000, using: &rng)
            let target = target ?? source + UInt64.random(in: 0...3, using: &rng)
            var data = attestationData(slot: target * 32)
            data["source"] = ["epoch": String(source), "root": hex(32)]
            data["target"] = ["epoch": String(target), "root": hex(32)]
            body["fork_info"] = forkInfo(near: target)
            body["attestation"] = data
        case "BLOCK":
            body["fork_info"] = forkInfo(near: slot / 32)
            body["block"] = block(slot: slot, altair: false)
        case "BLOCK_V2":
            body["fork_info"] = forkInfo(near: slot / 32)
            switch fork {
            case "PHASE0": body["beacon_block"] = ["version": fork, "block": block(slot: slot, altair: false)]
            case "ALTAIR": body["beacon_block"] = ["version": fork, "block": block(slot: slot, altair: true)]
            default:
                var h = header()
                h["slot"] = String(slot)
                body["beacon_block"] = ["version": fork, "block_header": h]
            }
        case "DEPOSIT":
            body["deposit"] = ["pubkey": pubkey.isEmpty ? hex(48) : pubkey, "withdrawal_credentials": hex(32), "amount": "32000000000", "genesis_fork_version": hex(4)]
        case "RANDAO_REVEAL":
            body["fork_info"] = forkInfo(near: slot / 32)
            body["randao_reveal"] = ["epoch": String(slot / 32)]
        case "VOLUNTARY_EXIT":
            body["fork_info"] = forkInfo(near: slot / 32)
            body["voluntary_exit"] = ["epoch": String(slot / 32), "validator_index": small()]
        case "SYNC_COMMITTEE_MESSAGE":
            body["fork_info"] = forkInfo(near: slot / 32)
            body["sync_committee_message"] = ["beacon_block_root": hex(32), "slot": String(slot)]
        case "SYNC_COMMITTEE_SELECTION_PROOF":
            body["fork_info"] = forkInfo(near: slot / 32)
            body["sync_aggregator_selection_data"] = ["slot": String(slot), "subcommittee_index": uint(0...3)]
        case "SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF":
            body["fork_info"] = forkInfo(near: slot / 32)
            body["contribution_and_proof"] = [
                "aggregator_index": small(), "selection_proof": hex(96),
                "contribution": ["slot": String(slot), "beacon_block_root": hex(32), "subcommittee_index": uint(0...3),
                                 "aggregation_bits": bitvector(128), "signature": hex(96)],
            ]
        case "VALIDATOR_REGISTRATION":
            body["validator_registration"] = ["fee_recipient": hex(20), "gas_limit": uint(), "timestamp": uint(), "pubkey": pubkey.isEmpty ? hex(48) : pubkey]
        default:
            break
        }
        return body
    }

    /// Every (type, fork) combination the API has.
    static let allCases: [(type: String, fork: String)] = {
        var cases: [(String, String)] = [
            ("AGGREGATION_SLOT", ""), ("AGGREGATE_AND_PROOF", ""), ("ATTESTATION", ""), ("BLOCK", ""), ("DEPOSIT", ""),
            ("RANDAO_REVEAL", ""), ("VOLUNTARY_EXIT", ""), ("SYNC_COMMITTEE_MESSAGE", ""), ("SYNC_COMMITTEE_SELECTION_PROOF", ""),
            ("SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF", ""), ("VALIDATOR_REGISTRATION", ""),
        ]
        for fork in blockForks {
            cases.append(("BLOCK_V2", fork))
            cases.append(("AGGREGATE_AND_PROOF_V2", fork))
        }
        return cases
    }()
}

/// JSON bytes of a body.
func jsonBytes(_ object: Any) -> [UInt8] {
    // invariant: the factory builds only JSON-serialisable values.
    Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
}
