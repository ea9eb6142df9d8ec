import AWSClients
import AWSCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ValidatorFunction {
    /// How long one GET to the signer may take: well inside the template's 30 s function timeout.
    static let signerTimeoutSeconds = 10.0
    /// The largest answer read from the signer (a public key list of 10 000 keys is about 1 MB).
    static let signerMaxResponseBytes = 4 << 20

    /// `web3signer_status`: `GET /upcheck`; the answer's text as a JSON string.
    func signerStatus() async throws(LambdaFunctionsError) -> [UInt8] {
        let body = try await signerGET("/upcheck")
        return try Self.json(String(decoding: body.prefix(1024), as: UTF8.self))
    }

    /// `web3signer_public_keys`: `GET /api/v1/eth2/publicKeys`; the list, checked to be one of
    /// 0x-prefixed 48-byte hex keys, re-encoded.
    func signerPublicKeys() async throws(LambdaFunctionsError) -> [UInt8] {
        let body = try await signerGET("/api/v1/eth2/publicKeys")
        guard let keys = try? JSONDecoder().decode([String].self, from: Data(body)) else {
            throw LambdaFunctionsError(.signerFailure, "the signer's /api/v1/eth2/publicKeys answer is not a JSON list of strings")
        }
        guard keys.allSatisfy({ $0.count == 98 && $0.hasPrefix("0x") && $0.dropFirst(2).allSatisfy(\.isHexDigit) }) else {
            throw LambdaFunctionsError(.signerFailure, "the signer's /api/v1/eth2/publicKeys answer has an entry that is not a 0x-hex BLS public key")
        }
        return try Self.json(keys)
    }

    /// GETs `path` from the signer over TLS pinned to the certificate in the TLS table.
    ///
    /// - Returns: the body of a 200 answer.
    /// - Throws: ``LambdaFunctionsError/Code/signerFailure`` when no certificate has been set, the
    ///   signer cannot be reached, its certificate is not the pinned one, or it answers another
    ///   status; ``LambdaFunctionsError/Code/serviceFailure`` when DynamoDB fails.
    private func signerGET(_ path: String) async throws(LambdaFunctionsError) -> [UInt8] {
        let item: DynamoDBItem?
        do throws(AWSError) {
            item = try await ddb.getItem(table: table, key: TLSKeyRow.key)
        } catch {
            throw LambdaFunctionsError(.serviceFailure, "reading the signer's certificate from \(table) failed: \(error.reason)", awsCode: error.awsCode)
        }
        guard let item else {
            throw LambdaFunctionsError(.signerFailure, "no TLS certificate for the signer in \(table): run set_tls_key first")
        }
        let row = try TLSKeyRow(item: item)
        let pinned: AHCTransport
        do throws(AWSError) {
            pinned = try AHCTransport(maxResponseBytes: Self.signerMaxResponseBytes, trustingOnly: Array(row.certificatePEM.utf8))
        } catch {
            throw LambdaFunctionsError(.serviceFailure, "the TLS table's certificate cannot be read: \(error.reason)")
        }
        let request = AWSHTTPRequest(method: "GET", origin: endpoint.origin, path: path, headers: [.init("Accept", "application/json, text/plain")])
        let response: AWSHTTPResponse
        do throws(AWSError) {
            response = try await pinned.send(request, timeoutSeconds: Self.signerTimeoutSeconds)
        } catch {
            try? await pinned.shutdown()
            throw LambdaFunctionsError(
                .signerFailure, "GET \(path) on the signer at \(endpoint.origin) (TLS pinned to the certificate set_tls_key made) failed: \(error.reason)")
        }
        try? await pinned.shutdown()
        guard response.status == 200 else {
            let text = String(decoding: response.body.prefix(200), as: UTF8.self)
            throw LambdaFunctionsError(.signerFailure, "GET \(path) on the signer at \(endpoint.origin): HTTP \(response.status) \(text)")
        }
        return response.body
    }
}
