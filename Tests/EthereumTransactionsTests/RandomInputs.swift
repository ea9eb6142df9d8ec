import EthereumCore
import Foundation
@testable import EthereumTransactions

/// Random transactions, messages and EIP-712 documents for the differential test.
struct RandomInputs<G: RandomNumberGenerator> {
    var rng: G

    mutating func bytes(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) } }
    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }
    mutating func bool() -> Bool { Bool.random(using: &rng) }

    /// A value of random bit width (so small, medium and 256-bit values all occur).
    mutating func uint(bits maxBits: Int) -> UInt256 {
        let bits = int(0...maxBits)
        var b = bytes((bits + 7) / 8)
        if bits % 8 != 0, !b.isEmpty { b[0] &= UInt8((1 << (bits % 8)) - 1) }
        return try! UInt256(bigEndian: b)
    }

    /// A quantity as JSON: a hex string, or a JSON number when it fits comfortably.
    mutating func quantity(_ v: UInt256) -> JSONValue {
        if let small = v.uint64, small < 1 << 53, bool() { return .number(String(small)) }
        return .string(v.hexQuantity)
    }

    mutating func address() -> Address { try! Address(bytes: bytes(20)) }

    /// An address as EIP-712 values may write it: EIP-55 or all lower case.
    mutating func addressText(_ a: Address) -> String { bool() ? a.description : a.description.lowercased() }

    /// An address in a transaction: EIP-55 (eth-account requires the checksum there).
    func txAddress(_ a: Address) -> String { a.description }

    mutating func transaction(_ type: TransactionType, chain: Bool = true) -> TransactionJSON {
        var j = TransactionJSON()
        j.type = type == .legacy && bool() ? nil : quantity(UInt256(UInt64(type.rawValue)))
        if chain { j.chainId = quantity(uint(bits: 32).isZero ? UInt256(1) : uint(bits: 32)) }
        j.nonce = quantity(uint(bits: 64))
        j.gas = quantity(uint(bits: 64))
        if type == .legacy || type == .accessList {
            j.gasPrice = quantity(uint(bits: 256))
        } else {
            let tip = uint(bits: 255)
            j.maxPriorityFeePerGas = quantity(tip)
            j.maxFeePerGas = quantity(tip.addingReportingOverflow(uint(bits: 255)).partialValue)
        }
        let creationAllowed = type == .legacy || type == .accessList || type == .dynamicFee
        if !creationAllowed || int(0...4) > 0 { j.to = txAddress(address()) }
        j.value = quantity(uint(bits: 256))
        let data = Hex.encode(bytes([0, 1, 2, 31, 55, 56, 300].randomElement(using: &rng)!))
        if bool() { j.data = data } else { j.input = data }
        if type != .legacy {
            j.accessList = (0..<int(0...3)).map { _ in
                AccessListEntryJSON(address: txAddress(address()), storageKeys: (0..<int(0...3)).map { _ in Hex.encode(bytes(32)) })
            }
        }
        if type == .blob {
            j.maxFeePerBlobGas = quantity(uint(bits: 128))
            j.blobVersionedHashes = (0..<int(1...6)).map { _ in Hex.encode([0x01] + bytes(31)) }
        }
        if type == .setCode {
            j.authorizationList = (0..<int(1...3)).map { _ in
                AuthorizationJSON(
                    chainId: quantity(uint(bits: 64)), address: txAddress(address()), nonce: quantity(uint(bits: 64)),
                    yParity: quantity(UInt256(UInt64(int(0...1)))), r: quantity(uint(bits: 255)), s: quantity(uint(bits: 255)))
            }
        }
        return j
    }
}
