package import AWSCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// BatchWriteItem with unprocessed-item retries, and TransactWriteItems.
extension DynamoDBClient {
    /// One write of a batch or a transaction.
    package enum Write: Sendable {
        case put(table: String, item: DynamoDBItem, condition: DynamoDBExpression? = nil)
        case delete(table: String, key: DynamoDBItem, condition: DynamoDBExpression? = nil)
        case update(table: String, key: DynamoDBItem, update: DynamoDBExpression, condition: DynamoDBExpression? = nil)
        case conditionCheck(table: String, key: DynamoDBItem, condition: DynamoDBExpression)
    }

    /// `BatchWriteItem` in chunks of 25, sending `UnprocessedItems` again with back-off until none
    /// are left or the retry policy's attempts run out. Not atomic: use ``transactWrite(_:clientRequestToken:)``
    /// when all-or-nothing matters. Only unconditional puts and deletes are allowed.
    ///
    /// - Throws: ``AWSError/Code/invalidRequest`` for a conditional or update write;
    ///   ``AWSError/Code/retriesExhausted`` naming how many items stayed unprocessed.
    package func batchWrite(_ writes: [Write]) async throws(AWSError) {
        var requests: [(String, DynamoDBDTO.WriteRequest)] = []
        for write in writes {
            switch write {
            case .put(let table, let item, nil): requests.append((table, .init(PutRequest: .init(Item: item), DeleteRequest: nil)))
            case .delete(let table, let key, nil): requests.append((table, .init(PutRequest: nil, DeleteRequest: .init(Key: key))))
            default: throw AWSError(.invalidRequest, "BatchWriteItem takes only unconditional puts and deletes")
            }
        }
        let policy = client.context.retryPolicy
        var start = 0
        while start < requests.count {
            let chunk = requests[start..<min(start + 25, requests.count)]
            start += chunk.count
            var pending = Dictionary(grouping: chunk, by: \.0).mapValues { $0.map(\.1) }
            var attempt = 0
            while !pending.isEmpty {
                attempt += 1
                let output = try await client.call("BatchWriteItem", DynamoDBDTO.BatchWriteInput(RequestItems: pending), as: DynamoDBDTO.BatchWriteOutput.self)
                pending = (output.UnprocessedItems ?? [:]).filter { !$0.value.isEmpty }
                if pending.isEmpty { break }
                guard attempt < policy.maxAttempts else {
                    let left = pending.values.map(\.count).reduce(0, +)
                    throw AWSError(.retriesExhausted, "BatchWriteItem: \(left) item(s) still unprocessed after \(attempt) attempts")
                }
                do {
                    try await client.context.clock.sleep(seconds: policy.backoff(attempt: attempt, random: client.context.random()))
                } catch {
                    throw AWSError(.timeout, "BatchWriteItem: cancelled while waiting to retry")
                }
            }
        }
    }

    /// `TransactWriteItems`: all of `writes` (at most 100) or none.
    ///
    /// A `ClientRequestToken` makes retries of the same call idempotent (DynamoDB remembers it for
    /// ten minutes), so a retry after a dropped connection cannot apply the transaction twice.
    /// - Throws: ``AWSError`` with `awsCode` `TransactionCanceledException` when a condition fails.
    package func transactWrite(_ writes: [Write], clientRequestToken: String? = nil) async throws(AWSError) {
        let clientRequestToken = clientRequestToken ?? UUID().uuidString
        guard !writes.isEmpty else { return }
        guard writes.count <= 100 else { throw AWSError(.invalidRequest, "TransactWriteItems takes at most 100 writes, got \(writes.count)") }
        let items = writes.map { write -> DynamoDBDTO.TransactItem in
            switch write {
            case .put(let table, let item, let c):
                return .init(
                    Put: .init(TableName: table, Item: item, ConditionExpression: c?.expression, ExpressionAttributeNames: c?.names.nilIfEmpty,
                        ExpressionAttributeValues: c?.values.nilIfEmpty), Delete: nil, Update: nil, ConditionCheck: nil)
            case .delete(let table, let key, let c):
                return .init(Put: nil, Delete: Self.keyed(table, key, c, nil), Update: nil, ConditionCheck: nil)
            case .update(let table, let key, let u, let c):
                return .init(Put: nil, Delete: nil, Update: Self.keyed(table, key, c, u), ConditionCheck: nil)
            case .conditionCheck(let table, let key, let c):
                return .init(Put: nil, Delete: nil, Update: nil, ConditionCheck: Self.keyed(table, key, c, nil))
            }
        }
        _ = try await client.call(
            "TransactWriteItems", DynamoDBDTO.TransactWriteInput(TransactItems: items, ClientRequestToken: clientRequestToken),
            as: DynamoDBDTO.Empty.self)
    }

    private static func keyed(_ table: String, _ key: DynamoDBItem, _ c: DynamoDBExpression?, _ u: DynamoDBExpression?) -> DynamoDBDTO.TransactKeyed {
        let names = (u?.names ?? [:]).merging(c?.names ?? [:]) { a, _ in a }
        let values = (u?.values ?? [:]).merging(c?.values ?? [:]) { a, _ in a }
        return .init(
            TableName: table, Key: key, ConditionExpression: c?.expression, UpdateExpression: u?.expression,
            ExpressionAttributeNames: names.nilIfEmpty, ExpressionAttributeValues: values.nilIfEmpty)
    }
}
