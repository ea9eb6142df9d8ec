public import Secrets
import Crypto
import EthereumCore
import Foundation
import HummingbirdTLS
import NIOCore
import NIOSSL
import SwiftASN1
import X509

/// TLS terminated in the signer (swift-nio-ssl), with Web3Signer's options: the server identity
/// from PEM files or a PKCS#12 keystore, and client certificates checked against a known-clients
/// file (lines `NAME SHA256-FINGERPRINT`, the fingerprint as hex pairs with or without colons),
/// against a CA (`--tls-allow-ca-clients` with `--tls-ca-file`: the chain is verified with
/// swift-certificates' RFC 5280 policy), or either. Without both, clients are not asked for a
/// certificate. A client that presents no certificate, or one that passes neither check, fails the
/// handshake.
public struct SignerTLSConfiguration: Sendable {
    /// Where the server's certificate and key come from.
    public enum Identity: Sendable {
        /// PEM certificate chain and PEM private key.
        case pem(certificateFile: String, keyFile: String)
        /// A PKCS#12 bundle and the file holding its password.
        case pkcs12(file: String, passwordFile: String)
        /// A PEM certificate chain and a private key held in memory only (PKCS#8 or SEC 1 DER):
        /// the Nitro enclave's, decrypted through its attestation and never written anywhere.
        case inMemory(certificatePEM: String, privateKeyDER: SecretBytes)
    }

    public var identity: Identity
    /// `--tls-known-clients-file`: clients whose certificate's SHA-256 fingerprint is listed.
    public var knownClientsFile: String?
    /// `--tls-allow-ca-clients`: clients whose certificate chains to a CA of ``caFile``.
    public var allowCAClients: Bool
    /// `--tls-ca-file`: the CA certificates (PEM) for ``allowCAClients``.
    public var caFile: String?

    public init(identity: Identity, knownClientsFile: String? = nil, allowCAClients: Bool = false, caFile: String? = nil) {
        self.identity = identity
        self.knownClientsFile = knownClientsFile
        self.allowCAClients = allowCAClients
        self.caFile = caFile
    }

