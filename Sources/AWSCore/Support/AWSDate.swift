/// UTC timestamps in the two forms AWS uses, without Foundation's formatters.
///
/// SigV4 writes `yyyyMMdd'T'HHmmss'Z'` (and the `yyyyMMdd` date stamp); credential documents
/// (`Expiration`) and IMDS write ISO-8601 / RFC 3339 such as `2015-08-30T12:36:00Z` or with
/// fractional seconds or a numeric offset.
package enum AWSDate {
    /// `yyyyMMdd'T'HHmmss'Z'` for whole seconds since 1970-01-01T00:00:00Z.
    package static func amzDate(epochSeconds: Int64) -> String {
        let (y, m, d, hh, mm, ss) = civil(epochSeconds)
        return pad(y, 4) + pad(m, 2) + pad(d, 2) + "T" + pad(hh, 2) + pad(mm, 2) + pad(ss, 2) + "Z"
    }

    /// `yyyy-MM-dd'T'HH:mm:ss'Z'`.
    package static func iso8601(epochSeconds: Int64) -> String {
        let (y, m, d, hh, mm, ss) = civil(epochSeconds)
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(hh, 2) + ":" + pad(mm, 2) + ":"
            + pad(ss, 2) + "Z"
    }

    /// Parses RFC 3339 (`2015-08-30T12:36:00Z`, `…00.123Z`, `…00+02:00`) into whole epoch seconds.
    ///
    /// - Returns: `nil` when the text is not of that form.
    package static func parseISO8601(_ text: String) -> Int64? {
        let u = Array(text.utf8)
        func num(_ at: Int, _ len: Int) -> Int64? {
            guard at + len <= u.count else { return nil }
            var v: Int64 = 0
            for c in u[at..<at + len] {
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int64(c - 48)
            }
            return v
        }
        guard u.count >= 20, u[4] == 45, u[7] == 45, u[10] == 84 || u[10] == 116, u[13] == 58, u[16] == 58,
            let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
            let s = num(17, 2), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
        else { return nil }
        var i = 19
        if i < u.count, u[i] == 46 {  // fractional seconds, ignored
            i += 1
            let start = i
            while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
            guard i > start else { return nil }
        }
        guard i < u.count else { return nil }
        var offset: Int64 = 0
        if u[i] == 90 || u[i] == 122 {
            i += 1
        } else if u[i] == 43 || u[i] == 45, let oh = num(i + 1, 2), i + 3 < u.count, u[i + 3] == 58,
            let om = num(i + 4, 2)
        {
            offset = (oh * 3600 + om * 60) * (u[i] == 43 ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == u.count else { return nil }
        return daysFromCivil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The inverse of ``daysFromCivil`` plus the time of day (Hinnant's `civil_from_days`).
    private static func civil(_ t: Int64) -> (Int64, Int64, Int64, Int64, Int64, Int64) {
        var days = t / 86_400
        var rem = t % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d, rem / 3600, rem % 3600 / 60, rem % 60)
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
}
