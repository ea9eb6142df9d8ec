import ArgumentParser
import ConsensusTypes
import Foundation
import Signer

/// `etherkeep signer signing-root`: the signing root the signer computes for a Web3Signer request
/// body (every type), and so signs — for checking a signature with `etherkeep bls verify`, or
/// a client's `signingRoot`. Signs nothing, needs no key.
struct SigningRootCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signing-root",
        abstract: "Print the 32-byte signing root of a Web3Signer eth2 request body (0x hex).",
        discussion: "Exit codes: 0 printed, 1 the body is malformed or of another network (the message names the field).")

    @Option(help: "The network: mainnet, sepolia, holesky, hoodi, gnosis, chiado.") var network: String
    @Option(help: "The request body (JSON) file; - or none: standard input.") var request: String?

    func run() throws {
        let chain: ChainSetting
        do { chain = try ChainSetting.named(network.lowercased()) } catch { throw CLIError("--network: \(error)") }
        let body: Data
        if let request, request != "-" {
            guard let data = FileManager.default.contents(atPath: request) else { throw CLIError("--request: cannot read \(request)") }
            body = data
        } else {
            body = FileHandle.standardInput.readDataToEndOfFile()
        }
        let root: Root
        do {
            root = try Eth2Signer.signingRoot(
                of: try Eth2SigningRequest.parse(body), genesisValidatorsRoot: chain.genesisValidatorsRoot,
                genesisForkVersion: chain.genesisForkVersion)
        } catch {
            throw CLIError(error.reason)
        }
        print("0x\(root)")
    }
}
