import EthereumCore
import EthereumTransactions
import Foundation
import Synchronization

/// Web3Signer's eth1 JSON-RPC (`POST /`): JSON-RPC 2.0, single requests and batches.
///
/// Signed here, with the accounts' keys: `eth_accounts`, `eth_sign` (EIP-191), `eth_signTypedData`
/// and `eth_signTypedData_v4` (EIP-712), `eth_signTransaction` and `eth_sendTransaction` (every
/// transaction type; the chain id must be ``chainID`` and is filled in when absent). For
/// `eth_sendTransaction` a missing `nonce` comes from the node (`eth_getTransactionCount`
/// "pending", never below one this signer already used), `gas` from `eth_estimateGas`, and fees
/// from `eth_feeHistory` (EIP-1559: twice the next base fee plus the median tip) or `eth_gasPrice`
/// (legacy and EIP-2930); the signed transaction goes to the node as `eth_sendRawTransaction`.
/// Sends from one account are taken one at a time, so no two get the same nonce.
///
/// Every other method goes to the downstream node unchanged. Errors are JSON-RPC error objects:
/// -32700 not JSON, -32600 not a request (or a batch empty or over ``maximumBatch``), -32601 no
/// such method, -32602 bad parameters or another chain or an unknown account (nothing is
/// forwarded then), -32603 a key backend failed, -32000 the node failed (its own errors pass
/// through as they came).
public final class Eth1RPC: Sendable {
    public let accounts: Eth1Accounts
    /// The chain every transaction must be for (`--chain-id`).
    public let chainID: UInt64
    let downstream: Downstream?
    /// The most requests one batch may hold.
    public static let maximumBatch = 100
    private let sendLocks = Mutex<[Address: Exclusive]>([:])
    private let nextNonce = Mutex<[Address: UInt64]>([:])

    /// - Parameter downstreamURL: the execution node (`--downstream-http-url`), or `nil` for a
    ///   signer that only signs (forwarding and `eth_sendTransaction` are then -32601).
    public init(accounts: Eth1Accounts, chainID: UInt64, downstreamURL: String?) {
        self.accounts = accounts
        self.chainID = chainID
        self.downstream = downstreamURL.map { Downstream(url: $0) }
    }

