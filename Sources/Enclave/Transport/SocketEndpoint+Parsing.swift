extension SocketEndpoint {
    /// Reads an endpoint from its string form (see ``SocketEndpoint``): `tcp://HOST:PORT`,
    /// `vsock://CID:PORT` or `unix:///PATH`.
    ///
    /// Strict: the scheme is lower case; no user, path, query or fragment on `tcp` and `vsock`;
    /// numbers are plain decimal; no whitespace or control characters anywhere. Nothing is
    /// resolved or opened: a host name is checked for its characters only.
    ///
    /// - Parameter text: the endpoint, at most ``maximumTextByteCount`` bytes of UTF-8.
    /// - Throws: ``EnclaveError/Code/invalidEndpoint``, naming the part that is wrong and quoting
    ///   (the start of) the input.
    package init(parsing text: String) throws(EnclaveError) {
        let utf8 = Array(text.utf8)
        guard utf8.count <= Self.maximumTextByteCount else {
            throw Self.invalid(text, "is \(utf8.count) bytes long; at most \(Self.maximumTextByteCount) are allowed")
        }
        guard !utf8.isEmpty else { throw Self.invalid(text, "is empty; expected \(Self.forms)") }
        guard !utf8.contains(where: { $0 <= 0x20 || $0 == 0x7f }) else {
            throw Self.invalid(text, "contains whitespace or a control character")
        }
        let marker = Array("://".utf8)
        guard let start = (0..<max(0, utf8.count - marker.count + 1)).first(where: { utf8[$0..<$0 + marker.count].elementsEqual(marker) }) else {
            throw Self.invalid(text, "has no scheme; expected \(Self.forms)")
        }
        let scheme = String(decoding: utf8[..<start], as: UTF8.self)
        let rest = String(decoding: utf8[(start + marker.count)...], as: UTF8.self)
        switch scheme {
        case "tcp": self = try Self.parseTCP(rest, text)
        case "vsock": self = try Self.parseVsock(rest, text)
        case "unix": self = try Self.parseUnix(rest, text)
        default: throw Self.invalid(text, "has the unknown scheme \"\(Self.quoted(scheme))\"; expected \(Self.forms)")
        }
    }

    private static let forms = "tcp://HOST:PORT, vsock://CID:PORT or unix:///PATH"

    /// `HOST:PORT` or `[IPV6]:PORT`.
    private static func parseTCP(_ rest: String, _ text: String) throws(EnclaveError) -> SocketEndpoint {
        let host: Substring, portText: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw invalid(text, "opens an IPv6 address with [ but never closes it") }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            guard after.hasPrefix(":") else { throw invalid(text, "has no :PORT after the bracketed IPv6 address") }
            portText = after.dropFirst()
            guard host.contains(":"), host.utf8.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else {
                throw invalid(text, "has \"\(quoted(host))\" in brackets, which is not an IPv6 address")
            }
        } else {
            guard let colon = rest.lastIndex(of: ":") else { throw invalid(text, "has no :PORT after the host") }
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
            guard !host.contains(":") else { throw invalid(text, "has an IPv6 address without brackets; write tcp://[ADDRESS]:PORT") }
            guard !host.isEmpty else { throw invalid(text, "has no host before :PORT") }
            guard host.utf8.count <= 253 else { throw invalid(text, "has a host name longer than 253 bytes") }
            guard host.utf8.allSatisfy({ isHostCharacter($0) }) else {
                throw invalid(text, "has \"\(quoted(host))\" as host, which is not a host name or address (letters, digits, '.', '-', '_')")
            }
        }
        guard let port = decimal(portText, maximum: 65535) else {
            throw invalid(text, "has \"\(quoted(portText))\" as TCP port; expected a decimal number from 0 to 65535")
        }
        return .tcp(host: String(host), port: Int(port))
    }

    /// `CID:PORT`, each decimal or a name.
    private static func parseVsock(_ rest: String, _ text: String) throws(EnclaveError) -> SocketEndpoint {
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw invalid(text, parts.count < 2 ? "has no :PORT after the CID" : "has more than one ':'; expected vsock://CID:PORT")
        }
        let named = VsockCID.names.first { $0.name == parts[0] }?.value
        guard let cid = named ?? decimal(parts[0], maximum: UInt32.max) else {
            throw invalid(text, "has \"\(quoted(parts[0]))\" as vsock CID; expected a decimal number from 0 to 4294967295, any, local, host or parent")
        }
        guard let port = parts[1] == "any" ? vsockPortAny : decimal(parts[1], maximum: UInt32.max) else {
            throw invalid(text, "has \"\(quoted(parts[1]))\" as vsock port; expected a decimal number from 0 to 4294967295 or any")
        }
        return .vsock(cid: cid, port: port)
    }

    /// `/PATH` (the third slash of `unix:///PATH` starts the path).
    private static func parseUnix(_ rest: String, _ text: String) throws(EnclaveError) -> SocketEndpoint {
        guard !rest.isEmpty else { throw invalid(text, "has no path; expected unix:///PATH") }
        guard rest.hasPrefix("/") else { throw invalid(text, "has a relative path; expected an absolute one, unix:///PATH (three slashes)") }
        guard rest.utf8.count <= maximumUnixPathByteCount else {
            throw invalid(text, "has a \(rest.utf8.count)-byte path; a Unix socket path is at most \(maximumUnixPathByteCount) bytes")
        }
        guard !rest.hasSuffix("/") else { throw invalid(text, "has a path that ends in '/', which names a directory, not a socket") }
        return .unix(path: rest)
    }

    /// A plain decimal number (no sign, at most 10 digits) no larger than `maximum`, or nil.
    private static func decimal(_ text: Substring, maximum: UInt32) -> UInt32? {
        guard (1...10).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        guard let value = UInt64(text), value <= UInt64(maximum) else { return nil }
        return UInt32(value)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }

    private static func isHostCharacter(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    /// At most 64 characters of `text`, anything outside printable ASCII shown as `?`.
    private static func quoted(_ text: some StringProtocol) -> String {
        let shown = text.unicodeScalars.prefix(64).map { $0.value >= 0x20 && $0.value < 0x7f ? Character($0) : "?" }
        return String(shown) + (text.unicodeScalars.count > 64 ? "…" : "")
    }

    private static func invalid(_ text: String, _ problem: String) -> EnclaveError {
        EnclaveError(.invalidEndpoint, "endpoint \"\(quoted(text))\" \(problem)")
    }
}
