import Foundation

/// The two standard fonts Quartier's PDFs use. Standard (base 14) fonts need no embedding and
/// every PDF reader has them; with WinAnsiEncoding they cover German text (ä, ö, ü, ß, €, „“).
public enum PDFFont: Sendable {
    case regular, bold

    var resourceName: String { self == .regular ? "F1" : "F2" }
    var baseFont: String { self == .regular ? "Helvetica" : "Helvetica-Bold" }

    /// Width of a text in points.
    public func width(_ s: String, size: Double) -> Double {
        let table = self == .regular ? FontMetrics.helvetica : FontMetrics.helveticaBold
        var units = 0
        for b in PDFText.winAnsi(s) where b >= 32 { units += Int(table[Int(b) - 32]) }
        return Double(units) * size / 1000
    }
}

/// Text in the standard fonts' WinAnsiEncoding.
public enum PDFText {
    static let high: [UInt32: UInt8] = [
        0x20AC: 128, 0x201A: 130, 0x0192: 131, 0x201E: 132, 0x2026: 133, 0x2020: 134, 0x2021: 135, 0x02C6: 136, 0x2030: 137,
        0x0160: 138, 0x2039: 139, 0x0152: 140, 0x017D: 142, 0x2018: 145, 0x2019: 146, 0x201C: 147, 0x201D: 148, 0x2022: 149,
        0x2013: 150, 0x2014: 151, 0x02DC: 152, 0x2122: 153, 0x0161: 154, 0x203A: 155, 0x0153: 156, 0x017E: 158, 0x0178: 159,
    ]

    /// WinAnsi bytes; characters outside it get a close stand-in (− → -, ≤ → <=) or "?".
    public static func winAnsi(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            let v = u.value
            if (32...126).contains(v) || (160...255).contains(v) { out.append(UInt8(v)); continue }
            if let b = high[v] { out.append(b); continue }
            switch v {
            case 0x2212, 0x2010, 0x2011: out.append(45)
            case 0x2009, 0x202F, 0x2007, 0x2002, 0x2003: out.append(32)
            case 0x2264: out += [60, 61]
            case 0x2265: out += [62, 61]
            case 0x2192: out += [45, 62]
            case 0x2248: out.append(126)
            case 9: out.append(32)
            case 10, 13: continue
            default: out.append(63)
            }
        }
        return out
    }

    /// A PDF hex string: needs no escaping.
    /// (Written by hand: `String(format:)` per byte took a tenth of the report's time.)
    static func hex(_ s: String) -> String {
        var out: [UInt8] = [60]
        for b in winAnsi(s) { out.append(hexDigits[Int(b >> 4)]); out.append(hexDigits[Int(b & 15)]) }
        out.append(62)
        return String(decoding: out, as: UTF8.self)
    }

    /// A PDF text string for outlines and metadata (UTF-16BE with BOM).
    static func utf16(_ s: String) -> String {
        var out: [UInt8] = Array("<FEFF".utf8)
        for u in s.utf16 { for shift in [12, 8, 4, 0] { out.append(hexDigits[Int((u >> UInt16(shift)) & 15)]) } }
        out.append(62)
        return String(decoding: out, as: UTF8.self)
    }

    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
}

/// One page's drawing, in points from the top-left corner (PDF's own origin is bottom-left).
public struct PDFPage: Sendable {
    public let width: Double
    public let height: Double
    var ops: [String] = []

    public init(width: Double = 595.28, height: Double = 841.89) {
        self.width = width
        self.height = height
    }

    static func n(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return r == r.rounded() && abs(r) < 1e15 ? String(Int(r)) : (r.isFinite ? String(r) : "0")
    }

    /// "#rrggbb", "#rgb", "white" or "black" as fractions; read from the bytes (every shape of
    /// every map in a report asks).
    static func rgb(_ color: String) -> (Double, Double, Double)? {
        var b = Array(color.utf8)[...]
        while let f = b.first, f == 32 || f == 9 { b = b.dropFirst() }
        while let l = b.last, l == 32 || l == 9 { b = b.dropLast() }
        guard b.first == UInt8(ascii: "#") else {
            switch String(decoding: b, as: UTF8.self).lowercased() {
            case "white": return (1, 1, 1)
            case "black": return (0, 0, 0)
            default: return nil
            }
        }
        b = b.dropFirst()
        func hex(_ c: UInt8) -> UInt32? {
            switch c {
            case 48...57: UInt32(c - 48)
            case 97...102: UInt32(c - 87)
            case 65...70: UInt32(c - 55)
            default: nil
            }
        }
        var digits: [UInt32] = []
        for c in b { guard let d = hex(c) else { return nil }; digits.append(d) }
        if digits.count == 3 { digits = digits.flatMap { [$0, $0] } }
        guard digits.count == 6 else { return nil }
        func channel(_ i: Int) -> Double { Double(digits[i] * 16 + digits[i + 1]) / 255 }
        return (channel(0), channel(2), channel(4))
    }

