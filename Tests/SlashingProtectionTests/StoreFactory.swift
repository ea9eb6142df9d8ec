import ConsensusTypes
import Foundation
import SlashingProtection
import SlashingProtectionSQLite

/// The stores every store-level test runs on.
enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite

    var description: String { rawValue }

    /// A fresh, empty store for `genesisValidatorsRoot`.
    func makeStore(_ genesisValidatorsRoot: Root) async throws -> any SlashingProtectionStore {
        switch self {
        case .sqlite:
            return try SQLiteSlashingProtectionStore(path: try TemporaryDirectory.make() + "/slashing-protection.sqlite", genesisValidatorsRoot: genesisValidatorsRoot)
        }
    }
}

enum TemporaryDirectory {
    static func make() throws -> String {
        let path = NSTemporaryDirectory() + "etherkeep-sp-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

extension SlashingProtectionStore {
    /// One request, checked alone.
    func check(_ request: SigningRequest) async throws -> SigningDecision {
        let decisions = try await checkAndRecord([request])
        guard decisions.count == 1 else { throw SlashingProtectionError(.storage, "expected one decision, got \(decisions.count)") }
        return decisions[0]
    }
}
