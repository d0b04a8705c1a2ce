import Foundation

/// Writes CSV the way German spreadsheet users open it: semicolon, decimal comma, UTF-8 with a
/// byte-order mark (so Excel detects the encoding), CRLF line ends, quotes where needed.
public struct CSVWriter: Sendable {
    public private(set) var text = "\u{FEFF}"

    public init() {}

    public static func field(_ s: String) -> String {
        if s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    /// A number with a decimal comma and no thousands separator; nil becomes an empty cell.
    public static func number(_ v: Double?, decimals: Int = 4) -> String {
        guard let v, v.isFinite else { return "" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let r = (v * scale).rounded() / scale
        if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
        return String(r).replacingOccurrences(of: ".", with: ",")
    }

    public mutating func row(_ fields: [String]) {
        text += fields.map(Self.field).joined(separator: ";") + "\r\n"
    }
}
