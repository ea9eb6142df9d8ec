/// DynamoDB request and response bodies as the DynamoDB API names them (wire DTOs, no logic).
///
/// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/
enum DynamoDBDTO {
    struct GetItemInput: Encodable {
        let TableName: String
        let Key: DynamoDBItem
        let ConsistentRead: Bool?
    }
    struct GetItemOutput: Decodable {
        let Item: DynamoDBItem?
    }
    struct PutItemInput: Encodable {
        let TableName: String
        let Item: DynamoDBItem
        let ConditionExpression: String?
        let ExpressionAttributeNames: [String: String]?
        let ExpressionAttributeValues: DynamoDBItem?
    }
    struct UpdateItemInput: Encodable {
        let TableName: String
        let Key: DynamoDBItem
        let UpdateExpression: String
        let ConditionExpression: String?
        let ExpressionAttributeNames: [String: String]?
        let ExpressionAttributeValues: DynamoDBItem?
        let ReturnValues: String?
    }
    struct AttributesOutput: Decodable {
        let Attributes: DynamoDBItem?
    }
    struct DeleteItemInput: Encodable {
        let TableName: String
        let Key: DynamoDBItem
        let ConditionExpression: String?
        let ExpressionAttributeNames: [String: String]?
        let ExpressionAttributeValues: DynamoDBItem?
    }
    struct QueryInput: Encodable {
        let TableName: String
        let IndexName: String?
        let KeyConditionExpression: String?
        let FilterExpression: String?
        let ExpressionAttributeNames: [String: String]?
        let ExpressionAttributeValues: DynamoDBItem?
        let ExclusiveStartKey: DynamoDBItem?
        let Limit: Int?
        let ConsistentRead: Bool?
    }
    struct PageOutput: Decodable {
        let Items: [DynamoDBItem]?
        let LastEvaluatedKey: DynamoDBItem?
    }
    struct WriteRequest: Codable {
        struct Put: Codable { let Item: DynamoDBItem }
        struct Delete: Codable { let Key: DynamoDBItem }
        let PutRequest: Put?
        let DeleteRequest: Delete?
    }
    struct BatchWriteInput: Encodable {
        let RequestItems: [String: [WriteRequest]]
    }
    struct BatchWriteOutput: Decodable {
        let UnprocessedItems: [String: [WriteRequest]]?
    }
    struct TransactPut: Encodable {
        let TableName: String
        let Item: DynamoDBItem
        let ConditionExpression: String?
        let ExpressionAttributeNames: [String: String]?
        let ExpressionAttributeValues: DynamoDBItem?
    }
    struct TransactKeyed: Encodable {
        let TableName: String
        let Key: DynamoDBItem
        let ConditionExpression: String?
        let UpdateExpression: String?
        let ExpressionAttributeNames: [String: String]?
        let ExpressionAttributeValues: DynamoDBItem?
    }
    struct TransactItem: Encodable {
        let Put: TransactPut?
        let Delete: TransactKeyed?
        let Update: TransactKeyed?
        let ConditionCheck: TransactKeyed?
    }
    struct TransactWriteInput: Encodable {
        let TransactItems: [TransactItem]
        let ClientRequestToken: String?
    }
    struct KeySchemaElement: Encodable {
        let AttributeName: String
        let KeyType: String
    }
    struct AttributeDefinition: Encodable {
        let AttributeName: String
        let AttributeType: String
    }
    struct CreateTableInput: Encodable {
        let TableName: String
        let KeySchema: [KeySchemaElement]
        let AttributeDefinitions: [AttributeDefinition]
        let BillingMode: String
    }
    struct TableNameInput: Encodable {
        let TableName: String
    }
    struct Empty: Codable {}
}
