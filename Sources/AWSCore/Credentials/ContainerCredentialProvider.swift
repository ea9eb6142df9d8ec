import Secrets
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// ECS and EKS Pod Identity container credentials.
///
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is fetched from `http://169.254.170.2`;
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` is used as given when it is HTTPS, loopback, or one of the
/// container hosts (169.254.170.2, 169.254.170.23, fd00:ec2::23). The `Authorization` header comes
/// from the file `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on every fetch, as it rotates) or
/// from `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
/// See https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html
package struct ContainerCredentialProvider: AWSCredentialProvider {
    let environment: AWSEnvironment
    let transport: any AWSHTTPTransport
    package var name: String { "container" }

    package init(environment: AWSEnvironment, transport: any AWSHTTPTransport) {
        self.environment = environment
        self.transport = transport
    }

    package func load() async throws(AWSError) -> AWSCredentials? {
        let origin: String
        let pathAndQuery: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            guard relative.hasPrefix("/") else {
                throw AWSError(.invalidConfiguration, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must start with '/'")
            }
            (origin, pathAndQuery) = ("http://169.254.170.2", relative)
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
            (origin, pathAndQuery) = try Self.split(full)
            try Self.checkAllowedHost(origin)
        } else {
            return nil
        }
        var request = AWSHTTPRequest(method: "GET", origin: origin)
        if let q = pathAndQuery.firstIndex(of: "?") {
            request.path = String(pathAndQuery[..<q])
            request.query = String(pathAndQuery[pathAndQuery.index(after: q)...])
        } else {
            request.path = pathAndQuery.isEmpty ? "/" : pathAndQuery
        }
        if let token = try authorizationToken() {
            guard !token.utf8.contains(where: { $0 == 10 || $0 == 13 }) else {
                throw AWSError(.invalidConfiguration, "the container authorization token contains a line break")
            }
            request.headers.append(.init("Authorization", token))
        }
        let response = try await transport.send(request, timeoutSeconds: 5)
        guard response.status == 200 else {
            throw AWSError(.invalidResponse, "container credentials endpoint answered HTTP \(response.status)", httpStatus: response.status)
        }
        return try CredentialsDocument.credentials(from: response.body, source: "the container credentials endpoint")
    }

    private func authorizationToken() throws(AWSError) -> String? {
        if let path = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            guard var bytes = try AWSEnvironment.readFile(path) else {
                throw AWSError(.invalidConfiguration, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE names \(path), which does not exist")
            }
            defer { bytes.wipe() }
            return String(String(decoding: bytes, as: UTF8.self).trimmingWhitespace().filter { $0 != "\n" })
        }
        return environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
    }

    /// Splits `scheme://authority/path?query` into origin and the rest.
    static func split(_ url: String) throws(AWSError) -> (String, String) {
        guard let schemeEnd = url.firstRange(of: "://") else {
            throw AWSError(.invalidConfiguration, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not an absolute URL")
        }
        let afterScheme = url[schemeEnd.upperBound...]
        let slash = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        let origin = try AWSConfiguration.validatedOrigin(String(url[..<slash]), source: "AWS_CONTAINER_CREDENTIALS_FULL_URI")
        return (origin, String(url[slash...]))
    }

    /// HTTPS anywhere; plain HTTP only to loopback or the container credential hosts.
    static func checkAllowedHost(_ origin: String) throws(AWSError) {
        if origin.hasPrefix("https://") { return }
        var host = String(origin.dropFirst("http://".count))
        if host.hasPrefix("[") {
            host = String(host.dropFirst().prefix { $0 != "]" })
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        let allowed = host == "localhost" || host == "::1" || host.hasPrefix("127.") || host == "169.254.170.2"
            || host == "169.254.170.23" || host.lowercased() == "fd00:ec2::23"
        guard allowed else {
            throw AWSError(
                .invalidConfiguration,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI over plain HTTP must point to loopback or a container credentials host, not \(host)")
        }
    }
}
