import ConsensusTypes
import Crypto
import EthereumCore
import Foundation
import Hummingbird
import Secrets
import ValidatorKeys

/// The keymanager API's local keystore routes (`vectors/api-specs/keymanager-APIs`,
/// `apis/local_keystores.yaml`), behind the bearer token the spec requires:
///
/// - `GET /eth/v1/keystores`: `{"data": [{"validating_pubkey", "derivation_path", "readonly"}]}`;
/// - `POST /eth/v1/keystores` `{"keystores": [JSON string], "passwords": [string],
///   "slashing_protection"?: JSON string}`: `{"data": [{"status": imported|duplicate|error, "message"?}]}`;
/// - `DELETE /eth/v1/keystores` `{"pubkeys": [0x…]}`: `{"data": [{"status": deleted|not_active|not_found|error,
///   "message"?}], "slashing_protection": JSON string}`.
///
/// A missing token gets 401, a wrong one 403, a malformed body 400, each as `{"message": …}`.
enum KeyManagerRoutes {
    /// The most keystores one import takes (each runs its KDF).
    static let maximumKeystores = 1000

    static func add(to router: Router<SignerRequestContext>, manager: KeyManager, token: SecretBytes, maximumBodyBytes: Int) {
        let group = router.group("/eth/v1/keystores")
        group.get { request, _ -> Response in
            if let refused = authorize(request, token: token) { return refused }
            let data: [[String: Any]] = manager.list().map { key in
                var item: [String: Any] = ["validating_pubkey": "0x\(key.pubkey)", "readonly": key.readonly]
                if let path = key.derivationPath, !path.isEmpty { item["derivation_path"] = path }
                return item
            }
            return SignerServer.json(["data": data])
        }
        group.post { request, _ -> Response in
            if let refused = authorize(request, token: token) { return refused }
            do throws(SignerError) {
                let body = try await SignerServer.collect(request, maximum: maximumBodyBytes)
                var fields = try JSONFields(try JSONValue.parse(body.readableBytesView), path: "")
                let keystores = try fields.array("keystores", maximumCount: maximumKeystores).map { item throws(SignerError) in
                    Array(try JSONRead.string(item.value, item.path).utf8)
                }
                // Each password is a String only while it is normalised into a KeystorePassword.
                let passwords = try fields.array("passwords", maximumCount: maximumKeystores).map { item throws(SignerError) in
                    KeystorePassword(try JSONRead.string(item.value, item.path))
                }
                let slashingProtection = try fields.optionalValue("slashing_protection").map { value throws(SignerError) in
                    Array(try JSONRead.string(value, "slashing_protection").utf8)
                }
                try fields.finish()
                guard keystores.count == passwords.count else {
                    throw SignerError(.badRequest, "keystores has \(keystores.count) entries but passwords has \(passwords.count)")
                }
                let statuses = await manager.importKeystores(keystores, passwords: passwords, slashingProtection: slashingProtection)
                return SignerServer.json(["data": statuses.map { status -> [String: String] in
                    switch status {
                    case .imported: ["status": "imported"]
                    case .duplicate: ["status": "duplicate"]
                    case .error(let message): ["status": "error", "message": message]
                    }
                }])
            } catch {
                return message(error.reason, status: error.status)
            }
        }
        group.delete { request, _ -> Response in
            if let refused = authorize(request, token: token) { return refused }
            do throws(SignerError) {
                let body = try await SignerServer.collect(request, maximum: maximumBodyBytes)
                var fields = try JSONFields(try JSONValue.parse(body.readableBytesView), path: "")
                let pubkeys: [BLSPubkey] = try fields.array("pubkeys", maximumCount: 100_000).map { item throws(SignerError) in
                    try JSONRead.fixed(item.value, item.path)
                }
                try fields.finish()
                let (statuses, interchange) = try await manager.delete(pubkeys)
                return SignerServer.json([
                    "data": statuses.map { status -> [String: String] in
                        if case .error(let message) = status { return ["status": status.name, "message": message] }
                        return ["status": status.name]
                    },
                    "slashing_protection": String(decoding: interchange, as: UTF8.self),
                ])
            } catch {
                return message(error.reason, status: error.status)
            }
        }
    }

    /// `nil` when the request carries `Authorization: Bearer <token>`; else the 401 response.
    /// The comparison takes the same time wherever the tokens differ.
    static func authorize(_ request: Request, token: SecretBytes) -> Response? {
        guard let header = request.headers[.authorization] else {
            return message("missing Authorization: Bearer token", status: .unauthorized)
        }
        let prefix = "Bearer "
        guard header.count > prefix.count, header.lowercased().hasPrefix(prefix.lowercased()) else {
            return message("the Authorization header must be Bearer <token>", status: .unauthorized)
        }
        let given = SecretBytes(copying: Array(header.utf8.dropFirst(prefix.utf8.count)))
        // The spec's responses: 401 when no token is found, 403 when one is found but is not valid.
        guard given.constantTimeEquals(token) else { return message("the bearer token is not valid", status: .forbidden) }
        return nil
    }

    /// The keymanager API's error body, `{"message": …}`.
    static func message(_ text: String, status: HTTPResponse.Status) -> Response {
        SignerServer.json(["message": text], status: status)
    }
}
