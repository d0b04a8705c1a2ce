/// A reference date (Stichtag) such as 2024-12-31.
public struct Period: Sendable, Hashable, Codable, Comparable {
    /// ISO date YYYY-MM-DD.
    public var date: String

    public init(date: String) { self.date = date }

    /// The usual German reference date for a year: 31 December.
    public init(year: Int) {
        let y = String(year)
        self.date = String(repeating: "0", count: max(0, 4 - y.count)) + y + "-12-31"
    }

    public var year: Int { Int(date.prefix(4)) ?? 0 }

    /// "31.12.2024"
    public var germanDate: String {
        let parts = date.split(separator: "-")
        guard parts.count == 3 else { return date }
        return "\(parts[2]).\(parts[1]).\(parts[0])"
    }

    public static func < (lhs: Period, rhs: Period) -> Bool { lhs.date < rhs.date }

    /// The same day `years` years earlier (29 February becomes 28 February).
    public func earlier(years: Int) -> Period {
        guard years != 0, date.count == 10 else { return self }
        let y = String(year - years)
        var monthDay = String(date.dropFirst(4))
        let padded = String(repeating: "0", count: max(0, 4 - y.count)) + y
        if monthDay == "-02-29", !Period.isValidISODate(padded + monthDay) { monthDay = "-02-28" }
        return Period(date: padded + monthDay)
    }

    /// Validates an ISO date string (YYYY-MM-DD with a real month and day).
    public static func isValidISODate(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 10, u[4] == 45, u[7] == 45 else { return false }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !(u[i] >= 48 && u[i] <= 57) { return false }
        guard let y = Int(s.prefix(4)), let m = Int(s.dropFirst(5).prefix(2)), let d = Int(s.suffix(2)) else { return false }
        guard (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }
}
