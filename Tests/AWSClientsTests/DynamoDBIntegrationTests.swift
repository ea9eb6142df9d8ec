import AWSClients
import AWSCore
import AWSTestSupport
import Foundation
import Testing

/// DynamoDB against moto_server: every client operation, typed values, and paging past 1 MiB.
@Suite(.enabled(if: Moto.shouldRun)) struct DynamoDBIntegrationTests {
    static func key(_ pk: String, _ sk: String) -> DynamoDBItem { ["pk": .s(pk), "sk": .s(sk)] }

    static func withTable<R>(_ body: (DynamoDBClient, String) async throws -> R) async throws -> R {
        try await Moto.withContext { context in
            let ddb = try DynamoDBClient(context: context)
            let table = Moto.uniqueName("t")
            try await ddb.createTable(name: table, partitionKey: "pk", sortKey: "sk")
            do {
                let r = try await body(ddb, table)
                try await ddb.deleteTable(name: table)
                return r
            } catch {
                try? await ddb.deleteTable(name: table)
                throw error
            }
        }
    }

    @Test func singleItemOperationsWithConditions() async throws {
        try await Self.withTable { ddb, table in
            let item: DynamoDBItem = Self.key("none", "k1").merging([
                "s": .s("text"), "n": .n("12345678901234567890.5"), "b": .b([0, 1, 255]), "t": .bool(true), "z": .null,
                "m": .m(["inner": .l([.s("a"), .n("1")])]), "ss": .ss(["x", "y"]), "ns": .ns(["1", "2"]), "bs": .bs([[1], [2, 3]]),
            ]) { $1 }
            let absent = DynamoDBExpression("attribute_not_exists(pk)")
            try await ddb.putItem(table: table, item: item, condition: absent)
            let read = try #require(try await ddb.getItem(table: table, key: Self.key("none", "k1")))
            #expect(read["n"] == .n("12345678901234567890.5"))
            #expect(read["b"] == .b([0, 1, 255]))
            #expect(read["m"] == item["m"])
            #expect(Set(read["ss"].flatMap { if case .ss(let v) = $0 { v } else { nil } } ?? []) == ["x", "y"])
            #expect(read["z"] == .null)
            do throws(AWSError) {
                try await ddb.putItem(table: table, item: item, condition: absent)
                Issue.record("conditional put overwrote an item")
            } catch {
                #expect(error.awsCode == "ConditionalCheckFailedException")
            }
            let updated = try await ddb.updateItem(
                table: table, key: Self.key("none", "k1"), update: DynamoDBExpression("SET #a = :f", names: ["#a": "t"], values: [":f": .bool(false)]),
                condition: DynamoDBExpression("attribute_exists(pk)"))
            #expect(updated?["t"] == .bool(false))
            await #expect(throws: AWSError(.service, "")) {
                try await ddb.deleteItem(table: table, key: Self.key("none", "k1"), condition: DynamoDBExpression("t = :v", values: [":v": .bool(true)]))
            }
            try await ddb.deleteItem(table: table, key: Self.key("none", "k1"), condition: DynamoDBExpression("t = :v", values: [":v": .bool(false)]))
            #expect(try await ddb.getItem(table: table, key: Self.key("none", "k1")) == nil)
        }
    }

    @Test func transactionsAreAllOrNothing() async throws {
        try await Self.withTable { ddb, table in
            try await ddb.putItem(table: table, item: Self.key("none", "a").merging(["v": .s("1")]) { $1 })
            // Move a → signer partition in one transaction.
            try await ddb.transactWrite([
                .delete(table: table, key: Self.key("none", "a"), condition: DynamoDBExpression("attribute_exists(pk)")),
                .put(table: table, item: Self.key("s1", "a").merging(["v": .s("1")]) { $1 }, condition: DynamoDBExpression("attribute_not_exists(pk)")),
            ])
            #expect(try await ddb.getItem(table: table, key: Self.key("none", "a")) == nil)
            #expect(try await ddb.getItem(table: table, key: Self.key("s1", "a"))?["v"] == .s("1"))
            // A failing condition cancels every write.
            do throws(AWSError) {
                try await ddb.transactWrite([
                    .put(table: table, item: Self.key("none", "b")),
                    .conditionCheck(table: table, key: Self.key("s1", "a"), condition: DynamoDBExpression("v = :x", values: [":x": .s("2")])),
                ])
                Issue.record("a transaction with a failed condition went through")
            } catch {
                #expect(error.awsCode == "TransactionCanceledException")
            }
            #expect(try await ddb.getItem(table: table, key: Self.key("none", "b")) == nil)
            try await ddb.transactWrite([
                .update(table: table, key: Self.key("s1", "a"), update: DynamoDBExpression("SET v = :n", values: [":n": .s("3")]))
            ])
            #expect(try await ddb.getItem(table: table, key: Self.key("s1", "a"))?["v"] == .s("3"))
        }
    }

    /// 700 items of about 2 KiB (≈ 1.4 MiB): Query and Scan must follow LastEvaluatedKey.
    @Test func queryAndScanFollowEveryPageOfAMoreThanOneMiBTable() async throws {
        try await Self.withTable { ddb, table in
            let filler = String(repeating: "x", count: 2048)
            let writes = (0..<700).map { i in
                DynamoDBClient.Write.put(table: table, item: Self.key("signer", String(format: "%05d", i)).merging(["f": .s(filler), "i": .n("\(i)")]) { $1 })
            }
            try await ddb.batchWrite(writes)
            try await ddb.putItem(table: table, item: Self.key("other", "x"))
            let query = try await ddb.query(table: table, keyCondition: DynamoDBExpression("pk = :p", values: [":p": .s("signer")]))
            #expect(query.items.count == 700)
            #expect(query.pageCount >= 2)
            #expect(Set(query.items.compactMap { $0["sk"]?.string }).count == 700)
            let scan = try await ddb.scan(table: table)
            #expect(scan.items.count == 701)
            #expect(scan.pageCount >= 2)
            let filtered = try await ddb.query(
                table: table, keyCondition: DynamoDBExpression("pk = :p", values: [":p": .s("signer")]),
                filter: DynamoDBExpression("i < :k", values: [":k": .n("10")]), pageLimit: 100)
            #expect(filtered.items.count == 10)
            #expect(filtered.pageCount >= 7)
        }
    }
}
