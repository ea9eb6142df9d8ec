/// The enclave's side of the protocol as a pure state machine (STYLE: state machine returns
/// actions, the connection handler carries them out): it takes each message from the parent and
/// says what to do, refusing anything out of order.
///
/// `awaitingStart` → start → `receivingRows` → rows… → end of rows → `serving` → reload →
/// `receivingRows` → … ; credentials and status requests are taken once started.
public struct EnclaveSession: Sendable {
    public enum State: Sendable {
        case awaitingStart
        case receivingRows(reload: Bool)
        case serving
        case closed
    }

    /// What the enclave does next.
    public enum Action: Sendable {
        /// Nothing yet (rows are being gathered).
        case none
        /// Start the signer with these settings and rows (the first load).
        case start(StartSettings, [VaultRowMessage])
        /// Replace the keys with these rows.
        case reload([VaultRowMessage])
        /// Use these credentials from now on.
        case useCredentials(TemporaryCredentials)
        /// Send the parent a ``EnclaveMessage/status(_:)``.
        case reportStatus
        /// Close the connection (and stop: the parent restarts the enclave), giving the reason.
        case close(String)
    }

    public private(set) var state: State = .awaitingStart
    private var settings: StartSettings?
    private var rows: [VaultRowMessage] = []
    private var pubkeys: Set<String> = []
    /// At most this many rows per start or reload (the signer's tested ceiling).
    public static let maximumRows = 200_000

    public init() {}

    /// Takes one message from the parent.
    ///
    /// - Throws: ``EnclaveProtocolError/Code/unexpected`` for a message out of order, a row
    ///   count that disagrees, a public key sent twice or too many rows; the state is then
    ///   `closed` and the connection must be closed.
    public mutating func receive(_ message: EnclaveMessage) throws(EnclaveProtocolError) -> Action {
        do throws(EnclaveProtocolError) {
            return try handle(message)
        } catch {
            state = .closed
            rows = []
            throw error
        }
    }

    private mutating func handle(_ message: EnclaveMessage) throws(EnclaveProtocolError) -> Action {
        switch (state, message) {
        case (.closed, _):
            throw Self.unexpected("a message after the session closed")
        case (_, .failure(let reason)):
            state = .closed
            return .close("the parent failed: \(reason)")
        case (.awaitingStart, .start(let start)):
            settings = start
            state = .receivingRows(reload: false)
            return .none
        case (.awaitingStart, _):
            throw Self.unexpected("\(Self.name(message)) before start")
        case (.receivingRows, .keyRows(let batch)):
            for row in batch {
                guard pubkeys.insert(row.pubkey).inserted else { throw Self.unexpected("pubkey \(row.pubkey.prefix(12))… sent twice") }
            }
            guard rows.count + batch.count <= Self.maximumRows else { throw Self.unexpected("more than \(Self.maximumRows) rows") }
            rows += batch
            return .none
        case (.receivingRows(let reload), .endOfRows(let count)):
            guard count == UInt64(rows.count) else { throw Self.unexpected("end of rows says \(count); \(rows.count) arrived") }
            let received = rows
            rows = []
            pubkeys = []
            state = .serving
            guard !reload, let settings else { return .reload(received) }
            return .start(settings, received)
        case (.serving, .reload):
            state = .receivingRows(reload: true)
            return .none
        case (.receivingRows, .credentials(let credentials)), (.serving, .credentials(let credentials)):
            return .useCredentials(credentials)
        case (.receivingRows, .statusRequest), (.serving, .statusRequest):
            return .reportStatus
        default:
            throw Self.unexpected("\(Self.name(message)) while \(state)")
        }
    }

    static func unexpected(_ reason: String) -> EnclaveProtocolError { EnclaveProtocolError(.unexpected, reason) }

    static func name(_ message: EnclaveMessage) -> String {
        switch message {
        case .hello: "hello"
        case .start: "start"
        case .keyRows: "rows"
        case .endOfRows: "end of rows"
        case .credentials: "credentials"
        case .reload: "reload"
        case .statusRequest: "status request"
        case .status: "status"
        case .failure: "failure"
        case .signTransaction: "sign transaction"
        case .signedTransaction: "signed transaction"
        }
    }
}
