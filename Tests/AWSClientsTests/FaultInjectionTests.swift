import AWSClients
import AWSCore
import AWSTestSupport
import Foundation
import Testing

/// The retry loop through ``FaultProxy`` in front of moto_server: retried then successful, or a
/// clear error after the bound; clock skew corrected; secrets kept out of errors.
@Suite(.enabled(if: Moto.shouldRun)) struct FaultInjectionTests {
    static let fast = RetryPolicy(maxAttempts: 4, baseDelay: 0.02, maxBackoff: 0.1, totalTimeout: 30, attemptTimeout: 1.5)

    /// The faults were applied in order, then requests passed (under load a passing request may
    /// itself time out once and be sent again, so more than one pass is allowed).
    static func appliedInOrder(_ proxy: FaultProxy, _ faults: [FaultProxy.Fault]) -> Bool {
        let applied = proxy.applied
        return applied.count > faults.count && Array(applied.prefix(faults.count)) == faults
            && applied.dropFirst(faults.count).allSatisfy { $0 == .pass }
    }

    /// Runs `body` with a DynamoDB client whose requests pass through a fault proxy, and a direct
    /// client for checking what reached the table.
    static func withProxiedTable(
        policy: RetryPolicy = fast, clock: any AWSClock = SystemAWSClock(), variables: [String: String] = [:],
        _ body: (FaultProxy, DynamoDBClient, DynamoDBClient, String) async throws -> Void
    ) async throws {
        let upstream = try #require(Moto.url, "ETHERKEEP_MOTO_URL is not set")
        try await FaultProxy.withProxy(upstream: upstream) { proxy, proxyURL in
            try await Moto.withContext { direct in
                let directDB = try DynamoDBClient(context: direct)
                let table = Moto.uniqueName("faults")
                try await directDB.createTable(name: table, partitionKey: "pk", sortKey: "sk")
                try await Moto.withContext(endpoint: proxyURL, variables: variables, retryPolicy: policy, clock: clock) { proxied in
                    try await body(proxy, try DynamoDBClient(context: proxied), directDB, table)
                }
                try await directDB.deleteTable(name: table)
            }
        }
    }

    static let key: DynamoDBItem = ["pk": .s("none"), "sk": .s("k")]

    @Test(arguments: [
        [FaultProxy.Fault.throttle, .throttle],
        [.serverError, .unavailable],
        [.drop],
        [.slow(seconds: 3)],
        [.drop, .throttle, .serverError],
    ])
    func retriedThenSuccessful(_ faults: [FaultProxy.Fault]) async throws {
        try await Self.withProxiedTable { proxy, ddb, direct, table in
            proxy.script(faults)
            try await ddb.putItem(table: table, item: Self.key.merging(["v": .s("ok")]) { $1 })
            #expect(Self.appliedInOrder(proxy, faults), "\(proxy.applied)")
            #expect(try await direct.getItem(table: table, key: Self.key)?["v"] == .s("ok"))
        }
    }

    @Test func clearErrorAfterTheBound() async throws {
        try await Self.withProxiedTable { proxy, ddb, direct, table in
            proxy.script(Array(repeating: .throttle, count: 10))
            do throws(AWSError) {
                try await ddb.putItem(table: table, item: Self.key)
                Issue.record("succeeded through permanent throttling")
            } catch {
                #expect(error.code == .retriesExhausted)
                #expect(error.awsCode == "ThrottlingException")
                #expect(error.reason.hasPrefix("PutItem failed after 4 attempt(s)"))
                #expect(error.requestID == "fault-proxy")
            }
            #expect(proxy.applied.count == 4)
            let row = try await direct.getItem(table: table, key: Self.key)
            #expect(row == nil)
        }
    }

    @Test func overallTimeoutBoundsSlowResponses() async throws {
        let policy = RetryPolicy(maxAttempts: 10, baseDelay: 0.01, maxBackoff: 0.05, totalTimeout: 1.2, attemptTimeout: 0.4)
        try await Self.withProxiedTable(policy: policy) { proxy, ddb, _, table in
            proxy.script(Array(repeating: .slow(seconds: 2), count: 10))
            let start = Date()
            await #expect(throws: AWSError(.retriesExhausted, "")) { try await ddb.getItem(table: table, key: Self.key) }
            #expect(Date().timeIntervalSince(start) < 3)
            #expect(proxy.applied.count <= 4)
        }
    }

    @Test func failedTransactionLeavesNoRow() async throws {
        try await Self.withProxiedTable { proxy, ddb, direct, table in
            proxy.script(Array(repeating: .serverError, count: 10))
            let writes = (0..<5).map { i in DynamoDBClient.Write.put(table: table, item: ["pk": .s("none"), "sk": .s("k\(i)")]) }
            await #expect(throws: AWSError(.retriesExhausted, "")) { try await ddb.transactWrite(writes) }
            let rows = try await direct.scan(table: table).items
            #expect(rows.isEmpty)
        }
    }

    @Test func unprocessedBatchItemsAreSentAgain() async throws {
        try await Self.withProxiedTable { proxy, ddb, direct, table in
            proxy.script([.partialBatch, .partialBatch])
            let writes = (0..<6).map { i in DynamoDBClient.Write.put(table: table, item: ["pk": .s("none"), "sk": .s("k\(i)")]) }
            try await ddb.batchWrite(writes)
            #expect(Self.appliedInOrder(proxy, [.partialBatch, .partialBatch]), "\(proxy.applied)")
            #expect(try await direct.scan(table: table).items.count == 6)
        }
    }

    /// The client's clock is an hour fast; the proxy rejects it as AWS would, with its `Date`.
    @Test func clockSkewIsCorrected() async throws {
        try await Self.withProxiedTable(clock: OffsetClock(offset: 3600)) { proxy, ddb, _, table in
            proxy.rejectSkew(beyond: 300)
            _ = try await ddb.getItem(table: table, key: Self.key)
            #expect(proxy.skewRejections == 1)
            _ = try await ddb.getItem(table: table, key: Self.key)
            #expect(proxy.skewRejections == 1, "the learnt skew is kept for later requests")
        }
    }

    @Test func credentialsNeverAppearInErrors() async throws {
        let secret = "SECRETvalue/With+Chars0123456789abcdefXY"
        let token = "TOKENvalue//////////AQoDYXdzEJr1K7q"
        try await Self.withProxiedTable(variables: ["AWS_ACCESS_KEY_ID": "AKIATESTONLY", "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": token]) {
            proxy, ddb, _, table in
            proxy.script([.error(code: "UnrecognizedClientException", message: "The security token \(token) signed with \(secret) is invalid")])
            do throws(AWSError) {
                _ = try await ddb.getItem(table: table, key: Self.key)
                Issue.record("an invalid token was accepted")
            } catch {
                let texts = ["\(error)", String(reflecting: error), error.reason]
                for text in texts {
                    #expect(!text.contains(secret))
                    #expect(!text.contains(token))
                }
                #expect(error.reason.contains("<redacted>"))
                #expect(error.awsCode == "UnrecognizedClientException")
            }
        }
    }
}

/// The wall clock shifted by `offset` seconds.
struct OffsetClock: AWSClock {
    let offset: Double
    func now() -> Double { Date().timeIntervalSince1970 + offset }
    func sleep(seconds: Double) async throws { try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9)) }
}
