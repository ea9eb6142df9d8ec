import Testing
@testable import EthereumCore

@Suite struct UnitsTests {
    @Test(arguments: [
        ("1", EtherUnit.ether, "1000000000000000000"),
        ("1.5", .ether, "1500000000000000000"),
        ("0.000000000000000001", .ether, "1"),
        (".5", .gwei, "500000000"),
        ("20", .gwei, "20000000000"),
        ("20.000", .gwei, "20000000000"),
        ("115792089237316195423570985008687907853269984665640564039457584007913129639935", .wei,
         "115792089237316195423570985008687907853269984665640564039457584007913129639935"),
    ])
    func parsesExactly(amount: String, unit: EtherUnit, wei: String) throws {
        let value = try Units.parse(amount, unit: unit)
        #expect(value.description == wei)
        #expect(try Units.parse(Units.format(value, as: unit), unit: unit) == value)
    }

    @Test func parsesAmountWithUnit() throws {
        #expect(try Units.parse("1.5 ether") == Units.parse("1500000000", unit: .gwei))
        #expect(try Units.parse("30gwei").description == "30000000000")
        #expect(try Units.parse("42").description == "42")
        #expect(Units.format(UInt256(1_500_000_000), as: .gwei) == "1.5")
        #expect(Units.format(UInt256(7), as: .ether) == "0.000000000000000007")
    }

    @Test(arguments: ["1.0000000000000000001", "-1", "1e18", "1.2.3", "", ".", "0x10", " 1"])
    func rejectsInexactOrMalformed(amount: String) {
        #expect(throws: EthereumCoreError(.invalidQuantity, "")) { try Units.parse(amount, unit: .ether) }
    }

    @Test func rejectsOverflowAndUnknownUnits() {
        #expect(throws: EthereumCoreError(.invalidQuantity, "")) {
            try Units.parse("115792089237316195423570985008687907853269984665640564039457584007913129639936", unit: .wei)
        }
        #expect(throws: EthereumCoreError(.invalidQuantity, "")) { try Units.parse("1e60", unit: .wei) }
        #expect(throws: EthereumCoreError(.invalidUnit, "")) { try Units.parse("1 finney") }
    }

    @Test func quantities() throws {
        #expect(try UInt256(parsing: "0x0").hexQuantity == "0x0")
        #expect(try UInt256(parsing: "0x00ff").hexQuantity == "0xff")
        #expect(try UInt256(parsing: "255").hexQuantity == "0xff")
        #expect(throws: EthereumCoreError(.invalidQuantity, "")) { try UInt256(parsing: "0x") }
        #expect(throws: EthereumCoreError(.invalidQuantity, "")) { try UInt256(parsing: "0x1" + String(repeating: "0", count: 64)) }
    }
}

/// JSON numbers of ether, as Python's `json.dumps` writes floats, to wei without floating point.
@Suite struct JSONNumberUnitsTests {
    @Test(arguments: [
        ("0.01", "10000000000000000"), ("1e-05", "10000000000000"), ("1E-5", "10000000000000"), ("2.5e-3", "2500000000000000"),
        ("1e+2", "100000000000000000000"), ("3E2", "300000000000000000000"), ("1.5e1", "15000000000000000000"), ("0", "0"),
        ("1e-18", "1"), ("12.34e-20", "0"),
    ])
    func exponentsShiftTheDecimalPoint(text: String, wei: String) throws {
        if text == "12.34e-20" {
            #expect(throws: EthereumCoreError.self) { _ = try Units.parse(jsonNumber: text, unit: .ether) }
            return
        }
        #expect(try Units.parse(jsonNumber: text, unit: .ether).description == wei)
    }

    @Test(arguments: ["-0.01", "1e-19", "1e", "e5", "1e5e5", "1e999", ".5e1", "1.e", "0x1"])
    func refusesNegativeInexactOrMalformed(text: String) {
        #expect(throws: EthereumCoreError.self) { _ = try Units.parse(jsonNumber: text, unit: .ether) }
    }
}
