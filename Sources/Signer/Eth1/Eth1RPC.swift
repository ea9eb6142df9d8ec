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
    ///
    /// The body is read strictly (RFC 8259, a member named twice refused: the signer and the node
    /// behind it must not read one request two ways).
    public func handle(_ body: [UInt8]) async -> [UInt8]? {
        let parsed: AnyJSON
        do throws(AnyJSON.ParseError) {
            parsed = try AnyJSON.parse(body, rejectingDuplicateKeys: true, allowingScalars: true)
        } catch {
            if let problem = error.memberProblem { return Self.response(id: .null, .failure(.invalidRequest(problem))) }
            return Self.response(id: .null, .failure(.parse("the body is not JSON")))
        }
        guard case .array(let batch) = parsed else { return await one(parsed) }
        guard !batch.isEmpty else { return Self.response(id: .null, .failure(.invalidRequest("empty batch"))) }
        guard batch.count <= Self.maximumBatch else {
            return Self.response(
                id: .null, .failure(.invalidRequest("a batch of \(batch.count) requests is over the \(Self.maximumBatch) accepted")))
        }
        var out: [UInt8] = [UInt8(ascii: "[")]
        for item in batch {
            guard let response = await one(item) else { continue }
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: response)
        }
        guard out.count > 1 else { return nil }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// One request's response, or `nil` for a notification (no `id`).
    private func one(_ item: AnyJSON) async -> [UInt8]? {
        guard case .object(let request) = item else {
            return Self.response(id: .null, .failure(.invalidRequest("a request must be an object")))
        }
        let id = request["id"]
        // JSON-RPC 2.0: an id is a string, a number or null.
        switch id {
        case nil, .string, .integer, .number, .null: break
        default: return Self.response(id: .null, .failure(.invalidRequest("id must be a string, a number or null")))
        }
        guard request["jsonrpc"] == .string("2.0"), case .string(let method) = request["method"] else {
            return Self.response(id: id ?? .null, .failure(.invalidRequest("a request needs \"jsonrpc\": \"2.0\" and a method")))
        }
        let params: [AnyJSON]
        switch request["params"] {
        case nil, .null: params = []
        case .array(let array): params = array
        default:
            // A notification (no id) is never answered, not even with an error (JSON-RPC 2.0 §4.1).
            guard let id else { return nil }
            return Self.response(id: id, .failure(.invalidParams("params must be an array")))
        }
        let result: Result<AnyJSON, JSONRPCError>
        do throws(JSONRPCError) {
            result = .success(try await call(method, params, request: request))
        } catch {
            result = .failure(error)
        }
        guard let id else { return nil }
        return Self.response(id: id, result)
    }

    private func call(_ method: String, _ params: [AnyJSON], request: [String: AnyJSON]) async throws(JSONRPCError) -> AnyJSON {
        switch method {
        case "eth_accounts":
            return .array(accounts.all.map { .string("\($0.address)".lowercased()) })
        case "eth_sign":
            let account = try account(params, 0)
            let data = try Self.hex(params, 1, "data")
            return .string(try await Self.signing { try await account.signer.signPersonalMessage(data).rsvHex })
        case "eth_signTypedData", "eth_signTypedData_v4":
            let account = try account(params, 0)
            let parameter = params.count > 1 ? params[1] : AnyJSON.null
            guard parameter.stringValue != nil || parameter.objectValue != nil else {
                throw .invalidParams("params[1] must be the typed data (an object or its JSON text)")
            }
            let typed: TypedData
            do throws(EthereumTransactionsError) {
                if let text = parameter.stringValue {
                    typed = try TypedData(json: Data(text.utf8))
                } else {
                    typed = try TypedData(jsonObject: parameter)
                }
            } catch {
                throw .invalidParams(Self.named("params[1]", error))
            }
            return .string(try await Self.signing { try await account.signer.sign(typed).rsvHex })
        case "eth_signTransaction":
            let (account, transaction) = try await prepare(params, send: false)
            return .string(try await Self.signing { Hex.encode(try await account.signer.sign(transaction).raw) })
        case "eth_sendTransaction":
            return try await send(params)
        default:
            guard let downstream else {
                throw .methodNotFound("\(method) is not signed here and no downstream node is configured (--downstream-http-url)")
            }
            let answer = try await downstream.post(AnyJSON.object(request).encoded())
            return try Downstream.result(of: answer, method)
        }
    }

    // MARK: - Transactions

    /// `eth_sendTransaction`: fill, sign and forward; sends from one account one at a time when
    /// the nonce is filled here.
    private func send(_ params: [AnyJSON]) async throws(JSONRPCError) -> AnyJSON {
        guard let downstream else { throw .methodNotFound("eth_sendTransaction needs a downstream node (--downstream-http-url)") }
        guard case .object(let object)? = params.first else { throw .invalidParams("params[0] must be a transaction object") }
        let sender = try address(object["from"], "params[0].from")
        guard accounts.account(sender) != nil else { throw .invalidParams("no key for account \(sender)") }
        let lock = sendLocks.withLock { locks in
            if let existing = locks[sender] { return existing }
            let made = Exclusive()
            locks[sender] = made
            return made
        }
        // Only a nonce filled here advances the next one: a client's own nonce (a replacement, or
        // one far ahead) must not move every later filled nonce past it.
        let fillsNonce = Self.given(object["nonce"]) == nil
        let outcome = await lock.run { () async -> Result<AnyJSON, JSONRPCError> in
            do throws(JSONRPCError) {
                let (account, transaction) = try await self.prepare(params, send: true)
                let signed = try await Self.signing { try await account.signer.sign(transaction) }
                let hash = try await downstream.call("eth_sendRawTransaction", [.string(Hex.encode(signed.raw))])
                if fillsNonce { self.nextNonce.withLock { $0[sender] = max($0[sender] ?? 0, transaction.nonce + 1) } }
                return .success(hash.stringValue.map(AnyJSON.string) ?? .string(Hex.encode(signed.hash)))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// The account and the complete transaction for `params[0]`: the chain checked (or filled),
    /// and, when sending or a node is configured, nonce, gas and fees filled in from the node.
    private func prepare(_ params: [AnyJSON], send: Bool) async throws(JSONRPCError) -> (Eth1Account, Transaction) {
        guard case .object(var object)? = params.first else { throw .invalidParams("params[0] must be a transaction object") }
        let sender = try address(object["from"], "params[0].from")
        guard let account = accounts.account(sender) else { throw .invalidParams("no key for account \(sender)") }
        if let given = Self.given(object["chainId"]) {
            let chain: UInt64
            do { chain = try Transaction.uint64(member: given, "chainId") } catch { throw .invalidParams(Self.named("params[0]", error)) }
            guard chain == chainID else { throw .invalidParams("params[0].chainId: \(chain) is not this signer's chain \(chainID)") }
        } else {
            object["chainId"] = Self.quantity(chainID)
        }
        if let downstream {
            try await fill(&object, sender: sender, downstream: downstream)
        } else if send {
            throw .methodNotFound("eth_sendTransaction needs a downstream node (--downstream-http-url)")
        }
        do {
            let (transaction, from) = try Transaction.parse(jsonObject: .object(object))
            try account.signer.checkSender(from)
            return (account, transaction)
        } catch {
            throw .invalidParams(Self.named("params[0]", error))
        }
    }

    /// Fills `nonce`, `gas` and the fees the object lacks from the node.
    private func fill(_ object: inout [String: AnyJSON], sender: Address, downstream: Downstream) async throws(JSONRPCError) {
        if Self.given(object["nonce"]) == nil {
            let pending = try await downstream.quantity("eth_getTransactionCount", [.string("\(sender)"), .string("pending")])
            object["nonce"] = Self.quantity(max(pending, nextNonce.withLock { $0[sender] ?? 0 }))
        }
        // The type as the transaction's parser reads it ("0", "0x0", 0); a bad one is its error to name.
        let type = object["type"].flatMap { try? Transaction.uint64(member: $0, "type") }
        let legacyFees = type == 0 || type == 1 || (type == nil && object["gasPrice"] != nil)
        if object["gasPrice"] == nil, object["maxFeePerGas"] == nil {
            if legacyFees {
                object["gasPrice"] = Self.quantity(try await downstream.quantity("eth_gasPrice", []))
            } else {
                let history = try await downstream.call("eth_feeHistory", [.string("0x1"), .string("latest"), .array([.integer(50)])])
                guard let fields = history.objectValue, let base = fields["baseFeePerGas"]?.arrayValue?.last.flatMap(Downstream.uint64) else {
                    throw .downstream("downstream node: eth_feeHistory gave no baseFeePerGas")
                }
                // The client's own tip, read as the transaction's parser reads it ("1000", "0x3e8"),
                // is kept; the node's median tip only fills one that is missing.
                let givenTip = Self.given(object["maxPriorityFeePerGas"])
                let tip = givenTip.flatMap { try? Transaction.uint64(member: $0, "maxPriorityFeePerGas") }
                    ?? fields["reward"]?.arrayValue?.first?.arrayValue?.first.flatMap(Downstream.uint64)
                    ?? 1_000_000_000
                let (doubled, overflow) = base.multipliedReportingOverflow(by: 2)
                let (maxFee, overflow2) = doubled.addingReportingOverflow(tip)
                guard !overflow, !overflow2 else { throw .downstream("downstream node: base fee \(base) is out of range") }
                if givenTip == nil { object["maxPriorityFeePerGas"] = Self.quantity(tip) }
                object["maxFeePerGas"] = Self.quantity(maxFee)
            }
        }
        if object["gas"] == nil {
            var estimate: [String: AnyJSON] = [:]
            for key in ["from", "to", "value", "data", "input", "accessList"] { if let value = object[key] { estimate[key] = value } }
            object["gas"] = Self.quantity(try await downstream.quantity("eth_estimateGas", [.object(estimate)]))
        }
    }

    /// A member's value, `nil` when it is absent or `null` (both mean "fill it in").
    private static func given(_ value: AnyJSON?) -> AnyJSON? { value == .null ? nil : value }

    /// A quantity as JSON-RPC writes it: `0x` + hex without leading zeros.
    private static func quantity(_ value: UInt64) -> AnyJSON { .string("0x" + String(value, radix: 16)) }

    // MARK: - Parameters

    private func account(_ params: [AnyJSON], _ index: Int) throws(JSONRPCError) -> Eth1Account {
        let address = try address(params.count > index ? params[index] : nil, "params[\(index)]")
        guard let account = accounts.account(address) else { throw .invalidParams("no key for account \(address)") }
        return account
    }

    private func address(_ value: AnyJSON?, _ name: String) throws(JSONRPCError) -> Address {
        guard let text = value?.stringValue else { throw .invalidParams("\(name) must be an address (0x + 20 bytes of hex)") }
        do { return try Address(text) } catch { throw .invalidParams("\(name): \(error)") }
    }

    private static func hex(_ params: [AnyJSON], _ index: Int, _ what: String) throws(JSONRPCError) -> [UInt8] {
        guard params.count > index, let text = params[index].stringValue, text.hasPrefix("0x"), let bytes = try? Hex.decode(text) else {
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

    /// `{"jsonrpc":"2.0","id":…,"result":…}` or `{…,"error":{"code":…,"message":…}}`, written
    /// directly (no encoder: this is the signer's hot path).
    private static func response(id: AnyJSON, _ result: Result<AnyJSON, JSONRPCError>) -> [UInt8] {
        var out = Array(#"{"jsonrpc":"2.0","id":"#.utf8)
        out.reserveCapacity(256)
        id.write(to: &out)
        switch result {
        case .success(let value):
            out.append(contentsOf: #","result":"#.utf8)
            value.write(to: &out)
        case .failure(let error):
            out.append(contentsOf: #","error":"#.utf8)
            error.object.write(to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }
}

extension TransactionSignature {
    /// `0x` + r ‖ s ‖ v (65 bytes, v = 27/28), as `eth_sign` answers.
    var rsvHex: String { Hex.encode(rsv) }
}
