public import EthereumCore

/// The transaction envelope types (EIP-2718 `TransactionType`).
public enum TransactionType: UInt8, Sendable, CaseIterable {
    /// Legacy RLP transaction, without (v = 27/28) or with EIP-155 replay protection.
    case legacy = 0
    /// EIP-2930 access-list transaction.
    case accessList = 1
    /// EIP-1559 dynamic-fee transaction.
    case dynamicFee = 2
    /// EIP-4844 blob transaction (signing payload only; blobs and proofs are not carried).
    case blob = 3
    /// EIP-7702 set-code transaction.
    case setCode = 4
}

/// One EIP-2930 access-list entry.
public struct AccessListEntry: Hashable, Sendable {
    public var address: Address
    /// 32-byte storage keys.
    public var storageKeys: [[UInt8]]

    public init(address: Address, storageKeys: [[UInt8]]) {
        self.address = address
        self.storageKeys = storageKeys
    }
}

/// A signed EIP-7702 authorization tuple `[chain_id, address, nonce, y_parity, r, s]`.
public struct Authorization: Hashable, Sendable {
    public var chainID: UInt256
    public var address: Address
    public var nonce: UInt64
    public var yParity: UInt8
    public var r: UInt256
    public var s: UInt256

    public init(chainID: UInt256, address: Address, nonce: UInt64, yParity: UInt8, r: UInt256, s: UInt256) {
        self.chainID = chainID
        self.address = address
        self.nonce = nonce
        self.yParity = yParity
        self.r = r
        self.s = s
    }
}

/// An unsigned transaction of any supported type.
///
/// Which fields apply depends on ``type``; ``validate()`` checks the combination (a legacy
/// transaction has `gasPrice`, a dynamic-fee one `maxFeePerGas` ≥ `maxPriorityFeePerGas`, a typed
/// one a chain id, blob and set-code ones a recipient). Field names follow the JSON-RPC object.
public struct Transaction: Hashable, Sendable {
    public var type: TransactionType
    /// Required for typed transactions; optional for legacy (absent = pre-EIP-155, v = 27/28).
    public var chainID: UInt64?
    public var nonce: UInt64
    /// Legacy and EIP-2930 only.
    public var gasPrice: UInt256?
    /// EIP-1559 and later.
    public var maxPriorityFeePerGas: UInt256?
    /// EIP-1559 and later.
    public var maxFeePerGas: UInt256?
    public var gas: UInt64
    /// The recipient; `nil` creates a contract (not allowed for blob and set-code transactions).
    public var to: Address?
    public var value: UInt256
    public var data: [UInt8]
    public var accessList: [AccessListEntry]
    /// EIP-4844 only.
    public var maxFeePerBlobGas: UInt256?
    /// EIP-4844 only: 32-byte versioned hashes.
    public var blobVersionedHashes: [[UInt8]]
    /// EIP-7702 only.
    public var authorizationList: [Authorization]

    public init(
        type: TransactionType, chainID: UInt64? = nil, nonce: UInt64, gasPrice: UInt256? = nil,
        maxPriorityFeePerGas: UInt256? = nil, maxFeePerGas: UInt256? = nil, gas: UInt64,
        to: Address?, value: UInt256 = .zero, data: [UInt8] = [], accessList: [AccessListEntry] = [],
        maxFeePerBlobGas: UInt256? = nil, blobVersionedHashes: [[UInt8]] = [], authorizationList: [Authorization] = []
    ) {
        self.type = type
        self.chainID = chainID
        self.nonce = nonce
        self.gasPrice = gasPrice
        self.maxPriorityFeePerGas = maxPriorityFeePerGas
        self.maxFeePerGas = maxFeePerGas
        self.gas = gas
        self.to = to
        self.value = value
        self.data = data
        self.accessList = accessList
        self.maxFeePerBlobGas = maxFeePerBlobGas
        self.blobVersionedHashes = blobVersionedHashes
        self.authorizationList = authorizationList
    }
}
