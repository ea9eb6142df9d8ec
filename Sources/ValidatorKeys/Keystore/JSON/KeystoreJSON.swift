import EthereumCore
/// The EIP-2335 keystore JSON, field for field
/// (https://eips.ethereum.org/EIPS/eip-2335#json-schema).
///
/// Wire types only (STYLE R12): no logic beyond rejecting unknown keys. ``Keystore`` turns these
/// into validated values. `name` is accepted (some clients write it) and ignored.
struct KeystoreJSON: Decodable {
    var crypto: CryptoJSON
    var description: String?
    var pubkey: String?
    var path: String
    var uuid: String
    var version: Int
    var name: String?

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case crypto, description, pubkey, path, uuid, version, name
    }

    init(from decoder: any Decoder) throws {
        try StrictJSON.rejectUnknownKeys(decoder, CodingKeys.self, in: "keystore")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        crypto = try c.decode(CryptoJSON.self, forKey: .crypto)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        pubkey = try c.decodeIfPresent(String.self, forKey: .pubkey)
        path = try c.decode(String.self, forKey: .path)
        uuid = try c.decode(String.self, forKey: .uuid)
        version = try c.decode(Int.self, forKey: .version)
        name = try c.decodeIfPresent(String.self, forKey: .name)
    }
}

/// `crypto`: the three modules.
struct CryptoJSON: Decodable {
    var kdf: ModuleJSON<KDFParamsJSON>
    var checksum: ModuleJSON<EmptyParamsJSON>
    var cipher: ModuleJSON<CipherParamsJSON>

    private enum CodingKeys: String, CodingKey, CaseIterable { case kdf, checksum, cipher }

    init(from decoder: any Decoder) throws {
        try StrictJSON.rejectUnknownKeys(decoder, CodingKeys.self, in: "crypto")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kdf = try c.decode(ModuleJSON<KDFParamsJSON>.self, forKey: .kdf)
        checksum = try c.decode(ModuleJSON<EmptyParamsJSON>.self, forKey: .checksum)
        cipher = try c.decode(ModuleJSON<CipherParamsJSON>.self, forKey: .cipher)
    }
}

/// A module: `{"function", "params", "message"}`.
struct ModuleJSON<Params: Decodable>: Decodable {
    var function: String
    var params: Params
    var message: String

    private enum CodingKeys: String, CodingKey, CaseIterable { case function, params, message }

    init(from decoder: any Decoder) throws {
        try StrictJSON.rejectUnknownKeys(decoder, CodingKeys.self, in: "module")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        function = try c.decode(String.self, forKey: .function)
        params = try c.decode(Params.self, forKey: .params)
        message = try c.decode(String.self, forKey: .message)
    }
}

/// KDF `params` for scrypt (`dklen, n, r, p, salt`) or pbkdf2 (`dklen, c, prf, salt`).
struct KDFParamsJSON: Decodable {
    var dklen: Int
    var salt: String
    var n: Int?
    var r: Int?
    var p: Int?
    var c: Int?
    var prf: String?

    private enum CodingKeys: String, CodingKey, CaseIterable { case dklen, salt, n, r, p, c, prf }

    init(from decoder: any Decoder) throws {
        try StrictJSON.rejectUnknownKeys(decoder, CodingKeys.self, in: "kdf params")
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

/// Cipher `params` for aes-128-ctr: `{"iv"}`.
struct CipherParamsJSON: Decodable {
    var iv: String

    private enum CodingKeys: String, CodingKey, CaseIterable { case iv }

    init(from decoder: any Decoder) throws {
        try StrictJSON.rejectUnknownKeys(decoder, CodingKeys.self, in: "cipher params")
        iv = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .iv)
    }
}

/// Empty `params` (the sha256 checksum): `{}`.
struct EmptyParamsJSON: Decodable {
    private enum CodingKeys: String, CodingKey, CaseIterable { case none }

    init(from decoder: any Decoder) throws {
        try StrictJSON.rejectUnknownKeys(decoder, CodingKeys.self, in: "checksum params")
    }
}
