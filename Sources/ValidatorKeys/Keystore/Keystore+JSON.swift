import EthereumCore

/// Writes a keystore as ethstaker-deposit-cli does (`json.dumps(asdict(keystore))`): the EIP-2335
/// field order, `", "` and `": "` separators, hex without `0x`, on one line without a newline.
extension Keystore {
    /// The keystore JSON text.
    public var jsonString: String {
        let kdfParams: String
        switch kdf {
        case .scrypt(let n, let r, let p, let salt):
            kdfParams = #"{"dklen": 32, "n": \#(n), "r": \#(r), "p": \#(p), "salt": "\#(hex(salt))"}"#
        case .pbkdf2(let c, let salt):
            kdfParams = #"{"c": \#(c), "dklen": 32, "prf": "hmac-sha256", "salt": "\#(hex(salt))"}"#
        }
        return #"{"crypto": {"kdf": {"function": "\#(kdf.function)", "params": \#(kdfParams), "message": ""}, "#
            + #""checksum": {"function": "sha256", "params": {}, "message": "\#(hex(checksum))"}, "#
            + #""cipher": {"function": "aes-128-ctr", "params": {"iv": "\#(hex(iv))"}, "message": "\#(hex(cipherMessage))"}}, "#
            + #""description": \#(jsonQuoted(description)), "pubkey": "\#(hex(pubkey ?? []))", "#
            + #""path": \#(jsonQuoted(path)), "uuid": \#(jsonQuoted(uuid)), "version": 4}"#
    }

    private func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes, prefix: false) }
}

/// A JSON string literal with Python `json.dumps` escaping (ASCII only: `\uXXXX` above 0x7e).
func jsonQuoted(_ text: String) -> String {
    var out = "\""
    for unit in text.utf16 {
        switch unit {
        case 0x22: out += "\\\""
        case 0x5c: out += "\\\\"
        case 0x0a: out += "\\n"
        case 0x0d: out += "\\r"
        case 0x09: out += "\\t"
        case 0x08: out += "\\b"
        case 0x0c: out += "\\f"
        case 0x20...0x7e: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
        default:
            let h = String(unit, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
        }
    }
    return out + "\""
}
