/// The BIP-39 word-list languages ethstaker-deposit-cli offers
/// (https://github.com/bitcoin/bips/blob/master/bip-0039/bip-0039-wordlists.md).
public enum MnemonicLanguage: String, CaseIterable, Sendable {
    case chineseSimplified = "chinese_simplified"
    case chineseTraditional = "chinese_traditional"
    case czech
    case english
    case french
    case italian
    case japanese
    case korean
    case portuguese
    case spanish

    /// The SHA-256 of the official word list (bitcoin/bips `bip-0039/<language>.txt`), checked
    /// every time a list is loaded from the package resources.
    var wordlistSHA256: String {
        switch self {
        case .chineseSimplified: "5c5942792bd8340cb8b27cd592f1015edf56a8c5b26276ee18a482428e7c5726"
        case .chineseTraditional: "417b26b3d8500a4ae3d59717d7011952db6fc2fb84b807f3f94ac734e89c1b5f"
        case .czech: "7e80e161c3e93d9554c2efb78d4e3cebf8fc727e9c52e03b83b94406bdcc95fc"
        case .english: "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda"
        case .french: "ebc3959ab7801a1df6bac4fa7d970652f1df76b683cd2f4003c941c63d517e59"
        case .italian: "d392c49fdb700a24cd1fceb237c1f65dcc128f6b34a8aacb58b59384b5c648c2"
        case .japanese: "2eed0aef492291e061633d7ad8117f1a2b03eb80a29d0e4e3117ac2528d05ffd"
        case .korean: "9e95f86c167de88f450f0aaf89e87f6624a57f973c67b516e338e8e8b8897f60"
        case .portuguese: "2685e9c194c82ae67e10ba59d9ea5345a23dc093e92276fc5361f6667d79cd3f"
        case .spanish: "46846a5a0139d1e3cb77293e521c2865f7bcdb82c44e8d0a06a2cd0ecba48c0b"
        }
    }

    /// The names ethstaker-deposit-cli accepts for each language (`MNEMONIC_LANG_OPTIONS`).
    var aliases: [String] {
        switch self {
        case .chineseSimplified: ["简体中文", "zh", "zh-CN", "Chinese Simplified"]
        case .chineseTraditional: ["繁體中文", "zh-tw", "Chinese Traditional"]
        case .czech: ["čeština", "český jazyk", "cs", "Czech"]
        case .english: ["English", "en"]
        case .french: ["Français", "Francais", "fr", "French"]
        case .italian: ["Italiano", "it", "Italian"]
        case .japanese: ["日本語", "ja", "Japanese"]
        case .korean: ["한국어", "조선말", "韓國語", "ko", "Korean"]
        case .portuguese: ["Português", "Português do Brasil", "pt", "pt-BR", "Portuguese"]
        case .spanish: ["Español", "es", "Spanish"]
        }
    }

    /// Finds a language by its name (`english`), a listed alias (`en`, `日本語`) or its menu number
    /// (1–10, in this order), ignoring case.
    ///
    /// - Throws: ``ValidatorKeysError`` (`unknownLanguage`) listing the names.
    public init(named name: String) throws(ValidatorKeysError) {
        let wanted = name.lowercased()
        for (i, language) in Self.allCases.enumerated() {
            let names = [language.rawValue, String(i + 1)] + language.aliases
            if names.contains(where: { $0.lowercased() == wanted }) {
                self = language
                return
            }
        }
        throw ValidatorKeysError(
            .unknownLanguage,
            "unknown mnemonic language \"\(name)\"; use one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
    }
}
