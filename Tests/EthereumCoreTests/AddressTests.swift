import Testing
@testable import EthereumCore

/// EIP-55 checksummed addresses, with the examples listed in https://eips.ethereum.org/EIPS/eip-55.
@Suite struct AddressTests {
    @Test(arguments: [
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ])
    func eip55Examples(text: String) throws {
        let address = try Address(text)
        #expect(try Address(address.description) == address)
        // The mixed-case examples print back unchanged.
        let lower = text.dropFirst(2).contains(where: \.isLowercase), upper = text.dropFirst(2).contains(where: \.isUppercase)
        if lower && upper { #expect(address.description == text) }
    }

    @Test func rejectsWrongChecksumNamingIt() {
        #expect(throws: EthereumCoreError(.invalidChecksum, "")) { try Address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD") }
        #expect(throws: EthereumCoreError(.invalidAddress, "")) { try Address("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed") }
        #expect(throws: EthereumCoreError(.invalidAddress, "")) { try Address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea") }
        #expect(throws: EthereumCoreError(.invalidAddress, "")) { try Address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beazz") }
    }
}
