import EnclaveProtocol
import Secrets
import Testing

@Suite struct EnclaveSessionTests {
    static func rows(_ range: Range<Int>) -> [VaultRowMessage] {
        range.map { index in
            VaultRowMessage(
                pubkey: String(repeating: String(String(index % 256 + 256, radix: 16).suffix(2)), count: 48), active: true, chain: "hoodi",
                datetime: "2026-12-01T09:00:00Z", encryptedRecord: [UInt8(index % 256)], encryptionContext: nil)
        }
    }

    @Test func startRowsReloadAndCredentialsInOrder() throws {
        var session = EnclaveSession()
        guard case .none = try session.receive(.start(EnclaveProtocolTests.settings)) else { Issue.record("start"); return }
        #expect(try { if case .none = try session.receive(.keyRows(Self.rows(0..<100))) { return true }; return false }())
        _ = try session.receive(.keyRows(Self.rows(100..<150)))
        guard case .reportStatus = try session.receive(.statusRequest) else { Issue.record("status while loading"); return }
        guard case .start(let settings, let rows) = try session.receive(.endOfRows(count: 150)) else { Issue.record("start action"); return }
        #expect(settings.network == "hoodi" && rows.count == 150)
        guard case .useCredentials = try session.receive(.credentials(EnclaveProtocolTests.credentials)) else { Issue.record("credentials"); return }
        // A reload may send the same keys again, and none.
        _ = try session.receive(.reload)
        _ = try session.receive(.keyRows(Self.rows(0..<10)))
        guard case .reload(let reloaded) = try session.receive(.endOfRows(count: 10)) else { Issue.record("reload"); return }
        #expect(reloaded.count == 10)
        _ = try session.receive(.reload)
        guard case .reload(let empty) = try session.receive(.endOfRows(count: 0)) else { Issue.record("empty reload"); return }
        #expect(empty.isEmpty)
    }

    @Test(arguments: [
        ("rows before start", [EnclaveMessage.keyRows(rows(0..<1))]),
        ("credentials before start", [.credentials(EnclaveProtocolTests.credentials)]),
        ("a second start", [.start(EnclaveProtocolTests.settings), .start(EnclaveProtocolTests.settings)]),
        ("a count that disagrees", [.start(EnclaveProtocolTests.settings), .keyRows(rows(0..<3)), .endOfRows(count: 4)]),
        ("a key twice", [.start(EnclaveProtocolTests.settings), .keyRows(rows(0..<3)), .keyRows(rows(2..<3))]),
        ("reload while loading", [.start(EnclaveProtocolTests.settings), .reload]),
        ("the enclave's own message", [.start(EnclaveProtocolTests.settings), .hello(protocolVersion: 1, bootID: Array(repeating: 0, count: 16))]),
    ])
    func outOfOrderClosesTheSession(name: String, messages: [EnclaveMessage]) {
        var session = EnclaveSession()
        var refused = false
        for message in messages {
            do { _ = try session.receive(message) } catch { refused = error.code == .unexpected; break }
        }
        #expect(refused, "\(name)")
        if case .closed = session.state {} else { Issue.record("\(name): the session stayed open") }
        #expect(throws: EnclaveProtocolError(.unexpected, "")) { _ = try session.receive(.statusRequest) }
    }

    @Test func aFailureFromTheParentCloses() throws {
        var session = EnclaveSession()
        guard case .close(let reason) = try session.receive(.failure("DynamoDB unreachable")) else { Issue.record("close"); return }
        #expect(reason.contains("DynamoDB unreachable"))
    }
}
