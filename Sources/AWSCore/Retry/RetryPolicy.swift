/// The standard AWS retry behaviour as a pure function: which failures are retried, how long to
/// wait, and when to stop.
///
/// Retried: connection faults and per-attempt timeouts, HTTP 500/502/503/504, HTTP 429 and the
/// throttling codes, the transient codes, and clock-skew rejections (once the skew is corrected).
/// Back-off is "full jitter" exponential: `random * min(maxBackoff, base * 2^(attempt-1))`
/// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html). Attempts are
/// bounded by ``maxAttempts`` and the whole operation by ``totalTimeout``. No clock or randomness
/// inside: the caller passes the elapsed time and a random number in `[0, 1)`.
package struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    package var maxAttempts: Int
    /// Back-off base for the first retry, seconds.
    package var baseDelay: Double
    /// Largest single back-off, seconds.
    package var maxBackoff: Double
    /// Time limit for the whole operation, retries included, seconds.
    package var totalTimeout: Double
    /// Time limit for one attempt, seconds.
    package var attemptTimeout: Double

    package init(maxAttempts: Int = 5, baseDelay: Double = 0.1, maxBackoff: Double = 20, totalTimeout: Double = 60, attemptTimeout: Double = 20) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.totalTimeout = totalTimeout
        self.attemptTimeout = attemptTimeout
    }

    /// What to do after a failed attempt.
    package enum Decision: Sendable, Equatable {
        /// Wait this many seconds, then try again.
        case retry(afterSeconds: Double)
        /// Stop and report the error; `exhausted` when the error was retryable but a bound was reached.
        case giveUp(exhausted: Bool)
    }

    /// AWS error codes that mean "slow down".
    package static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    ]
    /// AWS error codes for transient server-side faults.
    package static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "InternalServerError",
        "ServiceUnavailable", "KMSInternalException", "DependencyTimeoutException",
    ]
    /// AWS error codes that mean the request's signing time is too far from AWS's clock.
    package static let clockSkewCodes: Set<String> = [
        "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException", "SignatureDoesNotMatch",
        "AuthFailure",
    ]

    /// Whether `error` says the signing clock is off (for ``InvalidSignatureException`` only when
    /// the message says so, since a wrong secret gives the same code).
    package static func isClockSkew(_ error: AWSError) -> Bool {
        guard let code = error.awsCode, clockSkewCodes.contains(code) else { return false }
        switch code {
        case "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture": return true
        default:
            let r = error.reason.lowercased()
            return r.contains("signature expired") || r.contains("not yet current") || r.contains("too skewed")
        }
    }

    /// Whether a retry could help.
    package static func isRetryable(_ error: AWSError) -> Bool {
        switch error.code {
        case .transport, .timeout: return true
        case .service:
            if let code = error.awsCode, throttlingCodes.contains(code) || transientCodes.contains(code) { return true }
            if let status = error.httpStatus, [429, 500, 502, 503, 504].contains(status) { return true }
            return isClockSkew(error)
        default: return false
        }
    }

    /// Decides after attempt number `attempt` (1-based) failed with `error`.
    ///
    /// - Parameters:
    ///   - elapsed: seconds since the operation started.
    ///   - random: a uniformly random number in `[0, 1)` (injected for tests).
    package func decide(attempt: Int, error: AWSError, elapsed: Double, random: Double) -> Decision {
        guard Self.isRetryable(error) else { return .giveUp(exhausted: false) }
        guard attempt < maxAttempts else { return .giveUp(exhausted: true) }
        // A corrected clock needs no wait.
        let delay = Self.isClockSkew(error) ? 0 : backoff(attempt: attempt, random: random)
        guard elapsed + delay < totalTimeout else { return .giveUp(exhausted: true) }
        return .retry(afterSeconds: delay)
    }

    /// `random * min(maxBackoff, baseDelay * 2^(attempt-1))`.
    package func backoff(attempt: Int, random: Double) -> Double {
        let exponent = Double(1 << min(max(attempt - 1, 0), 30))
        return min(max(random, 0), 1) * min(maxBackoff, baseDelay * exponent)
    }
}
