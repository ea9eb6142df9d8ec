import EthereumCore
/// A Web3 Secret Storage (keystore version 3) file, as geth, eth-account (eth-keyfile) and
/// Web3Signer write it (https://ethereum.org/developers/docs/data-structures-and-encoding/web3-secret-storage/).
/// Wire type only (R12). `Crypto` (geth's old capitalisation) is read as `crypto`.
public struct KeystoreV3JSON: Codable, Hashable, Sendable {
    public var crypto: CryptoJSON
    public var id: String
    public var version: Int
    /// The account address, lower-case hex without `0x`; optional.
    public var address: String?

    public struct CryptoJSON: Codable, Hashable, Sendable {
        public var cipher: String
        public var cipherparams: CipherParamsJSON
        public var ciphertext: String
        public var kdf: String
        public var kdfparams: KDFParamsJSON
        public var mac: String

        enum CodingKeys: String, CodingKey, CaseIterable { case cipher, cipherparams, ciphertext, kdf, kdfparams, mac }

        public init(cipher: String, cipherparams: CipherParamsJSON, ciphertext: String, kdf: String, kdfparams: KDFParamsJSON, mac: String) {
            self.cipher = cipher
            self.cipherparams = cipherparams
            self.ciphertext = ciphertext
            self.kdf = kdf
            self.kdfparams = kdfparams
            self.mac = mac
        }

        public init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, CodingKeys.self, in: "crypto")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            cipher = try c.decode(String.self, forKey: .cipher)
            cipherparams = try c.decode(CipherParamsJSON.self, forKey: .cipherparams)
            ciphertext = try c.decode(String.self, forKey: .ciphertext)
            kdf = try c.decode(String.self, forKey: .kdf)
            kdfparams = try c.decode(KDFParamsJSON.self, forKey: .kdfparams)
            mac = try c.decode(String.self, forKey: .mac)
        }
    }

    public struct CipherParamsJSON: Codable, Hashable, Sendable {
        public var iv: String
        public init(iv: String) { self.iv = iv }
    }

    /// scrypt: `dklen, n, r, p, salt`; pbkdf2: `c, dklen, prf, salt`.
    public struct KDFParamsJSON: Codable, Hashable, Sendable {
        public var dklen: Int
        public var salt: String
        public var n: Int?
        public var r: Int?
        public var p: Int?
        public var c: Int?
        public var prf: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case dklen, salt, n, r, p, c, prf }

        public init(dklen: Int, salt: String, n: Int? = nil, r: Int? = nil, p: Int? = nil, c: Int? = nil, prf: String? = nil) {
            self.dklen = dklen
            self.salt = salt
            self.n = n
            self.r = r
            self.p = p
            self.c = c
            self.prf = prf
        }

        public init(from decoder: any Decoder) throws {
            try StrictJSON.rejectUnknownKeys(decoder, CodingKeys.self, in: "kdfparams")
            let k = try decoder.container(keyedBy: CodingKeys.self)
            dklen = try k.decode(Int.self, forKey: .dklen)
            salt = try k.decode(String.self, forKey: .salt)
            n = try k.decodeIfPresent(Int.self, forKey: .n)
            r = try k.decodeIfPresent(Int.self, forKey: .r)
            p = try k.decodeIfPresent(Int.self, forKey: .p)
            c = try k.decodeIfPresent(Int.self, forKey: .c)
            prf = try k.decodeIfPresent(String.self, forKey: .prf)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case crypto, id, version, address }
    private enum LegacyKeys: String, CodingKey { case Crypto }

    public init(crypto: CryptoJSON, id: String, version: Int, address: String?) {
        self.crypto = crypto
        self.id = id
        self.version = version
        self.address = address
    }

    public init(from decoder: any Decoder) throws {
        try StrictJSON.rejectUnknownKeys(decoder, allowed: CodingKeys.allCases.map(\.rawValue) + ["Crypto"], in: "keystore")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let lower = try c.decodeIfPresent(CryptoJSON.self, forKey: .crypto) {
            crypto = lower
        } else {
            crypto = try decoder.container(keyedBy: LegacyKeys.self).decode(CryptoJSON.self, forKey: .Crypto)
        }
        id = try c.decode(String.self, forKey: .id)
        version = try c.decode(Int.self, forKey: .version)
        address = try c.decodeIfPresent(String.self, forKey: .address)
    }
}
