import TestSupport
import ConsensusTypes
import EthereumCore
import Foundation
import Testing

/// Conformance over `staking-deposit-cli/ssz_signing_vectors.json`, `network_settings.json` and
/// the roots in the `lighthouse-deposit-data` files.
@Suite struct SSZSigningConformanceTests {
    private func hex(_ any: Any?) throws -> [UInt8] { try Hex.decode(try #require(any as? String)) }

    @Test func forkDataRootDomainAndSigningRoot() throws {
        let v = try #require(try Vectors.json("staking-deposit-cli/ssz_signing_vectors.json") as? [String: Any])
        var checked = 0
        for case let c as [String: Any] in try #require(v["compute_deposit_fork_data_root"] as? [Any]) {
            let version = try hex(c["current_version"])
            if c["valid"] as? Bool == false {
                #expect(throws: ConsensusTypesError.self) { try Version(version) }
                continue
            }
            let root = Signing.computeForkDataRoot(
                currentVersion: try Version(version), genesisValidatorsRoot: try Root(try hex(c["genesis_validators_root"])))
            #expect(root.bytes == (try hex(c["expected"])))
            checked += 1
        }
        for case let c as [String: Any] in try #require(v["compute_deposit_domain"] as? [Any]) {
            let version = try hex(c["fork_version"])
            if c["valid"] as? Bool == false {
                #expect(throws: ConsensusTypesError.self) { try Version(version) }
                continue
            }
            #expect(Signing.depositDomain(forkVersion: try Version(version)).bytes == (try hex(c["expected"])))
            checked += 1
        }
        for case let c as [String: Any] in try #require(v["compute_signing_root_deposit_message"] as? [Any]) {
            if let length = c["domain_length"] as? Int {
                #expect(throws: ConsensusTypesError.self) { try Domain([UInt8](repeating: 0x12, count: length)) }
                continue
            }
            let m = try #require(c["deposit_message"] as? [String: Any])
            let message = DepositMessage(
                pubkey: try BLSPubkey(try hex(m["pubkey"])),
                withdrawalCredentials: try Root(try hex(m["withdrawal_credentials"])),
                amount: UInt64(try #require(m["amount"] as? Int)))
            #expect(message.hashTreeRoot.bytes == (try hex(c["deposit_message_root_derived"])))
            let root = Signing.computeSigningRoot(message, domain: try Domain(try hex(c["domain"])))
            #expect(root.bytes == (try hex(c["expected"])))
            checked += 1
        }
        let exit = try #require(v["signed_voluntary_exit"] as? [String: Any])
        #expect(try ChainSetting.mainnet.voluntaryExitDomain().bytes == (try hex(exit["voluntary_exit_domain_mainnet_derived"])))
        #expect(checked == 3)
    }

    @Test func builtInChainsMatchTheReferenceSettings() throws {
        let v = try #require(try Vectors.json("staking-deposit-cli/network_settings.json") as? [String: Any])
        var seen = Set<String>()
        for group in ["ethstaker_deposit_cli", "ethereum_staking_deposit_cli"] {
            let networks = try #require((v[group] as? [String: Any])?["networks"] as? [[String: Any]])
            for n in networks {
                let name = try #require(n["network_name"] as? String)
                guard let chain = try? ChainSetting.named(name) else { continue }  // mekong, plataberget: retired
                seen.insert(name)
                #expect(chain.genesisForkVersion.bytes == (try hex(n["genesis_fork_version"])), "\(name)")
                if n["exit_fork_version"] != nil {
                    #expect(chain.exitForkVersion.bytes == (try hex(n["exit_fork_version"])), "\(name)")
                }
                if let gvr = n["genesis_validators_root"] as? String {
                    #expect(chain.genesisValidatorsRoot?.bytes == (try Hex.decode(gvr)), "\(name)")
                } else {
                    #expect(chain.genesisValidatorsRoot == nil, "\(name)")
                }
                if let multiplier = n["multiplier"] as? Int {
                    #expect(chain.multiplier == UInt64(multiplier), "\(name)")
                    let min = try #require(n["min_deposit_amount"] as? Double)
                    #expect(chain.minDepositAmountGwei == UInt64((min * 1e9).rounded()), "\(name)")
                }
                #expect(chain.depositDomain.bytes == (try hex(n["deposit_domain_derived"])), "\(name)")
            }
        }
        #expect(seen == ["mainnet", "sepolia", "holesky", "hoodi", "ephemery", "gnosis", "chiado"])
    }

    @Test func lighthouseDepositDataRoots() throws {
        var entries = 0
        for dir in ["staking-deposit-cli/lighthouse-deposit-data/sdc-2.7.0", "staking-deposit-cli/lighthouse-deposit-data/ethstaker-1.3.0"] {
            for file in try Vectors.files(in: dir) {
                let list = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [[String: Any]])
                for d in list {
                    let message = DepositMessage(
                        pubkey: try BLSPubkey(try hex(d["pubkey"])),
                        withdrawalCredentials: try Root(try hex(d["withdrawal_credentials"])),
                        amount: try #require((d["amount"] as? NSNumber)?.uint64Value))
                    let data = DepositData(message: message, signature: try BLSSignature(try hex(d["signature"])))
                    #expect(message.hashTreeRoot.bytes == (try hex(d["deposit_message_root"])), "\(file.lastPathComponent)")
                    #expect(data.hashTreeRoot.bytes == (try hex(d["deposit_data_root"])), "\(file.lastPathComponent)")
                    let chain = try ChainSetting.named(try #require(d["network_name"] as? String))
                    #expect(chain.genesisForkVersion.bytes == (try hex(d["fork_version"])))
                    entries += 1
                }
            }
        }
        #expect(entries == 32)
    }
}
