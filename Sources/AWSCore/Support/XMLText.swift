/// Element text from the small, flat XML documents of AWS's Query protocol (STS responses and
/// error bodies), without a general XML parser (Foundation's needs libxml2, which the static
/// Lambda build does not carry).
///
/// Enough for `<Name>text</Name>` as AWS writes it: no CDATA, no namespace prefixes; a start tag
/// may carry attributes. Never traps on malformed input: what does not match gives `nil`.
package enum XMLText {
    /// The raw content of the first element `name` inside `text`, between its start tag and the
    /// next `</name>`; `""` for `<name/>`.
    package static func element(_ name: String, in text: Substring) -> Substring? {
        let open = Array("<\(name)".utf8)
        let close = Array("</\(name)>".utf8)
        let u = text.utf8
        var i = u.startIndex
        while let start = find(open, in: u, from: i) {
            let afterName = u.index(start, offsetBy: open.count)
            guard afterName < u.endIndex else { return nil }
            let next = u[afterName]
            // `<NameSuffix>` is another element: keep looking.
            guard next == UInt8(ascii: ">") || next == UInt8(ascii: "/") || next == UInt8(ascii: " ")
                || next == UInt8(ascii: "\t") || next == UInt8(ascii: "\n") || next == UInt8(ascii: "\r")
            else {
                i = afterName
                continue
            }
            guard let gt = u[afterName...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
            if gt > afterName, u[u.index(before: gt)] == UInt8(ascii: "/") { return text[gt..<gt] }
            let contentStart = u.index(after: gt)
            guard let end = find(close, in: u, from: contentStart) else { return nil }
            return text[contentStart..<end]
        }
        return nil
    }

    /// The decoded text of element `path[0]`, then `path[1]` inside it, and so on; `nil` when one
    /// is missing or the text holds a malformed entity.
    package static func text(_ path: [String], in document: some StringProtocol) -> String? {
        var scope = Substring(document)
        for name in path {
            guard let inner = element(name, in: scope) else { return nil }
            scope = inner
        }
        return decode(scope)
    }

    /// Replaces `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and `&#NN;` / `&#xHH;` references.
    ///
    /// - Returns: `nil` for an unknown or unterminated entity or a reference outside Unicode.
    package static func decode(_ raw: Substring) -> String? {
        guard raw.contains("&") else { return String(raw) }
        var out = ""
        var rest = raw[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].prefix(12).firstIndex(of: ";") else { return nil }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "lt": out += "<"
            case "gt": out += ">"
            case "amp": out += "&"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                guard entity.hasPrefix("#") else { return nil }
                let digits = entity.dropFirst()
                let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                guard let value, let scalar = Unicode.Scalar(value) else { return nil }
                out.unicodeScalars.append(scalar)
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    private static func find(_ needle: [UInt8], in haystack: Substring.UTF8View, from start: Substring.UTF8View.Index) -> Substring.UTF8View.Index? {
        guard let first = needle.first else { return nil }
        var i = start
        while let candidate = haystack[i...].firstIndex(of: first) {
            if haystack[candidate...].starts(with: needle) { return candidate }
            i = haystack.index(after: candidate)
        }
        return nil
    }
}