    /// Builds the channel configuration, reading every file now.
    ///
    /// - Throws: ``SignerError`` (`configuration`) naming the file that cannot be used.
    func channelConfiguration() throws(SignerError) -> TLSChannelConfiguration {
        var tls: TLSConfiguration
        switch identity {
        case .pem(let certificateFile, let keyFile):
            let chain: [NIOSSLCertificate]
            let key: NIOSSLPrivateKey
            do { chain = try NIOSSLCertificate.fromPEMFile(certificateFile) } catch {
                throw SignerError(.configuration, "--tls-cert-file \(certificateFile) is not a PEM certificate")
            }
            do { key = try NIOSSLPrivateKey(file: keyFile, format: .pem) } catch {
                throw SignerError(.configuration, "--tls-key-file \(keyFile) is not a PEM private key")
            }
            tls = .makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        case .pkcs12(let file, let passwordFile):
            guard let data = FileManager.default.contents(atPath: passwordFile) else {
                throw SignerError(.configuration, "cannot read --tls-keystore-password-file \(passwordFile)")
            }
            var password = Array(data)
            defer { password.wipe() }
            while let last = password.last, last == 0x0a || last == 0x0d { password.removeLast() }
            let bundle: NIOSSLPKCS12Bundle
            do { bundle = try NIOSSLPKCS12Bundle(file: file, passphrase: password) } catch {
                throw SignerError(.configuration, "--tls-keystore-file \(file) is not a PKCS#12 bundle this password opens")
            }
            tls = .makeServerConfiguration(certificateChain: bundle.certificateChain.map { .certificate($0) }, privateKey: .privateKey(bundle.privateKey))
        case .inMemory(let certificatePEM, let privateKeyDER):
            let chain: [NIOSSLCertificate]
            let key: NIOSSLPrivateKey
            do { chain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)) } catch {
                throw SignerError(.configuration, "the TLS certificate is not PEM")
            }
            // The copy handed to BoringSSL is wiped once it has parsed the key.
            do {
                var bytes = privateKeyDER.withUnsafeBytes { Array($0) }
                defer { bytes.wipe() }
                key = try NIOSSLPrivateKey(bytes: bytes, format: .der)
            } catch {
                throw SignerError(.configuration, "the TLS private key is not DER")
            }
            tls = .makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        }
        tls.minimumTLSVersion = .tlsv12
        // The key must be the certificate's: checked here, where the files can still be named
        // (the server would only say failedToLoadPrivateKey).
        do { _ = try NIOSSLContext(configuration: tls) } catch {
            switch identity {
            case .pem(let certificateFile, let keyFile):
                throw SignerError(.configuration, "--tls-key-file \(keyFile) is not the key of --tls-cert-file \(certificateFile)'s certificate (\(error))")
            case .pkcs12(let file, _):
                throw SignerError(.configuration, "--tls-keystore-file \(file): its key and certificate do not go together (\(error))")
            case .inMemory:
                throw SignerError(.configuration, "the TLS private key is not the certificate's key (\(error))")
            }
        }

        let known = try knownClientsFile.map { (path) throws(SignerError) in try Self.knownClients(path) }
        var roots: [Certificate] = []
        if allowCAClients {
            guard let caFile else { throw SignerError(.configuration, "--tls-allow-ca-clients needs --tls-ca-file") }
            let pems = (try? NIOSSLCertificate.fromPEMFile(caFile)) ?? []
            roots = pems.compactMap { try? Certificate(derEncoded: try $0.toDERBytes()) }
            guard !roots.isEmpty, roots.count == pems.count else {
                throw SignerError(.configuration, "--tls-ca-file \(caFile) holds no usable PEM certificate")
            }
            tls.trustRoots = .file(caFile)
        }
        guard known != nil || allowCAClients else {
            tls.certificateVerification = .none
            return TLSChannelConfiguration(tlsConfiguration: tls)
        }
        tls.certificateVerification = .noHostnameVerification
        let knownClients = Set((known ?? [:]).keys)
        let trusted = roots
        return TLSChannelConfiguration(tlsConfiguration: tls) { certificates in
            if Self.isKnown(certificates.first, knownClients) { return .certificateVerified }
            if !trusted.isEmpty, await Self.chainsToRoots(certificates, trusted) { return .certificateVerified }
            return .failed
        }
    }

    /// Whether the presented chain (leaf first) verifies up to one of `roots` (RFC 5280, now).
    static func chainsToRoots(_ certificates: [NIOSSLCertificate], _ roots: [Certificate]) async -> Bool {
        let parsed = certificates.compactMap { try? Certificate(derEncoded: try $0.toDERBytes()) }
        guard let leaf = parsed.first, parsed.count == certificates.count else { return false }
        var verifier = Verifier(rootCertificates: CertificateStore(roots)) { RFC5280Policy() }
        if case .validCertificate = await verifier.validate(leaf: leaf, intermediates: CertificateStore(parsed.dropFirst())) {
            return true
        }
        return false
    }

    /// Whether the leaf certificate's SHA-256 fingerprint is one of `known`.
    static func isKnown(_ leaf: NIOSSLCertificate?, _ known: Set<[UInt8]>) -> Bool {
        guard let leaf, let der = try? leaf.toDERBytes() else { return false }
        return known.contains(Array(SHA256.hash(data: der)))
    }

    /// The name the audit log gives a verified client: its name in the known-clients file, else
    /// its certificate's subject common name, else `sha256:` and its fingerprint; `nil` when
    /// clients are not asked for certificates.
    ///
    /// - Throws: ``SignerError`` (`configuration`) when the known-clients file cannot be read.
    func clientNamer() throws(SignerError) -> (@Sendable (NIOSSLCertificate) -> String)? {
        guard knownClientsFile != nil || allowCAClients else { return nil }
        let names = try knownClientsFile.map { (path) throws(SignerError) in try Self.knownClients(path) } ?? [:]
        return { certificate in
            guard let der = try? certificate.toDERBytes() else { return "unreadable certificate" }
            let fingerprint = Array(SHA256.hash(data: der))
            if let name = names[fingerprint] { return name }
            if let parsed = try? Certificate(derEncoded: der),
               let commonName = parsed.subject.flatMap({ $0 }).first(where: { $0.type == .RDNAttributeType.commonName }) {
                return "\(commonName.value)"
            }
            return "sha256:" + Hex.encode(fingerprint, prefix: false)
        }
    }

    /// Reads Web3Signer's known-clients file: `NAME FINGERPRINT` per line, `#` comments; the
    /// names by fingerprint.
    ///
    /// - Throws: ``SignerError`` (`configuration`) naming the line that is not a fingerprint.
    static func knownClients(_ path: String) throws(SignerError) -> [[UInt8]: String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SignerError(.configuration, "cannot read --tls-known-clients-file \(path)")
        }
        var fingerprints: [[UInt8]: String] = [:]
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty || text.hasPrefix("#") { continue }
            let words = text.split(whereSeparator: \.isWhitespace)
            guard words.count == 2, let bytes = try? Hex.decode(words[1].replacingOccurrences(of: ":", with: "")), bytes.count == 32 else {
                throw SignerError(.configuration, "--tls-known-clients-file \(path) line \(number + 1): expected NAME SHA256-FINGERPRINT")
            }
            fingerprints[bytes] = String(words[0])
        }
        return fingerprints
    }
}
