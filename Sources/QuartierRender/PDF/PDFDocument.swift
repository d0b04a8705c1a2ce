import Foundation

/// The two fonts Quartier's PDFs use, DejaVu Sans and its bold cut, embedded as subsets (see
/// `PDFFonts`); text is written as glyph numbers (Identity-H) with a ToUnicode map, so it stays
/// selectable and searchable.
public enum PDFFont: Sendable {
    case regular, bold

    var resourceName: String { self == .regular ? "F1" : "F2" }
    var index: Int { self == .regular ? 0 : 1 }

    /// Width of a text in points.
    public func width(_ s: String, size: Double) -> Double {
        guard let font = PDFFonts.font(self) else { return Double(s.unicodeScalars.count) * size * 0.55 }
        var units = 0.0
        font.advance.withUnsafeBufferPointer { advance in
            font.bmp.withUnsafeBufferPointer { bmp in
                for u in s.unicodeScalars {
                    let c = PDFText.printable(u.value)
                    units += advance[Int(c < 0x10000 ? bmp[Int(c)] : font.glyph(c))]
                }
            }
        }
        return units * size / 1000
    }
}

/// Text for the PDF: glyph numbers of the embedded fonts, and strings for outlines and metadata.
public enum PDFText {
    /// Characters written as another: spaces of other widths as a space, tabs as a space;
    /// line breaks are dropped by the caller.
    @inline(__always) static func printable(_ v: UInt32) -> UInt32 {
        switch v {
        case 9, 0x2007, 0x2002, 0x2003: 32
        default: v
        }
    }

