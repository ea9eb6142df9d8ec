package import AWSCore

/// Query and Scan, following `LastEvaluatedKey` until the last page.
extension DynamoDBClient {
    /// Every item a Query or Scan returned, and how many pages it took.
    package struct Pages: Sendable {
        package var items: [DynamoDBItem] = []
        package var pageCount = 0
    }

    /// `Query` on `keyCondition` (with an optional `filter`), every page.
    ///
    /// - Parameter pageLimit: `Limit` per page (DynamoDB also stops each page at 1 MB).
    package func query(
        table: String, keyCondition: DynamoDBExpression, filter: DynamoDBExpression? = nil, index: String? = nil,
        pageLimit: Int? = nil, consistentRead: Bool? = nil
    ) async throws(AWSError) -> Pages {
        try await pages("Query", table: table, keyCondition: keyCondition, filter: filter, index: index, pageLimit: pageLimit, consistentRead: consistentRead)
    }

    /// `Scan` (with an optional `filter`), every page.
    package func scan(table: String, filter: DynamoDBExpression? = nil, pageLimit: Int? = nil) async throws(AWSError) -> Pages {
        try await pages("Scan", table: table, keyCondition: nil, filter: filter, index: nil, pageLimit: pageLimit, consistentRead: nil)
    }

    private func pages(
        _ operation: String, table: String, keyCondition: DynamoDBExpression?, filter: DynamoDBExpression?, index: String?,
        pageLimit: Int?, consistentRead: Bool?
    ) async throws(AWSError) -> Pages {
        let names = (keyCondition?.names ?? [:]).merging(filter?.names ?? [:]) { a, _ in a }
        let values = (keyCondition?.values ?? [:]).merging(filter?.values ?? [:]) { a, _ in a }
        var result = Pages()
        var startKey: DynamoDBItem?
        repeat {
            let input = DynamoDBDTO.QueryInput(
                TableName: table, IndexName: index, KeyConditionExpression: keyCondition?.expression, FilterExpression: filter?.expression,
                ExpressionAttributeNames: names.nilIfEmpty, ExpressionAttributeValues: values.nilIfEmpty, ExclusiveStartKey: startKey,
                Limit: pageLimit, ConsistentRead: consistentRead)
            let page = try await client.call(operation, input, as: DynamoDBDTO.PageOutput.self)
            result.items += page.Items ?? []
            result.pageCount += 1
            if let next = page.LastEvaluatedKey, next == startKey {
                throw AWSError(.invalidResponse, "\(operation): DynamoDB returned the same LastEvaluatedKey twice")
            }
            startKey = page.LastEvaluatedKey?.nilIfEmpty
        } while startKey != nil
        return result
    }
}
