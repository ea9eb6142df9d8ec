import ConsensusTypes
import Foundation
import SlashingProtection
import Testing

/// Bad interchange files get an error naming the entry, and leave the store unchanged (an export
/// before and after compares equal). Good ones round-trip.
@Suite struct InterchangeInputTests {
    static let gvr = Root(unchecked: [UInt8](repeating: 0x11, count: 32))
    static let pk = "0x" + String(repeating: "a5", count: 48)
    static let root = "0x" + String(repeating: "0b", count: 32)

    static func document(
        version: String = "\"5\"", gvr: String = "\"0x" + String(repeating: "11", count: 32) + "\"", pubkey: String = "\"\(pk)\"",
        slot: String = "\"12\"", root: String = "\"\(root)\"", source: String = "\"3\"", target: String = "\"4\""
    ) -> String {
        """
        {"metadata": {"interchange_format_version": \(version), "genesis_validators_root": \(gvr)},
         "data": [{"pubkey": \(pubkey),
                   "signed_blocks": [{"slot": \(slot), "signing_root": \(root)}],
                   "signed_attestations": [{"source_epoch": \(source), "target_epoch": \(target), "signing_root": \(root)}]}]}
        """
    }

    static let bad: [(String, String, String)] = [
        ("truncated", String(document().prefix(80)), "not valid JSON"),
        ("garbage", "\u{1}\u{2}not json", "not valid JSON"),
        ("version 4", document(version: "\"4\""), "interchange_format_version"),
        ("version as number", document(version: "5"), "metadata.interchange_format_version"),
        ("47-byte pubkey", document(pubkey: "\"0x" + String(repeating: "a5", count: 47) + "\""), "data[0].pubkey"),
        ("pubkey without 0x", document(pubkey: "\"" + String(repeating: "a5", count: 48) + "\""), "data[0].pubkey"),
        ("slot as number", document(slot: "12"), "data[0].signed_blocks[0].slot"),
        ("negative slot", document(slot: "\"-1\""), "data[0].signed_blocks[0].slot"),
        ("slot above 2^63-1", document(slot: "\"9223372036854775808\""), "data[0].signed_blocks[0].slot"),
        ("leading zero", document(slot: "\"012\""), "data[0].signed_blocks[0].slot"),
        ("epoch as number", document(target: "4"), "data[0].signed_attestations[0].target_epoch"),
        ("31-byte root", document(root: "\"0x" + String(repeating: "0b", count: 31) + "\""), "data[0].signed_blocks[0].signing_root"),
        ("bad hex", document(root: "\"0x" + String(repeating: "zz", count: 32) + "\""), "data[0].signed_blocks[0].signing_root"),
        ("missing pubkey", document().replacingOccurrences(of: "\"pubkey\"", with: "\"pk\""), "data[0].pubkey"),
    ]

    @Test func badDocumentsNameTheEntry() throws {
        for (name, json, expected) in Self.bad {
            let result = Result { () throws(SlashingProtectionError) in try Interchange(json: Array(json.utf8)) }
            guard case .failure(let error) = result else {
                Issue.record("\(name): parsed")
                continue
            }
            #expect(error.code == .invalidInterchange, "\(name)")
            #expect(error.reason.contains(expected), "\(name): \(error.reason)")
        }
    }

