/// RFC 9110 `IMF-fixdate` (`Sun, 30 Aug 2015 12:36:00 GMT`), the form of the HTTP `Date` header,
/// read to correct clock skew.
package enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Seconds since 1970, or `nil` when `text` is not an IMF-fixdate.
    package static func parse(_ text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let monthIndex = months.firstIndex(of: String(parts[2])),
            let year = Int(parts[3])
        else { return nil }
        let time = parts[4].split(separator: ":")
        guard time.count == 3 else { return nil }
        let iso = pad4(year) + "-" + two(monthIndex + 1) + "-" + two(day) + "T" + time.joined(separator: ":") + "Z"
        return AWSDate.parseISO8601(iso)
    }

    private static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    private static func pad4(_ v: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }
}
