import ConsensusTypes
import EthereumCore
import Testing

/// Hand-written unit tests: SSZ layout facts and devnet JSON parsing.
@Suite struct ContainerTests {
    @Test func uint64RootIsLittleEndianChunk() throws {
        // VoluntaryExit{epoch 1, index 2} = hash(le64(1)‖0…, le64(2)‖0…): two chunks, one hash.
        let exit = VoluntaryExit(epoch: 1, validatorIndex: 2)
        var a = [UInt8](repeating: 0, count: 32); a[0] = 1
        var b = [UInt8](repeating: 0, count: 32); b[0] = 2
        #expect(exit.hashTreeRoot.bytes == SSZ_sha256(a + b))
    }

    @Test func blsToExecutionChangePadsToFourLeaves() throws {
        let change = BLSToExecutionChange(
            validatorIndex: 7, fromBLSPubkey: try BLSPubkey([UInt8](repeating: 0xaa, count: 48)),
            toExecutionAddress: try ExecutionAddress([UInt8](repeating: 0xbb, count: 20)))
        var index = [UInt8](repeating: 0, count: 32); index[0] = 7
        let pubkeyRoot = SSZ_sha256([UInt8](repeating: 0xaa, count: 48) + [UInt8](repeating: 0, count: 16))
        let address = [UInt8](repeating: 0xbb, count: 20) + [UInt8](repeating: 0, count: 12)
        let expected = SSZ_sha256(SSZ_sha256(index + pubkeyRoot) + SSZ_sha256(address + [UInt8](repeating: 0, count: 32)))
        #expect(change.hashTreeRoot.bytes == expected)
    }

    @Test func wrongLengthsAreNamed() {
        #expect(throws: ConsensusTypesError.self) { try ExecutionAddress([1, 2, 3]) }
        do {
            _ = try BLSPubkey([UInt8](repeating: 0, count: 47))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidLength)
            #expect(error.reason == "BLSPubkey must be 48 bytes, got 47")
        }
    }

    @Test func devnetSettingParses() throws {
        let chain = try ChainSetting.devnet(json: #"""
            {"network_name": "kurtosis", "genesis_fork_version": "0x10000038",
             "exit_fork_version": "0x40000038",
             "genesis_validator_root": "0xd61ea484febacfae5298d52a2b581f3e305a51f3112a9241b968dccf019f7b11"}
            """#)
        #expect(chain.networkName == "kurtosis")
        #expect(chain.genesisForkVersion.bytes == [0x10, 0, 0, 0x38])
        #expect(chain.exitForkVersion.bytes == [0x40, 0, 0, 0x38])
        #expect(chain.genesisValidatorsRoot?.bytes.first == 0xd6)
        let noRoot = try ChainSetting.devnet(
            json: #"{"network_name": "d", "genesis_fork_version": "10000038", "exit_fork_version": "40000038"}"#)
        #expect(noRoot.genesisValidatorsRoot == nil)
        #expect(throws: ConsensusTypesError.self) { try noRoot.voluntaryExitDomain() }
    }

    @Test(arguments: [
        (#"[1]"#, "devnet chain setting must be a JSON object"),
        (#"{"#, "devnet chain setting is not valid JSON"),
        (#"{"network_name": "d", "genesis_fork_version": "10000038"}"#, #"devnet chain setting is missing "exit_fork_version""#),
        (#"{"network_name": "d", "genesis_fork_version": "100000", "exit_fork_version": "40000038"}"#,
         #"devnet chain setting: "genesis_fork_version" must be 4 bytes, got 3"#),
        (#"{"network_name": "d", "genesis_fork_version": "10000038", "exit_fork_version": "40000038", "x": 1}"#,
         #"devnet chain setting has an unknown key "x""#),
        (#"{"network_name": 5, "genesis_fork_version": "10000038", "exit_fork_version": "40000038"}"#,
         #"devnet chain setting: "network_name" must be a string"#),
    ])
    func devnetErrorsAreNamed(json: String, reason: String) {
        do {
            _ = try ChainSetting.devnet(json: json)
            Issue.record("expected an error for \(json)")
        } catch {
            #expect(error.code == .invalidChainSetting)
            #expect(error.reason == reason)
        }
    }

    @Test func unknownChainIsNamed() {
        do {
            _ = try ChainSetting.named("goerli")
            Issue.record("expected an error")
        } catch {
            #expect(error.reason.hasPrefix("unknown chain \"goerli\"; known: mainnet, sepolia, holesky, hoodi"))
        }
    }
}
