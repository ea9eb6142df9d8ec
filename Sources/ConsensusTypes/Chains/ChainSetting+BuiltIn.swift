/// The chains ethstaker-deposit-cli knows, with the values of its `settings.py`
/// (ethstaker/ethstaker-deposit-cli `ethstaker_deposit/settings.py`).
extension ChainSetting {
    public static let mainnet = ChainSetting(
        networkName: "mainnet", genesisForkVersion: v(0x00, 0x00, 0x00, 0x00), exitForkVersion: v(0x03, 0x00, 0x00, 0x00),
        genesisValidatorsRoot: root("4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95"))
    public static let sepolia = ChainSetting(
        networkName: "sepolia", genesisForkVersion: v(0x90, 0x00, 0x00, 0x69), exitForkVersion: v(0x90, 0x00, 0x00, 0x72),
        genesisValidatorsRoot: root("d8ea171f3c94aea21ebc42a1ed61052acf3f9209c00e4efbaaddac09ed9b8078"))
    public static let holesky = ChainSetting(
        networkName: "holesky", genesisForkVersion: v(0x01, 0x01, 0x70, 0x00), exitForkVersion: v(0x04, 0x01, 0x70, 0x00),
        genesisValidatorsRoot: root("9143aa7c615a7f7115e2b6aac319c03529df8242ae705fba9df39b79c59fa8b1"))
    public static let hoodi = ChainSetting(
        networkName: "hoodi", genesisForkVersion: v(0x10, 0x00, 0x09, 0x10), exitForkVersion: v(0x40, 0x00, 0x09, 0x10),
        genesisValidatorsRoot: root("212f13fc4df078b6cb7db228f1c8307566dcecf900867401a92023d7ba99cb5f"))
    /// Ephemery resets regularly, so it has no built-in genesis validators root.
    public static let ephemery = ChainSetting(
        networkName: "ephemery", genesisForkVersion: v(0x10, 0x00, 0x10, 0x1b), exitForkVersion: v(0x40, 0x00, 0x10, 0x1b),
        genesisValidatorsRoot: nil)
    /// Gnosis: deposits in GNO, 1 GNO = 32 "ETH-equivalent" units, minimum 1/32 GNO.
    public static let gnosis = ChainSetting(
        networkName: "gnosis", genesisForkVersion: v(0x00, 0x00, 0x00, 0x64), exitForkVersion: v(0x03, 0x00, 0x00, 0x64),
        genesisValidatorsRoot: root("f5dcb5564e829aab27264b9becd5dfaa017085611224cb3036f573368dbb9d47"),
        multiplier: 32, minDepositAmountGwei: 31_250_000)
    public static let chiado = ChainSetting(
        networkName: "chiado", genesisForkVersion: v(0x00, 0x00, 0x00, 0x6f), exitForkVersion: v(0x03, 0x00, 0x00, 0x6f),
        genesisValidatorsRoot: root("9d642dac73058fbf39c0ae41ab1e34e4d889043cb199851ded7095bc99eb4c1e"),
        multiplier: 32, minDepositAmountGwei: 31_250_000)

    /// Every built-in chain, in ethstaker-deposit-cli's order (`ALL_CHAINS`).
    public static let builtIn: [ChainSetting] = [mainnet, sepolia, holesky, hoodi, ephemery, gnosis, chiado]

    /// The built-in chain with this name.
    ///
    /// - Throws: ``ConsensusTypesError`` (`unknownChain`) listing the known names.
    public static func named(_ name: String) throws(ConsensusTypesError) -> ChainSetting {
        guard let chain = builtIn.first(where: { $0.networkName == name }) else {
            throw ConsensusTypesError(
                .unknownChain,
                "unknown chain \"\(name)\"; known: \(builtIn.map(\.networkName).joined(separator: ", "))")
        }
        return chain
    }

    private static func v(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> Version {
        Version(unchecked: [a, b, c, d])
    }

    private static func root(_ hex: StaticString) -> Root {
        let text = hex.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
        var bytes = [UInt8]()
        var i = text.utf8.makeIterator()
        while let hi = i.next(), let lo = i.next() {
            bytes.append(UInt8(nibble(hi) << 4 | nibble(lo)))
        }
        precondition(bytes.count == 32, "built-in root literal")  // invariant: only compiled-in 64-digit literals reach here
        return Root(unchecked: bytes)
    }

    private static func nibble(_ c: UInt8) -> UInt8 {
        c <= UInt8(ascii: "9") ? c - UInt8(ascii: "0") : c - UInt8(ascii: "a") + 10
    }
}
