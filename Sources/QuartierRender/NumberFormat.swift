/// Numbers formatted for the UI: German by default (1.234,5), English on request (1,234.5).
public struct NumberFormat: Sendable {
    public let decimalMark: Character
    public let groupMark: Character

    public static let german = NumberFormat(decimalMark: ",", groupMark: ".")
    public static let english = NumberFormat(decimalMark: ".", groupMark: ",")

    public static func forLanguage(_ lang: Language) -> NumberFormat { lang == .de ? .german : .english }

    /// Rounds half away from zero to `decimals` places and groups thousands.
    public func format(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<max(0, decimals) { scale *= 10 }
        let rounded = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        let negative = value < 0 && rounded != 0
        // Beyond what 64-bit integers hold, digits would be noise: mantissa and power of ten.
        guard rounded < 9.0e18 else { return scientific(value) }
        var intPart = rounded / scale
        intPart.round(.towardZero)
        let frac = Int64(rounded - intPart * scale)
        var digits = String(Int64(intPart))
        var grouped = ""
        while digits.count > 3 {
            grouped = String(groupMark) + String(digits.suffix(3)) + grouped
            digits.removeLast(3)
        }
        grouped = digits + grouped
        var out = (negative ? "−" : "") + grouped
        if decimals > 0 {
            let f = String(frac)
            out += String(decimalMark) + String(repeating: "0", count: decimals - f.count) + f
        }
        return out
    }

    /// "1,23 × 10¹⁹" for values too large to write out.
    func scientific(_ value: Double) -> String {
        var exponent = 0
        var m = abs(value)
        while m >= 10 { m /= 10; exponent += 1 }
        let superscripts: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let power = String(String(exponent).compactMap { $0.wholeNumberValue.map { superscripts[$0] } })
        return (value < 0 ? "−" : "") + format(m, decimals: 2) + " × 10" + power
    }

    /// A value with its unit: "12,3 %", "1.234 Personen", "45,6 je 100".
    public func format(_ value: Double, decimals: Int, unit: String) -> String {
        let n = format(value, decimals: decimals)
        if unit.isEmpty { return n }
        return n + "\u{202F}" + unit
    }

    /// A signed difference: "+1,2", "−0,4", "±0,0".
    public func signed(_ value: Double, decimals: Int) -> String {
        let n = format(abs(value), decimals: decimals)
        if n == format(0, decimals: decimals) { return "±" + n }
        return (value > 0 ? "+" : "−") + n
    }
}
