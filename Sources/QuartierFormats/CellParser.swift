/// What a table cell holds: a number, an official symbol, or nothing.
public enum ParsedCell: Sendable, Equatable {
    case number(Double)
    /// An official symbol with the status it stands for; `-` carries the value 0.
    case symbol(String, ValueStatusCode, Double?)
    case empty
    case invalid
}

/// ValueStatus raw values, to keep this file free of Core types on the hot path.
public typealias ValueStatusCode = Int

/// Parses numbers the German way (or the English way) from bytes, and the official symbols.
public enum CellParser {
    public enum DecimalMark: Sendable { case comma, point }

    public static let expectedNumber = "eine Zahl (z. B. 1.234,5 oder 12) oder ein amtliches Zeichen (-, ., *, x, ..., /)"

    /// Official table symbols (Destatis, BA): `-` zero; `.` unknown or secret; `*` suppressed (BA);
    /// `/` too uncertain; `x` not meaningful; `...` not yet available.
    public static func symbol(_ b: UnsafeBufferPointer<UInt8>) -> ParsedCell? {
        switch b.count {
        case 1:
            switch b[0] {
            case 45: return .symbol("-", 0, 0)
            case 46: return .symbol(".", 1, nil)
            case 42: return .symbol("*", 1, nil)
            case 47: return .symbol("/", 1, nil)
            case 120, 88: return .symbol("x", 2, nil)
            default: return nil
            }
        case 3:
            if b[0] == 46 && b[1] == 46 && b[2] == 46 { return .symbol("...", 2, nil) }
            if b[0] == 0xE2 && b[1] == 0x80 && b[2] == 0xA6 { return .symbol("...", 2, nil) }   // …
            if b[0] == 0xE2 && b[1] == 0x80 && b[2] == 0x93 { return .symbol("-", 0, 0) }      // – en dash
            return nil
        default: return nil
        }
    }

    private static let pow10: [Double] = (0...22).map { e in var v = 1.0; for _ in 0..<e { v *= 10 }; return v }

    /// Parses one trimmed cell. With a decimal comma, `.`, space and no-break space are
    /// thousands separators and must group three digits; with a decimal point, `,` is.
    public static func parse(_ b: UnsafeBufferPointer<UInt8>, decimal: DecimalMark) -> ParsedCell {
        if b.isEmpty { return .empty }
        if let s = symbol(b) { return s }
        let dec: UInt8 = decimal == .comma ? 44 : 46
        let grp: UInt8 = decimal == .comma ? 46 : 44
        var i = 0
        let n = b.count
        var negative = false
        if b[0] == 45 || b[0] == 43 { negative = b[0] == 45; i = 1 }
        else if n >= 3, b[0] == 0xE2, b[1] == 0x88, b[2] == 0x92 { negative = true; i = 3 }  // − minus sign
        // Published tables set the sign apart: "-  23".
        if i > 0 {
            while i < n {
                if b[i] == 32 { i += 1 } else if b[i] == 0xC2, i + 1 < n, b[i + 1] == 0xA0 { i += 2 } else { break }
            }
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fracDigits = 0
        var sawDecimal = false
        var groupLen = -1          // digits since the last group separator; -1 = none seen
        var intDigits = 0
        var sawGroup = false
        while i < n {
            let c = b[i]
            if c >= 48 && c <= 57 {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(c - 48) }
                digits += 1
                if sawDecimal { if digits <= 19 { fracDigits += 1 } } else { intDigits += 1; if groupLen >= 0 { groupLen += 1 } }
                i += 1
                continue
            }
            if c == dec && !sawDecimal {
                if sawGroup && groupLen != 3 { return .invalid }
                sawDecimal = true
                i += 1
                continue
            }
            var sepLen = 0
            if !sawDecimal {
                if c == grp || c == 32 || c == 39 { sepLen = 1 }                                 // . or , / space / '
                else if c == 0xC2, i + 1 < n, b[i + 1] == 0xA0 { sepLen = 2 }                   // no-break space
                else if c == 0xE2, i + 2 < n, b[i + 1] == 0x80, b[i + 2] == 0xAF { sepLen = 3 } // narrow nbsp
            }
            if sepLen > 0 {
                if intDigits == 0 || (sawGroup && groupLen != 3) || (!sawGroup && intDigits > 3) { return .invalid }
                // "0.123" is no thousands grouping: a group never follows a lone zero.
                if !sawGroup && intDigits == 1 && mantissa == 0 { return .invalid }
                sawGroup = true
                groupLen = 0
                i += sepLen
                continue
            }
            return .invalid
        }
        if digits == 0 { return .invalid }
        if sawGroup && groupLen != 3 { return .invalid }
        if sawDecimal && fracDigits == 0 && digits == intDigits { return .invalid }
        if digits > 19 { return slow(b, decimal: decimal, negative: negative) }
        var v: Double
        if digits <= 15 && fracDigits <= 22 {
            v = Double(mantissa) / pow10[fracDigits]
        } else {
            return slow(b, decimal: decimal, negative: negative)
        }
        if negative { v = -v }
        return .number(v)
    }

