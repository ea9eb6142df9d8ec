public import EthereumCore

/// The signature fields of a transaction: y-parity (recovery id 0 or 1), r and s.
///
/// For legacy transactions the wire `v` is 27 + yParity (no chain id) or chainId·2 + 35 + yParity
/// (EIP-155); see ``Transaction/legacyV(yParity:)``.
public struct TransactionSignature: Hashable, Sendable {
    public let yParity: UInt8
    public let r: UInt256
    public let s: UInt256

    public init(yParity: UInt8, r: UInt256, s: UInt256) {
        self.yParity = yParity
        self.r = r
        self.s = s
    }

    /// 65 bytes r ‖ s ‖ v with v = 27 + yParity, as `personal_sign` and `eth_signTypedData` return.
    public var rsv: [UInt8] { r.bigEndianBytes32 + s.bigEndianBytes32 + [27 + yParity] }
}

extension Transaction {
    /// The bytes whose Keccak-256 is signed.
    ///
    /// - legacy without chain id: `rlp([nonce, gasPrice, gas, to, value, data])`
    /// - legacy, EIP-155: `rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0])`
    /// - typed (EIP-2718): `type ‖ rlp(fields)` with the fields of EIP-2930, EIP-1559, EIP-4844 or EIP-7702.
    public var signingPayload: [UInt8] {
        if type == .legacy {
            var fields = legacyFields
            if let chainID { fields += [.scalar(chainID), .scalar(0), .scalar(0)] }
            return RLP.list(fields).encoded
        }
        return [type.rawValue] + RLP.list(typedFields).encoded
    }

    /// Keccak-256 of ``signingPayload``: the digest a key (local, enclave or KMS) signs.
    public var signingHash: [UInt8] { Keccak256.hash(signingPayload) }

    /// The raw signed transaction, as `eth_sendRawTransaction` takes it.
    public func encoded(signature: TransactionSignature) -> [UInt8] {
        let sig: [RLP] = [.scalar(signature.r), .scalar(signature.s)]
        if type == .legacy {
            return RLP.list(legacyFields + [.scalar(legacyV(yParity: signature.yParity))] + sig).encoded
        }
        return [type.rawValue] + RLP.list(typedFields + [.scalar(UInt64(signature.yParity))] + sig).encoded
    }

    /// The legacy `v`: 27 + yParity without chain id, chainId·2 + 35 + yParity with one (EIP-155).
    public func legacyV(yParity: UInt8) -> UInt256 {
        guard let chainID else { return UInt256(27 + UInt64(yParity)) }
        // chainId < 2^64, so chainId·2 + 36 < 2^66: no overflow in 256 bits.
        return UInt256(chainID).multipliedReportingOverflow(by: 2).partialValue
            .addingReportingOverflow(UInt256(35 + UInt64(yParity))).partialValue
    }

    private var toItem: RLP { .bytes(to?.bytes ?? []) }

    private var legacyFields: [RLP] {
        [.scalar(nonce), .scalar(gasPrice ?? .zero), .scalar(gas), toItem, .scalar(value), .bytes(data)]
    }

    private var accessListItem: RLP {
        .list(accessList.map { .list([.bytes($0.address.bytes), .list($0.storageKeys.map { .bytes($0) })]) })
    }

    /// The typed payload fields, without the signature.
    private var typedFields: [RLP] {
        let chain = RLP.scalar(chainID ?? 0)
        switch type {
        case .legacy:
            return legacyFields
        case .accessList:
            // EIP-2930: [chainId, nonce, gasPrice, gasLimit, to, value, data, accessList]
            return [chain, .scalar(nonce), .scalar(gasPrice ?? .zero), .scalar(gas), toItem, .scalar(value), .bytes(data), accessListItem]
        case .dynamicFee, .blob, .setCode:
            // EIP-1559: [chain_id, nonce, max_priority_fee_per_gas, max_fee_per_gas, gas_limit,
            //            destination, amount, data, access_list]
            var fields: [RLP] = [
                chain, .scalar(nonce), .scalar(maxPriorityFeePerGas ?? .zero), .scalar(maxFeePerGas ?? .zero),
                .scalar(gas), toItem, .scalar(value), .bytes(data), accessListItem,
            ]
            if type == .blob {
                // EIP-4844: … , max_fee_per_blob_gas, blob_versioned_hashes
                fields += [.scalar(maxFeePerBlobGas ?? .zero), .list(blobVersionedHashes.map { .bytes($0) })]
            }
            if type == .setCode {
                // EIP-7702: … , authorization_list = [[chain_id, address, nonce, y_parity, r, s], …]
                fields.append(.list(authorizationList.map {
                    .list([.scalar($0.chainID), .bytes($0.address.bytes), .scalar($0.nonce),
                           .scalar(UInt64($0.yParity)), .scalar($0.r), .scalar($0.s)])
                }))
            }
            return fields
        }
    }
}
