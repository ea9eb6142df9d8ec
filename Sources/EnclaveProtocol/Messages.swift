public import CBOR
public import Secrets

/// Temporary AWS credentials the parent fetched (IMDSv2) and hands to the enclave, which has no
/// network of its own. The secret parts are ``SecretBytes``; nothing here prints them.
public struct TemporaryCredentials: Sendable, CustomStringConvertible {
    /// `ASIA…` or `AKIA…`, 16 to 128 characters.
    public let accessKeyID: String
    public let secretAccessKey: SecretBytes
    public let sessionToken: SecretBytes?
    /// Expiry in seconds since 1970.
    public let expiration: Int64?

    public init(accessKeyID: String, secretAccessKey: SecretBytes, sessionToken: SecretBytes?, expiration: Int64?) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    public var description: String { "TemporaryCredentials(\(accessKeyID.prefix(4))…, secret redacted)" }
}

/// The shared PostgreSQL slashing-protection database, which the enclave reaches through the
/// parent's proxy. The password travels KMS-encrypted and opens only inside the attested enclave:
/// a parent that held it could connect and erase the history, then have the enclave sign again.
public struct SlashingProtectionDatabase: Sendable, CustomStringConvertible, Equatable {
    /// `postgresql://USER@HOST:PORT/DB[?sslmode=…]`, no password (1 to 2,048 bytes).
    public let url: String
    /// The password's KMS ciphertext (1 to 6,144 bytes), encryption context
    /// ``passwordContext(database:)``; `nil` when the server asks for none.
    public let passwordCiphertext: [UInt8]?

    /// The encryption context the password is encrypted with. It names the database
    /// (`host:port/name`), so that a parent cannot point the enclave at another one: no password
    /// would open for it.
    public static func passwordContext(database: String) -> [String: String] {
        ["purpose": "etherkeep-slashing-protection-db-password", "database": database]
    }

    public init(url: String, passwordCiphertext: [UInt8]?) {
        self.url = url
        self.passwordCiphertext = passwordCiphertext
    }

    public var description: String { "SlashingProtectionDatabase(\(url), password \(passwordCiphertext == nil ? "none" : "KMS-encrypted"))" }
}

/// What the enclave needs to start: where it is, who it signs as, where its slashing-protection
/// history is, and its TLS identity (the key KMS-encrypted). How it reaches KMS and the database
/// (the proxies) is the enclave's own configuration, not the parent's to choose.
public struct StartSettings: Sendable, CustomStringConvertible {
    /// An AWS region (`us-east-1`).
    public let region: String
    /// A network name the signer knows (`mainnet`, `hoodi`).
    public let network: String
    /// The vault's `web3signer_uuid` this enclave signs for.
    public let signerUUID: String
    public let credentials: TemporaryCredentials
    /// The shared PostgreSQL store, or `nil` for SQLite inside the enclave.
    public let slashingProtectionDatabase: SlashingProtectionDatabase?
    /// The signer's TLS private key, KMS-encrypted (decrypted only through a Recipient attestation).
    public let tlsKeyCiphertext: [UInt8]
    /// The signer's certificate chain, PEM.
    public let tlsCertificatePEM: String
    /// Slashing-protection history (EIP-3076 interchange JSON) for a store inside the enclave,
    /// which starts empty at every boot; at most 3 MiB.
    public let slashingProtectionInterchange: [UInt8]?
    /// The operator accepts a store inside the enclave that starts with no history.
    public let allowEmptySlashingHistory: Bool

    public init(
        region: String, network: String, signerUUID: String, credentials: TemporaryCredentials,
        slashingProtectionDatabase: SlashingProtectionDatabase?, tlsKeyCiphertext: [UInt8], tlsCertificatePEM: String,
        slashingProtectionInterchange: [UInt8]? = nil, allowEmptySlashingHistory: Bool = false
    ) {
        self.region = region
        self.network = network
        self.signerUUID = signerUUID
        self.credentials = credentials
        self.slashingProtectionDatabase = slashingProtectionDatabase
        self.tlsKeyCiphertext = tlsKeyCiphertext
        self.tlsCertificatePEM = tlsCertificatePEM
        self.slashingProtectionInterchange = slashingProtectionInterchange
        self.allowEmptySlashingHistory = allowEmptySlashingHistory
    }

    public var description: String {
        "StartSettings(\(region), \(network), signer \(signerUUID), \(slashingProtectionDatabase.map { "\($0)" } ?? "SQLite inside"))"
    }
}

