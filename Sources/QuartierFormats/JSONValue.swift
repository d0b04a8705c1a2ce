/// A JSON value from `JSONScanner`. Objects keep their key order.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let pairs) = self { return pairs.first(where: { $0.0 == key })?.1 }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var numberValue: Double? { if case .number(let n) = self { n } else { nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }

    /// The value as text for a property (numbers without a trailing ".0").
    public var textValue: String? {
        switch self {
        case .string(let s): return s
        case .number(let n):
            if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
            return String(n)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }
}

/// A JSON syntax error with its line and column (1-based).
public struct JSONSyntaxError: Error, Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var message: String
}

/// A JSON parser over UTF-8 bytes (RFC 8259), without Foundation.
public struct JSONScanner {
    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0

    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        let result: Result<JSONValue, JSONSyntaxError> = bytes.withUnsafeBufferPointer { buf in
            var s = JSONScanner(b: buf)
            do throws(JSONSyntaxError) {
                var start = 0
                if buf.count >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { start = 3 }
                s.i = start
                s.skip()
                let v = try s.value()
                s.skip()
                if s.i < buf.count { throw s.fail("Text nach dem Ende des JSON-Werts") }
                return .success(v)
            } catch { return .failure(error) }
        }
        return try result.get()
    }

    private init(b: UnsafeBufferPointer<UInt8>) { self.b = b }

    private func fail(_ message: String) -> JSONSyntaxError {
        var line = 1, col = 1
        var k = 0
        while k < i && k < b.count {
            if b[k] == 10 { line += 1; col = 1 } else if b[k] & 0xC0 != 0x80 { col += 1 }
            k += 1
        }
        return JSONSyntaxError(line: line, column: col, message: message)
    }

    private mutating func skip() {
        while i < b.count {
            let c = b[i]
            if c == 32 || c == 10 || c == 13 || c == 9 { i += 1 } else { break }
        }
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard i < b.count else { throw fail("unerwartetes Dateiende") }
        switch b[i] {
        case 123: return try object()
        case 91: return try array()
        case 34: return .string(try string())
        case 116: try literal("true"); return .bool(true)
        case 102: try literal("false"); return .bool(false)
        case 110: try literal("null"); return .null
        case 45, 48...57: return .number(try number())
        default: throw fail("unerwartetes Zeichen „\(String(decoding: [b[i]], as: UTF8.self))“; erwartet ein JSON-Wert")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard i + w.count <= b.count else { throw fail("unerwartetes Dateiende") }
        for k in 0..<w.count where b[i + k] != w[k] { throw fail("ungültiges Wort; erwartet \(word)") }
        i += w.count
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        depth += 1
        guard depth < 512 else { throw fail("zu tief verschachtelt") }
        i += 1
        var pairs: [(String, JSONValue)] = []
        skip()
        if i < b.count, b[i] == 125 { i += 1; depth -= 1; return .object(pairs) }
        while true {
            skip()
            guard i < b.count, b[i] == 34 else { throw fail("erwartet ein Schlüssel in Anführungszeichen") }
            let key = try string()
            skip()
            guard i < b.count, b[i] == 58 else { throw fail("erwartet „:“ nach dem Schlüssel") }
            i += 1
            skip()
            pairs.append((key, try value()))
            skip()
            guard i < b.count else { throw fail("unerwartetes Dateiende; erwartet „,“ oder „}“") }
            if b[i] == 44 { i += 1; continue }
            if b[i] == 125 { i += 1; break }
            throw fail("erwartet „,“ oder „}“")
        }
        depth -= 1
        return .object(pairs)
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        depth += 1
        guard depth < 512 else { throw fail("zu tief verschachtelt") }
        i += 1
        var items: [JSONValue] = []
        skip()
        if i < b.count, b[i] == 93 { i += 1; depth -= 1; return .array(items) }
        while true {
            skip()
            items.append(try value())
            skip()
            guard i < b.count else { throw fail("unerwartetes Dateiende; erwartet „,“ oder „]“") }
            if b[i] == 44 { i += 1; continue }
            if b[i] == 93 { i += 1; break }
            throw fail("erwartet „,“ oder „]“")
        }
        depth -= 1
        return .array(items)
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        i += 1
        let start = i
        var simple = true
        while i < b.count {
            let c = b[i]
            if c == 34 { break }
            if c == 92 { simple = false; i += 2; continue }
            if c < 32 { throw fail("Steuerzeichen in einer Zeichenkette") }
            i += 1
        }
        guard i < b.count else { throw fail("Zeichenkette wird nicht geschlossen") }
        let end = i
        i += 1
        if simple { return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self) }
        var out: [UInt8] = []
        var k = start
        while k < end {
            let c = b[k]
            if c != 92 { out.append(c); k += 1; continue }
            k += 1
            guard k < end else { break }
            switch b[k] {
            case 34: out.append(34)
            case 92: out.append(92)
            case 47: out.append(47)
            case 98: out.append(8)
            case 102: out.append(12)
            case 110: out.append(10)
            case 114: out.append(13)
            case 116: out.append(9)
            case 117:
                func hex4(_ at: Int) -> UInt32? {
                    guard at + 4 <= end else { return nil }
                    var v: UInt32 = 0
                    for q in at..<at + 4 {
                        let h = b[q]
                        let d: UInt32
                        switch h {
                        case 48...57: d = UInt32(h - 48)
                        case 65...70: d = UInt32(h - 55)
                        case 97...102: d = UInt32(h - 87)
                        default: return nil
                        }
                        v = v << 4 | d
                    }
                    return v
                }
                guard var cp = hex4(k + 1) else { i = k; throw fail("ungültige \\u-Escape-Sequenz") }
                k += 4
                if cp >= 0xD800 && cp < 0xDC00, k + 2 < end, b[k + 1] == 92, b[k + 2] == 117, let lo = hex4(k + 3), lo >= 0xDC00 && lo < 0xE000 {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00)
                    k += 6
                }
                let scalar = Unicode.Scalar(cp) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            default:
                i = k
                throw fail("ungültige Escape-Sequenz")
            }
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let pow10: [Double] = (0...22).map { e in var v = 1.0; for _ in 0..<e { v *= 10 }; return v }

    private mutating func number() throws(JSONSyntaxError) -> Double {
        let start = i
        var neg = false
        if b[i] == 45 { neg = true; i += 1 }
        var mant: UInt64 = 0
        var digits = 0
        var frac = 0
        var intDigits = 0
        while i < b.count, b[i] >= 48 && b[i] <= 57 {
            if digits < 19 { mant = mant &* 10 &+ UInt64(b[i] - 48) }
            digits += 1; intDigits += 1; i += 1
        }
        guard intDigits > 0 else { throw fail("ungültige Zahl") }
        if i < b.count, b[i] == 46 {
            i += 1
            var fd = 0
            while i < b.count, b[i] >= 48 && b[i] <= 57 {
                if digits < 19 { mant = mant &* 10 &+ UInt64(b[i] - 48); frac += 1 }
                digits += 1; fd += 1; i += 1
            }
            guard fd > 0 else { throw fail("ungültige Zahl: Ziffern nach dem Punkt erwartet") }
        }
        var exp = 0
        var hasExp = false
        if i < b.count, b[i] == 101 || b[i] == 69 {
            hasExp = true
            i += 1
            var eneg = false
            if i < b.count, b[i] == 43 || b[i] == 45 { eneg = b[i] == 45; i += 1 }
            var ed = 0
            while i < b.count, b[i] >= 48 && b[i] <= 57 { exp = min(exp * 10 + Int(b[i] - 48), 100000); ed += 1; i += 1 }
            guard ed > 0 else { throw fail("ungültige Zahl: Exponent erwartet") }
            if eneg { exp = -exp }
        }
        let e10 = exp - frac
        if digits <= 15 && !hasExp || (digits <= 15 && abs(e10) <= 22) {
            var v = Double(mant)
            if e10 < 0 { if -e10 <= 22 { v /= Self.pow10[-e10] } else { return slow(start) } }
            else if e10 > 0 { if e10 <= 22 { v *= Self.pow10[e10] } else { return slow(start) } }
            return neg ? -v : v
        }
        return slow(start)
    }

    private func slow(_ start: Int) -> Double {
        Double(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)) ?? .nan
    }
}
