import AWSClients
import AWSTestSupport
import EthereumCore
import EthereumTransactions
import Foundation
import KMSAccount
import Logging
import NIOHTTP1
import Secp256k1
import Signer
import Synchronization
import TestSupport
import Testing

/// `etherkeep signer eth1` (Web3Signer's eth1 mode) over HTTP: JSON-RPC signing against
/// eth-account, refusals with the right JSON-RPC errors and nothing forwarded, and KMS accounts.
@Suite(.serialized) struct Eth1Tests {
    /// An eth1 signer served in-process on a free port.
    final class RunningEth1: @unchecked Sendable {
        let port: Int
        private let task: Task<Void, any Error>
        var url: String { "http://127.0.0.1:\(port)" }

        init(accounts: [Eth1Account], chainID: UInt64 = 1337, downstream: String? = nil) async throws {
            let rpc = Eth1RPC(accounts: Eth1Accounts(accounts), chainID: chainID, downstreamURL: downstream)
            let server = Eth1Server(rpc: rpc, port: 0, logger: RunningSigner.quietLogger)
            let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
            task = Task { try await server.run(onListening: { continuation.yield($0) }) }
            var iterator = stream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw SignerTestFailure("the eth1 signer did not start") }
            self.port = port
        }

        func stop() async {
            task.cancel()
            _ = await task.result
        }

