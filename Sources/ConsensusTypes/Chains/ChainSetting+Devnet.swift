import EthereumCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Custom (devnet) chain settings given as JSON, as ethstaker-deposit-cli's
/// `--devnet_chain_setting` accepts them:
/// `{"network_name", "genesis_fork_version", "exit_fork_version"[, "genesis_validator_root"]}`,
/// hex with or without `0x`. No other key is allowed.
extension ChainSetting {
    /// The largest devnet JSON accepted, in bytes.
    public static let maxDevnetJSONBytes = 4096

    /// Parses a devnet chain setting.
    ///
    /// - Parameter json: the JSON text.
    /// - Returns: the chain setting, with multiplier 1 and a 1 ETH minimum deposit.
    /// - Throws: ``ConsensusTypesError`` (`invalidChainSetting`) naming the missing, unknown or
    ///   malformed key.
    public static func devnet(json: some StringProtocol) throws(ConsensusTypesError) -> ChainSetting {
        let data = Data(json.utf8)
        guard data.count <= maxDevnetJSONBytes else {
            throw ConsensusTypesError(.invalidChainSetting, "devnet chain setting is larger than \(maxDevnetJSONBytes) bytes")
        }
        let parsed: AnyJSON
        do { parsed = try AnyJSON.parse(data) } catch {
            throw ConsensusTypesError(.invalidChainSetting, "devnet chain setting is not valid JSON")
        }
        guard let object = parsed.objectValue else {
            throw ConsensusTypesError(.invalidChainSetting, "devnet chain setting must be a JSON object")
        }
        let allowed: Set<String> = ["network_name", "genesis_fork_version", "exit_fork_version", "genesis_validator_root"]
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw ConsensusTypesError(.invalidChainSetting, "devnet chain setting has an unknown key \"\(unknown)\"")
        }
        let name = try string(object, "network_name")
        guard !name.isEmpty else {
            throw ConsensusTypesError(.invalidChainSetting, "devnet chain setting: network_name is empty")
        }
        let genesis: Version = try fixed(object, "genesis_fork_version")
        let exit: Version = try fixed(object, "exit_fork_version")
        var root: Root?
        if let value = object["genesis_validator_root"], value != .null {
            root = try fixed(object, "genesis_validator_root")
        }
        return ChainSetting(networkName: name, genesisForkVersion: genesis, exitForkVersion: exit, genesisValidatorsRoot: root)
    }

    private static func string(_ object: [String: AnyJSON], _ key: String) throws(ConsensusTypesError) -> String {
        guard let value = object[key] else {
            throw ConsensusTypesError(.invalidChainSetting, "devnet chain setting is missing \"\(key)\"")
        }
        guard let text = value.stringValue else {
            throw ConsensusTypesError(.invalidChainSetting, "devnet chain setting: \"\(key)\" must be a string")
        }
        return text
    }

    private static func fixed<T: FixedBytes>(_ object: [String: AnyJSON], _ key: String) throws(ConsensusTypesError) -> T {
        let text = try string(object, key)
        let bytes: [UInt8]
        do { bytes = try Hex.decode(text) } catch {
            throw ConsensusTypesError(.invalidChainSetting, "devnet chain setting: \"\(key)\": \(error.reason)")
        }
        guard bytes.count == T.byteCount else {
            throw ConsensusTypesError(
                .invalidChainSetting, "devnet chain setting: \"\(key)\" must be \(T.byteCount) bytes, got \(bytes.count)")
        }
        return T(unchecked: bytes)
    }
}
