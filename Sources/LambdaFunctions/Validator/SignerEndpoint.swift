/// Where the validator signer answers: the load balancer's `https://host[:port]` from `SIGNER_URL`.
///
/// The host is what the signer's certificate is made for (``SignerTLSIdentity``) and what the
/// TLS connection checks it against: a DNS name (the load balancer's, or an alias of it) or an
/// IPv4 address.
package struct SignerEndpoint: Sendable, Equatable {
    /// The host name or IPv4 address, lower case.
    package let host: String
    /// The TCP port (443 when the URL has none).
    package let port: Int

    /// `https://host:port`, the origin every request goes to.
    package var origin: String { "https://\(host):\(port)" }

    /// The host's four bytes when it is an IPv4 address (the certificate then names it as an IP address).
    package var ipv4: [UInt8]? { Self.ipv4(host) }

    /// Parses `SIGNER_URL`.
    ///
    /// - Throws: ``LambdaFunctionsError/Code/invalidConfiguration`` naming what is wrong: not
    ///   `https`, a path, query or user part, a bad host or port.
    package init(url text: String) throws(LambdaFunctionsError) {
        func refuse(_ reason: String) -> LambdaFunctionsError {
            LambdaFunctionsError(.invalidConfiguration, "SIGNER_URL \"\(text.prefix(128))\": \(reason)")
        }
        guard text.lowercased().hasPrefix("https://") else { throw refuse("must be https://<load balancer host>[:port]") }
        var authority = Substring(text.dropFirst("https://".count))
        if authority.hasSuffix("/") { authority.removeLast() }
        guard !authority.contains(where: { "/?#@".contains($0) }) else { throw refuse("must have no path, query or user part") }
        var port = 443
        if let colon = authority.lastIndex(of: ":") {
            guard let value = Int(authority[authority.index(after: colon)...]), (1...65535).contains(value) else {
                throw refuse("the port must be 1 to 65535")
            }
            port = value
            authority = authority[..<colon]
        }
        let host = authority.lowercased()
        guard Self.ipv4(host) != nil || Self.isDNSName(host) else {
            throw refuse("the host must be a DNS name or an IPv4 address")
        }
        self.host = host
        self.port = port
    }

    /// RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens, 1–63
    /// characters each, 253 in all, not all digits (that would be an address).
    static func isDNSName(_ name: String) -> Bool {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...253).contains(name.count), !labels.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// Dotted-quad IPv4, each part 0–255 without leading zeros.
    static func ipv4(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), part.count == 1 || part.first != "0",
                  let value = UInt8(part) else { return nil }
            bytes.append(value)
        }
        return bytes
    }
}