    @Test(arguments: StoreKind.available)
    func refusedImportsLeaveTheStoreUnchanged(kind: StoreKind) async throws {
        let store = try await kind.makeStore(Self.gvr)
        _ = try await store.importInterchange(try Interchange(json: Array(Self.document().utf8)))
        let before = try await store.exportInterchange(pubkeys: nil)
        // Another chain.
        let other = Self.document(gvr: "\"0x" + String(repeating: "22", count: 32) + "\"")
        await #expect(throws: SlashingProtectionError(.genesisValidatorsRootMismatch, "")) {
            _ = try await store.importInterchange(try Interchange(json: Array(other.utf8)))
        }
        // A second validator's good history followed by slashable data the store refuses: nothing of the file lands.
        let pk2 = "0x" + String(repeating: "b6", count: 48)
        let mixed = """
            {"metadata": {"interchange_format_version": "5", "genesis_validators_root": "0x\(String(repeating: "11", count: 32))"},
             "data": [{"pubkey": "\(pk2)", "signed_blocks": [{"slot": "99"}], "signed_attestations": []},
                      {"pubkey": "\(Self.pk)", "signed_blocks": [], "signed_attestations": [{"source_epoch": "2", "target_epoch": "4"}]}]}
            """
        await #expect(throws: SlashingProtectionError(.invalidInterchange, "")) {
            _ = try await store.importInterchange(try Interchange(json: Array(mixed.utf8)))
        }
        let after = try await store.exportInterchange(pubkeys: nil)
        #expect(before == after)
        #expect(after.data.count == 1)
    }

    @Test(arguments: StoreKind.available)
    func exportRoundTripsCompleteAndMinimal(kind: StoreKind) async throws {
        let store = try await kind.makeStore(Self.gvr)
        _ = try await store.importInterchange(try Interchange(json: Array(Self.document().utf8)))
        let pubkey = try BLSPubkey(Array(repeating: 0xa5, count: 48))
        #expect(try await store.check(.block(pubkey, slot: 13, signingRoot: nil, genesisValidatorsRoot: Self.gvr)) == .safe(.valid))
        #expect(
            try await store.check(.attestation(pubkey, sourceEpoch: 4, targetEpoch: 5, signingRoot: .zero, genesisValidatorsRoot: Self.gvr))
                == .safe(.valid))
        let complete = try await store.exportInterchange(pubkeys: [pubkey])
        #expect(complete.data.first?.signedBlocks.map(\.slot) == [12, 13])
        #expect(try Interchange(json: complete.json()) == complete)
        // Into a fresh store, complete and minimal: both refuse what the first store refuses.
        for document in [complete, complete.minimized()] {
            let fresh = try await kind.makeStore(Self.gvr)
            _ = try await fresh.importInterchange(try Interchange(json: document.json()))
            #expect(try await fresh.check(.block(pubkey, slot: 13, signingRoot: Self.r, genesisValidatorsRoot: Self.gvr)).isSafe == false)
            #expect(
                try await fresh.check(.attestation(pubkey, sourceEpoch: 4, targetEpoch: 5, signingRoot: Self.r, genesisValidatorsRoot: Self.gvr))
                    .isSafe == false)
            #expect(try await fresh.check(.block(pubkey, slot: 14, signingRoot: Self.r, genesisValidatorsRoot: Self.gvr)) == .safe(.valid))
        }
        #expect(complete.minimized().data.first?.signedAttestations == [SignedAttestation(sourceEpoch: 4, targetEpoch: 5, signingRoot: nil)])
    }

    static let r = Root(unchecked: [UInt8](repeating: 0x77, count: 32))

    @Test(arguments: StoreKind.available)
    func pruningKeepsPrunedHistoryRefused(kind: StoreKind) async throws {
        let store = try await kind.makeStore(Self.gvr)
        let pubkey = try BLSPubkey(Array(repeating: 0xc7, count: 48))
        try await store.register([pubkey])
        for epoch in UInt64(1)...40 {
            #expect(try await store.check(.block(pubkey, slot: epoch * 32, signingRoot: Self.r, genesisValidatorsRoot: Self.gvr)) == .safe(.valid))
            #expect(
                try await store.check(.attestation(pubkey, sourceEpoch: epoch - 1, targetEpoch: epoch, signingRoot: Self.r, genesisValidatorsRoot: Self.gvr))
                    == .safe(.valid))
        }
        let summary = try await store.prune(epochsToKeep: 10)
        #expect(summary.blocks == 29)  // slots 32…928 below 1280 − 320 = 960
        #expect(summary.attestations == 29)  // targets 1…29 below 40 − 10 = 30
        let status = try #require(try await store.status(pubkeys: [pubkey]).first)
        #expect(status.highestBlockSlot == 1280 && status.highestTargetEpoch == 40)
        #expect(status.lowerBounds.slot == 960 && status.lowerBounds.targetEpoch == 30)
        // What was pruned stays refused, even with the root it was signed with.
        #expect(try await store.check(.block(pubkey, slot: 64, signingRoot: Self.r, genesisValidatorsRoot: Self.gvr)).isSafe == false)
        #expect(try await store.check(.block(pubkey, slot: 65, signingRoot: Self.r, genesisValidatorsRoot: Self.gvr)).isSafe == false)
        #expect(
            try await store.check(.attestation(pubkey, sourceEpoch: 5, targetEpoch: 6, signingRoot: .zero, genesisValidatorsRoot: Self.gvr))
                .isSafe == false)
        // An older import lowers the history's minimum, but never below what was pruned.
        let old = """
            {"metadata": {"interchange_format_version": "5", "genesis_validators_root": "0x\(String(repeating: "11", count: 32))"},
             "data": [{"pubkey": "0x\(pubkey)", "signed_blocks": [{"slot": "1"}], "signed_attestations": [{"source_epoch": "0", "target_epoch": "1"}]}]}
            """
        _ = try await store.importInterchange(try Interchange(json: Array(old.utf8)))
        #expect(try await store.check(.block(pubkey, slot: 100, signingRoot: .zero, genesisValidatorsRoot: Self.gvr)).isSafe == false)
        #expect(
            try await store.check(.attestation(pubkey, sourceEpoch: 10, targetEpoch: 20, signingRoot: .zero, genesisValidatorsRoot: Self.gvr))
                .isSafe == false)
        // New history still signs.
        #expect(try await store.check(.block(pubkey, slot: 1281, signingRoot: Self.r, genesisValidatorsRoot: Self.gvr)) == .safe(.valid))
        #expect(
            try await store.check(.attestation(pubkey, sourceEpoch: 40, targetEpoch: 41, signingRoot: Self.r, genesisValidatorsRoot: Self.gvr))
                == .safe(.valid))
    }

    @Test(arguments: StoreKind.available)
    func unregisteredAndOtherChainRefused(kind: StoreKind) async throws {
        let store = try await kind.makeStore(Self.gvr)
        let pubkey = try BLSPubkey(Array(repeating: 0xd8, count: 48))
        #expect(
            try await store.check(.block(pubkey, slot: 1, signingRoot: Self.r, genesisValidatorsRoot: Self.gvr)) == .refused(.unregisteredValidator))
        try await store.register([pubkey])
        #expect(
            try await store.check(.block(pubkey, slot: 1, signingRoot: Self.r, genesisValidatorsRoot: .zero))
                == .refused(.wrongGenesisValidatorsRoot(store: Self.gvr, request: .zero)))
        #expect(try await store.check(.block(pubkey, slot: 1, signingRoot: Self.r, genesisValidatorsRoot: Self.gvr)) == .safe(.valid))
    }
}
