import Foundation

/// The fields and files of a submitted HTML form (`application/x-www-form-urlencoded` or
/// `multipart/form-data`), parsed from bytes.
public struct FormData: Sendable {
    public struct File: Sendable {
        public var filename: String
        public var bytes: [UInt8]
    }

    public var fields: [String: [String]] = [:]
    public var files: [String: File] = [:]

    public init() {}

    public func value(_ name: String) -> String? { fields[name]?.first }
    public func values(_ name: String) -> [String] { fields[name] ?? [] }

    /// Parses a body by its Content-Type; an unknown type gives an empty form.
    public init(contentType: String?, body: [UInt8]) throws(FormError) {
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("application/x-www-form-urlencoded") {
            self = Self.urlEncoded(body)
        } else if type.hasPrefix("multipart/form-data") {
            guard let b = contentType.flatMap(Self.boundary) else { throw FormError("multipart/form-data ohne boundary") }
            self = try Self.multipart(body, boundary: b)
        } else {
            self.init()
        }
    }

    public static func urlEncoded(_ body: [UInt8]) -> FormData {
        var form = FormData()
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecode(parts[0])
            let value = parts.count > 1 ? percentDecode(parts[1]) : ""
            form.fields[name, default: []].append(value)
        }
        return form
    }

    /// Decodes `%XX` and `+`; invalid escapes are kept as they are.
    public static func percentDecode(_ bytes: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 65...70: c - 55
            case 97...102: c - 87
            default: nil
            }
        }
        while i < bytes.endIndex {
            let c = bytes[i]
            if c == UInt8(ascii: "+") {
                out.append(32)
            } else if c == UInt8(ascii: "%"), i + 2 < bytes.endIndex, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                out.append(h << 4 | l)
                i += 2
            } else {
                out.append(c)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func boundary(_ contentType: String) -> String? {
        for part in contentType.split(separator: ";") {
            let p = part.trimmingCharacters(in: .whitespaces)
            if p.lowercased().hasPrefix("boundary=") {
                var b = String(p.dropFirst(9))
                if b.hasPrefix("\""), b.hasSuffix("\""), b.count >= 2 { b = String(b.dropFirst().dropLast()) }
                return b.isEmpty ? nil : b
            }
        }
        return nil
    }

    /// RFC 2046 §5.1.1: a boundary has 1 to 70 characters from a small set. Holding it to that
    /// bounds every delimiter search below by 74 comparisons per byte: parsing is linear in the
    /// body (a 20,000-character boundary made the search quadratic).
    static func isValidBoundary(_ boundary: String) -> Bool {
        let bchars = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ".utf8)
        let b = Array(boundary.utf8)
        return (1...70).contains(b.count) && b.allSatisfy { bchars.contains($0) } && b.last != UInt8(ascii: " ")
    }

    public static func multipart(_ body: [UInt8], boundary: String) throws(FormError) -> FormData {
        guard isValidBoundary(boundary) else { throw FormError("multipart: boundary mit 1 bis 70 Zeichen nach RFC 2046 erwartet") }
        var form = FormData()
        let delimiter = Array(("--" + boundary).utf8)
        guard var pos = find(delimiter, in: body, from: 0) else { throw FormError("multipart: Trennzeile fehlt") }
        pos += delimiter.count
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if pos + 1 < body.count, body[pos] == 45, body[pos + 1] == 45 { break }
            guard pos + 1 < body.count, body[pos] == 13, body[pos + 1] == 10 else { throw FormError("multipart: Zeilenende nach Trennzeile fehlt") }
            pos += 2
            guard let headerEnd = find([13, 10, 13, 10], in: body, from: pos) else { throw FormError("multipart: Kopf eines Teils endet nicht") }
            let headers = String(decoding: body[pos..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let next = find([13, 10] + delimiter, in: body, from: contentStart) else { throw FormError("multipart: Teil endet nicht") }
            let content = Array(body[contentStart..<next])
            var name: String?, filename: String?
            for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                name = parameter("name", in: String(line))
                filename = parameter("filename", in: String(line))
            }
            if let name {
                if let filename {
                    if !filename.isEmpty || !content.isEmpty { form.files[name] = File(filename: filename, bytes: content) }
                } else {
                    form.fields[name, default: []].append(String(decoding: content, as: UTF8.self))
                }
            }
            pos = next + 2 + delimiter.count
        }
        return form
    }

    static func parameter(_ key: String, in line: String) -> String? {
        for part in line.split(separator: ";").dropFirst() {
            let p = part.trimmingCharacters(in: .whitespaces)
            guard let eq = p.firstIndex(of: "="), p[..<eq].lowercased() == key else { continue }
            var v = String(p[p.index(after: eq)...])
            if v.hasPrefix("\""), v.hasSuffix("\""), v.count >= 2 { v = String(v.dropFirst().dropLast()) }
            return v
        }
        return nil
    }

    /// The first `needle` in `hay` at or after `from`, by Knuth–Morris–Pratt: at most two steps
    /// per byte of `hay`, whatever the bytes, so no body can make the search quadratic.
    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        let m = needle.count
        guard m > 0, from >= 0, hay.count - from >= m else { return nil }
        var fail = [Int](repeating: 0, count: m)
        var k = 0
        for q in 1..<max(1, m) {
            while k > 0 && needle[q] != needle[k] { k = fail[k - 1] }
            if needle[q] == needle[k] { k += 1 }
            fail[q] = k
        }
        k = 0
        var i = from
        while i < hay.count {
            let c = hay[i]
            while k > 0 && c != needle[k] { k = fail[k - 1] }
            if c == needle[k] { k += 1 }
            if k == m { return i - m + 1 }
            i += 1
        }
        return nil
    }
}

public struct FormError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