    mutating func fillColor(_ c: String) {
        if let (r, g, b) = Self.rgb(c) { ops.append("\(Self.n(r)) \(Self.n(g)) \(Self.n(b)) rg") }
    }

    mutating func strokeColor(_ c: String) {
        if let (r, g, b) = Self.rgb(c) { ops.append("\(Self.n(r)) \(Self.n(g)) \(Self.n(b)) RG") }
    }

    /// Text with its baseline at y; `anchor` "start", "middle" or "end"; `angle` in degrees (counter-clockwise on the page).
    public mutating func text(_ s: String, x: Double, y: Double, font: PDFFont = .regular, size: Double = 10, color: String = "#000000",
                              anchor: String = "start", angle: Double = 0) {
        guard !s.isEmpty else { return }
        let w = font.width(s, size: size)
        let shift = anchor == "middle" ? -w / 2 : anchor == "end" ? -w : 0
        ops.append("q")
        fillColor(color)
        if angle == 0 {
            ops.append("BT /\(font.resourceName) \(Self.n(size)) Tf \(Self.n(x + shift)) \(Self.n(height - y)) Td \(PDFText.hex(s)) Tj ET")
        } else {
            let a = angle * .pi / 180, c = cos(a), sn = sin(a)
            ops.append("BT /\(font.resourceName) \(Self.n(size)) Tf \(Self.n(c)) \(Self.n(sn)) \(Self.n(-sn)) \(Self.n(c)) \(Self.n(x)) \(Self.n(height - y)) Tm \(Self.n(shift)) 0 Td \(PDFText.hex(s)) Tj ET")
        }
        ops.append("Q")
    }

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String = "#000000", width: Double = 0.5, dash: [Double] = []) {
        ops.append("q")
        strokeColor(color)
        ops.append("\(Self.n(width)) w" + (dash.isEmpty ? "" : " [\(dash.map(Self.n).joined(separator: " "))] 0 d"))
        ops.append("\(Self.n(x1)) \(Self.n(height - y1)) m \(Self.n(x2)) \(Self.n(height - y2)) l S Q")
    }

    public mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String? = nil, stroke: String? = nil, lineWidth: Double = 0.5) {
        path([[(x, y), (x + w, y), (x + w, y + h), (x, y + h)]], closed: true, fill: fill, stroke: stroke, lineWidth: lineWidth)
    }

    /// Polygons or polylines; with `evenOdd` holes stay empty.
    public mutating func path(_ subpaths: [[(Double, Double)]], closed: Bool, fill: String?, stroke: String?, lineWidth: Double = 0.5,
                              evenOdd: Bool = true, dash: [Double] = []) {
        guard fill != nil || stroke != nil, subpaths.contains(where: { !$0.isEmpty }) else { return }
        var o = "q "
        if let fill, let (r, g, b) = Self.rgb(fill) { o += "\(Self.n(r)) \(Self.n(g)) \(Self.n(b)) rg " }
        if let stroke, let (r, g, b) = Self.rgb(stroke) { o += "\(Self.n(r)) \(Self.n(g)) \(Self.n(b)) RG \(Self.n(lineWidth)) w 1 j " }
        if !dash.isEmpty { o += "[\(dash.map(Self.n).joined(separator: " "))] 0 d " }
        for sp in subpaths where !sp.isEmpty {
            o += "\(Self.n(sp[0].0)) \(Self.n(height - sp[0].1)) m "
            for p in sp.dropFirst() { o += "\(Self.n(p.0)) \(Self.n(height - p.1)) l " }
            if closed { o += "h " }
        }
        let fillOp = evenOdd ? "f*" : "f", bothOp = evenOdd ? "B*" : "B"
        o += fill != nil && Self.rgb(fill!) != nil ? (stroke != nil && Self.rgb(stroke!) != nil ? bothOp : fillOp) : "S"
        ops.append(o + " Q")
    }

    public mutating func circle(cx: Double, cy: Double, r: Double, fill: String?, stroke: String? = nil, lineWidth: Double = 0.5) {
        // Four Bézier arcs.
        let k = 0.5523 * r
        let y = height - cy
        var o = "q "
        if let fill, let (rr, g, b) = Self.rgb(fill) { o += "\(Self.n(rr)) \(Self.n(g)) \(Self.n(b)) rg " }
        if let stroke, let (rr, g, b) = Self.rgb(stroke) { o += "\(Self.n(rr)) \(Self.n(g)) \(Self.n(b)) RG \(Self.n(lineWidth)) w " }
        o += "\(Self.n(cx + r)) \(Self.n(y)) m "
        o += "\(Self.n(cx + r)) \(Self.n(y + k)) \(Self.n(cx + k)) \(Self.n(y + r)) \(Self.n(cx)) \(Self.n(y + r)) c "
        o += "\(Self.n(cx - k)) \(Self.n(y + r)) \(Self.n(cx - r)) \(Self.n(y + k)) \(Self.n(cx - r)) \(Self.n(y)) c "
        o += "\(Self.n(cx - r)) \(Self.n(y - k)) \(Self.n(cx - k)) \(Self.n(y - r)) \(Self.n(cx)) \(Self.n(y - r)) c "
        o += "\(Self.n(cx + k)) \(Self.n(y - r)) \(Self.n(cx + r)) \(Self.n(y - k)) \(Self.n(cx + r)) \(Self.n(y)) c h "
        o += fill != nil ? (stroke != nil ? "B" : "f") : "S"
        ops.append(o + " Q")
    }
}

