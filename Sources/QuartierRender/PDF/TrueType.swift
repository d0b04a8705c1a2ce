import Foundation

/// A TrueType font read from its file, with what a PDF needs to embed it: glyphs by character
/// (the `cmap`), advance widths, the descriptor's metrics, and a subset holding only the glyphs
/// a document uses (unused glyph outlines emptied, glyph numbers kept, so text can be written as
/// glyph numbers with Identity-H).
final class TrueTypeFont: Sendable {
    enum Failure: Error, CustomStringConvertible {
        case missing(String)
        case malformed(String, String)
        var description: String {
            switch self {
            case .missing(let path): "Schriftdatei \(path) fehlt (Debian-Paket fonts-dejavu-core, oder QUARTIER_FONT_DIR auf einen Ordner mit DejaVuSans.ttf und DejaVuSans-Bold.ttf setzen)"
            case .malformed(let path, let why): "Schriftdatei \(path) ist keine lesbare TrueType-Schrift: \(why)"
            }
        }
    }

    let path: String
    let postScriptName: String
    let bytes: [UInt8]
    let tables: [String: Range<Int>]
    let unitsPerEm: Double
    let glyphCount: Int
    /// Advance widths per glyph in 1/1000 em.
    let advance: [Double]
    /// Glyph per Basic Multilingual Plane code point (0 = .notdef); others in `astral`.
    let bmp: [UInt16]
    let astral: [UInt32: UInt16]
    /// The first character mapped to each glyph (for the ToUnicode map).
    let character: [UInt32]
    let ascent: Double, descent: Double, capHeight: Double
    let bbox: (Double, Double, Double, Double)
    let glyphOffsets: [Int]