        /// One JSON-RPC call; the decoded response object.
        func call(_ method: String, _ params: [Any]) async throws -> [String: Any] {
            try Eth1Tests.object(try await HTTP.post(url + "/", body: jsonBytes(["jsonrpc": "2.0", "id": 7, "method": method, "params": params])))
        }
    }

    static func object(_ result: HTTPResult) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(result.body.utf8)) as? [String: Any] else {
            throw SignerTestFailure("not a JSON object: \(result.body)")
        }
        return object
    }

    static func errorCode(_ response: [String: Any]) -> Int? { (response["error"] as? [String: Any])?["code"] as? Int }

    /// A random EIP-712 document: a mail between two people, with random names, wallets, numbers,
    /// a bytes32 and a nested struct, under a random domain.
    static func typedData<G: RandomNumberGenerator>(_ rng: inout G) -> [String: Any] {
        func hex(_ count: Int) -> String { Hex.encode((0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }) }
        func text() -> String { String((0..<Int.random(in: 0...40, using: &rng)).map { _ in "abcdefghij KLMNOP-é✓".randomElement(using: &rng) ?? "a" }) }
        func person() -> [String: Any] { ["name": text(), "wallet": hex(20), "age": String(UInt64.random(in: 0...UInt64.max, using: &rng))] }
        return [
            "types": [
                "EIP712Domain": [["name": "name", "type": "string"], ["name": "version", "type": "string"],
                                 ["name": "chainId", "type": "uint256"], ["name": "verifyingContract", "type": "address"]],
                "Person": [["name": "name", "type": "string"], ["name": "wallet", "type": "address"], ["name": "age", "type": "uint64"]],
                "Mail": [["name": "from", "type": "Person"], ["name": "to", "type": "Person"], ["name": "contents", "type": "string"],
                         ["name": "tag", "type": "bytes32"], ["name": "amount", "type": "int256"], ["name": "urgent", "type": "bool"]],
            ],
            "primaryType": "Mail",
            "domain": ["name": text(), "version": "1", "chainId": Int.random(in: 1...100_000, using: &rng), "verifyingContract": hex(20)],
            "message": [
                "from": person(), "to": person(), "contents": text(), "tag": hex(32),
                "amount": String(Int64.random(in: Int64.min...Int64.max, using: &rng)), "urgent": Bool.random(using: &rng),
            ],
        ]
    }

    struct Reference: Codable {
        let messages: [String]
        let typed: [String]
    }

    @Test func ethSignAndTypedDataAgreeWithEthAccountOn200Inputs() async throws {
        let key = PrivateKey.generate()
        let signer = try await RunningEth1(accounts: [Eth1Account(key: key)])
        let address = "\(key.publicKey.address)"
        var rng = SystemRandomNumberGenerator()
        let messages = (0..<200).map { _ in Hex.encode((0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }) }
        let typed = (0..<200).map { _ in Self.typedData(&rng) }

        // eth_sign in two batches of 100 requests; eth_signTypedData_v4 one by one (the document as
        // JSON text in half of them, as an object in the other half).
        var ours: [String] = []
        for chunk in [Array(messages.prefix(100)), Array(messages.dropFirst(100))] {
            let batch = chunk.enumerated().map { ["jsonrpc": "2.0", "id": $0.offset, "method": "eth_sign", "params": [address, $0.element]] as [String: Any] }
            let answer = try JSONSerialization.jsonObject(with: Data(try await HTTP.post(signer.url + "/", body: jsonBytes(batch)).body.utf8)) as? [[String: Any]] ?? []
            ours += answer.sorted { ($0["id"] as? Int ?? 0) < ($1["id"] as? Int ?? 0) }.map { $0["result"] as? String ?? "missing: \($0)" }
        }
        var oursTyped: [String] = []
        for (index, document) in typed.enumerated() {
            let parameter: Any = index % 2 == 0 ? String(decoding: jsonBytes(document), as: UTF8.self) : document
            let response = try await signer.call("eth_signTypedData_v4", [address, parameter])
            oursTyped.append(response["result"] as? String ?? "missing: \(response)")
        }
        struct Request: Encodable { let key: String; let messages: [String]; let typed: [JSONValue] }
        let documents = try typed.map { try JSONDecoder().decode(JSONValue.self, from: Data(jsonBytes($0))) }
        let reference = try PythonReference.run(
            "eth1_reference.py", Request(key: key.withUnsafeSecretBytes { Hex.encode($0) }, messages: messages, typed: documents), as: Reference.self)
        let normalized = { (text: String) in text.hasPrefix("0x") ? text : "0x" + text }
        #expect(ours.count == 200 && oursTyped.count == 200 && reference.messages.count == 200 && reference.typed.count == 200)
        #expect(ours.allSatisfy { $0.count == 132 } && oursTyped.allSatisfy { $0.count == 132 })
        #expect(zip(ours, reference.messages).filter { $0 != normalized($1) }.isEmpty, "eth_sign differs from eth-account")
        #expect(zip(oursTyped, reference.typed).filter { $0 != normalized($1) }.isEmpty, "eth_signTypedData_v4 differs from eth-account")

        // The same through Web3Signer's eth1 sign path, by public key.
        let publicKeys = try JSONSerialization.jsonObject(with: Data(try await HTTP.get(signer.url + "/api/v1/eth1/publicKeys").body.utf8)) as? [String]
        #expect(publicKeys == [Hex.encode(key.publicKey.xy)])
        let direct = try await HTTP.post(signer.url + "/api/v1/eth1/sign/\(Hex.encode(key.publicKey.xy))", body: jsonBytes(["data": messages[0]]))
        #expect(direct.status == 200 && direct.body == ours[0], "\(direct.body)")
        await signer.stop()
    }

    /// A path that exists answers another method with 405 naming the allowed ones (as Web3Signer);
    /// a path that does not exist is 404.
    @Test func wrongMethodsAre405AndUnknownPaths404() async throws {
        let eth1 = try await RunningEth1(accounts: [Eth1Account(key: PrivateKey.generate())])
        for (method, path, allowed) in [(HTTPMethod.PUT, "/", "POST"), (.GET, "/", "POST"), (.OPTIONS, "/upcheck", "GET"), (.DELETE, "/api/v1/eth1/sign/0x01", "POST"), (.POST, "/upcheck", "GET")] {
            let answer = try await HTTP.send(method, eth1.url + path)
            #expect(answer.status == 405 && answer.body.contains("\(allowed) only"), "\(method) \(path): \(answer.status) \(answer.body)")
        }
        #expect(try await HTTP.send(.PUT, eth1.url + "/nowhere").status == 404)
        await eth1.stop()

        let vault = try await TestVault(keys: 1)
        defer { vault.remove() }
        let eth2 = try await RunningSigner.start(keys: try await vault.loadKeys(), store: try vault.store())
        for (method, path, allowed) in [
            (HTTPMethod.PUT, "/api/v1/eth2/sign/\(vault.pubkeys[0])", "POST"), (.GET, "/api/v1/eth2/sign/\(vault.pubkeys[0])", "POST"),
            (.POST, "/api/v1/eth2/publicKeys", "GET"), (.DELETE, "/reload", "GET, POST"), (.PUT, "/healthcheck", "GET"),
        ] {
            let answer = try await HTTP.send(method, eth2.baseURL + path)
            #expect(answer.status == 405 && answer.body.contains("\(allowed) only"), "\(method) \(path): \(answer.status) \(answer.body)")
        }
        #expect(try await HTTP.send(.GET, eth2.baseURL + "/api/v1/eth2/nowhere").status == 404)
        await eth2.stop()
    }

    @Test func badRequestsGetTheirJSONRPCErrorAndNothingIsForwarded() async throws {
        let key = PrivateKey.generate()
        let address = "\(key.publicKey.address)"
        let forwarded = Mutex<[String]>([])
        try await LocalHTTPServer.serve({ request in
            let body = String(decoding: request.body, as: UTF8.self)
            forwarded.withLock { $0.append(body) }
            return (200, #"{"jsonrpc":"2.0","id":7,"result":"0x10"}"#)
        }) { node in
            let signer = try await RunningEth1(accounts: [Eth1Account(key: key)], chainID: 1337, downstream: node)
            let transaction: [String: Any] = ["from": address, "to": address, "nonce": "0x0", "gas": "0x5208", "gasPrice": "0x1", "value": "0x1"]
            var other = transaction
            other["chainId"] = "0x1"
            var stranger = transaction
            stranger["from"] = "0x" + String(repeating: "ab", count: 20)
            var badHex = transaction
            badHex["data"] = "0xzz"
            let cases: [(body: [UInt8], code: Int)] = [
                (Array("{not json".utf8), -32700),
                (jsonBytes(["jsonrpc": "2.0", "id": 1]), -32600),
                (jsonBytes(["jsonrpc": "1.0", "id": 1, "method": "eth_accounts"]), -32600),
                (jsonBytes([Any]()), -32600),
                (jsonBytes(Array(repeating: ["jsonrpc": "2.0", "id": 1, "method": "eth_chainId"] as [String: Any], count: 101)), -32600),
                (jsonBytes(["jsonrpc": "2.0", "id": 1, "method": "eth_sendTransaction", "params": [other]]), -32602),
                (jsonBytes(["jsonrpc": "2.0", "id": 1, "method": "eth_signTransaction", "params": [other]]), -32602),
                (jsonBytes(["jsonrpc": "2.0", "id": 1, "method": "eth_sendTransaction", "params": [stranger]]), -32602),
                (jsonBytes(["jsonrpc": "2.0", "id": 1, "method": "eth_sign", "params": ["0x" + String(repeating: "ab", count: 20), "0x00"]]), -32602),
                (jsonBytes(["jsonrpc": "2.0", "id": 1, "method": "eth_sign", "params": [address, "0xzz"]]), -32602),
                (jsonBytes(["jsonrpc": "2.0", "id": 1, "method": "eth_sendTransaction", "params": [badHex]]), -32602),
                (jsonBytes(["jsonrpc": "2.0", "id": 1, "method": "eth_signTypedData_v4", "params": [address, "{}"]]), -32602),
                (jsonBytes(["jsonrpc": "2.0", "id": 1, "method": "eth_sign", "params": "not an array"]), -32602),
                (Array("1".utf8), -32600),
                // Read by the parser's rules, not rounded through a Double.
                (jsonBytes(["jsonrpc": "2.0", "id": 1, "method": "eth_signTransaction", "params": [transaction.merging(["nonce": 0.5]) { $1 }]]), -32602),
                (Array(#"{"jsonrpc":"2.0","id":1,"method":"eth_signTransaction","params":[{"from":"\#(address)","to":"\#(address)","gas":"0x5208","gasPrice":"0x1","nonce":0.9999999999999999999}]}"#.utf8), -32602),
                (Array(#"{"jsonrpc":"2.0","id":1,"method":"eth_signTransaction","params":[{"from":"\#(address)","to":"\#(address)","gas":"0x5208","gasPrice":"0x1","nonce":"0x0","value":1e-400}]}"#.utf8), -32602),
                // A member name that Swift would match to another by canonical equivalence.
                (Array(#"{"jsonrpc":"2.0","id":1,"method":"eth_signTransaction","params":[{"from":"\#(address)","to":"\#(address)","gas":"0x5208","gasPrice":"0x1","nonce":"0x0","accessList":[{"address":"\#(address)","storage\u212aeys":[]}]}]}"#.utf8), -32600),
                // The string form of typed data: a member named twice is refused there too.
                (Array(#"{"jsonrpc":"2.0","id":1,"method":"eth_signTypedData_v4","params":["\#(address)","{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"string\"}],\"M\":[{\"name\":\"contents\",\"type\":\"string\"}]},\"primaryType\":\"M\",\"domain\":{\"name\":\"x\"},\"message\":{\"contents\":\"EVIL\",\"contents\":\"Hello\"}}"]}"#.utf8), -32602),
                (Array(#"{"jsonrpc":"2.0","id":1,"method":"eth_accounts","method":"eth_chainId"}"#.utf8), -32600),
                (Array((#"{"jsonrpc":"2.0","id":1,"method":"eth_call","params":"# + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}").utf8), -32700),
                // As deep as the parser goes: answered (forwarding it would be the node's business, but
                // the -32602 of a bad eth_sign comes first), not a crash on a small thread stack.
                (Array((#"{"jsonrpc":"2.0","id":1,"method":"eth_sign","params":"# + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + "}").utf8), -32602),
            ]
            for (body, code) in cases {
                let result = try await HTTP.post(signer.url + "/", body: body)
                #expect(result.status == 200, "\(result.body)")
                let response = try Self.object(result)
                #expect(Self.errorCode(response) == code, "\(String(decoding: body.prefix(120), as: UTF8.self)): \(result.body)")
            }
            #expect(forwarded.withLock { $0 }.isEmpty, "refused requests reached the node: \(forwarded.withLock { $0 })")

            // Other methods go to the node unchanged, and its answer comes back.
            let chain = try await signer.call("eth_chainId", [])
            #expect(chain["result"] as? String == "0x10")
            let sent = forwarded.withLock { $0 }
            #expect(sent.count == 1 && sent.first?.contains("\"eth_chainId\"") == true, "\(sent)")
            // A signed transaction with the chain filled in decodes to this signer's chain and account.
            let signed = try await signer.call("eth_signTransaction", [transaction])
            let raw = try Hex.decode(signed["result"] as? String ?? "")
            let decoded = try SignedTransaction(decoding: raw)
            #expect(decoded.transaction.chainID == 1337 && decoded.from == key.publicKey.address)
            await signer.stop()
        }
    }

    /// What the signer takes from a node, against a scripted one: an error's `data` (revert data)
    /// comes back to the client; a nonce the client chose does not move the nonces filled later;
    /// a `type` written as a decimal string is read as the transaction's parser reads it.
    @Test func nodeErrorsKeepTheirDataAndAClientsNonceDoesNotMoveFilledOnes() async throws {
        let key = PrivateKey.generate()
        let address = "\(key.publicKey.address)"
        let sent = Mutex<[String]>([])
        try await LocalHTTPServer.serve({ request in
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
            switch body["method"] as? String {
            case "eth_call": return (200, #"{"jsonrpc":"2.0","id":1,"error":{"code":3,"message":"execution reverted","data":"0x08c379a0"}}"#)
            case "eth_getTransactionCount": return (200, #"{"jsonrpc":"2.0","id":1,"result":"0x5"}"#)
            case "eth_gasPrice": return (200, #"{"jsonrpc":"2.0","id":1,"result":"0x3b9aca00"}"#)
            case "eth_estimateGas": return (200, #"{"jsonrpc":"2.0","id":1,"result":"0x5208"}"#)
            case "eth_feeHistory": return (200, #"{"jsonrpc":"2.0","id":1,"result":{"baseFeePerGas":["0x10","0x10"],"reward":[["0x5"]]}}"#)
            case "eth_sendRawTransaction":
                sent.withLock { $0.append(((body["params"] as? [String])?.first) ?? "") }
                return (200, #"{"jsonrpc":"2.0","id":1,"result":"0x01"}"#)
            default: return (200, #"{"jsonrpc":"2.0","id":1,"result":null}"#)
            }
        }) { node in
            let signer = try await RunningEth1(accounts: [Eth1Account(key: key)], chainID: 1337, downstream: node)
            let reverted = try await signer.call("eth_call", [["to": address, "data": "0x"], "latest"])
            let error = reverted["error"] as? [String: Any]
            #expect(error?["code"] as? Int == 3 && error?["data"] as? String == "0x08c379a0", "\(reverted)")

            // A client's own nonce far ahead, then one filled by the signer: the node's 5, not 1001.
            _ = try await signer.call("eth_sendTransaction", [["from": address, "to": address, "value": "0x1", "nonce": "0x3e8", "type": "0"]])
            _ = try await signer.call("eth_sendTransaction", [["from": address, "to": address, "value": "0x1", "type": "0"]])
            let decoded = try sent.withLock { $0 }.map { try SignedTransaction(decoding: try Hex.decode($0)) }
            #expect(decoded.map(\.transaction.nonce) == [1000, 5], "\(decoded.map(\.transaction.nonce))")
            // "type": "0" is legacy: the gas price was filled, not EIP-1559 fees.
            #expect(decoded.allSatisfy { $0.transaction.type == .legacy && $0.transaction.gasPrice != nil })

            // A tip the client wrote as a decimal string is kept (the node's 5 fills only a missing one).
            _ = try await signer.call("eth_sendTransaction", [["from": address, "to": address, "value": "0x1", "type": "0x2", "maxPriorityFeePerGas": "1000"]])
            _ = try await signer.call("eth_sendTransaction", [["from": address, "to": address, "value": "0x1", "type": "0x2"]])
            let fees = try sent.withLock { $0 }.dropFirst(2).map { try SignedTransaction(decoding: try Hex.decode($0)).transaction }
            #expect(fees.map(\.maxPriorityFeePerGas) == [UInt256(1000), UInt256(5)], "\(fees)")
            #expect(fees.map(\.maxFeePerGas) == [UInt256(0x20 + 1000), UInt256(0x20 + 5)], "\(fees)")
            await signer.stop()
        }
    }

    /// A KMS `ECC_SECG_P256K1` key (moto) named by an `aws-kms` key file signs through the same API.
    @Test(.enabled(if: Moto.shouldRun)) func kmsAccountsSignThroughTheSameAPI() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("etherkeep-eth1-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Moto.withContext { context in
            let kms = try KMSClient(context: context)
            let keyID = try await kms.createKey(usage: "SIGN_VERIFY", spec: "ECC_SECG_P256K1").keyID
            try "type: aws-kms\nkeyType: SECP256K1\nkmsKeyId: \(keyID)\n".write(toFile: folder + "/kms.yaml", atomically: true, encoding: .utf8)
            try "type: file-raw\nkeyType: BLS\nprivateKey: '0x01'\n".write(toFile: folder + "/bls.yaml", atomically: true, encoding: .utf8)
            let (accounts, failures) = await Eth1Accounts.load(keyStorePath: folder) { id in try await KMSEthereumAccount.load(kms: kms, keyID: id) }
            #expect(failures.isEmpty && accounts.count == 1, "\(failures)")
            let signer = try await RunningEth1(accounts: accounts)
            let address = accounts.first.map { "\($0.address)" } ?? ""
            #expect(try await signer.call("eth_accounts", [])["result"] as? [String] == [address.lowercased()])
            let message: [UInt8] = Array("etherkeep".utf8)
            let signature = try await signer.call("eth_sign", [address, Hex.encode(message)])["result"] as? String ?? ""
            #expect(try PersonalMessage.recover(message, signature: Hex.decode(signature)) == accounts.first?.address)
            await signer.stop()
        }
    }

    /// `--aws-kms-enabled`: the account's secp256k1 signing keys that pass the tag filters, and no
    /// other key (another spec, a disabled key, another tag), sign through the same API.
    @Test(.enabled(if: Moto.shouldRun)) func kmsBulkLoadingTakesTheTaggedSigningKeys() async throws {
        try await Moto.withContext { context in
            let kms = try KMSClient(context: context)
            let tag = Moto.uniqueName("etherkeep-account")
            func key(_ spec: String, usage: String = "SIGN_VERIFY", tags: [String: String]) async throws -> String {
                let id = try await kms.createKey(usage: usage, spec: spec).keyID
                if !tags.isEmpty { try await kms.tagResource(keyID: id, tags: tags) }
                return id
            }
            let prod = try await key("ECC_SECG_P256K1", tags: [tag: "prod"])
            let dev = try await key("ECC_SECG_P256K1", tags: [tag: "dev"])
            _ = try await key("ECC_SECG_P256K1", tags: ["other-\(tag)": "prod"])
            _ = try await key("ECC_NIST_P256", tags: [tag: "prod"])
            _ = try await key("SYMMETRIC_DEFAULT", usage: "ENCRYPT_DECRYPT", tags: [tag: "prod"])
            let open: @Sendable (String) async throws -> KMSEthereumAccount = { id in try await KMSEthereumAccount.load(kms: kms, keyID: id) }
            let expected = { (ids: [String]) async throws -> Set<Address> in
                var addresses = Set<Address>()
                for id in ids { addresses.insert(try await open(id).address) }
                return addresses
            }
            let both = await Eth1Accounts.loadKMS(kms: kms, tagNames: [tag], tagValues: [], open: open)
            #expect(both.failures.isEmpty, "\(both.failures)")
            #expect(Set(both.accounts.map(\.address)) == (try await expected([prod, dev])))
            let onlyProd = await Eth1Accounts.loadKMS(kms: kms, tagNames: [tag], tagValues: ["prod"], open: open)
            #expect(Set(onlyProd.accounts.map(\.address)) == (try await expected([prod])))
            // The bulk-loaded account signs through the eth1 API.
            let signer = try await RunningEth1(accounts: onlyProd.accounts)
            let address = onlyProd.accounts.first.map { "\($0.address)" } ?? ""
            let message: [UInt8] = Array("bulk".utf8)
            let signature = try await signer.call("eth_sign", [address, Hex.encode(message)])["result"] as? String ?? ""
            #expect(try PersonalMessage.recover(message, signature: Hex.decode(signature)) == onlyProd.accounts.first?.address)
            await signer.stop()
        }
    }

    static var nodeURL: String? { ProcessInfo.processInfo.environment["ETHERKEEP_ETH_NODE_URL"] }
    /// The EVM node (`scripts/test` starts it); with `CI=true` its tests fail rather than skip.
    static var nodeAvailable: Bool { nodeURL != nil || ProcessInfo.processInfo.environment["CI"] == "true" }

    /// `eth_sendTransaction` through the signer moves value on a real EVM (eth-tester, py-evm):
    /// EIP-1559 and legacy with nonce, gas and fees filled from the node; then 50 concurrent sends
    /// from one account all mine, with distinct nonces.
    @Test(.enabled(if: nodeAvailable)) func sendTransactionMovesValueOnARealNode() async throws {
        guard let node = Self.nodeURL, let chain = ProcessInfo.processInfo.environment["ETHERKEEP_ETH_NODE_CHAIN_ID"].flatMap({ UInt64($0) }) else {
            throw SignerTestFailure("ETHERKEEP_ETH_NODE_URL and ETHERKEEP_ETH_NODE_CHAIN_ID are not set: run scripts/test")
        }
        let key = PrivateKey.generate()
        let address = "\(key.publicKey.address)"
        let recipient = "\(PrivateKey.generate().publicKey.address)"
        let signer = try await RunningEth1(accounts: [Eth1Account(key: key)], chainID: chain, downstream: node)
        func result(_ method: String, _ params: [Any]) async throws -> Any {
            let response = try await signer.call(method, params)
            guard let value = response["result"] else { throw SignerTestFailure("\(method): \(response)") }
            return value
        }
        func quantity(_ method: String, _ params: [Any]) async throws -> UInt64 {
            let value = try await result(method, params)
            guard let text = value as? String, let number = UInt64(text.dropFirst(2), radix: 16) else { throw SignerTestFailure("\(method): \(value)") }
            return number
        }
        func receipt(_ hash: String) async throws -> [String: Any] {
            for _ in 0..<200 {
                if let receipt = try await result("eth_getTransactionReceipt", [hash]) as? [String: Any] { return receipt }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw SignerTestFailure("\(hash) was not mined")
        }
        // Funded through the signer: a method it does not sign goes to the node unchanged.
        _ = try await result("etherkeep_fund", [address, "0x8ac7230489e80000"])  // 10 ether
        #expect(try await quantity("eth_getBalance", [address, "latest"]) == 10_000_000_000_000_000_000)

        let dynamic = try await result("eth_sendTransaction", [["from": address, "to": recipient, "value": "0x2386f26fc10000"]]) as? String ?? ""
        let legacy = try await result("eth_sendTransaction", [["from": address, "to": recipient, "value": "0x1", "type": "0x0"]]) as? String ?? ""
        for (hash, type) in [(dynamic, "0x2"), (legacy, "0x0")] {
            #expect(try await receipt(hash)["status"] as? String == "0x1")
            let transaction = try await result("eth_getTransactionByHash", [hash]) as? [String: Any]
            #expect(transaction?["type"] as? String == type && (transaction?["from"] as? String)?.lowercased() == address.lowercased())
        }
        #expect(try await quantity("eth_getBalance", [recipient, "latest"]) == 10_000_000_000_000_001)

        // 50 at once from one account: 50 distinct nonces, all mined.
        let hashes = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    let response = try await signer.call("eth_sendTransaction", [["from": address, "to": recipient, "value": "0x1"]])
                    guard let hash = response["result"] as? String else { throw SignerTestFailure("eth_sendTransaction: \(response)") }
                    return hash
                }
            }
            var hashes: [String] = []
            for try await hash in group { hashes.append(hash) }
            return hashes
        }
        #expect(Set(hashes).count == 50)
        var nonces: Set<String> = []
        for hash in hashes {
            #expect(try await receipt(hash)["status"] as? String == "0x1")
            if let nonce = (try await result("eth_getTransactionByHash", [hash]) as? [String: Any])?["nonce"] as? String { nonces.insert(nonce) }
        }
        #expect(nonces.count == 50)
        #expect(try await quantity("eth_getTransactionCount", [address, "latest"]) == 52)
        #expect(try await quantity("eth_getBalance", [recipient, "latest"]) == 10_000_000_000_000_051)
        await signer.stop()
    }
}