    /// A PDF hex string of 2-byte glyph numbers (Identity-H); marks the glyphs used in `used`.
    static func glyphs(_ s: String, font: TrueTypeFont, used: inout [UInt64]) -> String {
        var out: [UInt8] = [60]
        out.reserveCapacity(s.utf8.count * 4 + 2)
        for u in s.unicodeScalars where u.value != 10 && u.value != 13 {
            let g = font.glyph(printable(u.value))
            used[Int(g) >> 6] |= 1 << UInt64(g & 63)
            for shift in [12, 8, 4, 0] as [UInt16] { out.append(hexDigits[Int((g >> shift) & 15)]) }
        }
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

    /// Text for XML (the XMP metadata).
    static func xml(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
}

/// One page's drawing, in points from the top-left corner (PDF's own origin is bottom-left).
public struct PDFPage: Sendable {
    public let width: Double
    public let height: Double
    var ops: [String] = []
    /// Open marked-content sections (tagged content); drawing outside them is an artifact.
    var marked = 0
    /// The next marked-content identifier on this page.
    var nextMCID = 0
    /// Glyphs used per font, as bitmaps.
    var used: [[UInt64]]

    public init(width: Double = 595.28, height: Double = 841.89) {
        self.width = width
        self.height = height
        used = [0, 1].map { i in [UInt64](repeating: 0, count: ((PDFFonts.font(i == 0 ? .regular : .bold)?.glyphCount ?? 0) + 63) / 64 + 1) }
    }

    /// Opens a marked-content section tagged `tag` and returns its identifier.
    mutating func beginMarked(_ tag: String) -> Int {
        let id = nextMCID
        nextMCID += 1
        ops.append("/\(tag) <</MCID \(id)>> BDC")
        marked += 1
        return id
    }

    mutating func endMarked() {
        ops.append("EMC")
        marked -= 1
    }

    /// Appends a drawing operation; outside tagged content it is marked as an artifact
    /// (decoration, rules, running footers), as PDF/UA requires of untagged content.
    mutating func emit(_ op: String) {
        ops.append(marked > 0 ? op : "/Artifact BMC " + op + " EMC")
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

    /// Text with its baseline at y; `anchor` "start", "middle" or "end"; `angle` in degrees (counter-clockwise on the page).
    public mutating func text(_ s: String, x: Double, y: Double, font: PDFFont = .regular, size: Double = 10, color: String = "#000000",
                              anchor: String = "start", angle: Double = 0) {
        guard !s.isEmpty else { return }
        let w = font.width(s, size: size)
        let shift = anchor == "middle" ? -w / 2 : anchor == "end" ? -w : 0
        guard let tt = PDFFonts.font(font) else { return }
        let glyphs = PDFText.glyphs(s, font: tt, used: &used[font.index])
        var o = "q " + (Self.rgb(color).map { "\(Self.n($0.0)) \(Self.n($0.1)) \(Self.n($0.2)) rg " } ?? "")
        if angle == 0 {
            o += "BT /\(font.resourceName) \(Self.n(size)) Tf \(Self.n(x + shift)) \(Self.n(height - y)) Td \(glyphs) Tj ET Q"
        } else {
            let a = angle * .pi / 180, c = cos(a), sn = sin(a)
            o += "BT /\(font.resourceName) \(Self.n(size)) Tf \(Self.n(c)) \(Self.n(sn)) \(Self.n(-sn)) \(Self.n(c)) \(Self.n(x)) \(Self.n(height - y)) Tm \(Self.n(shift)) 0 Td \(glyphs) Tj ET Q"
        }
        emit(o)
    }

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String = "#000000", width: Double = 0.5, dash: [Double] = []) {
        var o = "q " + (Self.rgb(color).map { "\(Self.n($0.0)) \(Self.n($0.1)) \(Self.n($0.2)) RG " } ?? "")
        o += "\(Self.n(width)) w" + (dash.isEmpty ? "" : " [\(dash.map(Self.n).joined(separator: " "))] 0 d")
        emit(o + " \(Self.n(x1)) \(Self.n(height - y1)) m \(Self.n(x2)) \(Self.n(height - y2)) l S Q")
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
        emit(o + " Q")
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
        emit(o + " Q")
    }
}

/// A PDF file: pages, the embedded fonts, bookmarks (outlines), document information, and the
/// structure tree of a tagged PDF (PDF/UA-1): headings, paragraphs, lists, tables with header
/// cells and figures with alternative text, in reading order; language de-DE.
public struct PDFDocument: Sendable {
    public struct Bookmark: Sendable {
        public var title: String
        public var level: Int
        public var page: Int
        public var y: Double
    }

    /// One structure element: its type (H1, P, Table, TH, Figure, …), alternative text and
    /// attributes, and its kids in reading order.
    public struct Element: Sendable {
        public enum Kid: Sendable {
            /// Marked content `mcid` on page `page` (0-based).
            case content(page: Int, mcid: Int)
            case element(Int)
        }
        public var type: String
        /// The element's title (/T): a heading's text, for tools that read the tree.
        public var title: String?
        public var alt: String?
        /// A PDF attribute dictionary (such as the scope of a header cell), written as is.
        public var attributes: String?
        public var kids: [Kid] = []
    }

    public var pages: [PDFPage] = []
    public var bookmarks: [Bookmark] = []
    /// Element 0 is the document; the others hang below it through their kids.
    public var elements: [Element] = [Element(type: "Document")]
    public var title: String
    public var subject: String
    public var language = "de-DE"

    public init(title: String, subject: String = "") {
        self.title = title
        self.subject = subject
    }

    /// Writes the file (PDF 1.7, uncompressed content streams); fails when the fonts are missing.
    public func data() throws -> Data {
        let fonts: [TrueTypeFont]
        switch PDFFonts.loaded {
        case .success(let f): fonts = f
        case .failure(let e): throw e
        }
        var objects: [String] = []
        var streams: [Int: [UInt8]] = [:]   // binary stream bodies by object index
        // Object numbers: 1 catalog, 2 pages, 3 font regular, 4 font bold, 5 info, 6 outlines root,
        // 7 structure tree root, 8 parent tree, 9 metadata, then 2 per page (page, content), then one
        // per bookmark, one per structure element, four per font (descendant, descriptor, file, ToUnicode).
        let pageBase = 10
        let bookmarkBase = pageBase + 2 * pages.count
        let elementBase = bookmarkBase + bookmarks.count
        let fontBase = elementBase + elements.count
        func ref(_ n: Int) -> String { "\(n) 0 R" }
        let kids = pages.indices.map { ref(pageBase + 2 * $0) }.joined(separator: " ")
        objects.append("<< /Type /Catalog /Pages 2 0 R" + (bookmarks.isEmpty ? "" : " /Outlines 6 0 R /PageMode /UseOutlines")
                       + " /MarkInfo << /Marked true >> /StructTreeRoot 7 0 R /Lang \(PDFText.utf16(language)) /Metadata 9 0 R"
                       + " /ViewerPreferences << /DisplayDocTitle true >> >>")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>")
        // The fonts' used glyphs over all pages.
        var used = fonts.map { [UInt64](repeating: 0, count: ($0.glyphCount + 63) / 64 + 1) }
        for p in pages { for f in 0..<2 { for (w, word) in p.used[f].enumerated() where word != 0 { used[f][w] |= word } } }
        // A subset's tag: six capitals derived from the glyphs it holds.
        func tag(_ bits: [UInt64], _ f: Int) -> String {
            var h: UInt64 = 1469598103934665603 &+ UInt64(f)
            for w in bits { h = (h ^ w) &* 1099511628211 }
            return String((0..<6).map { k in Character(UnicodeScalar(65 + UInt8((h >> UInt64(k * 5)) % 26))) })
        }
        for f in 0..<2 { objects.append("<< /Type /Font /Subtype /Type0 /BaseFont /\(tag(used[f], f))+\(fonts[f].postScriptName) /Encoding /Identity-H "
                                        + "/DescendantFonts [\(ref(fontBase + 4 * f))] /ToUnicode \(ref(fontBase + 4 * f + 3)) >>") }
        let stamp: String = {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyyMMddHHmmss"
            return f.string(from: Date())
        }()
        objects.append("<< /Title \(PDFText.utf16(title)) /Subject \(PDFText.utf16(subject)) /Producer (Quartier) /Creator (Quartier) /CreationDate (D:\(stamp)Z) >>")
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
        // Structure: who owns each marked content (the parent tree, one array per page).
        var owner = pages.map { [Int](repeating: -1, count: $0.nextMCID) }
        var elementParent = [Int](repeating: 0, count: elements.count)
        for (i, e) in elements.enumerated() {
            for k in e.kids {
                switch k {
                case .content(let p, let m): if p < owner.count && m < owner[p].count { owner[p][m] = i }
                case .element(let c): elementParent[c] = i
                }
            }
        }
        objects.append("<< /Type /StructTreeRoot /K [\(ref(elementBase))] /ParentTree 8 0 R /ParentTreeNextKey \(pages.count) >>")
        objects.append("<< /Nums [" + owner.enumerated().map { p, ids in "\(p) [" + ids.map { $0 < 0 ? "null" : ref(elementBase + $0) }.joined(separator: " ") + "]" }
            .joined(separator: " ") + "] >>")
        let xmp = """
        <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
        <dc:title><rdf:Alt><rdf:li xml:lang="x-default">\(PDFText.xml(title))</rdf:li></rdf:Alt></dc:title>
        <dc:description><rdf:Alt><rdf:li xml:lang="x-default">\(PDFText.xml(subject))</rdf:li></rdf:Alt></dc:description>
        <dc:language><rdf:Bag><rdf:li>\(language)</rdf:li></rdf:Bag></dc:language>
        <pdf:Producer>Quartier</pdf:Producer><xmp:CreatorTool>Quartier</xmp:CreatorTool>
        <pdfuaid:part>1</pdfuaid:part>
        </rdf:Description></rdf:RDF></x:xmpmeta>
        <?xpacket end="w"?>
        """
        objects.append("<< /Type /Metadata /Subtype /XML /Length \(xmp.utf8.count) >>\nstream\n\(xmp)\nendstream")
        for (i, p) in pages.enumerated() {
            objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(PDFPage.n(p.width)) \(PDFPage.n(p.height))] "
                           + "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents \(ref(pageBase + 2 * i + 1)) /StructParents \(i) /Tabs /S >>")
            var stream: [UInt8] = []
            stream.reserveCapacity(p.ops.reduce(0) { $0 + $1.utf8.count + 1 })
            for op in p.ops { stream += op.utf8; stream.append(10) }
            streams[objects.count] = stream
            objects.append("<< /Length \(stream.count) >>")
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
        for (i, e) in elements.enumerated() {
            var o = "<< /Type /StructElem /S /\(e.type) /P \(i == 0 ? "7 0 R" : ref(elementBase + elementParent[i]))"
            if let t = e.title { o += " /T \(PDFText.utf16(t))" }
            if let alt = e.alt { o += " /Alt \(PDFText.utf16(alt))" }
            if let a = e.attributes { o += " /A " + a }
            if i == 0 { o += " /Lang \(PDFText.utf16(language))" }
            // Marked content on the element's own page (/Pg) is named by its number alone;
            // elsewhere by a marked-content reference.
            var home: Int?
            for k in e.kids { if case .content(let p, _) = k { home = p; break } }
            if let home { o += " /Pg \(ref(pageBase + 2 * home))" }
            o += " /K [" + e.kids.map { k -> String in
                switch k {
                case .content(let p, let m): p == home ? String(m) : "<< /Type /MCR /Pg \(ref(pageBase + 2 * p)) /MCID \(m) >>"
                case .element(let c): ref(elementBase + c)
                }
            }.joined(separator: " ") + "] >>"
            objects.append(o)
        }
        for (f, font) in fonts.enumerated() {
            let base = fontBase + 4 * f
            var widths = ""
            for (w, word) in used[f].enumerated() where word != 0 {
                for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 {
                    let g = w * 64 + bit
                    if g < font.glyphCount { widths += "\(g) [\(PDFPage.n(font.advance[g]))] " }
                }
            }
            let name = "\(tag(used[f], f))+\(font.postScriptName)"
            objects.append("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /\(name) /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                           + "/FontDescriptor \(ref(base + 1)) /DW 1000 /W [\(widths)] /CIDToGIDMap /Identity >>")
            let b = font.bbox
            objects.append("<< /Type /FontDescriptor /FontName /\(name) /Flags 32 /FontBBox [\(PDFPage.n(b.0)) \(PDFPage.n(b.1)) \(PDFPage.n(b.2)) \(PDFPage.n(b.3))] "
                           + "/ItalicAngle 0 /Ascent \(PDFPage.n(font.ascent)) /Descent \(PDFPage.n(font.descent)) /CapHeight \(PDFPage.n(font.capHeight)) "
                           + "/StemV \(f == 0 ? 80 : 140) /FontFile2 \(ref(base + 2)) >>")
            let file = font.subset(used[f])
            streams[objects.count] = file
            objects.append("<< /Length \(file.count) /Length1 \(file.count) >>")
            // ToUnicode: glyph number → the character it was written for.
            var cmap = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                + "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            var pairs: [String] = []
            for (w, word) in used[f].enumerated() where word != 0 {
                for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 {
                    let g = w * 64 + bit
                    guard g > 0, g < font.glyphCount, let c = UnicodeScalar(font.character[g]) else { continue }
                    let utf16 = String(Character(c)).utf16.map { u in String(u, radix: 16, uppercase: true).leftPadded(4) }.joined()
                    pairs.append("<\(String(g, radix: 16, uppercase: true).leftPadded(4))> <\(utf16)>")
                }
            }
            var k = 0
            while k < pairs.count {
                let chunk = pairs[k..<min(k + 100, pairs.count)]
                cmap += "\(chunk.count) beginbfchar\n" + chunk.joined(separator: "\n") + "\nendbfchar\n"
                k += 100
            }
            cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
            objects.append("<< /Length \(cmap.utf8.count) >>\nstream\n\(cmap)\nendstream")
        }
        var out = [UInt8]("%PDF-1.7\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(out.count)
            out += Array("\(i + 1) 0 obj\n\(o)\n".utf8)
            if let body = streams[i] { out += Array("stream\n".utf8); out += body; out += Array("\nendstream\n".utf8) }
            out += Array("endobj\n".utf8)
        }
        let xref = out.count
        var x = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { x += String(o).leftPadded(10, with: "0") + " 00000 n \n" }
        x += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info 5 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        out += Array(x.utf8)
        return Data(out)
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
