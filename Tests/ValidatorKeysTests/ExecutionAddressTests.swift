import ConsensusTypes
import Testing
import ValidatorKeys

/// EIP-55 withdrawal addresses (the four examples of the EIP's text, and bad inputs).
@Suite struct ExecutionAddressTests {
    @Test(arguments: [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ])
    func eip55Examples(address: String) throws {
        #expect(try ExecutionAddress(eip55: address).eip55 == address)
    }

    @Test func badAddressesAreNamed() {
        #expect(expectError(.invalidAddress) { try ExecutionAddress(eip55: "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed") }?
            .contains("EIP-55 checksum") == true)
        #expect(expectError(.invalidAddress) { try ExecutionAddress(eip55: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD") }?
            .contains("EIP-55 checksum") == true)
        #expect(expectError(.invalidAddress) { try ExecutionAddress(eip55: "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed") }?
            .contains("expected 0x and 40 hex digits") == true)
        expectError(.invalidAddress) { try ExecutionAddress(eip55: "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg") }
    }
}
