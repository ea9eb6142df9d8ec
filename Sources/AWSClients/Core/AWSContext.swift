package import AWSCore
import Synchronization

/// What every AWS client shares: transport, credentials, region, clock, retry policy and the
/// measured clock skew.
///
/// Built once with ``make(environment:transport:)`` from the environment, or field by field in tests.
package struct AWSContext: Sendable {
    package let transport: any AWSHTTPTransport
    package let credentials: any AWSCredentialProvider
    package let configuration: AWSConfiguration
    package let clock: any AWSClock
    package var retryPolicy: RetryPolicy
    /// A uniformly random number in `[0, 1)` for back-off jitter (injected for tests).
    package let random: @Sendable () -> Double
    let skew: ClockSkew

    package init(
        transport: any AWSHTTPTransport, credentials: any AWSCredentialProvider, configuration: AWSConfiguration,
        clock: any AWSClock = SystemAWSClock(), retryPolicy: RetryPolicy = RetryPolicy(),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.transport = transport
        self.credentials = credentials
        self.configuration = configuration
        self.clock = clock
        self.retryPolicy = retryPolicy
        self.random = random
        self.skew = ClockSkew()
    }

    /// The standard setup: configuration from `environment`, the default credential chain with
    /// refresh before expiry, the system clock.
    package static func make(environment: AWSEnvironment = .process(), transport: any AWSHTTPTransport) throws(AWSError) -> AWSContext {
        let configuration = try AWSConfiguration(environment: environment)
        let clock = SystemAWSClock()
        let chain = AWSCredentialChain.standard(configuration: configuration, transport: transport, clock: clock)
        return AWSContext(
            transport: transport, credentials: RefreshingCredentialProvider(base: chain, clock: clock), configuration: configuration,
            clock: clock)
    }

    /// The signing time: the local clock corrected by the skew AWS last reported.
    func signingTime() -> Int64 { Int64((clock.now() + skew.offset).rounded(.down)) }
}

/// Seconds to add to the local clock to match AWS's, learnt from the `Date` header of a
/// clock-skew rejection.
final class ClockSkew: Sendable {
    private let state = Mutex<Double>(0)
    var offset: Double { state.withLock { $0 } }
    func set(_ seconds: Double) { state.withLock { $0 = seconds } }
}