    convenience init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure.missing(path) }
        try self.init(bytes: [UInt8](data), path: path)
    }

    init(bytes b: [UInt8], path: String) throws {
        func bad(_ why: String) -> Failure { .malformed(path, why) }
        func u16(_ o: Int) -> Int { o + 1 < b.count ? Int(b[o]) << 8 | Int(b[o + 1]) : 0 }
        func i16(_ o: Int) -> Int { let v = u16(o); return v >= 0x8000 ? v - 0x10000 : v }
        func u32(_ o: Int) -> Int { u16(o) << 16 | u16(o + 2) }
        guard b.count >= 12, u32(0) == 0x00010000 || u32(0) == 0x74727565 else { throw bad("keine TrueType-Kennung") }
        var tables: [String: Range<Int>] = [:]
        for k in 0..<u16(4) {
            let r = 12 + 16 * k
            let tag = String(decoding: b[r..<r + 4], as: UTF8.self)
            let off = u32(r + 8), len = u32(r + 12)
            guard off + len <= b.count else { throw bad("Tabelle \(tag) reicht über das Dateiende") }
            tables[tag] = off..<off + len
        }
        for t in ["head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap"] where tables[t] == nil { throw bad("Tabelle \(t) fehlt") }
        let head = tables["head"]!.lowerBound, hhea = tables["hhea"]!.lowerBound, maxp = tables["maxp"]!.lowerBound
        let upem = Double(u16(head + 18))
        guard upem > 0 else { throw bad("unitsPerEm ist 0") }
        let glyphs = u16(maxp + 4)
        let longLoca = i16(head + 50) == 1
        let metrics = u16(hhea + 34)
        let hmtx = tables["hmtx"]!.lowerBound
        var advance = [Double](repeating: 0, count: glyphs)
        var last = 0.0
        for g in 0..<glyphs {
            if g < metrics { last = Double(u16(hmtx + 4 * g)) * 1000 / upem }
            advance[g] = last
        }
        let loca = tables["loca"]!.lowerBound
        var offsets: [Int] = []
        offsets.reserveCapacity(glyphs + 1)
        for g in 0...glyphs { offsets.append(longLoca ? u32(loca + 4 * g) : u16(loca + 2 * g) * 2) }
        // cmap: a Unicode subtable, format 12 (full range) preferred over format 4 (BMP).
        let cmap = tables["cmap"]!.lowerBound
        var format4: Int?, format12: Int?
        for k in 0..<u16(cmap + 2) {
            let r = cmap + 4 + 8 * k
            let platform = u16(r), encoding = u16(r + 2), sub = cmap + u32(r + 4)
            guard platform == 3 && (encoding == 1 || encoding == 10) || platform == 0 else { continue }
            switch u16(sub) {
            case 4: format4 = format4 ?? sub
            case 12: format12 = format12 ?? sub
            default: break
            }
        }
        var bmp = [UInt16](repeating: 0, count: 0x10000)
        var astral: [UInt32: UInt16] = [:]
        var character = [UInt32](repeating: 0, count: glyphs)
        func map(_ c: Int, _ g: Int) {
            guard g > 0, g < glyphs else { return }
            if c < 0x10000 { bmp[c] = UInt16(g) } else { astral[UInt32(c)] = UInt16(g) }
            if character[g] == 0 { character[g] = UInt32(c) }
        }
        if let t = format12 {
            for k in 0..<u32(t + 12) {
                let r = t + 16 + 12 * k
                let start = u32(r), end = u32(r + 4), first = u32(r + 8)
                guard end >= start, end <= 0x10FFFF else { throw bad("cmap-Gruppe \(k) ungültig") }
                for c in start...end { map(c, first + c - start) }
            }
        } else if let t = format4 {
            let segments = u16(t + 6) / 2
            let ends = t + 14, starts = ends + 2 * segments + 2, deltas = starts + 2 * segments, ranges = deltas + 2 * segments
            for s in 0..<segments {
                let end = u16(ends + 2 * s), start = u16(starts + 2 * s), delta = i16(deltas + 2 * s), range = u16(ranges + 2 * s)
                guard start <= end, start != 0xFFFF else { continue }
                for c in start...end {
                    if range == 0 { map(c, (c + delta) & 0xFFFF) } else {
                        let g = u16(ranges + 2 * s + range + 2 * (c - start))
                        if g != 0 { map(c, (g + delta) & 0xFFFF) }
                    }
                }
            }
        } else {
            throw bad("keine Unicode-Zeichentabelle (cmap 3/1, 3/10 oder 0)")
        }
        // Names: the PostScript name (nameID 6), for BaseFont.
        var psName = "Font"
        if let name = tables["name"]?.lowerBound {
            let count = u16(name + 2), strings = name + u16(name + 4)
            for k in 0..<count {
                let r = name + 6 + 12 * k
                guard u16(r + 6) == 6 else { continue }
                let len = u16(r + 8), off = strings + u16(r + 10)
                guard off + len <= b.count else { continue }
                let raw = b[off..<off + len]
                let text = u16(r) == 3 ? String(decoding: stride(from: off, to: off + len - 1, by: 2).map { UInt16(b[$0]) << 8 | UInt16(b[$0 + 1]) }, as: UTF16.self)
                                      : String(decoding: raw, as: UTF8.self)
                if !text.isEmpty { psName = text.filter { $0.isASCII && !" ()<>[]{}/%".contains($0) }; break }
            }
        }
        let scale = 1000 / upem
        var ascent = Double(i16(hhea + 4)) * scale, descent = Double(i16(hhea + 6)) * scale, capHeight = ascent * 0.72
        if let os2 = tables["OS/2"]?.lowerBound {
            ascent = Double(i16(os2 + 68)) * scale
            descent = Double(i16(os2 + 70)) * scale
            if u16(os2) >= 2 { capHeight = Double(i16(os2 + 88)) * scale }
        }
        self.path = path
        self.postScriptName = psName
        self.bytes = b
        self.tables = tables
        self.unitsPerEm = upem
        self.glyphCount = glyphs
        self.advance = advance
        self.bmp = bmp
        self.astral = astral
        self.character = character
        self.ascent = ascent
        self.descent = descent
        self.capHeight = capHeight
        self.bbox = (Double(i16(head + 36)) * scale, Double(i16(head + 38)) * scale, Double(i16(head + 40)) * scale, Double(i16(head + 42)) * scale)
        self.glyphOffsets = offsets
    }

    /// The glyph for a character (0, the .notdef box, when the font lacks it).
    @inline(__always) func glyph(_ c: UInt32) -> UInt16 {
        c < 0x10000 ? bmp[Int(c)] : astral[c] ?? 0
    }

    /// A TrueType file with the same glyph numbers, holding outlines only for `used` (and the
    /// parts of composite glyphs among them); the tables a PDF reader needs, in a valid file.
    func subset(_ used: [UInt64]) -> [UInt8] {
        let glyf = tables["glyf"]!.lowerBound
        var keep = [Bool](repeating: false, count: glyphCount)
        var queue: [Int] = [0]
        for (w, word) in used.enumerated() where word != 0 {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { let g = w * 64 + bit; if g < glyphCount { queue.append(g) } }
        }
        func u16(_ o: Int) -> Int { Int(bytes[o]) << 8 | Int(bytes[o + 1]) }
        while let g = queue.popLast() {
            guard !keep[g] else { continue }
            keep[g] = true
            let start = glyf + glyphOffsets[g], end = glyf + glyphOffsets[g + 1]
            guard end - start >= 10, Int16(bitPattern: UInt16(u16(start))) < 0 else { continue }
            // A composite glyph: keep its components.
            var p = start + 10
            while p + 4 <= end {
                let flags = u16(p), component = u16(p + 2)
                if component < glyphCount { queue.append(component) }
                p += 4 + (flags & 1 != 0 ? 4 : 2)
                if flags & 0x8 != 0 { p += 2 } else if flags & 0x40 != 0 { p += 4 } else if flags & 0x80 != 0 { p += 8 }
                guard flags & 0x20 != 0 else { break }
            }
        }
        var newGlyf: [UInt8] = [], newLoca: [UInt8] = []
        func put32(_ v: Int, _ out: inout [UInt8]) { out += [UInt8(v >> 24 & 255), UInt8(v >> 16 & 255), UInt8(v >> 8 & 255), UInt8(v & 255)] }
        for g in 0..<glyphCount {
            put32(newGlyf.count, &newLoca)
            if keep[g] {
                newGlyf += bytes[(glyf + glyphOffsets[g])..<(glyf + glyphOffsets[g + 1])]
                while newGlyf.count % 4 != 0 { newGlyf.append(0) }
            }
        }
        put32(newGlyf.count, &newLoca)
        var head = [UInt8](bytes[tables["head"]!])
        head[8...11] = [0, 0, 0, 0]      // checkSumAdjustment, set below
        head[50] = 0; head[51] = 1       // long loca
        var out: [(String, [UInt8])] = [("glyf", newGlyf), ("head", head), ("loca", newLoca)]
        for t in ["cvt ", "fpgm", "hhea", "hmtx", "maxp", "prep"] { if let r = tables[t] { out.append((t, [UInt8](bytes[r]))) } }
        out.sort { $0.0 < $1.0 }
        func checksum(_ d: [UInt8]) -> UInt32 {
            var sum: UInt32 = 0
            var i = 0
            while i < d.count {
                var word: UInt32 = 0
                for k in 0..<4 { word = word << 8 | UInt32(i + k < d.count ? d[i + k] : 0) }
                sum &+= word
                i += 4
            }
            return sum
        }
        let n = out.count
        var entrySelector = 0
        while 1 << (entrySelector + 1) <= n { entrySelector += 1 }
        var file: [UInt8] = [0, 1, 0, 0, UInt8(n >> 8), UInt8(n & 255)]
        let searchRange = (1 << entrySelector) * 16
        file += [UInt8(searchRange >> 8), UInt8(searchRange & 255), 0, UInt8(entrySelector), UInt8((n * 16 - searchRange) >> 8), UInt8((n * 16 - searchRange) & 255)]
        var offset = 12 + 16 * n
        var headOffset = 0
        for (tag, data) in out {
            file += Array(tag.utf8)
            put32(Int(checksum(data)), &file)
            put32(offset, &file)
            put32(data.count, &file)
            if tag == "head" { headOffset = offset }
            offset += (data.count + 3) / 4 * 4
        }
        for (_, data) in out {
            file += data
            while file.count % 4 != 0 { file.append(0) }
        }
        let adjust = 0xB1B0AFBA &- checksum(file)
        file[headOffset + 8] = UInt8(adjust >> 24); file[headOffset + 9] = UInt8(adjust >> 16 & 255)
        file[headOffset + 10] = UInt8(adjust >> 8 & 255); file[headOffset + 11] = UInt8(adjust & 255)
        return file
    }
}

/// The two fonts of Quartier's PDFs: DejaVu Sans and DejaVu Sans Bold from Debian's
/// fonts-dejavu-core (or the folder in QUARTIER_FONT_DIR), embedded as subsets, so any name
/// (Łódź-Straße, a Turkish or Greek one) prints and stays searchable.
enum PDFFonts {
    static let directory: String = ProcessInfo.processInfo.environment["QUARTIER_FONT_DIR"] ?? "/usr/share/fonts/truetype/dejavu"
    static let loaded: Result<[TrueTypeFont], TrueTypeFont.Failure> = {
        do {
            return .success(try ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map { try TrueTypeFont(path: directory + "/" + $0) })
        } catch let e as TrueTypeFont.Failure {
            return .failure(e)
        } catch {
            return .failure(.missing(directory))
        }
    }()

    static let regular: TrueTypeFont? = try? loaded.get()[0]
    static let bold: TrueTypeFont? = try? loaded.get()[1]

    @inline(__always) static func font(_ f: PDFFont) -> TrueTypeFont? { f == .regular ? regular : bold }
}