/// One vault row as the enclave needs it: the record still encrypted under KMS.
public struct VaultRowMessage: Sendable, Equatable {
    /// 96 lower-case hex digits (a 48-byte BLS public key), no `0x`.
    public let pubkey: String
    public let active: Bool
    /// The row's network (`chain`), 1 to 64 characters.
    public let chain: String
    /// When the key was made (ISO 8601), 10 to 64 characters.
    public let datetime: String
    /// The KMS ciphertext of the record (1 to 6,144 bytes).
    public let encryptedRecord: [UInt8]
    /// The KMS encryption context the record was encrypted with.
    public let encryptionContext: [String: String]?

    public init(pubkey: String, active: Bool, chain: String, datetime: String, encryptedRecord: [UInt8], encryptionContext: [String: String]?) {
        self.pubkey = pubkey
        self.active = active
        self.chain = chain
        self.datetime = datetime
        self.encryptedRecord = encryptedRecord
        self.encryptionContext = encryptionContext
    }
}

/// The enclave's state, as it reports it to the parent.
public struct EnclaveStatus: Sendable, Equatable {
    public let ready: Bool
    public let keysLoaded: UInt64
    public let keysFailed: UInt64
    /// Why it is not ready, or the last error; at most 1,024 characters, never secret.
    public let detail: String

    public init(ready: Bool, keysLoaded: UInt64, keysFailed: UInt64, detail: String) {
        self.ready = ready
        self.keysLoaded = keysLoaded
        self.keysFailed = keysFailed
        self.detail = detail
    }
}

/// The wallet's request: sign this transaction with the account whose key this is. The key is
/// still KMS-encrypted (the enclave decrypts it through its attestation); the credentials are the
/// instance's, for that one KMS call.
public struct WalletSignRequest: Sendable, CustomStringConvertible {
    /// An AWS region (`us-east-1`).
    public let region: String
    public let credentials: TemporaryCredentials
    /// The KMS ciphertext of the account's 32-byte secp256k1 secret key (1 to 6,144 bytes).
    public let keyCiphertext: [UInt8]
    /// The account's address, `0x` + 40 hex digits: the encryption context `{"address": …}` the
    /// key was encrypted with, and what the signature must recover to.
    public let address: String
    /// The wallet request as the function received it: a JSON object whose `transaction_payload`
    /// member is the Nitro wallet reference's payload (value in ether); 1 to 131,072 bytes, passed
    /// on byte for byte, so that the enclave reads the amounts exactly as they were written.
    public let transactionPayload: [UInt8]

    public init(region: String, credentials: TemporaryCredentials, keyCiphertext: [UInt8], address: String, transactionPayload: [UInt8]) {
        self.region = region
        self.credentials = credentials
        self.keyCiphertext = keyCiphertext
        self.address = address
        self.transactionPayload = transactionPayload
    }

    public var description: String { "WalletSignRequest(\(region), \(address), \(transactionPayload.count)-byte payload)" }

    /// The largest ``transactionPayload`` (128 KiB): what the function, the parent and the enclave all accept.
    public static let maximumPayloadBytes = 128 << 10
}

/// The wallet's answer: the signed transaction, as the reference returns it.
public struct WalletSignature: Sendable, Equatable {
    /// The raw signed transaction (EIP-2718 envelope or legacy RLP), 1 to 262,144 bytes.
    public let signedTransaction: [UInt8]
    /// Keccak-256 of ``signedTransaction`` (32 bytes).
    public let transactionHash: [UInt8]
    /// The signer's address, `0x` + 40 hex digits (EIP-55).
    public let from: String

    public init(signedTransaction: [UInt8], transactionHash: [UInt8], from: String) {
        self.signedTransaction = signedTransaction
        self.transactionHash = transactionHash
        self.from = from
    }
}

/// Every message of the parent↔enclave protocol.
///
/// The enclave opens with ``hello``; the parent answers ``start``, then the rows in batches
/// (``keyRows``, at most ``maximumRowsPerBatch`` each) and ``endOfRows`` with their count. It may
/// later send ``credentials`` (refreshed), ``reload`` (rows follow again) or ``statusRequest``;
/// the enclave answers ``status``. Either side may send ``failure`` before it closes. The wallet
/// listener speaks ``signTransaction`` → ``signedTransaction`` (or ``failure``) instead.
public enum EnclaveMessage: Sendable {
    case hello(protocolVersion: UInt64, bootID: [UInt8])
    case start(StartSettings)
    case keyRows([VaultRowMessage])
    case endOfRows(count: UInt64)
    case credentials(TemporaryCredentials)
    case reload
    case statusRequest
    case status(EnclaveStatus)
    case failure(String)
    /// The wallet (its own listener): one request per connection, answered with
    /// ``signedTransaction`` or ``failure``.
    case signTransaction(WalletSignRequest)
    case signedTransaction(WalletSignature)

    public static let maximumRowsPerBatch = 1000
    /// 2: the start message names the database and its password's KMS ciphertext, and no ports.
    public static let protocolVersion: UInt64 = 2
}
