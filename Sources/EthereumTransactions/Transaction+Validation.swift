extension Transaction {
    /// Checks that the fields present fit ``type``, naming the first field at fault.
    ///
    /// - Throws: ``EthereumTransactionsError/Code-swift.struct/invalidField``.
    public func validate() throws(EthereumTransactionsError) {
        let name = "type 0x\(type.rawValue)"
        func forbid(_ present: Bool, _ field: String) throws(EthereumTransactionsError) {
            if present { throw .field(field, "not allowed in a \(name) transaction") }
        }
        func require(_ present: Bool, _ field: String) throws(EthereumTransactionsError) {
            if !present { throw .field(field, "required for a \(name) transaction") }
        }
        if type != .legacy { try require(chainID != nil, "chainId") }
        // EIP-2681: an account's nonce stops at 2^64 − 1, so no transaction can carry that nonce.
        if nonce == UInt64.max { throw .field("nonce", "2^64 - 1 is not a valid nonce (EIP-2681: nonces are below it)") }
        switch type {
        case .legacy, .accessList:
            try require(gasPrice != nil, "gasPrice")
            try forbid(maxFeePerGas != nil, "maxFeePerGas")
            try forbid(maxPriorityFeePerGas != nil, "maxPriorityFeePerGas")
        case .dynamicFee, .blob, .setCode:
            try forbid(gasPrice != nil, "gasPrice")
            try require(maxFeePerGas != nil, "maxFeePerGas")
            try require(maxPriorityFeePerGas != nil, "maxPriorityFeePerGas")
            if let cap = maxFeePerGas, let tip = maxPriorityFeePerGas, cap < tip {
                throw .field("maxFeePerGas", "fee cap \(cap) is below the priority fee (maxPriorityFeePerGas \(tip))")
            }
        }
        if type == .legacy { try forbid(!accessList.isEmpty, "accessList") }
        if type == .blob {
            try require(to != nil, "to")
            try require(maxFeePerBlobGas != nil, "maxFeePerBlobGas")
            try require(!blobVersionedHashes.isEmpty, "blobVersionedHashes")
            for (i, h) in blobVersionedHashes.enumerated() where h.count != 32 {
                throw .field("blobVersionedHashes[\(i)]", "a versioned hash is 32 bytes, got \(h.count)")
            }
        } else {
            try forbid(maxFeePerBlobGas != nil, "maxFeePerBlobGas")
            try forbid(!blobVersionedHashes.isEmpty, "blobVersionedHashes")
        }
        if type == .setCode {
            try require(to != nil, "to")
            try require(!authorizationList.isEmpty, "authorizationList")
            for (i, a) in authorizationList.enumerated() where a.yParity > 1 {
                throw .field("authorizationList[\(i)].yParity", "must be 0 or 1, got \(a.yParity)")
            }
        } else {
            try forbid(!authorizationList.isEmpty, "authorizationList")
        }
        for (i, entry) in accessList.enumerated() {
            for (j, key) in entry.storageKeys.enumerated() where key.count != 32 {
                throw .field("accessList[\(i)].storageKeys[\(j)]", "a storage key is 32 bytes, got \(key.count)")
            }
        }
    }
}
