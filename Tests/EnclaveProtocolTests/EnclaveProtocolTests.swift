import CBOR
import EnclaveProtocol
import Secrets
import Testing

@Suite struct EnclaveProtocolTests {
    static func secret(_ text: String) -> SecretBytes { SecretBytes(copying: Array(text.utf8)) }
    static func text(_ secret: SecretBytes?) -> String? { secret?.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }

    static let credentials = TemporaryCredentials(
        accessKeyID: "ASIAEXAMPLEKEYID0001", secretAccessKey: secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        sessionToken: secret("FwoGZXIvYXdzEXAMPLETOKEN"), expiration: 1_796_000_000)
    static let settings = StartSettings(
        region: "eu-west-1", network: "hoodi", signerUUID: "9b2c3e6a-1f1e-4c55-9d0c-4f1d6a2b7e10", credentials: credentials,
        slashingProtectionDatabase: SlashingProtectionDatabase(
            url: "postgresql://signer@db.internal:5433/slashing?sslmode=require", passwordCiphertext: Array(repeating: 3, count: 200)),
        tlsKeyCiphertext: Array(repeating: 7, count: 300), tlsCertificatePEM: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    static let row = VaultRowMessage(
        pubkey: String(repeating: "a1", count: 48), active: true, chain: "hoodi", datetime: "2026-12-01T09:00:00Z", encryptedRecord: Array(repeating: 9, count: 700), encryptionContext: ["pubkey": "a1"])

    /// Encodes, splits at `cut`, decodes.
    static func roundTrip(_ message: EnclaveMessage, cut: Int? = nil) throws -> EnclaveMessage {
        let frame = message.frame
        var decoder = FrameDecoder()
        let split = min(cut ?? frame.count, frame.count)
        decoder.append(frame[..<split])
        if split < frame.count {
            #expect(try decoder.next() == nil)
            decoder.append(frame[split...])
        }
        let (kind, payload) = try #require(try decoder.next())
        #expect(decoder.pending == 0)
        return try EnclaveMessage(kind: kind, payload: payload)
    }

    @Test func everyMessageSurvivesTheWireWhole() throws {
        guard case .hello(let version, let boot) = try Self.roundTrip(.hello(protocolVersion: 1, bootID: Array(0..<16))) else { Issue.record("hello"); return }
        #expect(version == 1 && boot == Array(0..<16))
        guard case .start(let start) = try Self.roundTrip(.start(Self.settings)) else { Issue.record("start"); return }
        #expect(start.region == "eu-west-1" && start.network == "hoodi" && start.signerUUID == Self.settings.signerUUID)
        #expect(start.tlsKeyCiphertext == Self.settings.tlsKeyCiphertext)
        #expect(start.tlsCertificatePEM == Self.settings.tlsCertificatePEM)
        #expect(start.slashingProtectionDatabase?.url == "postgresql://signer@db.internal:5433/slashing?sslmode=require")
        #expect(start.slashingProtectionDatabase == Self.settings.slashingProtectionDatabase)
        #expect(start.credentials.accessKeyID == "ASIAEXAMPLEKEYID0001" && start.credentials.expiration == 1_796_000_000)
        #expect(Self.text(start.credentials.secretAccessKey) == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        #expect(Self.text(start.credentials.sessionToken) == "FwoGZXIvYXdzEXAMPLETOKEN")
        let rows = Array(repeating: Self.row, count: EnclaveMessage.maximumRowsPerBatch)
        guard case .keyRows(let read) = try Self.roundTrip(.keyRows(rows)) else { Issue.record("rows"); return }
        #expect(read == rows)
        guard case .endOfRows(let count) = try Self.roundTrip(.endOfRows(count: 12345)) else { Issue.record("end"); return }
        #expect(count == 12345)
        guard case .credentials(let fresh) = try Self.roundTrip(.credentials(Self.credentials)) else { Issue.record("credentials"); return }
        #expect(Self.text(fresh.sessionToken) == "FwoGZXIvYXdzEXAMPLETOKEN")
        guard case .reload = try Self.roundTrip(.reload), case .statusRequest = try Self.roundTrip(.statusRequest) else { Issue.record("reload"); return }
        let status = EnclaveStatus(ready: true, keysLoaded: 10_000, keysFailed: 2, detail: "2 rows failed to decrypt")
        guard case .status(let back) = try Self.roundTrip(.status(status)) else { Issue.record("status"); return }
        #expect(back == status)
        guard case .failure(let reason) = try Self.roundTrip(.failure("KMS refused the attestation")) else { Issue.record("failure"); return }
        #expect(reason == "KMS refused the attestation")
    }

    @Test func framesArriveWholeWhereverTheStreamIsCut() throws {
        let frame = EnclaveMessage.start(Self.settings).frame
        for cut in 0...frame.count {
            guard case .start = try Self.roundTrip(.start(Self.settings), cut: cut) else { Issue.record("cut \(cut)"); return }
        }
        // Several frames in one read come out in order.
        var decoder = FrameDecoder()
        decoder.append(EnclaveMessage.reload.frame + EnclaveMessage.endOfRows(count: 3).frame + EnclaveMessage.statusRequest.frame)
        let kinds = [try decoder.next()?.kind, try decoder.next()?.kind, try decoder.next()?.kind, try decoder.next()?.kind]
        #expect(kinds == [.reload, .endOfRows, .statusRequest, nil])
    }

    @Test(arguments: [
        ([2, 1, 0, 0, 0, 0] as [UInt8], "version"), ([1, 0, 0, 0, 0, 0], "type"), ([1, 200, 0, 0, 0, 0], "type"),
        ([1, 3, 0, 0x40, 0, 1], "at most"), ([1, 3, 0xff, 0xff, 0xff, 0xff], "at most"),
    ])
    func aBadHeaderIsRefusedBeforeItsPayload(header: [UInt8], words: String) {
        var decoder = FrameDecoder()
        decoder.append(header)
        #expect(performing: { _ = try decoder.next() }, throws: { ($0 as? EnclaveProtocolError)?.code == .badFrame && "\($0)".contains(words) })
    }

    static func payload(_ fields: [String: CBOR]) -> [UInt8] { CBOR.map(fields.keys.sorted().map { (.text($0), fields[$0] ?? .null) }).encoded }

    @Test func everyFieldIsChecked() throws {
        let start = EnclaveMessage.start(Self.settings).frame
        guard case .map(let entries) = try CBOR.decode(start.dropFirst(Frame.headerSize)) else { Issue.record("not a map"); return }
        var fields: [String: CBOR] = [:]
        for entry in entries { if case .text(let key) = entry.key { fields[key] = entry.value } }
        func with(_ name: String, _ value: CBOR?) -> [UInt8] { var copy = fields; copy[name] = value; return Self.payload(copy) }
        let credentials = fields["credentials"] ?? .null
        func credential(_ name: String, _ value: CBOR) -> CBOR {
            guard case .map(let pairs) = credentials else { return .null }
            return .map(pairs.filter { $0.key != .text(name) } + [(.text(name), value)])
        }
        let cases: [(String, [UInt8], String)] = [
            ("region missing", with("region", nil), "region is missing"), ("region shape", with("region", .text("EU WEST")), "region"),
            ("network empty", with("network", .text("")), "network"),
            ("database URL bytes", with("slashing_protection_db_url", .bytes([0x70])), "slashing_protection_db_url"),
            ("database URL scheme", with("slashing_protection_db_url", .text("mysql://u@h/d")), "not a postgresql:// URL"),
            ("database password alone", with("slashing_protection_db_url", nil), "slashing_protection_db_password_ciphertext without"),
            ("database password empty", with("slashing_protection_db_password_ciphertext", .bytes([])), "slashing_protection_db_password_ciphertext"),
            ("tls key empty", with("tls_key_ciphertext", .bytes([])), "tls_key_ciphertext"),
            ("credentials text", with("credentials", .text("x")), "credentials"),
            ("key id short", with("credentials", credential("access_key_id", .text("ASIAEXAMPLE"))), "credentials.access_key_id"),
            ("key id dash", with("credentials", credential("access_key_id", .text("ASIA-EXAMPLE-KEY-ID"))), "credentials.access_key_id"),
            ("secret empty", with("credentials", credential("secret_access_key", .bytes([]))), "credentials.secret_access_key"),
            ("payload not a map", CBOR.array([]).encoded, "not a map"), ("payload not CBOR", [0xff], "not CBOR"),
        ]
        for (name, payload, words) in cases {
            #expect("\(name)", performing: { _ = try EnclaveMessage(kind: .start, payload: payload) }, throws: { error in
                (error as? EnclaveProtocolError)?.code == .badMessage && "\(error)".contains(words)
            })
        }
        let row = { (pubkey: CBOR, record: CBOR) in
            Self.payload(["rows": .array([.map([
                (.text("pubkey"), pubkey), (.text("active"), .bool(true)), (.text("chain"), .text("hoodi")), (.text("datetime"), .text("2026-12-01T09:00:00Z")),
                (.text("encrypted_record"), record),
            ])])])
        }
        let rowCases: [([UInt8], String)] = [
            (row(.text(String(repeating: "A1", count: 48)), .bytes([1])), "rows[0].pubkey"), (row(.text("a1"), .bytes([1])), "rows[0].pubkey"),
            (row(.text(String(repeating: "a1", count: 48)), .bytes(Array(repeating: 0, count: 6145))), "rows[0].encrypted_record"),
            (Self.payload(["rows": .array([])]), "1 to 1000"), (Self.payload(["rows": .array(Array(repeating: .null, count: 1001))]), "1 to 1000"),
        ]
        for (payload, words) in rowCases {
            #expect("\(words)", performing: { _ = try EnclaveMessage(kind: .keyRows, payload: payload) }, throws: { error in
                (error as? EnclaveProtocolError)?.code == .badMessage && "\(error)".contains(words)
            })
        }
    }

    @Test func secretsAreNotPrinted() {
        let printed = "\(Self.settings) \(Self.credentials) \(String(reflecting: Self.credentials))"
        #expect(!printed.contains("wJalrXUtnFEMI") && !printed.contains("FwoGZXIv") && !printed.contains("signer:pw"))
    }
}
