import AWSCore
import Foundation

/// Reads the suites' raw HTTP request files into ``SigV4Request``.
///
/// The two suites disagree on one thing only, folded (multi-line) header values: the 2015 AWS suite
/// (`get-header-value-multiline.creq`: `value1,value2,value3`) treats each continuation line as
/// another value of the header, while aws-c-auth (`value1 value2 value3`) folds it into the value
/// with a space as RFC 7230 §3.2.4 says. Both are about parsing the text file; the signer sees a list of fields.
enum SigV4RequestFile {
    enum Folding { case separateValues, space }

    static func parse(_ text: String, folding: Folding) -> SigV4Request {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        var target = String(requestLine.dropFirst(method.count + 1))
        if let r = target.range(of: " HTTP/", options: .backwards) { target = String(target[..<r.lowerBound]) }
        var path = target
        var query = ""
        if let q = target.firstIndex(of: "?") {
            path = String(target[..<q])
            query = String(target[target.index(after: q)...])
        }
        var headers: [SigV4Request.HTTPField] = []
        var bodyLines: [String]?
        for line in lines {
            if var body = bodyLines {
                body.append(line)
                bodyLines = body
            } else if line.isEmpty {
                bodyLines = []
            } else if line.first == " " || line.first == "\t", let last = headers.popLast() {
                let continuation = line.trimmingCharacters(in: .whitespaces)
                switch folding {
                case .separateValues:
                    headers.append(last)
                    headers.append(.init(last.name, continuation))
                case .space:
                    headers.append(.init(last.name, last.value + " " + continuation))
                }
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(.init(String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let body = bodyLines.map { $0.joined(separator: "\n") } ?? ""
        return SigV4Request(method: method, path: path, query: query, headers: headers, payload: .bytes(Array(body.utf8)))
    }
}

/// The credentials every case of both suites uses (published test values, not secrets).
enum SigV4SuiteCredentials {
    static let accessKeyID = "AKIDEXAMPLE"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let stsToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

    static func make(token: String?) throws -> AWSCredentials {
        try AWSCredentials(
            accessKeyID: accessKeyID, secretAccessKey: Array(secretAccessKey.utf8), sessionToken: token.map { Array($0.utf8) })
    }

    /// 2015-08-30T12:36:00Z.
    static let scope = SigV4Scope(region: "us-east-1", service: "service", epochSeconds: 1_440_938_160)
}
