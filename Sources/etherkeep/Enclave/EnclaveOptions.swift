import ArgumentParser
import AWSClients
import AWSCore
import Crypto
import Enclave
import EthereumCore
import Foundation
import NSM

/// The enclave's Nitro Secure Module: the device, or a stand-in on a machine without a Nitro card;
/// either way, a debug-mode enclave (PCR0 all zeros) is refused unless `--allow-debug`.
struct EnclaveModuleOptions: ParsableArguments {
    @Option(help: "device (/dev/nsm) or stand-in (a machine without a Nitro card; needs --stand-in-root-key and --stand-in-pcr0).")
    var nsm = "device"
    @Option(help: "Stand-in NSM: the P-384 root key (PEM) its documents chain to.") var standInRootKey: String?
    @Option(help: "Stand-in NSM: the PCR0 to report (96 hex digits).") var standInPcr0: String?
    @Flag(help: "Run even when PCR0 is all zeros (a debug-mode enclave, whose memory the parent can read).") var allowDebug = false

    /// Whether this is a real enclave (the loopback interface and host names are ours to set up).
    var onDevice: Bool { nsm == "device" }

    /// The module, once its PCR0 shows a production enclave (or `--allow-debug`).
    func module() throws -> any NitroSecureModule {
        let module: any NitroSecureModule
        switch nsm {
        case "device": module = NSMDevice()
        case "stand-in":
            guard let standInRootKey, let standInPcr0, let pcr0 = try? Hex.decode(standInPcr0, count: 48) else {
                throw CLIError("--nsm stand-in needs --stand-in-root-key and --stand-in-pcr0 (96 hex digits)")
            }
            guard let pem = try? String(contentsOfFile: standInRootKey, encoding: .utf8), let key = try? P384.Signing.PrivateKey(pemRepresentation: pem) else {
                throw CLIError("--stand-in-root-key \(standInRootKey) is not a P-384 private key (PEM)")
            }
            module = try StandInNSM(pcrs: [0: pcr0], rootKey: key)
        default: throw CLIError("--nsm must be device or stand-in")
        }
        let (locked, pcr0) = try module.describePCR(0)
        guard allowDebug || (locked && pcr0.contains { $0 != 0 }) else {
            throw CLIError("PCR0 is all zeros (a debug-mode enclave): refused without --allow-debug")
        }
        return module
    }
}

/// How the enclave reaches KMS: a local TCP proxy to the parent's vsock proxy, TLS end to end.
struct EnclaveKMSOptions: ParsableArguments {
    @Option(help: "The parent's KMS proxy (the enclave's KMS traffic goes through it, TLS end to end).") var kmsVia = "vsock://parent:8000"
    @Option(help: "The KMS endpoint URL the AWS client uses; default https://kms.REGION.amazonaws.com (resolved to the local KMS proxy).")
    var kmsEndpointUrl: String?
    @Option(help: "The local port of the KMS proxy inside the enclave.") var kmsLocalPort = 8443

    /// Binds the local proxy (in a real enclave: brings the loopback up and points KMS's name at
    /// it) and returns KMS as only this attested enclave can call it, with the proxy to run.
    func attestedKMS(
        region: String, credentials: ParentCredentials, module: any NitroSecureModule, recipient: RecipientKey, transport: AHCTransport, onDevice: Bool
    ) async throws -> (AttestedKMS, ByteProxy) {
        if onDevice {
            try EnclaveNetwork.bringUpLoopback()
            if kmsEndpointUrl == nil { try EnclaveNetwork.mapToLoopback("kms.\(region).amazonaws.com") }
        }
        guard (1...65535).contains(kmsLocalPort) else { throw CLIError("--kms-local-port \(kmsLocalPort) is not a port (1 to 65535)") }
        let proxy = try await ByteProxy.bind(ByteProxyConfiguration(listen: .tcp(host: "127.0.0.1", port: kmsLocalPort), target: try SocketEndpoint(parsing: kmsVia)))
        let configuration = try AWSConfiguration(environment: AWSEnvironment(variables: [
            "AWS_REGION": region, "AWS_ENDPOINT_URL_KMS": kmsEndpointUrl ?? "https://kms.\(region).amazonaws.com:\(kmsLocalPort)",
            "AWS_EC2_METADATA_DISABLED": "true",
        ]))
        let context = AWSContext(transport: transport, credentials: credentials, configuration: configuration)
        return (AttestedKMS(kms: try KMSClient(context: context), nsm: module, recipient: recipient), proxy)
    }
}