/// A PDF file: pages, the two standard fonts, bookmarks (outlines), document information.
public struct PDFDocument: Sendable {
    public struct Bookmark: Sendable {
        public var title: String
        public var level: Int
        public var page: Int
        public var y: Double
    }

    public var pages: [PDFPage] = []
    public var bookmarks: [Bookmark] = []
    public var title: String
    public var subject: String

    public init(title: String, subject: String = "") {
        self.title = title
        self.subject = subject
    }

    /// Writes the file (PDF 1.4, uncompressed content streams).
    public func data() -> Data {
        var out = Data("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = [0]
        var objects: [String] = []
        // Object numbers: 1 catalog, 2 pages, 3 font regular, 4 font bold, 5 info, 6 outlines root,
        // then 2 per page (page, content), then one per bookmark.
        let pageBase = 7
        let bookmarkBase = pageBase + 2 * pages.count
        func ref(_ n: Int) -> String { "\(n) 0 R" }
        let kids = pages.indices.map { ref(pageBase + 2 * $0) }.joined(separator: " ")
        objects.append("<< /Type /Catalog /Pages 2 0 R" + (bookmarks.isEmpty ? "" : " /Outlines 6 0 R /PageMode /UseOutlines") + " >>")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>")
        objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
        let stamp: String = {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyyMMddHHmmss"
            return "D:" + f.string(from: Date()) + "Z"
        }()
        objects.append("<< /Title \(PDFText.utf16(title)) /Subject \(PDFText.utf16(subject)) /Producer (Quartier) /Creator (Quartier) /CreationDate (\(stamp)) >>")
        // Outline tree: parents by level.
        var parent = [Int](repeating: 6, count: bookmarks.count)
        var children: [Int: [Int]] = [:]
        var stack: [(level: Int, object: Int)] = []
        for (i, b) in bookmarks.enumerated() {
            while let last = stack.last, last.level >= b.level { stack.removeLast() }
            parent[i] = stack.last?.object ?? 6
            children[parent[i], default: []].append(bookmarkBase + i)
            stack.append((b.level, bookmarkBase + i))
        }
        func descendants(_ object: Int) -> Int { (children[object] ?? []).reduce(0) { $0 + 1 + descendants($1) } }
        let top = children[6] ?? []
        objects.append(top.isEmpty ? "<< /Type /Outlines /Count 0 >>"
                       : "<< /Type /Outlines /First \(ref(top.first!)) /Last \(ref(top.last!)) /Count \(descendants(6)) >>")
        for (i, p) in pages.enumerated() {
            objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(PDFPage.n(p.width)) \(PDFPage.n(p.height))] "
                           + "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents \(ref(pageBase + 2 * i + 1)) >>")
            let stream = p.ops.joined(separator: "\n")
            objects.append("<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream")
        }
        for (i, b) in bookmarks.enumerated() {
            let me = bookmarkBase + i
            let siblings = children[parent[i]] ?? []
            let k = siblings.firstIndex(of: me)!
            var o = "<< /Title \(PDFText.utf16(b.title)) /Parent \(ref(parent[i]))"
            if k > 0 { o += " /Prev \(ref(siblings[k - 1]))" }
            if k + 1 < siblings.count { o += " /Next \(ref(siblings[k + 1]))" }
            if let c = children[me], !c.isEmpty { o += " /First \(ref(c.first!)) /Last \(ref(c.last!)) /Count -\(descendants(me))" }
            let page = pages[min(b.page, pages.count - 1)]
            o += " /Dest [\(ref(pageBase + 2 * min(b.page, pages.count - 1))) /XYZ 0 \(PDFPage.n(page.height - b.y + 12)) 0] >>"
            objects.append(o)
        }
        for (i, o) in objects.enumerated() {
            offsets.append(out.count)
            out += Data("\(i + 1) 0 obj\n\(o)\nendobj\n".utf8)
        }
        let xref = out.count
        var x = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets.dropFirst() { x += String(format: "%010d 00000 n \n", o) }
        x += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info 5 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        out += Data(x.utf8)
        return out
    }
}
