import EthereumCore
import Secp256k1

extension SignedTransaction {
    /// Decodes a raw signed transaction (legacy RLP or EIP-2718 typed) and recovers its sender.
    ///
    /// The RLP must be canonical, the field count exact for the type, scalars minimal, and s low
    /// (EIP-2). The re-encoding of the result equals `raw`.
    ///
    /// - Throws: ``EthereumTransactionsError/Code-swift.struct/invalidEncoding`` naming the field,
    ///   or ``EthereumTransactionsError/Code-swift.struct/invalidSignature``.
    public init(decoding raw: some Collection<UInt8>) throws(EthereumTransactionsError) {
        let bytes = Array(raw)
        guard let first = bytes.first else { throw EthereumTransactionsError(.invalidEncoding, "empty transaction") }
        do {
            if first >= 0xc0 {
                try self.init(legacy: RLP.decode(bytes).list(field: "transaction"))
            } else {
                guard let type = TransactionType(rawValue: first), type != .legacy else {
                    throw EthereumTransactionsError(.invalidEncoding, field: "type", "unsupported transaction type 0x\(String(first, radix: 16))")
                }
                try self.init(type: type, fields: RLP.decode(bytes.dropFirst()).list(field: "transaction"))
            }
        } catch let error as EthereumCoreError {
            throw EthereumTransactionsError(.invalidEncoding, error.reason)
        } catch let error as EthereumTransactionsError {
            throw error
        } catch {
            throw EthereumTransactionsError(.invalidEncoding, "\(error)")
        }
        guard self.raw == bytes else { throw EthereumTransactionsError(.invalidEncoding, "transaction does not re-encode to the same bytes") }
    }

    /// `rlp([nonce, gasPrice, gas, to, value, data, v, r, s])`.
    private init(legacy f: [RLP]) throws {
        guard f.count == 9 else { throw EthereumTransactionsError(.invalidEncoding, "a legacy transaction has 9 fields, found \(f.count)") }
        let v = try f[6].scalar(field: "v")
        let chainID: UInt64?
        let yParity: UInt8
        if v == UInt256(27) || v == UInt256(28) {
            chainID = nil
            yParity = v == UInt256(28) ? 1 : 0
        } else {
            // EIP-155: v = chainId·2 + 35 + yParity.
            let (w, borrow) = v.subtractingReportingOverflow(UInt256(35))
            let (c, parity) = w.quotientAndRemainder(dividingBy: 2)
            guard !borrow, let chain = c.uint64 else {
                throw EthereumTransactionsError(.invalidEncoding, field: "v", "\(v) is neither 27/28 nor an EIP-155 value for a 64-bit chain id")
            }
            chainID = chain
            yParity = UInt8(parity)
        }
        let tx = Transaction(
            type: .legacy, chainID: chainID, nonce: try f[0].uint64(field: "nonce"), gasPrice: try f[1].scalar(field: "gasPrice"),
            gas: try f[2].uint64(field: "gas"), to: try Self.to(f[3]), value: try f[4].scalar(field: "value"),
            data: try f[5].bytes(field: "input"))
        try self.init(transaction: tx, yParity: yParity, r: f[7], s: f[8])
    }

    private init(type: TransactionType, fields f: [RLP]) throws {
        let expected: Int = switch type {
        case .legacy: 9
        case .accessList: 11
        case .dynamicFee: 12
        case .blob: 14
        case .setCode: 13
        }
        guard f.count == expected else {
            throw EthereumTransactionsError(.invalidEncoding, "a type 0x\(type.rawValue) transaction has \(expected) fields, found \(f.count)")
        }
        var tx = Transaction(type: type, chainID: try f[0].uint64(field: "chainId"), nonce: try f[1].uint64(field: "nonce"), gas: 0, to: nil)
        var i = 2
        if type == .accessList {
            tx.gasPrice = try f[2].scalar(field: "gasPrice")
            i = 3
        } else {
            tx.maxPriorityFeePerGas = try f[2].scalar(field: "maxPriorityFeePerGas")
            tx.maxFeePerGas = try f[3].scalar(field: "maxFeePerGas")
            i = 4
        }
        tx.gas = try f[i].uint64(field: "gas")
        tx.to = try Self.to(f[i + 1])
        tx.value = try f[i + 2].scalar(field: "value")
        tx.data = try f[i + 3].bytes(field: "input")
        tx.accessList = try Self.accessList(f[i + 4])
        i += 5
        if type == .blob {
            tx.maxFeePerBlobGas = try f[i].scalar(field: "maxFeePerBlobGas")
            tx.blobVersionedHashes = try f[i + 1].list(field: "blobVersionedHashes").map { try $0.bytes(field: "blobVersionedHashes") }
            i += 2
        }
        if type == .setCode {
            tx.authorizationList = try f[i].list(field: "authorizationList").enumerated().map { k, item in
                let a = try item.list(field: "authorizationList[\(k)]")
                guard a.count == 6 else { throw EthereumTransactionsError(.invalidEncoding, field: "authorizationList[\(k)]", "an authorization has 6 fields") }
                let parity = try a[3].uint64(field: "authorizationList[\(k)].yParity")
                guard parity <= 1 else { throw EthereumTransactionsError(.invalidEncoding, field: "authorizationList[\(k)].yParity", "must be 0 or 1") }
                return Authorization(
                    chainID: try a[0].scalar(field: "chainId"), address: try Address(bytes: a[1].bytes(field: "address")),
                    nonce: try a[2].uint64(field: "nonce"), yParity: UInt8(parity),
                    r: try a[4].scalar(field: "r"), s: try a[5].scalar(field: "s"))
            }
            i += 1
        }
        let parity = try f[i].uint64(field: "yParity")
        guard parity <= 1 else { throw EthereumTransactionsError(.invalidEncoding, field: "yParity", "must be 0 or 1, got \(parity)") }
        try self.init(transaction: tx, yParity: UInt8(parity), r: f[i + 1], s: f[i + 2])
    }

    private init(transaction: Transaction, yParity: UInt8, r rItem: RLP, s sItem: RLP) throws {
        do { try transaction.validate() } catch { throw EthereumTransactionsError(.invalidEncoding, field: error.field, error.reason) }
        let r = try rItem.scalar(field: "r"), s = try sItem.scalar(field: "s")
        let signature: RecoverableSignature
        do {
            signature = try RecoverableSignature(
                signature: ECDSASignature(r: r.bigEndianBytes32, s: s.bigEndianBytes32), recoveryID: yParity)
        } catch { throw EthereumTransactionsError(.invalidSignature, error.reason) }
        try self.init(transaction: transaction, signature: signature)
    }

    private static func to(_ item: RLP) throws -> Address? {
        let b = try item.bytes(field: "to")
        return b.isEmpty ? nil : try Address(bytes: b)
    }

    private static func accessList(_ item: RLP) throws -> [AccessListEntry] {
        try item.list(field: "accessList").enumerated().map { k, entry in
            let e = try entry.list(field: "accessList[\(k)]")
            guard e.count == 2 else { throw EthereumTransactionsError(.invalidEncoding, field: "accessList[\(k)]", "an entry has 2 fields") }
            return AccessListEntry(
                address: try Address(bytes: e[0].bytes(field: "accessList[\(k)].address")),
                storageKeys: try e[1].list(field: "accessList[\(k)].storageKeys").map { try $0.bytes(field: "accessList[\(k)].storageKeys") })
        }
    }
}
