import AWSCore
import Synchronization

/// A scripted ``AWSHTTPTransport`` for unit tests of one layer (credential providers, the retry
/// executor): each request is recorded and answered by `handler`.
final class FakeTransport: AWSHTTPTransport {
    private let requests = Mutex<[AWSHTTPRequest]>([])
    private let handler: @Sendable (AWSHTTPRequest) throws(AWSError) -> AWSHTTPResponse

    init(_ handler: @escaping @Sendable (AWSHTTPRequest) throws(AWSError) -> AWSHTTPResponse) {
        self.handler = handler
    }

    var recorded: [AWSHTTPRequest] { requests.withLock { $0 } }

    func send(_ request: AWSHTTPRequest, timeoutSeconds: Double) async throws(AWSError) -> AWSHTTPResponse {
        requests.withLock { $0.append(request) }
        return try handler(request)
    }
}

/// A clock that only moves when told to; `sleep` advances it and records the duration.
final class ManualClock: AWSClock {
    private let state: Mutex<(now: Double, sleeps: [Double])>

    init(now: Double) { state = Mutex((now, [])) }

    func now() -> Double { state.withLock { $0.now } }
    func advance(_ seconds: Double) { state.withLock { $0.now += seconds } }
    var sleeps: [Double] { state.withLock { $0.sleeps } }

    func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.now += seconds
            $0.sleeps.append(seconds)
        }
    }
}

extension AWSHTTPResponse {
    static func json(_ text: String, status: Int = 200) -> AWSHTTPResponse {
        AWSHTTPResponse(status: status, headers: [.init("Content-Type", "application/json")], body: Array(text.utf8))
    }
}
