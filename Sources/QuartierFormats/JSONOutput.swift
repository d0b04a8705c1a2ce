/// A small writer for JSON output with correct string escaping and compact numbers.
public struct JSONOutput: Sendable {
    public private(set) var text = ""
    private var needsComma: [Bool] = [false]

    public init() { text.reserveCapacity(8192) }

    public static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"   // safe to embed in HTML
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// A number as JSON; non-finite values become null.
    public static func number(_ v: Double, decimals: Int? = nil) -> String {
        guard v.isFinite else { return "null" }
        if let decimals {
            var scale = 1.0
            for _ in 0..<decimals { scale *= 10 }
            let r = (v * scale).rounded() / scale
            if r == r.rounded(), abs(r) < 1e15 { return String(Int64(r)) }
            return String(r)
        }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }

    private mutating func separator() {
        if needsComma[needsComma.count - 1] { text += "," }
        needsComma[needsComma.count - 1] = true
    }

    public mutating func beginObject(_ key: String? = nil) {
        if let key { self.key(key) } else { separator() }
        text += "{"
        needsComma.append(false)
    }

    public mutating func endObject() { text += "}"; needsComma.removeLast() }

    public mutating func beginArray(_ key: String? = nil) {
        if let key { self.key(key) } else { separator() }
        text += "["
        needsComma.append(false)
    }

    public mutating func endArray() { text += "]"; needsComma.removeLast() }

    private mutating func key(_ k: String) {
        separator()
        text += Self.quote(k) + ":"
    }

    public mutating func field(_ k: String, _ v: String?) { key(k); text += v.map(Self.quote) ?? "null" }
    public mutating func field(_ k: String, _ v: Double?, decimals: Int? = nil) { key(k); text += v.map { Self.number($0, decimals: decimals) } ?? "null" }
    public mutating func field(_ k: String, _ v: Int) { key(k); text += String(v) }
    public mutating func field(_ k: String, _ v: Bool) { key(k); text += v ? "true" : "false" }
    /// A value already rendered as JSON.
    public mutating func rawField(_ k: String, _ json: String) { key(k); text += json }
    public mutating func rawValue(_ json: String) { separator(); text += json }
    public mutating func value(_ s: String) { separator(); text += Self.quote(s) }
}
