import ArgumentParser
import Signer

/// The signer's TLS options, as Web3Signer names them: the server identity (PEM pair or PKCS#12)
/// and which clients may connect (known fingerprints, or a CA). Shared by the eth2 and eth1 signers.
struct SignerTLSOptions: ParsableArguments {
    @Option(help: "TLS: the server certificate chain (PEM).")
    var tlsCertFile: String?

    @Option(help: "TLS: the server private key (PEM).")
    var tlsKeyFile: String?

    @Option(help: "TLS: the server identity as a PKCS#12 keystore.")
    var tlsKeystoreFile: String?

    @Option(help: "TLS: file holding the PKCS#12 keystore's password.")
    var tlsKeystorePasswordFile: String?

    @Option(help: "TLS: clients allowed by certificate fingerprint (lines: NAME SHA256-FINGERPRINT).")
    var tlsKnownClientsFile: String?

    @Flag(help: "TLS: allow clients whose certificate chains to --tls-ca-file.")
    var tlsAllowCaClients = false

    @Option(help: "TLS: CA certificates (PEM) for --tls-allow-ca-clients.")
    var tlsCaFile: String?

    func validate() throws {
        if (tlsCertFile == nil) != (tlsKeyFile == nil) { throw ValidationError("--tls-cert-file and --tls-key-file go together") }
        if (tlsKeystoreFile == nil) != (tlsKeystorePasswordFile == nil) {
            throw ValidationError("--tls-keystore-file and --tls-keystore-password-file go together")
        }
        if tlsCertFile != nil, tlsKeystoreFile != nil { throw ValidationError("--tls-cert-file and --tls-keystore-file exclude each other") }
        if tlsCertFile == nil, tlsKeystoreFile == nil, tlsKnownClientsFile != nil || tlsAllowCaClients || tlsCaFile != nil {
            throw ValidationError("client certificate options need TLS (--tls-cert-file or --tls-keystore-file)")
        }
        if tlsAllowCaClients, tlsCaFile == nil { throw ValidationError("--tls-allow-ca-clients needs --tls-ca-file") }
    }

    /// The configuration these options name, or `nil` for plain HTTP.
    var configuration: SignerTLSConfiguration? {
        var tls: SignerTLSConfiguration?
        if let tlsCertFile, let tlsKeyFile {
            tls = SignerTLSConfiguration(identity: .pem(certificateFile: tlsCertFile, keyFile: tlsKeyFile))
        } else if let tlsKeystoreFile, let tlsKeystorePasswordFile {
            tls = SignerTLSConfiguration(identity: .pkcs12(file: tlsKeystoreFile, passwordFile: tlsKeystorePasswordFile))
        }
        tls?.knownClientsFile = tlsKnownClientsFile
        tls?.allowCAClients = tlsAllowCaClients
        tls?.caFile = tlsCaFile
        return tls
    }
}
