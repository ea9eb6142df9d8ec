import AWSClients
import AWSCore
public import EthereumCore
public import EthereumTransactions
import Foundation
package import KMSAccount
public import Secp256k1
import Secrets
import Web3SecretStorage

/// One Ethereum account the eth1 signer holds: its signer (a key in this process, or a KMS key)
/// and its public key. Never describes its key.
public struct Eth1Account: Sendable {
    public let signer: any AccountSigner
    /// The secp256k1 public key (`GET /api/v1/eth1/publicKeys` lists its 64-byte x ‖ y).
    public let publicKey: PublicKey
    public var address: Address { signer.address }

    public init(signer: any AccountSigner, publicKey: PublicKey) {
        self.signer = signer
        self.publicKey = publicKey
    }

    /// A key held in this process.
    public init(key: PrivateKey) {
        self.init(signer: LocalAccountSigner(key: key), publicKey: key.publicKey)
    }
}

/// The eth1 signer's accounts, by address, fixed at start.
public struct Eth1Accounts: Sendable {
    private let byAddress: [Address: Eth1Account]
    /// The accounts, sorted by address.
    public let all: [Eth1Account]

    public init(_ accounts: [Eth1Account]) {
        var byAddress: [Address: Eth1Account] = [:]
        for account in accounts { byAddress[account.address] = account }
        self.byAddress = byAddress
        self.all = byAddress.values.sorted { $0.address.bytes.lexicographicallyPrecedes($1.address.bytes) }
    }

    public func account(_ address: Address) -> Eth1Account? { byAddress[address] }

    /// The account whose public key is `identifier` (`0x` + 64 bytes x ‖ y, or 65 bytes with the
    /// `04` prefix), as Web3Signer's eth1 sign path names it.
    public func account(publicKey identifier: String) -> Eth1Account? {
        guard var bytes = try? Hex.decode(identifier) else { return nil }
        if bytes.count == 65, bytes.first == 0x04 { bytes.removeFirst() }
        guard bytes.count == 64 else { return nil }
        return all.first { $0.publicKey.xy == bytes }
    }

    /// Web3Signer's eth1 key configuration files (`--key-store-path`): every `*.yaml` / `*.yml`
    /// document with `keyType: SECP256K1` of `type: file-raw` (`privateKey`: 0x + 32 bytes of hex),
    /// `file-keystore` (`keystoreFile`: a V3 keystore, `keystorePasswordFile`; relative paths from
    /// the YAML file's folder) or `aws-kms` (`kmsKeyId`, an `ECC_SECG_P256K1` key reached with the
    /// default credential chain and `AWS_ENDPOINT_URL`). Documents of another key type are skipped.
    ///
    /// - Parameter kms: opens a KMS account by key id (given only when a file names one).
    /// - Returns: the accounts, and what failed (file and reason; never a secret).
    package static func load(
        keyStorePath directory: String, kms: @Sendable (String) async throws -> KMSEthereumAccount
    ) async -> (accounts: [Eth1Account], failures: [KeyLoadFailure]) {
        let (documents, failed) = KeyLoader.keyConfigDocuments(directory)
        var accounts: [Eth1Account] = []
        var failures = failed
        for (source, document) in documents {
            guard let fields = document as? [String: Any] else {
                failures.append(KeyLoadFailure(source: source, reason: "not a YAML mapping"))
                continue
            }
            guard (fields["keyType"] as? String)?.uppercased() == "SECP256K1" else { continue }
            do {
                accounts.append(try await account(fields, folder: directory, kms: kms))
            } catch let failure as KeyLoadFailure {
                failures.append(KeyLoadFailure(source: source, reason: failure.reason))
            } catch {
                failures.append(KeyLoadFailure(source: source, reason: "\(error)"))
            }
        }
        return (accounts, failures)
    }

    private static func account(
        _ fields: [String: Any], folder: String, kms: @Sendable (String) async throws -> KMSEthereumAccount
    ) async throws -> Eth1Account {
        switch fields["type"] as? String {
        case "file-raw":
            guard let text = fields["privateKey"] as? String, var bytes = try? Hex.decode(text), bytes.count == 32 else {
                throw KeyLoadFailure(source: "", reason: "file-raw needs privateKey: 0x followed by 32 bytes of hex")
            }
            defer { bytes.wipe() }
            do { return Eth1Account(key: try PrivateKey(bytes: bytes)) } catch {
                throw KeyLoadFailure(source: "", reason: "privateKey is not a valid secp256k1 private key")
            }
        case "file-keystore":
            guard let keystore = fields["keystoreFile"] as? String, let passwordFile = fields["keystorePasswordFile"] as? String else {
                throw KeyLoadFailure(source: "", reason: "file-keystore needs keystoreFile and keystorePasswordFile")
            }
            let keystorePath = keystore.hasPrefix("/") ? keystore : folder + "/" + keystore
            let passwordPath = passwordFile.hasPrefix("/") ? passwordFile : folder + "/" + passwordFile
            guard let json = FileManager.default.contents(atPath: keystorePath) else {
                throw KeyLoadFailure(source: "", reason: "cannot read the keystore \(keystorePath)")
            }
            guard let passwordData = FileManager.default.contents(atPath: passwordPath) else {
                throw KeyLoadFailure(source: "", reason: "cannot read the password file \(passwordPath)")
            }
            var password = Array(passwordData)
            defer { password.wipe() }
            while let last = password.last, last == 0x0a || last == 0x0d { password.removeLast() }
            do { return Eth1Account(key: try KeystoreV3.decrypt(json: json, password: password)) } catch {
                throw KeyLoadFailure(source: "", reason: "\(keystorePath): \(error.reason)")
            }
        case "aws-kms":
            guard let keyID = fields["kmsKeyId"] as? String, !keyID.isEmpty else {
                throw KeyLoadFailure(source: "", reason: "aws-kms needs kmsKeyId")
            }
            let account = try await kms(keyID)
            return Eth1Account(signer: account, publicKey: account.publicKey)
        case let other?:
            throw KeyLoadFailure(source: "", reason: "type \(other) is not supported for SECP256K1 (file-raw, file-keystore, aws-kms)")
        case nil:
            throw KeyLoadFailure(source: "", reason: "missing type")
        }
    }
}
