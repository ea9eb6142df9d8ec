import EthereumCore

extension SignedTransaction {
    /// The transaction as a JSON-RPC object (hex quantities, as `eth_getTransactionByHash`
    /// returns it) with `from`, `hash`, `v`, `r`, `s` and, for typed transactions, `yParity`.
    public var json: TransactionJSON {
        let t = transaction
        var j = TransactionJSON()
        func q(_ v: UInt256) -> JSONValue { .string(v.hexQuantity) }
        func q(_ v: UInt64) -> JSONValue { q(UInt256(v)) }
        j.type = q(UInt64(t.type.rawValue))
        j.chainId = t.chainID.map(q)
        j.nonce = q(t.nonce)
        j.gas = q(t.gas)
        j.gasPrice = t.gasPrice.map(q)
        j.maxPriorityFeePerGas = t.maxPriorityFeePerGas.map(q)
        j.maxFeePerGas = t.maxFeePerGas.map(q)
        j.maxFeePerBlobGas = t.maxFeePerBlobGas.map(q)
        j.from = from.description
        j.to = t.to?.description
        j.value = q(t.value)
        j.input = Hex.encode(t.data)
        if t.type != .legacy {
            j.accessList = t.accessList.map { AccessListEntryJSON(address: $0.address.description, storageKeys: $0.storageKeys.map { Hex.encode($0) }) }
        }
        if t.type == .blob { j.blobVersionedHashes = t.blobVersionedHashes.map { Hex.encode($0) } }
        if t.type == .setCode {
            j.authorizationList = t.authorizationList.map {
                AuthorizationJSON(chainId: q($0.chainID), address: $0.address.description, nonce: q($0.nonce),
                                  yParity: q(UInt64($0.yParity)), r: q($0.r), s: q($0.s))
            }
        }
        j.hash = Hex.encode(hash)
        j.v = t.type == .legacy ? q(t.legacyV(yParity: signature.yParity)) : q(UInt64(signature.yParity))
        j.r = q(signature.r)
        j.s = q(signature.s)
        if t.type != .legacy { j.yParity = q(UInt64(signature.yParity)) }
        return j
    }
}
