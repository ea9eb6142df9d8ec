import AWSClients
import AWSCore
import ArgumentParser
import Foundation
import KMSAccount
import Logging
import Signer
import UnixSignals

/// `etherkeep signer eth1`: Web3Signer's eth1 mode — accounts' signing API and a JSON-RPC proxy in
/// front of an execution node. Thin: parse, load accounts, wire, run.
struct SignerEth1Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eth1",
        abstract: "Sign for Ethereum accounts: Web3Signer's eth1 API and JSON-RPC (eth_sign, eth_signTransaction, eth_sendTransaction, …).",
        discussion: """
            Accounts come from --key-store-path: Web3Signer key files with keyType: SECP256K1 of type file-raw, \
            file-keystore (a V3 keystore) or aws-kms (kmsKeyId). JSON-RPC is served on POST /; methods not signed \
            here go to --downstream-http-url unchanged.
            """)

    @Option(help: "Folder of Web3Signer key configuration files (*.yaml) with keyType: SECP256K1.")
    var keyStorePath: String?

    @Flag(help: "Also load every enabled ECC_SECG_P256K1 signing key of AWS KMS (the default credential chain, region and AWS_ENDPOINT_URL) that passes the tag filters.")
    var awsKmsEnabled = false

    @Option(help: "With --aws-kms-enabled: only keys with a tag of one of these names (comma-separated).")
    var awsKmsTagNamesFilter: String?

    @Option(help: "With --aws-kms-enabled: only keys with a tag of one of these values (comma-separated).")
    var awsKmsTagValuesFilter: String?

    @Option(help: "The chain id every transaction must be for (filled in when a request has none).")
    var chainId: UInt64

    @Option(help: "The execution node's JSON-RPC URL (http:// or https://): eth_sendTransaction and forwarded methods.")
    var downstreamHttpUrl: String?

    @Option(help: "Listening address (default 127.0.0.1; 0.0.0.0 with TLS).")
    var httpListenHost: String?

    @Option(help: "Listening port.")
    var httpListenPort = 8545

    @Option(help: "Largest request body in bytes.")
    var httpMaxBodyBytes = 1 << 20

    @OptionGroup var tlsOptions: SignerTLSOptions

    func validate() throws {
        guard keyStorePath != nil || awsKmsEnabled else { throw ValidationError("give --key-store-path, --aws-kms-enabled, or both") }
        if !awsKmsEnabled, awsKmsTagNamesFilter != nil || awsKmsTagValuesFilter != nil {
            throw ValidationError("--aws-kms-tag-names-filter and --aws-kms-tag-values-filter need --aws-kms-enabled")
        }
        guard chainId > 0 else { throw ValidationError("--chain-id must be a positive integer") }
        guard (0...65535).contains(httpListenPort) else { throw ValidationError("--http-listen-port must be 0…65535") }
        if let downstreamHttpUrl, !(downstreamHttpUrl.hasPrefix("http://") || downstreamHttpUrl.hasPrefix("https://")) {
            throw ValidationError("--downstream-http-url must be an http:// or https:// URL")
        }
        guard (1024...(64 << 20)).contains(httpMaxBodyBytes) else { throw ValidationError("--http-max-body-bytes must be from 1024 to 67108864") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "etherkeep.signer.eth1")
        logger.logLevel = .info
        // KMS accounts keep this connection for every signature.
        let transport = AHCTransport()
        let open: @Sendable (String) async throws -> KMSEthereumAccount = { keyID in
            try await KMSEthereumAccount.load(kms: try KMSClient(context: try AWSContext.make(transport: transport)), keyID: keyID)
        }
        var accounts: [Eth1Account] = [], failures: [KeyLoadFailure] = []
        if let keyStorePath {
            (accounts, failures) = await Eth1Accounts.load(keyStorePath: keyStorePath, kms: open)
        }
        if awsKmsEnabled {
            func list(_ text: String?) -> Set<String> { Set((text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }) }
            let kms = try KMSClient(context: try AWSContext.make(transport: transport))
            let bulk = await Eth1Accounts.loadKMS(kms: kms, tagNames: list(awsKmsTagNamesFilter), tagValues: list(awsKmsTagValuesFilter), open: open)
            accounts += bulk.accounts
            failures += bulk.failures
        }
        for failure in failures {
            logger.warning("account not loaded", metadata: ["source": "\(failure.source)", "reason": "\(failure.reason)"])
        }
        if let whole = failures.first(where: \.wholeSource) {
            FileHandle.standardError.write(Data("error: \(whole.description)\n".utf8))
            try? await transport.shutdown()
            throw ExitCode(1)
        }
        logger.info("accounts loaded", metadata: ["accounts": "\(accounts.count)", "failed": "\(failures.count)"])
        let rpc = Eth1RPC(accounts: Eth1Accounts(accounts), chainID: chainId, downstreamURL: downstreamHttpUrl)
        let tls = tlsOptions.configuration
        let server = Eth1Server(
            rpc: rpc, host: httpListenHost ?? (tls == nil ? "127.0.0.1" : "0.0.0.0"), port: httpListenPort, maximumBodyBytes: httpMaxBodyBytes, tls: tls,
            logger: logger)
        do {
            try await server.run(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            try? await transport.shutdown()
            throw error
        }
        try? await transport.shutdown()
    }
}
