public import EthereumCore

/// `uint256`: 32 little-endian bytes.
extension UInt256: SSZBasicType {
    public static var sszByteCount: Int { 32 }

    public func appendSSZ(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: bigEndianBytes32.reversed())
    }
}
