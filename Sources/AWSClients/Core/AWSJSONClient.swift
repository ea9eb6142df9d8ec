package import AWSCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One AWS service spoken over the JSON protocol (`application/x-amz-json-1.0|1.1`, operation in
/// `X-Amz-Target`), with SigV4 and the retry policy.
///
/// The retry loop is the thin executor around ``RetryPolicy``: sign (at the skew-corrected time),
/// send with the per-attempt limit, classify, then sleep on the injected clock or stop.
package struct AWSJSONClient: Sendable {
    package let context: AWSContext
    package let service: AWSConfiguration.Service
    /// `scheme://host[:port]`.
    package let origin: String
    let targetPrefix: String
    let jsonVersion: String

    /// - Throws: ``AWSError/Code/invalidConfiguration`` when no endpoint or region can be resolved.
    package init(context: AWSContext, service: AWSConfiguration.Service, targetPrefix: String, jsonVersion: String) throws(AWSError) {
        self.context = context
        self.service = service
        self.origin = try context.configuration.endpoint(for: service)
        self.targetPrefix = targetPrefix
        self.jsonVersion = jsonVersion
    }

    /// Calls `operation` with `input` encoded as JSON and decodes the output.
    package func call<Input: Encodable, Output: Decodable>(
        _ operation: String, _ input: Input, as output: Output.Type = Output.self
    ) async throws(AWSError) -> Output {
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(input))
        } catch {
            throw AWSError(.invalidRequest, "\(operation): the request could not be encoded")
        }
        let response = try await send(operation, body: body)
        do {
            return try JSONDecoder().decode(Output.self, from: Data(response.isEmpty ? Array("{}".utf8) : response))
        } catch {
            throw AWSError(.invalidResponse, "\(operation): the response is not the documented JSON (\(Self.describe(error)))")
        }
    }

    /// Sends a raw JSON body, retrying as the policy says; returns the 2xx body.
    package func send(_ operation: String, body: [UInt8]) async throws(AWSError) -> [UInt8] {
        let policy = context.retryPolicy
        let region = try context.configuration.requireRegion()
        let host = String(origin.drop { $0 != "/" }.dropFirst(2))
        let start = context.clock.now()
        var attempt = 0
        while true {
            attempt += 1
            guard let credentials = try await context.credentials.load() else {
                throw AWSError(.credentialsNotFound, "\(operation): no AWS credentials found; tried: \(context.credentials.name)")
            }
            let unsigned = SigV4Request(
                method: "POST", path: "/",
                headers: [
                    .init("Host", host), .init("Content-Type", "application/x-amz-json-\(jsonVersion)"),
                    .init("X-Amz-Target", "\(targetPrefix).\(operation)"),
                ], payload: .bytes(body))
            let scope = SigV4Scope(region: region, service: service.signingName, epochSeconds: context.signingTime())
            let signed = try SigV4.signHeaders(unsigned, credentials: credentials, scope: scope)
            let request = AWSHTTPRequest(method: "POST", origin: origin, path: "/", headers: signed.request.headers, body: body)
            let failure: AWSError
            var serverDate: Int64?
            let remaining = policy.totalTimeout - (context.clock.now() - start)
            do throws(AWSError) {
                guard remaining > 0 else { throw AWSError(.timeout, "\(operation): the overall time limit ran out") }
                let response = try await context.transport.send(request, timeoutSeconds: min(policy.attemptTimeout, remaining))
                if (200..<300).contains(response.status) { return response.body }
                serverDate = response.header("Date").flatMap(HTTPDate.parse)
                failure = AWSErrorResponse.error(operation: operation, response: response, credentials: credentials)
            } catch {
                failure = error
            }
            if RetryPolicy.isClockSkew(failure), let serverDate {
                context.skew.set(Double(serverDate) - context.clock.now())
            }
            if failure.code == .service, failure.httpStatus == 403, failure.awsCode == "ExpiredTokenException",
                let refreshing = context.credentials as? RefreshingCredentialProvider
            {
                await refreshing.invalidate()
            }
            switch policy.decide(attempt: attempt, error: failure, elapsed: context.clock.now() - start, random: context.random()) {
            case .retry(let delay):
                do { try await context.clock.sleep(seconds: delay) } catch {
                    throw AWSError(.timeout, "\(operation): cancelled while waiting to retry")
                }
            case .giveUp(exhausted: true):
                throw AWSError(
                    .retriesExhausted, "\(operation) failed after \(attempt) attempt(s): \(failure.reason)", awsCode: failure.awsCode,
                    httpStatus: failure.httpStatus, requestID: failure.requestID)
            case .giveUp(exhausted: false):
                throw failure
            }
        }
    }

    /// A decoding error in words, naming the field but never a value.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "malformed JSON" }
        switch error {
        case .keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            return "bad field \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default: return "malformed JSON"
        }
    }
}
