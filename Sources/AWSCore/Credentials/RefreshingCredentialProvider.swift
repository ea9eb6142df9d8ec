/// Caches another provider's credentials and loads them again before they expire.
///
/// Temporary credentials (container, IMDS) are refreshed once they are within ``refreshMargin``
/// seconds of `Expiration` on the injected clock; concurrent callers share one refresh. Long-term
/// keys (no expiry) are loaded once.
package actor RefreshingCredentialProvider: AWSCredentialProvider {
    private let base: any AWSCredentialProvider
    private let clock: any AWSClock
    /// Seconds before expiry at which credentials are refreshed (five minutes, as the SDKs do).
    package let refreshMargin: Int64
    private var cached: AWSCredentials?
    private var inFlight: Task<AWSCredentials?, any Error>?

    package nonisolated var name: String { base.name }

    package init(base: any AWSCredentialProvider, clock: any AWSClock, refreshMargin: Int64 = 300) {
        self.base = base
        self.clock = clock
        self.refreshMargin = refreshMargin
    }

    package func load() async throws(AWSError) -> AWSCredentials? {
        let now = Int64(clock.now())
        if let cached, !cached.expires(within: refreshMargin, now: now) { return cached }
        let task: Task<AWSCredentials?, any Error>
        if let inFlight {
            task = inFlight
        } else {
            let base = self.base
            task = Task { try await base.load() }
            inFlight = task
        }
        defer { inFlight = nil }
        do {
            let fresh = try await task.value
            if let fresh, fresh.expires(within: 0, now: now) {
                throw AWSError(.credentialsExpired, "\(base.name) returned credentials that have already expired")
            }
            cached = fresh
            return fresh
        } catch let error as AWSError {
            throw error
        } catch {
            throw AWSError(.credentialsNotFound, "\(base.name): \(error)")
        }
    }

    /// Forgets the cached credentials (after AWS rejected them), so the next ``load()`` fetches anew.
    package func invalidate() { cached = nil }
}
