import CoreMetrics
import Metrics
public import Prometheus
import Synchronization

/// The signer's Prometheus metrics (swift-metrics over swift-prometheus, one registry per signer,
/// served as text by `GET /metrics` on `--metrics-port`):
///
/// - `etherkeep_signer_requests_total{type, outcome}`: signing requests by Web3Signer type
///   (`unknown` before the body parses) and outcome (``AuditLog`` names: `signed`, `refused`,
///   `bad_request`, `unknown_key`, `unavailable`, `storage_error`, `payload_too_large`);
/// - `etherkeep_signer_signing_duration_seconds{type}`: a histogram of the time from the body
///   to the signature (parsing, signing root, slashing protection, BLS), signed requests only;
/// - `etherkeep_slashing_protection_duration_seconds` and
///   `etherkeep_slashing_protection_errors_total`: the store's check-and-record;
/// - `etherkeep_signer_keys_loaded`, `etherkeep_signer_keys_failed`: keys now loaded, and keys
///   that failed at the last load (start or reload);
/// - `etherkeep_signer_reloads_total{outcome}`: reloads by outcome (`completed`,
///   `completed_with_errors`, `failed`);
/// - `etherkeep_signer_tls_handshake_failures_total`: connections whose TLS handshake failed.
public final class SignerMetrics: Sendable {
    /// The registry whose text ``exposition()`` returns.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let counters = Mutex<[String: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[String: CoreMetrics.Timer]>([:])
    private let slashingDuration: CoreMetrics.Timer
    private let slashingErrors: CoreMetrics.Counter
    private let keysLoaded: CoreMetrics.Gauge
    private let keysFailed: CoreMetrics.Gauge
    private let handshakeFailures: CoreMetrics.Counter

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
        ]
        self.factory = factory
        slashingDuration = CoreMetrics.Timer(label: "etherkeep_slashing_protection_duration_seconds", factory: factory)
        slashingErrors = CoreMetrics.Counter(label: "etherkeep_slashing_protection_errors_total", factory: factory)
        keysLoaded = CoreMetrics.Gauge(label: "etherkeep_signer_keys_loaded", factory: factory)
        keysFailed = CoreMetrics.Gauge(label: "etherkeep_signer_keys_failed", factory: factory)
        handshakeFailures = CoreMetrics.Counter(label: "etherkeep_signer_tls_handshake_failures_total", factory: factory)
    }

    /// Counts one failed TLS handshake.
    func tlsHandshakeFailed() { handshakeFailures.increment() }

    /// Counts one reload by its outcome.
    func reload(outcome: String) {
        let key = "reload|" + outcome
        counters.withLock { counters in
            if let existing = counters[key] { return existing }
            let made = CoreMetrics.Counter(label: "etherkeep_signer_reloads_total", dimensions: [("outcome", outcome)], factory: factory)
            counters[key] = made
            return made
        }.increment()
    }

    /// Records the keys loaded and failed (at start, and after each change).
    public func keys(loaded: Int, failed: Int) {
        keysLoaded.record(loaded)
        keysFailed.record(failed)
    }

    /// Counts one request's outcome, and times it when it was signed.
    func request(type: String?, outcome: String, duration: Duration) {
        let type = type ?? "unknown"
        let key = type + "|" + outcome
        let counter = counters.withLock { counters in
            if let existing = counters[key] { return existing }
            let made = CoreMetrics.Counter(
                label: "etherkeep_signer_requests_total", dimensions: [("type", type), ("outcome", outcome)], factory: factory)
            counters[key] = made
            return made
        }
        counter.increment()
        guard outcome == "signed" else { return }
        let timer = timers.withLock { timers in
            if let existing = timers[type] { return existing }
            let made = CoreMetrics.Timer(label: "etherkeep_signer_signing_duration_seconds", dimensions: [("type", type)], factory: factory)
            timers[type] = made
            return made
        }
        timer.record(duration: duration)
    }

    /// Times one check-and-record by the slashing-protection store; counts it when it failed.
    func slashingProtection(duration: Duration, failed: Bool) {
        slashingDuration.record(duration: duration)
        if failed { slashingErrors.increment() }
    }

    /// The Prometheus text exposition format (version 0.0.4) of every metric.
    public func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

extension CoreMetrics.Timer {
    fileprivate func record(duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