    /// The largest magnitude a cell may hold (every integer below it is exact in a double).
    public static let largest = 1e15

    /// A cell that means 1234 with a decimal comma and 1.234 with a decimal point.
    public static func isAmbiguousUnderPoint(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if let f = b.first, f == 45 || f == 43 { i = 1 }
        var lead = 0
        while i < b.count, b[i] >= 48, b[i] <= 57 { lead += 1; i += 1 }
        guard (1...3).contains(lead), i < b.count, b[i] == 46, b.count - i - 1 == 3 else { return false }
        if lead == 1 && b[i - 1] == 48 { return false }      // 0.123 is a fraction either way
        return b[(i + 1)...].allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// Exact fallback for long digit strings, reached only once the whole cell has been checked:
    /// rebuild a plain ASCII number and let Swift parse it.
    private static func slow(_ b: UnsafeBufferPointer<UInt8>, decimal: DecimalMark, negative: Bool) -> ParsedCell {
        var s = negative ? "-" : ""
        for c in b {
            if c >= 48 && c <= 57 { s.unicodeScalars.append(UnicodeScalar(c)) }
            else if (decimal == .comma && c == 44) || (decimal == .point && c == 46) { s += "." }
        }
        // Beyond 10^15 a double no longer holds every integer: such a cell is refused, never
        // stored rounded or as infinity.
        if let v = Double(s), v.isFinite, abs(v) < largest { return .number(v) }
        return .invalid
    }

    /// Parses a period: a year (2024 → 31.12.2024), a month (2024-06 → 30.06.2024), an ISO date
    /// or a German date (31.12.2024). Returns the ISO date.
    public static func period(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: " \t")
        let u = Array(t.utf8)
        func digits(_ r: Range<Int>) -> Int? {
            var v = 0
            for k in r { guard u[k] >= 48 && u[k] <= 57 else { return nil }; v = v * 10 + Int(u[k] - 48) }
            return v
        }
        func iso(_ y: Int, _ m: Int, _ d: Int) -> String? {
            guard y >= 1800 && y <= 2200 else { return nil }
            let s = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
            return isValidDate(y, m, d) ? s : nil
        }
        if u.count == 4, let y = digits(0..<4) { return iso(y, 12, 31) }
        if u.count == 7, u[4] == 45, let y = digits(0..<4), let m = digits(5..<7), (1...12).contains(m) { return iso(y, m, daysIn(y, m)) }
        if u.count == 10, u[4] == 45, u[7] == 45, let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) { return iso(y, m, d) }
        if u.count == 10, u[2] == 46, u[5] == 46, let d = digits(0..<2), let m = digits(3..<5), let y = digits(6..<10) { return iso(y, m, d) }
        return nil
    }

    public static let expectedPeriod = "ein Jahr (2024), ein Monat (2024-06) oder ein Datum (31.12.2024 oder 2024-12-31)"

    static func pad(_ v: Int, _ w: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, w - s.count)) + s
    }

    static func daysIn(_ y: Int, _ m: Int) -> Int {
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    }

    static func isValidDate(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        (1...12).contains(m) && d >= 1 && d <= daysIn(y, m)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
