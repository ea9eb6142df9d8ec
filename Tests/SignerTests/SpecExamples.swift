import Foundation
import TestSupport
import Yams

/// The request examples of Web3Signer's specification (`api-specs/web3signer-eth2/signing/paths/sign.yaml`),
/// as JSON objects by name.
///
/// Two examples are left out because they contradict the specification's own schema and no
/// current client sends them: `BLOCK (DEPRECATED)` (camelCase fields, a JSON number for
/// `depositCount`) and `AGGREGATION_SLOT` (`previousVersion`/`currentVersion` in `fork`). The
/// signer follows the schema (`snake_case`, integers as decimal strings) and refuses those.
enum SpecExamples {
    static let contradictSchema: Set<String> = ["BLOCK (DEPRECATED)", "AGGREGATION_SLOT"]

    /// Examples made with another preset than mainnet, whose roots the (mainnet-preset) signer
    /// cannot reproduce: `BLOCK_V2 (ALTAIR)` has a 4-byte `sync_committee_bits` (the minimal
    /// preset's 32-member sync committee; mainnet has 512), `SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF`
    /// a 1-byte `aggregation_bits` (minimal; mainnet's `Bitvector[128]` is 16 bytes), and the Electra and Fulu
    /// `AGGREGATE_AND_PROOF_V2` roots are not those of the mainnet `Bitlist[131072]`: the
    /// independent Python reference computes the same root as the signer for them.
    static let otherPreset: Set<String> = ["BLOCK_V2 (ALTAIR)", "SYNC_COMMITTEE_CONTRIBUTION_AND_PROOF", "AGGREGATE_AND_PROOF_V2 (ELECTRA)", "AGGREGATE_AND_PROOF_V2 (FULU)"]

    static func load(includingContradictions: Bool = false) throws -> [(String, [String: Any])] {
        let text = String(decoding: try Vectors.data("api-specs/web3signer-eth2/signing/paths/sign.yaml"), as: UTF8.self)
        guard let root = try Yams.load(yaml: text) as? [String: Any],
              let post = root["post"] as? [String: Any],
              let body = post["requestBody"] as? [String: Any],
              let content = body["content"] as? [String: Any],
              let json = content["application/json"] as? [String: Any],
              let examples = json["examples"] as? [String: Any]
        else { throw SignerTestFailure("sign.yaml has no examples") }
        return examples.compactMap { name, example in
            guard includingContradictions || !contradictSchema.contains(name),
                  let value = (example as? [String: Any])?["value"] as? [String: Any] else { return nil }
            return (name, value)
        }.sorted { $0.0 < $1.0 }
    }
}
