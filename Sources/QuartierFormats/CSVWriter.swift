import Foundation

/// Writes CSV the way German spreadsheet users open it: semicolon, decimal comma, UTF-8 with a
/// byte-order mark (so Excel detects the encoding), CRLF line ends, quotes where needed.
public struct CSVWriter: Sendable {
    public private(set) var text = "\u{FEFF}"
    /// The same rows with their cell types, for the XLSX version of the table.
    public private(set) var rows: [[Cell]] = []

    /// A cell: text, or a number (kept as a number in XLSX, with a decimal comma in CSV).
    public enum Cell: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
        case text(String)
        case number(Double?)

        public init(stringLiteral value: String) { self = .text(value) }
        public init(stringInterpolation: DefaultStringInterpolation) { self = .text(String(stringInterpolation: stringInterpolation)) }

        /// Text or, for a number, its CSV form.
        public var csv: String {
            switch self {
            case .text(let s): s
            case .number(let v): CSVWriter.numberText(v)
            }
        }
    }

    public init() {}

    /// Whether a text cell would start a formula in a spreadsheet (`=`, `+`, `-`, `@`, tab, CR;
    /// OWASP "CSV injection"). Numbers and the official symbols written as text are not.
    public static func startsFormula(_ s: String) -> Bool {
        guard let first = s.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 9, 13].contains(first) else { return false }
        let parsed = Array(s.utf8).withUnsafeBufferPointer { CellParser.parse($0, decimal: .comma) }
        switch parsed {
        case .number, .symbol: return false
        case .empty, .invalid: return true
        }
    }

    /// A text cell as CSV: neutralised with a leading `'` where it would start a formula, and
    /// quoted where it holds the delimiter, a quote or a line break.
    public static func field(_ text: String) -> String {
        let s = startsFormula(text) ? "'" + text : text
        if s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// A numeric cell (rounded to four decimals); nil becomes an empty cell.
    public static func number(_ v: Double?) -> Cell {
        guard let v, v.isFinite else { return .number(nil) }
        return .number((v * 10_000).rounded() / 10_000)
    }

    /// A number cell with every digit it holds (the raw values of `export --values`): importing
    /// it again gives the same double.
    public static func exact(_ v: Double?) -> Cell {
        guard let v, v.isFinite else { return .number(nil) }
        return .number(v)
    }

    /// A number with a decimal comma and no thousands separator, in the fewest digits that read
    /// back as the same double (never in exponent form); nil becomes an empty cell.
    public static func numberText(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        var s = "\(v)"
        if s.contains("e") {
            // 1e-05: written out; the shortest fixed form that reads back the same.
            for digits in 1...40 {
                let fixed = String(format: "%.\(digits)f", v)
                if Double(fixed) == v { s = fixed; break }
            }
        }
        return s.replacingOccurrences(of: ".", with: ",")
    }

    public mutating func row(_ cells: [Cell]) {
        rows.append(cells)
        text += cells.map { Self.field($0.csv) }.joined(separator: ";") + "\r\n"
    }

    public mutating func row(_ fields: [String]) { row(fields.map(Cell.text)) }
}
