import Secrets
import BLS12381
import ConsensusTypes
import EthereumCore
import Foundation
import ValidatorKeys
import Crypto
import Yams

extension KeyLoader {
    /// Where the passwords of a keystore folder are, as Web3Signer takes them.
    public enum KeystorePasswords: Sendable {
        /// `--keystores-passwords-path DIR`: the password of `NAME.json` is in `DIR/NAME.txt`.
        case directory(String)
        /// `--keystores-password-file FILE`: one password for every keystore.
        case file(String)
    }

    /// The EIP-2335 keystores of a folder (`--keystores-path`): every `*.json` file in it.
    ///
    /// A keystore whose key `held` holds already (same file, same bytes, same password) is reused.
    public static func keystoreDirectory(
        _ directory: String, passwords: KeystorePasswords, held: [String: KeyRing.Entry] = [:]
    ) -> (pending: [PendingKey], failures: [KeyLoadFailure]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            return ([], [KeyLoadFailure(source: directory, reason: "cannot read the keystore folder", wholeSource: true)])
        }
        var pending: [PendingKey] = []
        var failures: [KeyLoadFailure] = []
        for name in names {
            let path = directory + "/" + name
            let passwordPath: String
            switch passwords {
            case .directory(let folder): passwordPath = folder + "/" + String(name.dropLast(".json".count)) + ".txt"
            case .file(let file): passwordPath = file
            }
            switch keystoreFile(path, passwordFile: passwordPath, held: held) {
            case .success(let key): pending.append(key)
            case .failure(let failure): failures.append(failure)
            }
        }
        return (pending, failures)
    }

    /// Web3Signer's key configuration files (`--key-store-path`): every `*.yaml` / `*.yml` file
    /// in the folder, each holding one or more YAML documents of `type: file-keystore`
    /// (`keystoreFile`, `keystorePasswordFile`; relative paths are taken from the YAML file's
    /// folder) or `type: file-raw` (`privateKey`: 0x + 32 bytes of hex). `keyType` may be given
    /// and must then be `BLS`. Other types (vaults, HSMs) are reported as not supported.
    public static func keyConfigDirectory(
        _ directory: String, held: [String: KeyRing.Entry] = [:]
    ) -> (pending: [PendingKey], failures: [KeyLoadFailure]) {
        let (documents, failed) = keyConfigDocuments(directory)
        var pending: [PendingKey] = []
        var failures = failed
        for (source, document) in documents {
            switch keyConfig(document, source: source, folder: directory, held: held) {
            case .success(let key): pending.append(key)
            case .failure(let failure): failures.append(failure)
            }
        }
        return (pending, failures)
    }

    /// Every YAML document of the `*.yaml` / `*.yml` files of a Web3Signer key configuration
    /// folder, each named by its file (and its place when a file holds several); files that
    /// cannot be read or parsed are failures, the folder unreadable a whole-source failure.
    static func keyConfigDocuments(_ directory: String) -> (documents: [(source: String, document: Any?)], failures: [KeyLoadFailure]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            return ([], [KeyLoadFailure(source: directory, reason: "cannot read the key configuration folder", wholeSource: true)])
        }
        var documents: [(source: String, document: Any?)] = []
        var failures: [KeyLoadFailure] = []
        for name in names {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                failures.append(KeyLoadFailure(source: path, reason: "cannot read the file"))
                continue
            }
            let parsed: [Any?]
            do {
                parsed = try yamlDocuments(String(decoding: data, as: UTF8.self))
            } catch {
                failures.append(KeyLoadFailure(source: path, reason: error.reason))
                continue
            }
            for (index, document) in parsed.enumerated() {
                documents.append((parsed.count > 1 ? "\(path) (document \(index + 1))" : path, document))
            }
        }
        return (documents, failures)
    }

    private static func keyConfig(
        _ document: Any?, source: String, folder: String, held: [String: KeyRing.Entry]
    ) -> Result<PendingKey, KeyLoadFailure> {
        guard let fields = document as? [String: Any] else {
            return .failure(KeyLoadFailure(source: source, reason: "not a YAML mapping"))
        }
        if let keyType = fields["keyType"], (keyType as? String) != "BLS" {
            return .failure(KeyLoadFailure(source: source, reason: "keyType \(keyType) is not supported (only BLS)"))
        }
        switch fields["type"] as? String {
        case "file-keystore":
            guard let keystore = fields["keystoreFile"] as? String, let password = fields["keystorePasswordFile"] as? String else {
                return .failure(KeyLoadFailure(source: source, reason: "file-keystore needs keystoreFile and keystorePasswordFile"))
            }
            return keystoreFile(resolve(keystore, in: folder), passwordFile: resolve(password, in: folder), held: held)
        case "file-raw":
            guard let text = fields["privateKey"] as? String, var bytes = try? Hex.decode(text), bytes.count == 32 else {
                return .failure(KeyLoadFailure(source: source, reason: "file-raw needs privateKey: 0x followed by 32 bytes of hex"))
            }
            defer { bytes.wipe() }
            do {
                let key = try SecretKey(bytes: bytes)
                return .success(PendingKey(source: source, expectedPubkey: nil) { key })
            } catch {
                return .failure(KeyLoadFailure(source: source, reason: "privateKey is not a valid BLS secret key"))
            }
        case let other?:
            return .failure(KeyLoadFailure(source: source, reason: "type \(other) is not supported (file-keystore, file-raw)"))
        case nil:
            return .failure(KeyLoadFailure(source: source, reason: "missing type"))
        }
    }

    /// Every document of a YAML text. Yams' document sequence ends quietly at a syntax error
    /// (keeping the error aside); this throws it, so that a broken file is reported, not skipped.
    ///
    /// - Throws: ``KeyLoadFailure`` whose reason gives the line and column and Yams' problem, but
    ///   never the text around it (Yams' own description quotes the line, which may hold a key).
    static func yamlDocuments(_ text: String) throws(KeyLoadFailure) -> [Any?] {
        func failure(_ error: any Error) -> KeyLoadFailure {
            switch error as? YamlError {
            case .scanner(_, let problem, let mark, _)?, .parser(_, let problem, let mark, _)?, .composer(_, let problem, let mark, _)?:
                KeyLoadFailure(source: "", reason: "not YAML: \(problem) at line \(mark.line), column \(mark.column)")
            default:
                KeyLoadFailure(source: "", reason: "not YAML")
            }
        }
        var sequence: YamlSequence<Any>
        do { sequence = try Yams.load_all(yaml: text) } catch { throw failure(error) }
        var documents: [Any?] = []
        while let document = sequence.next() { documents.append(document) }
        if let error = sequence.error { throw failure(error) }
        return documents
    }

    private static func resolve(_ path: String, in folder: String) -> String {
        path.hasPrefix("/") ? path : folder + "/" + path
    }

    /// One keystore file and its password file; the keystore is parsed now, decrypted later —
    /// unless `held` holds the key of these very bytes (identity: the SHA-256 of the keystore
    /// and password files, kept in memory only).
    static func keystoreFile(_ path: String, passwordFile: String, held: [String: KeyRing.Entry] = [:]) -> Result<PendingKey, KeyLoadFailure> {
        guard let json = FileManager.default.contents(atPath: path) else {
            return .failure(KeyLoadFailure(source: path, reason: "cannot read the keystore"))
        }
        let keystore: Keystore
        do {
            keystore = try Keystore(json: json)
        } catch {
            return .failure(KeyLoadFailure(source: path, reason: error.reason))
        }
        guard let password = readPassword(passwordFile) else {
            let named = keystore.pubkey.flatMap { $0.count == 48 ? BLSPubkey(unchecked: $0) : nil }
            return .failure(KeyLoadFailure(source: path, reason: "cannot read the password file \(passwordFile)", pubkey: named))
        }
        var digest = SHA256()
        digest.update(data: json)
        digest.update(data: [0])
        password.withBytes { digest.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        let identity = "file:\(path):\(Hex.encode(Array(digest.finalize()), prefix: false))"
        if let entry = held[identity] {
            return .success(PendingKey(
                source: path, expectedPubkey: keystore.pubkey, fromCache: true, identity: identity, derivationPath: entry.derivationPath
            ) { entry.key })
        }
        return .success(PendingKey(source: path, expectedPubkey: keystore.pubkey, identity: identity, derivationPath: keystore.path) {
            try keystore.decryptSecretKey(password: password)
        })
    }

    /// A password file's contents without the trailing line break; the bytes read are wiped.
    static func readPassword(_ path: String) -> KeystorePassword? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var bytes = Array(data)
        defer { bytes.wipe() }
        while let last = bytes.last, last == 0x0a || last == 0x0d { bytes.removeLast() }
        return KeystorePassword(utf8: SecretBytes(copying: bytes))
    }
}
