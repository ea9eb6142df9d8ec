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
