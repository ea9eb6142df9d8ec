import CBOR
import Secrets

extension EnclaveMessage {
    /// The message as one frame (``Frame``). A frame holding credentials is the caller's to wipe
    /// once sent.
    public var frame: [UInt8] {
        switch self {
        case .hello(let version, let bootID):
            return Frame.encode(.hello, Self.map(["protocol_version": .unsigned(version), "boot_id": .bytes(bootID)]))
        case .start(let settings):
            var fields: [String: CBOR] = [
                "region": .text(settings.region), "network": .text(settings.network), "signer_uuid": .text(settings.signerUUID),
                "credentials": Self.cbor(settings.credentials), "tls_key_ciphertext": .bytes(settings.tlsKeyCiphertext),
                "tls_certificate_pem": .text(settings.tlsCertificatePEM),
            ]
            if let database = settings.slashingProtectionDatabase {
                fields["slashing_protection_db_url"] = .text(database.url)
                if let password = database.passwordCiphertext { fields["slashing_protection_db_password_ciphertext"] = .bytes(password) }
            }
            if let interchange = settings.slashingProtectionInterchange { fields["slashing_protection_interchange"] = .bytes(interchange) }
            if settings.allowEmptySlashingHistory { fields["allow_empty_slashing_history"] = .bool(true) }
            return Frame.encode(.start, Self.map(fields))
        case .keyRows(let rows):
            return Frame.encode(.keyRows, Self.map(["rows": .array(rows.map(Self.cbor))]))
        case .endOfRows(let count):
            return Frame.encode(.endOfRows, Self.map(["count": .unsigned(count)]))
        case .credentials(let credentials):
            return Frame.encode(.credentials, Self.map(["credentials": Self.cbor(credentials)]))
        case .reload:
            return Frame.encode(.reload, Self.map([:]))
        case .statusRequest:
            return Frame.encode(.statusRequest, Self.map([:]))
        case .status(let status):
            return Frame.encode(.status, Self.map([
                "ready": .bool(status.ready), "keys_loaded": .unsigned(status.keysLoaded), "keys_failed": .unsigned(status.keysFailed),
                "detail": .text(Self.bounded(status.detail)),
            ]))
        case .failure(let reason):
            return Frame.encode(.failure, Self.map(["reason": .text(Self.bounded(reason))]))
        case .signTransaction(let request):
            return Frame.encode(.signTransaction, Self.map([
                "region": .text(request.region), "credentials": Self.cbor(request.credentials), "key_ciphertext": .bytes(request.keyCiphertext),
                "address": .text(request.address), "transaction_payload": .bytes(request.transactionPayload),
            ]))
        case .signedTransaction(let signature):
            return Frame.encode(.signedTransaction, Self.map([
                "signed_tx": .bytes(signature.signedTransaction), "tx_hash": .bytes(signature.transactionHash), "from": .text(signature.from),
            ]))
        }
    }

