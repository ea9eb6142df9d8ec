package import AWSCore

/// Amazon DynamoDB: single-item reads and writes with conditions, and table setup.
///
/// Query and Scan (every page), BatchWriteItem (retrying unprocessed items) and
/// TransactWriteItems are in `DynamoDBClient+Pages.swift` and `DynamoDBClient+Batch.swift`.
package struct DynamoDBClient: Sendable {
    let client: AWSJSONClient

    package init(context: AWSContext) throws(AWSError) {
        client = try AWSJSONClient(context: context, service: .dynamoDB, targetPrefix: "DynamoDB_20120810", jsonVersion: "1.0")
    }

    /// `GetItem`: the item with `key`, or `nil`.
    package func getItem(table: String, key: DynamoDBItem, consistentRead: Bool = true) async throws(AWSError) -> DynamoDBItem? {
        try await client.call(
            "GetItem", DynamoDBDTO.GetItemInput(TableName: table, Key: key, ConsistentRead: consistentRead), as: DynamoDBDTO.GetItemOutput.self
        ).Item
    }

    /// `PutItem`, optionally only if `condition` holds (else `ConditionalCheckFailedException`).
    package func putItem(table: String, item: DynamoDBItem, condition: DynamoDBExpression? = nil) async throws(AWSError) {
        let input = DynamoDBDTO.PutItemInput(
            TableName: table, Item: item, ConditionExpression: condition?.expression, ExpressionAttributeNames: condition?.names.nilIfEmpty,
            ExpressionAttributeValues: condition?.values.nilIfEmpty)
        _ = try await client.call("PutItem", input, as: DynamoDBDTO.Empty.self)
    }

    /// `UpdateItem`: applies `update` (its placeholders merged with `condition`'s) and returns the
    /// new item (`ReturnValues=ALL_NEW`).
    package func updateItem(
        table: String, key: DynamoDBItem, update: DynamoDBExpression, condition: DynamoDBExpression? = nil
    ) async throws(AWSError) -> DynamoDBItem? {
        let names = update.names.merging(condition?.names ?? [:]) { a, _ in a }
        let values = update.values.merging(condition?.values ?? [:]) { a, _ in a }
        let input = DynamoDBDTO.UpdateItemInput(
            TableName: table, Key: key, UpdateExpression: update.expression, ConditionExpression: condition?.expression,
            ExpressionAttributeNames: names.nilIfEmpty, ExpressionAttributeValues: values.nilIfEmpty, ReturnValues: "ALL_NEW")
        return try await client.call("UpdateItem", input, as: DynamoDBDTO.AttributesOutput.self).Attributes
    }

    /// `DeleteItem`, optionally only if `condition` holds.
    package func deleteItem(table: String, key: DynamoDBItem, condition: DynamoDBExpression? = nil) async throws(AWSError) {
        let input = DynamoDBDTO.DeleteItemInput(
            TableName: table, Key: key, ConditionExpression: condition?.expression, ExpressionAttributeNames: condition?.names.nilIfEmpty,
            ExpressionAttributeValues: condition?.values.nilIfEmpty)
        _ = try await client.call("DeleteItem", input, as: DynamoDBDTO.Empty.self)
    }

    /// `CreateTable` (on-demand) with a partition key (type `S` unless `partitionKeyType` says `N`
    /// or `B`) and optional string sort key.
    package func createTable(name: String, partitionKey: String, partitionKeyType: String = "S", sortKey: String?) async throws(AWSError) {
        var schema = [DynamoDBDTO.KeySchemaElement(AttributeName: partitionKey, KeyType: "HASH")]
        var definitions = [DynamoDBDTO.AttributeDefinition(AttributeName: partitionKey, AttributeType: partitionKeyType)]
        if let sortKey {
            schema.append(.init(AttributeName: sortKey, KeyType: "RANGE"))
            definitions.append(.init(AttributeName: sortKey, AttributeType: "S"))
        }
        let input = DynamoDBDTO.CreateTableInput(TableName: name, KeySchema: schema, AttributeDefinitions: definitions, BillingMode: "PAY_PER_REQUEST")
        _ = try await client.call("CreateTable", input, as: DynamoDBDTO.Empty.self)
    }

    /// `DeleteTable`.
    package func deleteTable(name: String) async throws(AWSError) {
        _ = try await client.call("DeleteTable", DynamoDBDTO.TableNameInput(TableName: name), as: DynamoDBDTO.Empty.self)
    }
}

extension Dictionary {
    /// `nil` for an empty dictionary, so that optional request fields are left out.
    var nilIfEmpty: Self? { isEmpty ? nil : self }
}
