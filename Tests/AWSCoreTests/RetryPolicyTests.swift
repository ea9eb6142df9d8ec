import Testing

@testable import AWSCore

/// The pure retry rules: classification, full-jitter back-off and both bounds.
@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 4, baseDelay: 0.1, maxBackoff: 1, totalTimeout: 5)

    static func service(_ code: String?, _ status: Int, _ reason: String = "x") -> AWSError {
        AWSError(.service, reason, awsCode: code, httpStatus: status)
    }

    @Test(arguments: [
        (service("ThrottlingException", 400), true),
        (service("ProvisionedThroughputExceededException", 400), true),
        (service(nil, 503), true),
        (service(nil, 500), true),
        (service(nil, 429), true),
        (service("InternalFailure", 500), true),
        (service("ConditionalCheckFailedException", 400), false),
        (service("ValidationException", 400), false),
        (service("AccessDeniedException", 400), false),
        (service("InvalidSignatureException", 400, "The request signature we calculated does not match"), false),
        (service("InvalidSignatureException", 400, "Signature expired: 20150830T123600Z is now earlier than ..."), true),
        (service("RequestTimeTooSkewed", 403), true),
        (AWSError(.transport, "connection reset"), true),
        (AWSError(.timeout, "attempt timed out"), true),
        (AWSError(.invalidRequest, "bad"), false),
        (AWSError(.invalidResponse, "bad"), false),
    ])
    func classifies(_ error: AWSError, _ retryable: Bool) {
        #expect(RetryPolicy.isRetryable(error) == retryable)
    }

    @Test func backoffIsFullJitterExponentialAndCapped() {
        #expect(policy.backoff(attempt: 1, random: 1) == 0.1)
        #expect(policy.backoff(attempt: 2, random: 1) == 0.2)
        #expect(policy.backoff(attempt: 3, random: 0.5) == 0.2)
        #expect(policy.backoff(attempt: 10, random: 1) == 1)
        #expect(policy.backoff(attempt: 64, random: 0.25) == 0.25)
        #expect(policy.backoff(attempt: 2, random: 0) == 0)
    }

    @Test func boundsAttemptsAndTotalTime() {
        let throttled = Self.service("ThrottlingException", 400)
        #expect(policy.decide(attempt: 1, error: throttled, elapsed: 0, random: 0.5) == .retry(afterSeconds: 0.05))
        #expect(policy.decide(attempt: 3, error: throttled, elapsed: 0, random: 1) == .retry(afterSeconds: 0.4))
        #expect(policy.decide(attempt: 4, error: throttled, elapsed: 0, random: 0.5) == .giveUp(exhausted: true))
        #expect(policy.decide(attempt: 2, error: throttled, elapsed: 4.95, random: 1) == .giveUp(exhausted: true))
        #expect(policy.decide(attempt: 1, error: Self.service("ValidationException", 400), elapsed: 0, random: 0) == .giveUp(exhausted: false))
    }

    @Test func clockSkewRetriesAtOnce() {
        let skew = Self.service("RequestTimeTooSkewed", 403)
        #expect(policy.decide(attempt: 1, error: skew, elapsed: 0, random: 0.9) == .retry(afterSeconds: 0))
    }

    @Test func parsesHTTPDates() {
        #expect(HTTPDate.parse("Sun, 30 Aug 2015 12:36:00 GMT") == 1_440_938_160)
        #expect(HTTPDate.parse("Sun, 30 Foo 2015 12:36:00 GMT") == nil)
        #expect(HTTPDate.parse("") == nil)
    }
}
