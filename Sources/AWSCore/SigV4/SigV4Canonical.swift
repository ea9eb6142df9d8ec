/// The canonical-request pieces of SigV4: URI encoding, path normalisation, the canonical query
/// string and the canonical headers.
///
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html#create-canonical-request
enum SigV4Canonical {
    /// RFC 3986 unreserved characters, which SigV4's `UriEncode` never encodes.
    static func isUnreserved(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// SigV4 `UriEncode`: every byte but the unreserved ones as `%XX` (upper-case hex).
    ///
    /// - Parameters:
    ///   - keepSlash: leave `/` as is (paths).
    ///   - keepPercent: leave `%` as is (a path that is already encoded, signed unchanged).
    static func uriEncode(_ text: some StringProtocol, keepSlash: Bool = false, keepPercent: Bool = false) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        for c in text.utf8 {
            if isUnreserved(c) || (keepSlash && c == UInt8(ascii: "/")) || (keepPercent && c == UInt8(ascii: "%")) {
                out.append(c)
            } else {
                out.append(contentsOf: [UInt8(ascii: "%"), hex[Int(c >> 4)], hex[Int(c & 15)]])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes; a `%` not followed by two hex digits is kept literally, and `+` stays `+`.
    static func percentDecode(_ text: some StringProtocol) -> String {
        let u = Array(text.utf8)
        var out = [UInt8]()
        out.reserveCapacity(u.count)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%"), i + 2 < u.count, let hi = hexValue(u[i + 1]), let lo = hexValue(u[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(u[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// RFC 3986 §5.2.4 `remove_dot_segments`, also collapsing empty segments (`//`), as SigV4
    /// normalisation does. A trailing `/` is kept.
    static func normalizePath(_ path: String) -> String {
        var output: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !output.isEmpty { output.removeLast() }
            default: output.append(segment)
            }
        }
        var result = "/" + output.joined(separator: "/")
        let last = path.split(separator: "/", omittingEmptySubsequences: true).last
        if !output.isEmpty, path.hasSuffix("/") || last == "." || last == ".." { result += "/" }
        return result
    }

    /// The canonical URI (line 2 of the canonical request).
    static func canonicalURI(_ path: String, options: SigV4Options) -> String {
        let base = path.isEmpty ? "/" : path
        let normalized = options.normalizePath ? normalizePath(base) : base
        return options.encodePath
            ? uriEncode(normalized, keepSlash: true)
            : uriEncode(normalized, keepSlash: true, keepPercent: true)
    }

    /// Splits a raw query into decoded (name, value) pairs; `name` without `=` has an empty value.
    static func queryPairs(_ rawQuery: String) -> [(String, String)] {
        rawQuery.split(separator: "&", omittingEmptySubsequences: true).map { item in
            if let eq = item.firstIndex(of: "=") {
                (percentDecode(item[..<eq]), percentDecode(item[item.index(after: eq)...]))
            } else {
                (percentDecode(item), "")
            }
        }
    }

    /// The canonical query string (line 3): every pair encoded, sorted by name then value.
    static func canonicalQuery(_ pairs: [(String, String)]) -> String {
        pairs.map { (uriEncode($0.0), uriEncode($0.1)) }
            .sorted { $0.0 == $1.0 ? Array($0.1.utf8).lexicographicallyPrecedes($1.1.utf8) : Array($0.0.utf8).lexicographicallyPrecedes($1.0.utf8) }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Header names that SDKs never sign, because proxies may change them.
    static let unsignedHeaders: Set<String> = ["authorization", "user-agent", "x-amzn-trace-id", "connection", "expect", "transfer-encoding"]

    /// Canonical headers (`name:value\n` per name, sorted) and the `SignedHeaders` list.
    ///
    /// Values are trimmed and runs of spaces collapsed to one; repeated names are joined with `,`
    /// in order.
    /// - Throws: ``AWSError/Code/invalidRequest`` when a name is empty or a value holds CR or LF.
    static func canonicalHeaders(_ fields: [SigV4Request.HTTPField]) throws(AWSError) -> (canonical: String, signed: String) {
        var values: [String: [String]] = [:]
        for field in fields {
            let name = field.name.lowercased()
            guard !name.isEmpty, !name.utf8.contains(where: { $0 <= 32 || $0 == UInt8(ascii: ":") || $0 >= 127 }) else {
                throw AWSError(.invalidRequest, "header name '\(field.name)' is not a valid HTTP field name")
            }
            guard !field.value.utf8.contains(where: { $0 == 10 || $0 == 13 }) else {
                throw AWSError(.invalidRequest, "header '\(field.name)' contains a line break")
            }
            if unsignedHeaders.contains(name) { continue }
            values[name, default: []].append(trimAll(field.value))
        }
        let sorted = values.sorted { Array($0.key.utf8).lexicographicallyPrecedes($1.key.utf8) }
        let canonical = sorted.map { "\($0.key):\($0.value.joined(separator: ","))\n" }.joined()
        return (canonical, sorted.map(\.key).joined(separator: ";"))
    }

    /// SigV4 `Trimall`: strip leading and trailing spaces and tabs, collapse inner runs to one space.
    static func trimAll(_ value: String) -> String {
        var out = [UInt8]()
        var pendingSpace = false
        for c in value.utf8 {
            if c == 32 || c == 9 {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(32) }
                pendingSpace = false
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
