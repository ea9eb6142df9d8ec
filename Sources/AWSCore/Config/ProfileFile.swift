/// The shared `config` and `credentials` files (INI-like), parsed into profiles.
///
/// Format as the AWS CLI reads it (https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html):
/// `[default]`, `[profile NAME]` (config file) or `[NAME]` (credentials file); `key = value`; full-line
/// comments with `#` or `;`; an indented `sub = value` under `key =` is the sub-property `key.sub`.
/// Other section kinds (`[sso-session x]`, `[services x]`) are kept under their full title.
package struct ProfileFile {
    package enum Kind { case config, credentials }

    /// Profile name → property name (lower case) → value.
    package private(set) var profiles: [String: [String: String]] = [:]

    /// Parses `bytes`; `path` only names the file in errors.
    ///
    /// - Throws: ``AWSError/Code/invalidConfiguration`` naming the file and line of a malformed line.
    package init(_ bytes: [UInt8], kind: Kind, path: String) throws(AWSError) {
        let text = String(decoding: bytes, as: UTF8.self)
        var section: String?
        var lastKey: String?
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let indented = rawLine.first == " " || rawLine.first == "\t"
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else {
                    throw AWSError(.invalidConfiguration, "\(path) line \(lineNumber): section header without ']'")
                }
                let title = String(line[line.index(after: line.startIndex)..<close].trimmingWhitespace())
                section = Self.profileName(title, kind: kind)
                lastKey = nil
                if let section, profiles[section] == nil { profiles[section] = [:] }
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                throw AWSError(.invalidConfiguration, "\(path) line \(lineNumber): expected 'name = value'")
            }
            guard let current = section else {
                throw AWSError(.invalidConfiguration, "\(path) line \(lineNumber): property outside a [section]")
            }
            let key = String(line[..<eq].trimmingWhitespace()).lowercased()
            let value = String(line[line.index(after: eq)...].trimmingWhitespace())
            guard !key.isEmpty else { throw AWSError(.invalidConfiguration, "\(path) line \(lineNumber): empty property name") }
            if indented, let parent = lastKey {
                profiles[current]?["\(parent).\(key)"] = value
            } else {
                profiles[current]?[key] = value
                lastKey = value.isEmpty ? key : nil
            }
        }
    }

    /// `default` and `profile NAME` name profiles in the config file; any title does in credentials.
    private static func profileName(_ title: String, kind: Kind) -> String? {
        switch kind {
        case .credentials: return title
        case .config:
            if title == "default" { return "default" }
            if title.hasPrefix("profile ") { return String(title.dropFirst(8).trimmingWhitespace()) }
            return "#" + title  // sso-session, services: not profiles
        }
    }
}

extension StringProtocol {
    /// Drops leading and trailing spaces, tabs and carriage returns.
    func trimmingWhitespace() -> SubSequence {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