    /// Answers one HTTP body: the response body, or `nil` when every request was a notification.
    public func handle(_ body: [UInt8]) async -> [UInt8]? {
        guard let parsed = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            return Self.encode(Self.response(id: NSNull(), .failure(.parse("the body is not JSON"))))
        }
        if let batch = parsed as? [Any] {
            guard !batch.isEmpty else { return Self.encode(Self.response(id: NSNull(), .failure(.invalidRequest("empty batch")))) }
            guard batch.count <= Self.maximumBatch else {
                return Self.encode(Self.response(
                    id: NSNull(), .failure(.invalidRequest("a batch of \(batch.count) requests is over the \(Self.maximumBatch) accepted"))))
            }
            var responses: [[String: Any]] = []
            for item in batch {
                if let response = await one(item) { responses.append(response) }
            }
            return responses.isEmpty ? nil : Self.encode(responses)
        }
        return await one(parsed).map { Self.encode($0) }
    }

    /// One request's response, or `nil` for a notification (no `id`).
    private func one(_ item: Any) async -> [String: Any]? {
        guard let request = item as? [String: Any] else {
            return Self.response(id: NSNull(), .failure(.invalidRequest("a request must be an object")))
        }
        let id = request["id"]
        // JSON-RPC 2.0: an id is a string, a number or null.
        if let given = id, !(given is String || given is NSNumber || given is NSNull) {
            return Self.response(id: NSNull(), .failure(.invalidRequest("id must be a string, a number or null")))
        }
        guard request["jsonrpc"] as? String == "2.0", let method = request["method"] as? String else {
            return Self.response(id: id ?? NSNull(), .failure(.invalidRequest("a request needs \"jsonrpc\": \"2.0\" and a method")))
        }
        let params: [Any]
        switch request["params"] {
        case nil, is NSNull: params = []
        case let array as [Any]: params = array
        default: return Self.response(id: id ?? NSNull(), .failure(.invalidParams("params must be an array")))
        }
        let result: Result<Any, JSONRPCError>
        do throws(JSONRPCError) {
            result = .success(try await call(method, params, request: request))
        } catch {
            result = .failure(error)
        }
        guard let id else { return nil }
        return Self.response(id: id, result)
    }

    private func call(_ method: String, _ params: [Any], request: [String: Any]) async throws(JSONRPCError) -> Any {
        switch method {
        case "eth_accounts":
            return accounts.all.map { "\($0.address)".lowercased() }
        case "eth_sign":
            let account = try account(params, 0)
            let data = try Self.hex(params, 1, "data")
            return try await Self.signing { try await account.signer.signPersonalMessage(data).rsvHex }
        case "eth_signTypedData", "eth_signTypedData_v4":
            let account = try account(params, 0)
            let document: Data
            switch params.count > 1 ? params[1] : nil {
            case let text as String: document = Data(text.utf8)
            case let object as [String: Any]:
                guard let data = try? JSONSerialization.data(withJSONObject: object) else { throw .invalidParams("params[1]: not JSON") }
                document = data
            default: throw .invalidParams("params[1] must be the typed data (an object or its JSON text)")
            }
            let typed: TypedData
            do { typed = try TypedData(json: document) } catch { throw .invalidParams(Self.named("params[1]", error)) }
            return try await Self.signing { try await account.signer.sign(typed).rsvHex }
        case "eth_signTransaction":
            let (account, transaction) = try await prepare(params, send: false)
            return try await Self.signing { Hex.encode(try await account.signer.sign(transaction).raw) }
        case "eth_sendTransaction":
            return try await send(params)
        default:
            guard let downstream else {
                throw .methodNotFound("\(method) is not signed here and no downstream node is configured (--downstream-http-url)")
            }
            guard let body = try? JSONSerialization.data(withJSONObject: request) else { throw .invalidRequest("cannot re-encode the request") }
            let answer = try await downstream.post(Array(body))
            guard let object = (try? JSONSerialization.jsonObject(with: Data(answer), options: [.fragmentsAllowed])) as? [String: Any] else {
                throw .downstream("downstream node: the answer to \(method) is not a JSON-RPC response")
            }
            if let error = object["error"] as? [String: Any] {
                throw JSONRPCError(error["code"] as? Int ?? -32000, error["message"] as? String ?? "downstream error")
            }
            return object["result"] ?? NSNull()
        }
    }

    // MARK: - Transactions

    /// `eth_sendTransaction`: fill, sign and forward; sends from one account one at a time when
    /// the nonce is filled here.
    private func send(_ params: [Any]) async throws(JSONRPCError) -> Any {
        guard let downstream else { throw .methodNotFound("eth_sendTransaction needs a downstream node (--downstream-http-url)") }
        guard let object = params.first as? [String: Any] else { throw .invalidParams("params[0] must be a transaction object") }
        let sender = try address(object["from"], "params[0].from")
        guard accounts.account(sender) != nil else { throw .invalidParams("no key for account \(sender)") }
        let lock = sendLocks.withLock { locks in
            if let existing = locks[sender] { return existing }
            let made = Exclusive()
            locks[sender] = made
            return made
        }
        // The closure runs later, on the lock's turn: it takes the parameters as JSON bytes.
        guard let encoded = try? JSONSerialization.data(withJSONObject: params) else { throw .invalidParams("params: not JSON") }
        let outcome = await lock.run { () async -> Result<String, JSONRPCError> in
            do throws(JSONRPCError) {
                let params = (try? JSONSerialization.jsonObject(with: encoded)) as? [Any] ?? []
                let (account, transaction) = try await self.prepare(params, send: true)
                let signed = try await Self.signing { try await account.signer.sign(transaction) }
                let hash = try await downstream.call("eth_sendRawTransaction", [Hex.encode(signed.raw)])
                self.nextNonce.withLock { $0[sender] = max($0[sender] ?? 0, transaction.nonce + 1) }
                return .success(hash as? String ?? Hex.encode(signed.hash))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// The account and the complete transaction for `params[0]`: the chain checked (or filled),
    /// and, when sending or a node is configured, nonce, gas and fees filled in from the node.
    private func prepare(_ params: [Any], send: Bool) async throws(JSONRPCError) -> (Eth1Account, Transaction) {
        guard var object = params.first as? [String: Any] else { throw .invalidParams("params[0] must be a transaction object") }
        let sender = try address(object["from"], "params[0].from")
        guard let account = accounts.account(sender) else { throw .invalidParams("no key for account \(sender)") }
        if let given = object["chainId"] {
            guard let chain = Downstream.uint64(given) ?? (given as? String).flatMap({ UInt64($0) }) else {
                throw .invalidParams("params[0].chainId: not a quantity")
            }
            guard chain == chainID else { throw .invalidParams("params[0].chainId: \(chain) is not this signer's chain \(chainID)") }
        } else {
            object["chainId"] = "0x" + String(chainID, radix: 16)
        }
        if let downstream {
            try await fill(&object, sender: sender, downstream: downstream)
        } else if send {
            throw .methodNotFound("eth_sendTransaction needs a downstream node (--downstream-http-url)")
        }
        guard let json = try? JSONSerialization.data(withJSONObject: object) else { throw .invalidParams("params[0]: not JSON") }
        do {
            let (transaction, from) = try Transaction.parse(json: json)
            try account.signer.checkSender(from)
            return (account, transaction)
        } catch {
            throw .invalidParams(Self.named("params[0]", error))
        }
    }

    /// Fills `nonce`, `gas` and the fees the object lacks from the node.
    private func fill(_ object: inout [String: Any], sender: Address, downstream: Downstream) async throws(JSONRPCError) {
        let hex = { (value: UInt64) in "0x" + String(value, radix: 16) }
        if object["nonce"] == nil {
            let pending = try await downstream.quantity("eth_getTransactionCount", ["\(sender)", "pending"])
            object["nonce"] = hex(max(pending, nextNonce.withLock { $0[sender] ?? 0 }))
        }
        let type = Downstream.uint64(object["type"])
        let legacyFees = type == 0 || type == 1 || (type == nil && object["gasPrice"] != nil)
        if object["gasPrice"] == nil, object["maxFeePerGas"] == nil {
            if legacyFees {
                object["gasPrice"] = hex(try await downstream.quantity("eth_gasPrice", []))
            } else {
                let history = try await downstream.call("eth_feeHistory", ["0x1", "latest", [50]])
                guard let fields = history as? [String: Any], let base = (fields["baseFeePerGas"] as? [Any])?.last.flatMap(Downstream.uint64) else {
                    throw .downstream("downstream node: eth_feeHistory gave no baseFeePerGas")
                }
                let tip = Downstream.uint64(object["maxPriorityFeePerGas"])
                    ?? ((fields["reward"] as? [[Any]])?.first?.first).flatMap(Downstream.uint64)
                    ?? 1_000_000_000
                let (doubled, overflow) = base.multipliedReportingOverflow(by: 2)
                let (maxFee, overflow2) = doubled.addingReportingOverflow(tip)
                guard !overflow, !overflow2 else { throw .downstream("downstream node: base fee \(base) is out of range") }
                object["maxPriorityFeePerGas"] = hex(tip)
                object["maxFeePerGas"] = hex(maxFee)
            }
        }
        if object["gas"] == nil {
            var estimate: [String: Any] = [:]
            for key in ["from", "to", "value", "data", "input", "accessList"] { if let value = object[key] { estimate[key] = value } }
            object["gas"] = hex(try await downstream.quantity("eth_estimateGas", [estimate]))
        }
    }

    // MARK: - Parameters

    private func account(_ params: [Any], _ index: Int) throws(JSONRPCError) -> Eth1Account {
        let address = try address(params.count > index ? params[index] : nil, "params[\(index)]")
        guard let account = accounts.account(address) else { throw .invalidParams("no key for account \(address)") }
        return account
    }

    private func address(_ value: Any?, _ name: String) throws(JSONRPCError) -> Address {
        guard let text = value as? String else { throw .invalidParams("\(name) must be an address (0x + 20 bytes of hex)") }
        do { return try Address(text) } catch { throw .invalidParams("\(name): \(error)") }
    }

    private static func hex(_ params: [Any], _ index: Int, _ what: String) throws(JSONRPCError) -> [UInt8] {
        guard params.count > index, let text = params[index] as? String, text.hasPrefix("0x"), let bytes = try? Hex.decode(text) else {
            throw .invalidParams("params[\(index)] (\(what)) must be 0x-prefixed hex")
        }
        return bytes
    }

    /// `PARAMETER.FIELD: reason`, naming the field the error names.
    private static func named(_ parameter: String, _ error: EthereumTransactionsError) -> String {
        error.field.map { "\(parameter).\($0): \(error.reason)" } ?? "\(parameter): \(error.reason)"
    }

    /// Runs a signing step, mapping its failure to -32602 (the request's content) or -32603 (the key backend).
    private static func signing<R>(_ body: () async throws -> R) async throws(JSONRPCError) -> R {
        do {
            return try await body()
        } catch let error as EthereumTransactionsError {
            throw error.code == .invalidSignature ? .internalError(error.reason) : .invalidParams(error.reason)
        } catch {
            throw .internalError("signing failed: \(error)")
        }
    }

    // MARK: - Encoding

    private static func response(id: Any, _ result: Result<Any, JSONRPCError>) -> [String: Any] {
        switch result {
        case .success(let value): ["jsonrpc": "2.0", "id": id, "result": value]
        case .failure(let error): ["jsonrpc": "2.0", "id": id, "error": error.object]
        }
    }

    private static func encode(_ object: Any) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])) ?? Data(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"cannot encode the response"}}"#.utf8))
    }
}

extension TransactionSignature {
    /// `0x` + r ‖ s ‖ v (65 bytes, v = 27/28), as `eth_sign` answers.
    var rsvHex: String { Hex.encode(rsv) }
}