    /// Reads a frame's payload as the message its type names, checking every field.
    ///
    /// - Throws: ``EnclaveProtocolError/Code/badMessage`` naming the field at fault.
    public init(kind: Frame.Kind, payload: [UInt8]) throws(EnclaveProtocolError) {
        let fields = try Fields(payload)
        switch kind {
        case .hello:
            self = .hello(protocolVersion: try fields.unsigned("protocol_version"), bootID: try fields.bytes("boot_id", 16...16))
        case .start:
            let region = try Self.region(fields)
            var database: SlashingProtectionDatabase?
            if let url = try fields.optionalText("slashing_protection_db_url", 1...2048) {
                guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
                    throw Fields.bad("slashing_protection_db_url is not a postgresql:// URL")
                }
                database = SlashingProtectionDatabase(
                    url: url, passwordCiphertext: try fields.optionalBytes("slashing_protection_db_password_ciphertext", 1...6144))
            } else if try fields.optionalBytes("slashing_protection_db_password_ciphertext", 1...6144) != nil {
                throw Fields.bad("slashing_protection_db_password_ciphertext without slashing_protection_db_url")
            }
            self = .start(StartSettings(
                region: region, network: try fields.text("network", 1...64), signerUUID: try fields.text("signer_uuid", 1...64),
                credentials: try Self.credentials(try fields.map("credentials")), slashingProtectionDatabase: database,
                tlsKeyCiphertext: try fields.bytes("tls_key_ciphertext", 1...6144), tlsCertificatePEM: try fields.text("tls_certificate_pem", 1...65536),
                slashingProtectionInterchange: try fields.optionalBytes("slashing_protection_interchange", 1...(3 << 20)),
                allowEmptySlashingHistory: try fields.optionalBool("allow_empty_slashing_history") ?? false))
        case .keyRows:
            let rows = try fields.array("rows")
            guard (1...Self.maximumRowsPerBatch).contains(rows.count) else {
                throw Fields.bad("rows holds \(rows.count) rows; 1 to \(Self.maximumRowsPerBatch) per batch")
            }
            var read: [VaultRowMessage] = []
            for (index, row) in rows.enumerated() { read.append(try Self.row(try Fields(row, "rows[\(index)]"))) }
            self = .keyRows(read)
        case .endOfRows:
            self = .endOfRows(count: try fields.unsigned("count"))
        case .credentials:
            self = .credentials(try Self.credentials(try fields.map("credentials")))
        case .reload:
            self = .reload
        case .statusRequest:
            self = .statusRequest
        case .status:
            self = .status(EnclaveStatus(
                ready: try fields.bool("ready"), keysLoaded: try fields.unsigned("keys_loaded"), keysFailed: try fields.unsigned("keys_failed"),
                detail: try fields.text("detail", 0...1024)))
        case .failure:
            self = .failure(try fields.text("reason", 0...1024))
        case .signTransaction:
            self = .signTransaction(WalletSignRequest(
                region: try Self.region(fields), credentials: try Self.credentials(try fields.map("credentials")),
                keyCiphertext: try fields.bytes("key_ciphertext", 1...6144), address: try Self.address(fields, "address"),
                transactionPayload: try fields.bytes("transaction_payload", 1...WalletSignRequest.maximumPayloadBytes)))
        case .signedTransaction:
            self = .signedTransaction(WalletSignature(
                signedTransaction: try fields.bytes("signed_tx", 1...(256 << 10)), transactionHash: try fields.bytes("tx_hash", 32...32),
                from: try Self.address(fields, "from")))
        }
    }

    /// An AWS region name: lower-case letters, digits and dashes, 1 to 32 bytes.
    private static func region(_ fields: Fields) throws(EnclaveProtocolError) -> String {
        let region = try fields.text("region", 1...32)
        guard region.utf8.allSatisfy({ (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2d }) else {
            throw Fields.bad("region \(region) is not an AWS region name")
        }
        return region
    }

    /// `0x` and 40 hex digits (either case, as EIP-55 writes them).
    private static func address(_ fields: Fields, _ name: String) throws(EnclaveProtocolError) -> String {
        let address = try fields.text(name, 42...42)
        guard address.hasPrefix("0x"), address.utf8.dropFirst(2).allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0 | 0x20) }) else {
            throw Fields.bad("\(name) is not 0x and 40 hex digits")
        }
        return address
    }

    /// The longest prefix of whole characters within 1,024 UTF-8 bytes (what the reader accepts).
    static func bounded(_ text: String) -> String {
        var bytes = 0
        return String(text.prefix { character in
            bytes += character.utf8.count
            return bytes <= 1024
        })
    }

    private static func map(_ fields: [String: CBOR]) -> [UInt8] {
        CBOR.map(fields.keys.sorted().map { (.text($0), fields[$0] ?? .null) }).encoded
    }

    private static func cbor(_ credentials: TemporaryCredentials) -> CBOR {
        var fields: [(key: CBOR, value: CBOR)] = [
            (.text("access_key_id"), .text(credentials.accessKeyID)),
            (.text("secret_access_key"), .bytes(credentials.secretAccessKey.withUnsafeBytes { Array($0) })),
        ]
        if let token = credentials.sessionToken { fields.append((.text("session_token"), .bytes(token.withUnsafeBytes { Array($0) }))) }
        if let expiration = credentials.expiration { fields.append((.text("expiration"), .unsigned(UInt64(max(0, expiration))))) }
        return .map(fields)
    }

    private static func credentials(_ fields: Fields) throws(EnclaveProtocolError) -> TemporaryCredentials {
        let keyID = try fields.text("access_key_id", 16...128)
        // IAM's AccessKeyId: 16 to 128 word characters ([\w]+).
        guard keyID.utf8.allSatisfy({ (0x41...0x5a).contains($0) || (0x61...0x7a).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5f }) else {
            throw Fields.bad("\(fields.path)access_key_id is not an AWS access key id")
        }
        var secret = try fields.bytes("secret_access_key", 1...128)
        var sessionToken: SecretBytes?
        if var token = try fields.optionalBytes("session_token", 1...8192) { sessionToken = SecretBytes(taking: &token) }
        let expiration = try fields.optionalUnsigned("expiration")
        guard (expiration ?? 0) <= UInt64(Int64.max) else { throw Fields.bad("\(fields.path)expiration is out of range") }
        return TemporaryCredentials(
            accessKeyID: keyID, secretAccessKey: SecretBytes(taking: &secret), sessionToken: sessionToken,
            expiration: expiration.map { Int64($0) })
    }

    private static func cbor(_ row: VaultRowMessage) -> CBOR {
        var fields: [(key: CBOR, value: CBOR)] = [
            (.text("pubkey"), .text(row.pubkey)), (.text("active"), .bool(row.active)), (.text("chain"), .text(row.chain)),
            (.text("datetime"), .text(row.datetime)), (.text("encrypted_record"), .bytes(row.encryptedRecord)),
        ]
        if let context = row.encryptionContext {
            fields.append((.text("encryption_context"), .map(context.keys.sorted().map { (.text($0), .text(context[$0] ?? "")) })))
        }
        return .map(fields)
    }

    private static func row(_ fields: Fields) throws(EnclaveProtocolError) -> VaultRowMessage {
        let pubkey = try fields.text("pubkey", 96...96)
        guard pubkey.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else {
            throw Fields.bad("\(fields.path)pubkey is not 96 lower-case hex digits")
        }
        var context: [String: String]?
        if let map = try fields.optionalMap("encryption_context") {
            context = try map.stringMap()
        }
        return VaultRowMessage(
            pubkey: pubkey, active: try fields.bool("active"), chain: try fields.text("chain", 1...64), datetime: try fields.text("datetime", 10...64),
            encryptedRecord: try fields.bytes("encrypted_record", 1...6144), encryptionContext: context)
    }
}
