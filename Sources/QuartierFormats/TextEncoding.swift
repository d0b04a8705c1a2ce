/// Text encodings of the files towns exchange, and their detection.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 (BOM)"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case windows1252 = "Windows-1252"
    case iso88591 = "ISO-8859-1"

    /// Parses a user's name for an encoding ("utf8", "cp1252", "latin1", "88591", …).
    public init?(name: String) {
        let n = name.lowercased().filter { $0.isLetter || $0.isNumber }
        switch n {
        case "utf8": self = .utf8
        case "utf8bom": self = .utf8BOM
        case "utf16", "utf16le": self = .utf16LE
        case "utf16be": self = .utf16BE
        case "windows1252", "cp1252", "win1252", "ansi": self = .windows1252
        case "iso88591", "latin1", "88591", "l1": self = .iso88591
        default: return nil
        }
    }

    /// Unicode code points of Windows-1252 bytes 0x80–0x9F (undefined bytes map to themselves).
    static let cp1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]
}

/// Turns the bytes of a text file into UTF-8, detecting the encoding.
public enum TextDecoder {
    public struct Decoded: Sendable {
        public var utf8: [UInt8]
        public var encoding: TextEncoding
    }

    /// Detects and converts. Detection: a BOM decides; otherwise valid UTF-8 is UTF-8; otherwise
    /// a file using bytes 0x80–0x9F is Windows-1252, else ISO-8859-1. A file that holds both valid
    /// UTF-8 sequences and bytes that are not UTF-8 is refused as mixed.
    public static func decode(_ bytes: [UInt8], file: String, forced: TextEncoding? = nil) throws(ImportFailure) -> Decoded {
        if let forced { return Decoded(utf8: try convert(bytes, from: forced, file: file), encoding: forced) }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            let rest = Array(bytes[3...])
            if let bad = firstInvalidUTF8(rest) {
                throw ImportFailure(ImportIssue(file: file, line: lineNumber(rest, at: bad),
                    found: "Byte 0x\(hex(rest[bad]))", expected: "die Datei beginnt mit einer UTF-8-Kennung (BOM), enthält aber Zeichen in einer anderen Kodierung (gemischte Kodierungen); bitte einheitlich als UTF-8 speichern"))
            }
            return Decoded(utf8: rest, encoding: .utf8BOM)
        }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            return Decoded(utf8: try convert(Array(bytes[2...]), from: .utf16LE, file: file), encoding: .utf16LE)
        }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            return Decoded(utf8: try convert(Array(bytes[2...]), from: .utf16BE, file: file), encoding: .utf16BE)
        }
        // UTF-16 without a byte-order mark: every second byte of ASCII text is zero. Read as
        // UTF-8 it would look like one long column; refused with what to do instead.
        let probe = bytes.prefix(1024)
        if probe.count >= 8 {
            let evenZeros = stride(from: 0, to: probe.count, by: 2).filter { probe[probe.startIndex + $0] == 0 }.count
            let oddZeros = stride(from: 1, to: probe.count, by: 2).filter { probe[probe.startIndex + $0] == 0 }.count
            let half = probe.count / 2
            if oddZeros * 10 >= half * 4 || evenZeros * 10 >= half * 4 {
                let order = oddZeros > evenZeros ? "UTF-16LE" : "UTF-16BE"
                throw ImportFailure(ImportIssue(file: file, found: "Text in \(order) ohne Byte-Order-Mark (jedes zweite Byte ist 0)",
                    expected: "UTF-8, Windows-1252, ISO-8859-1 oder UTF-16 mit Byte-Order-Mark; bitte als UTF-8 speichern (in Excel: „CSV UTF-8“)"))
            }
        }
        guard let bad = firstInvalidUTF8(bytes) else { return Decoded(utf8: bytes, encoding: .utf8) }
        if let good = firstValidMultibyte(bytes) {
            throw ImportFailure(ImportIssue(file: file, line: lineNumber(bytes, at: bad),
                found: "Byte 0x\(hex(bytes[bad]))",
                expected: "gemischte Kodierungen: Zeile \(lineNumber(bytes, at: good)) ist UTF-8, Zeile \(lineNumber(bytes, at: bad)) nicht; bitte die Datei einheitlich als UTF-8 oder Windows-1252 speichern"))
        }
        let enc: TextEncoding = bytes.contains(where: { $0 >= 0x80 && $0 <= 0x9F }) ? .windows1252 : .iso88591
        return Decoded(utf8: try convert(bytes, from: enc, file: file), encoding: enc)
    }

    static func convert(_ bytes: [UInt8], from enc: TextEncoding, file: String) throws(ImportFailure) -> [UInt8] {
        switch enc {
        case .utf8, .utf8BOM:
            let body = (bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) ? Array(bytes[3...]) : bytes
            if let bad = firstInvalidUTF8(body) {
                throw ImportFailure(ImportIssue(file: file, line: lineNumber(body, at: bad), found: "Byte 0x\(hex(body[bad]))",
                                                expected: "gültiges UTF-8 (Kodierung vorgegeben)"))
            }
            return body
        case .windows1252, .iso88591:
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 16)
            for b in bytes {
                if b < 0x80 { out.append(b); continue }
                let cp: UInt32 = (enc == .windows1252 && b <= 0x9F) ? TextEncoding.cp1252High[Int(b) - 0x80] : UInt32(b)
                appendUTF8(cp, to: &out)
            }
            return out
        case .utf16LE, .utf16BE:
            guard bytes.count % 2 == 0 else {
                throw ImportFailure(ImportIssue(file: file, expected: "UTF-16 mit gerader Byte-Anzahl; die Datei ist abgeschnitten"))
            }
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var i = 0
            while i + 1 < bytes.count {
                units.append(enc == .utf16LE ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
                i += 2
            }
            return Array(String(decoding: units, as: UTF16.self).utf8)
        }
    }

    static func appendUTF8(_ cp: UInt32, to out: inout [UInt8]) {
        if cp < 0x80 { out.append(UInt8(cp)) }
        else if cp < 0x800 { out.append(UInt8(0xC0 | (cp >> 6))); out.append(UInt8(0x80 | (cp & 0x3F))) }
        else { out.append(UInt8(0xE0 | (cp >> 12))); out.append(UInt8(0x80 | ((cp >> 6) & 0x3F))); out.append(UInt8(0x80 | (cp & 0x3F))) }
    }

    /// Offset of the first byte that does not start or continue a valid UTF-8 sequence.
    static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let len: Int
            if c >= 0xC2 && c <= 0xDF { len = 2 } else if c >= 0xE0 && c <= 0xEF { len = 3 } else if c >= 0xF0 && c <= 0xF4 { len = 4 } else { return i }
            if i + len > n { return i }
            for k in 1..<len where b[i + k] & 0xC0 != 0x80 { return i }
            if len == 3 && c == 0xE0 && b[i + 1] < 0xA0 { return i }
            if len == 3 && c == 0xED && b[i + 1] > 0x9F { return i }
            if len == 4 && c == 0xF0 && b[i + 1] < 0x90 { return i }
            if len == 4 && c == 0xF4 && b[i + 1] > 0x8F { return i }
            i += len
        }
        return nil
    }

    /// Offset of the first well-formed multi-byte UTF-8 sequence.
    static func firstValidMultibyte(_ b: [UInt8]) -> Int? {
        var i = 0
        while i < b.count {
            let c = b[i]
            if c >= 0xC2 && c <= 0xF4 {
                let len = c <= 0xDF ? 2 : (c <= 0xEF ? 3 : 4)
                if i + len <= b.count && (1..<len).allSatisfy({ b[i + $0] & 0xC0 == 0x80 }) { return i }
            }
            i += 1
        }
        return nil
    }

    static func lineNumber(_ b: [UInt8], at offset: Int) -> Int {
        var line = 1
        var i = 0
        while i < offset && i < b.count { if b[i] == 10 { line += 1 }; i += 1 }
        return line
    }

    static func hex(_ b: UInt8) -> String {
        let d = Array("0123456789ABCDEF")
        return String([d[Int(b >> 4)], d[Int(b & 15)]])
    }
}
