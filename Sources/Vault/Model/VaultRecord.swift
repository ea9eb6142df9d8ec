import Secrets
package import Crypto
import EthereumCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The secret a row carries: JSON `{"keystore_b64", "password_b64", "mnemonic_b64"}`, as the
/// reference keygen encrypts it.
///
/// Held in a `SymmetricKey` (zeroised on release); never `Codable` or printable. The JSON is
/// built and parsed in scratch buffers that are wiped; the parts are handed out only inside
/// ``withParts(_:)``. Best effort: the JSON parser (`JSONDecoder`) makes transient copies.
package struct VaultRecord: Sendable {
    /// The record's JSON bytes.
    let json: SymmetricKey

    /// Builds the record from its three parts (the caller wipes its copies). Every
    /// intermediate copy made here is wiped: the scratch buffer is sized once, so it never moves.
    package init(keystore: some Collection<UInt8>, password: some Collection<UInt8>, mnemonic: some Collection<UInt8>) {
        let parts: [(String, Int)] = [(#"{"keystore_b64":""#, keystore.count), (#"","password_b64":""#, password.count),
                                      (#"","mnemonic_b64":""#, mnemonic.count)]
        var scratch: [UInt8] = []
        scratch.reserveCapacity(parts.reduce(2) { $0 + $1.0.utf8.count + ($1.1 + 2) / 3 * 4 })
        func append(_ label: String, _ bytes: some Collection<UInt8>) {
            scratch += label.utf8
            var raw = Data(bytes)
            var base64 = raw.base64EncodedData()
            scratch += base64
            raw.resetBytes(in: 0..<raw.count)
            base64.resetBytes(in: 0..<base64.count)
        }
        append(parts[0].0, keystore)
        append(parts[1].0, password)
        append(parts[2].0, mnemonic)
        scratch += #""}"#.utf8
        json = SymmetricKey(data: scratch)
        scratch.wipe()
    }

    /// Wraps decrypted bytes, checking they are the record JSON.
    ///
    /// - Throws: ``VaultError/Code/cipher`` when they are not.
    package init(decrypted: SymmetricKey) throws(VaultError) {
        json = decrypted
        let valid = (try? withParts { _, _, _ in true }) ?? false
        guard valid else { throw VaultError(.cipher, "the decrypted record is not the {keystore_b64, password_b64, mnemonic_b64} JSON") }
    }

    /// Gives `body` the keystore JSON, the keystore password and the mnemonic; wiped afterwards.
    ///
    /// - Throws: ``VaultError/Code/cipher`` when the JSON lacks a field.
    package func withParts<R>(_ body: (_ keystore: [UInt8], _ password: [UInt8], _ mnemonic: [UInt8]) throws -> R) throws -> R {
        let object = try members()
        var keystore = try Self.part(object, "keystore_b64")
        var password = try Self.part(object, "password_b64")
        var mnemonic = try Self.part(object, "mnemonic_b64")
        defer {
            keystore.wipe()
            password.wipe()
            mnemonic.wipe()
        }
        return try body(keystore, password, mnemonic)
    }

    /// The record without its mnemonic (`mnemonic_b64` empty, what a signer receives) and the
    /// mnemonic alone (keystore and password empty, encrypted under a separate key), for rows whose
    /// mnemonic is kept out of the signer's reach.
    ///
    /// - Throws: ``VaultError/Code/cipher`` when the record JSON lacks a field.
    package func splittingMnemonic() throws(VaultError) -> (withoutMnemonic: VaultRecord, mnemonicOnly: VaultRecord) {
        do {
            return try withParts { keystore, password, mnemonic in
                (VaultRecord(keystore: keystore, password: password, mnemonic: []), VaultRecord(keystore: [], password: [], mnemonic: mnemonic))
            }
        } catch let error as VaultError {
            throw error
        } catch {
            throw VaultError(.cipher, "the record is not the {keystore_b64, password_b64, mnemonic_b64} JSON")
        }
    }

    /// Gives `body` the keystore JSON and the keystore password, and never decodes the mnemonic
    /// (for the signer, which must not hold it); the parts are wiped afterwards. The record's
    /// own bytes, which still hold the encoded mnemonic, are wiped when the record is released:
    /// callers drop it right after this call.
    ///
    /// - Throws: ``VaultError/Code/cipher`` when the JSON lacks a field.
    package func withKeystore<R>(_ body: (_ keystore: [UInt8], _ password: [UInt8]) throws -> R) throws -> R {
        let object = try members()
        var keystore = try Self.part(object, "keystore_b64")
        var password = try Self.part(object, "password_b64")
        defer {
            keystore.wipe()
            password.wipe()
        }
        return try body(keystore, password)
    }

    /// The record JSON's members (`nil` when it is a JSON array).
    ///
    /// - Throws: ``AnyJSON/ParseError`` when the bytes are not a JSON object or array.
    private func members() throws(AnyJSON.ParseError) -> [String: AnyJSON]? {
        let parsed = json.withUnsafeBytes { bytes in Result { () throws(AnyJSON.ParseError) in try AnyJSON.parse(bytes) } }
        return try parsed.get().objectValue
    }

    /// The base64-decoded bytes of the string member `name`.
    private static func part(_ object: [String: AnyJSON]?, _ name: String) throws(VaultError) -> [UInt8] {
        guard let text = object?[name]?.stringValue, let data = Data(base64Encoded: text) else {
            throw VaultError(.cipher, "the record has no valid \(name)")
        }
        return Array(data)
    }
}
