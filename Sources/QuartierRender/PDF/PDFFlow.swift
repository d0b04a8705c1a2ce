import Foundation

/// Lays out flowing content on A4 pages: headings (with bookmarks and a table of contents),
/// wrapped paragraphs, lists, figures from SVG, and tables that break across pages with their
/// header repeated. Everything it lays out is tagged in reading order (the document's structure
/// tree); what it draws besides (shading, rules, repeated headers, footers) is an artifact.
/// Page numbers are added when the document is finished.
public struct PDFFlow {
    public struct Entry: Sendable, Equatable {
        public var title: String
        public var level: Int
        public var page: Int
    }

    public private(set) var document: PDFDocument
    var page = PDFPage()
    var pageIndex = -1
    public private(set) var y = 0.0
    public let left = 56.0, right = 56.0, top = 60.0, bottom = 64.0
    public var contentWidth: Double { page.width - left - right }
    var limit: Double { page.height - bottom }
    /// Headings in the order laid out, with their page numbers (1-based).
    public private(set) var entries: [Entry] = []
    let footer: String
    /// The open structure elements, innermost last (0 is the document).
    var open: [Int] = [0]

    public init(title: String, subject: String, footer: String) {
        document = PDFDocument(title: title, subject: subject)
        self.footer = footer
        newPage()
    }

    public mutating func newPage() {
        if pageIndex >= 0 { document.pages[pageIndex] = page }
        page = PDFPage()
        document.pages.append(page)
        pageIndex = document.pages.count - 1
        y = top
    }

    /// Starts a new page unless `height` more points fit on this one.
    public mutating func ensure(_ height: Double) {
        if y + height > limit && y > top + 0.5 { newPage() }
    }

    public mutating func space(_ h: Double) { y += h }

    // MARK: Structure

    /// Opens a structure element below the current one.
    @discardableResult
    public mutating func begin(_ type: String, alt: String? = nil, attributes: String? = nil) -> Int {
        let id = document.elements.count
        document.elements.append(.init(type: type, alt: alt, attributes: attributes))
        document.elements[open.last!].kids.append(.element(id))
        open.append(id)
        return id
    }

    public mutating func end() { if open.count > 1 { open.removeLast() } }

    /// Draws `body` on the current page as content of the current element.
    public mutating func content(_ tag: String, _ body: (inout PDFPage) -> Void) {
        let mcid = page.beginMarked(tag)
        document.elements[open.last!].kids.append(.content(page: pageIndex, mcid: mcid))
        body(&page)
        page.endMarked()
    }

    /// An element of `type` holding what `body` draws.
    public mutating func tagged(_ type: String, alt: String? = nil, _ body: (inout PDFPage) -> Void) {
        begin(type, alt: alt)
        content(type, body)
        end()
    }

    /// Lines of `text` that fit `width` at `size`. A line's width grows by each word's (and a
    /// space's), so no line is measured again from its start.
    public static func wrap(_ text: String, font: PDFFont, size: Double, width: Double) -> [String] {
        var lines: [String] = []
        let space = font.width(" ", size: size)
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0.0
            for word in paragraph.split(separator: " ") {
                let w = font.width(String(word), size: size)
                if line.isEmpty {
                    line = String(word)
                    lineWidth = w
                } else if lineWidth + space + w <= width {
                    line += " "
                    line += word
                    lineWidth += space + w
                } else {
                    lines.append(line)
                    line = String(word)
                    lineWidth = w
                }
            }
            lines.append(line)
        }
        return lines
    }

    /// A heading; level 1 and 2 go into the bookmarks and the table of contents. `tag` is its
    /// level in the structure when that differs from its look (the contents' title).
    public mutating func heading(_ text: String, level: Int, newPage: Bool = false, tag: Int? = nil) {
        let size: Double = level == 1 ? 17 : level == 2 ? 13 : 11
        if newPage { self.newPage() } else { space(level == 1 ? 10 : 6) }
        let lines = Self.wrap(text, font: .bold, size: size, width: contentWidth)
        ensure(Double(lines.count) * size * 1.25 + 80)   // keep with what follows
        if level <= 2 {
            document.bookmarks.append(.init(title: text, level: level, page: pageIndex, y: y))
            entries.append(Entry(title: text, level: level, page: pageIndex + 1))
        }
        let element = begin("H\(tag ?? level)")
        document.elements[element].title = text
        for l in lines {
            y += size
            let y = self.y, left = self.left
            content("H\(tag ?? level)") { $0.text(l, x: left, y: y, font: .bold, size: size, color: level == 1 ? "#1f3a5f" : "#111111") }
            self.y += size * 0.3
        }
        end()
        space(4)
    }

    public mutating func paragraph(_ text: String, font: PDFFont = .regular, size: Double = 9.5, color: String = "#111111", indent: Double = 0,
                                   after: Double = 5) {
        begin("P")
        lines(text, font: font, size: size, color: color, indent: indent)
        end()
        space(after)
    }

    /// Wrapped lines as content of the current element.
    mutating func lines(_ text: String, font: PDFFont = .regular, size: Double, color: String = "#111111", indent: Double, tag: String = "P") {
        for l in Self.wrap(text, font: font, size: size, width: contentWidth - indent) {
            ensure(size * 1.35)
            y += size
            let y = self.y, left = self.left
            content(tag) { $0.text(l, x: left + indent, y: y, font: font, size: size, color: color) }
            self.y += size * 0.35
        }
    }

    /// A bulleted list: L with LI, each a label (the bullet) and a body.
    public mutating func list(_ items: [String], size: Double = 9.5, indent: Double = 6) {
        guard !items.isEmpty else { return }
        begin("L", attributes: "<< /O /List /ListNumbering /Disc >>")
        for item in items {
            begin("LI")
            ensure(size * 1.35)
            let y = self.y + size, left = self.left
            begin("Lbl")
            content("Lbl") { $0.text("•", x: left + indent, y: y, size: size, color: "#111111") }
            end()
            begin("LBody")
            lines(item, size: size, indent: indent + 9, tag: "LBody")
            end()
            end()
            space(2)
        }
        end()
    }

    /// An SVG figure `width` points wide (scaled down to fit a page), tagged as a Figure with
    /// `alt` as its alternative text; `beside` draws into the space to its right (e.g. a legend)
    /// and is given the figure's box.
    public mutating func figure(_ svg: String, width: Double, alt: String, beside: ((inout PDFPage, _ x: Double, _ y: Double) -> Void)? = nil) {
        var w = width
        var h = SVGToPDF.height(svg, width: w)
        let maxH = limit - top - 20
        if h > maxH { w *= maxH / h; h = maxH }
        ensure(h + 6)
        let y = self.y, left = self.left, height = page.height
        let box = "[\(PDFPage.n(left)) \(PDFPage.n(height - y - h)) \(PDFPage.n(page.width - right)) \(PDFPage.n(height - y))]"
        begin("Figure", alt: alt, attributes: "<< /O /Layout /Placement /Block /BBox \(box) >>")
        content("Figure") { page in
            SVGToPDF.draw(svg, on: &page, x: left, y: y, width: w)
            if let beside { beside(&page, left + w + 12, y) }
        }
        end()
        self.y += h + 6
    }

    /// A table; `widths` are fractions of the content width, `numeric` columns are right-aligned.
    /// Rows that do not fit go to the next page under a repeated header.
    public mutating func table(header: [String], rows: [[String]], widths: [Double], numeric: [Bool] = [], size: Double = 8) {
        let total = widths.reduce(0, +)
        let cols = widths.map { $0 / total * contentWidth }
        func cellLines(_ row: [String], bold: Bool) -> [[String]] {
            row.enumerated().map { i, t in Self.wrap(t, font: bold ? .bold : .regular, size: size, width: cols[min(i, cols.count - 1)] - 6) }
        }
        /// A row; `tagged` rows are TR with TH (header, scope column) or TD cells, a header
        /// repeated on a later page is an artifact.
        func draw(_ lines: [[String]], bold: Bool, shade: Bool, tagged: Bool) {
            let h = Double(lines.map(\.count).max() ?? 1) * size * 1.25 + 4
            if shade { page.rect(left, y, contentWidth, h, fill: bold ? "#e8edf3" : "#f6f7f9") }
            if tagged { begin("TR") }
            var x = left
            for (i, ls) in lines.enumerated() {
                let right = i < numeric.count && numeric[i]
                let y = self.y
                let cell = { (page: inout PDFPage) in
                    for (k, l) in ls.enumerated() {
                        let ly = y + 2 + size + Double(k) * size * 1.25
                        page.text(l, x: right ? x + cols[i] - 3 : x + 3, y: ly, font: bold ? .bold : .regular, size: size, anchor: right ? "end" : "start")
                    }
                }
                if tagged {
                    begin(bold ? "TH" : "TD", attributes: bold ? "<< /O /Table /Scope /Column >>" : nil)
                    if ls.contains(where: { !$0.isEmpty }) { content(bold ? "TH" : "TD", cell) }
                    end()
                } else {
                    cell(&page)
                }
                x += cols[min(i, cols.count - 1)]
            }
            if tagged { end() }
            page.line(left, y + h, left + contentWidth, y + h, color: "#c8ced6", width: 0.4)
            y += h
        }
        func rowHeight(_ lines: [[String]]) -> Double { Double(lines.map(\.count).max() ?? 1) * size * 1.25 + 4 }
        let headerLines = cellLines(header, bold: true)
        let headerHeight = rowHeight(headerLines)
        ensure(headerHeight + rowHeight(cellLines(rows.first ?? [""], bold: false)))
        begin("Table")
        begin("THead")
        draw(headerLines, bold: true, shade: true, tagged: true)
        end()
        begin("TBody")
        for (i, r) in rows.enumerated() {
            let lines = cellLines(r, bold: false)
            if y + rowHeight(lines) > limit {
                newPage()
                draw(headerLines, bold: true, shade: true, tagged: false)
            }
            draw(lines, bold: false, shade: i % 2 == 1, tagged: true)
        }
        end()
        end()
        space(8)
    }

    /// The table of contents for `entries` (from a first layout pass), with dot leaders.
    public mutating func contents(_ entries: [Entry], title: String) {
        heading(title, level: 3, tag: 1)
        begin("TOC")
        for e in entries {
            let size = e.level == 1 ? 10.5 : 9.5
            let indent = e.level == 1 ? 0.0 : 14.0
            ensure(size * 1.5)
            y += size
            let pageText = String(e.page)
            let font: PDFFont = e.level == 1 ? .bold : .regular
            let maxTitle = contentWidth - indent - 40
            var t = e.title
            while font.width(t, size: size) > maxTitle && t.count > 4 { t = String(t.dropLast(2)) + "…" }
            let y = self.y, left = self.left, width = contentWidth
            begin("TOCI")
            content("Reference") { page in
                page.text(t, x: left + indent, y: y, font: font, size: size)
                page.text(pageText, x: left + width, y: y, font: font, size: size, anchor: "end")
            }
            end()
            let start = left + indent + font.width(t, size: size) + 4, stop = left + contentWidth - font.width(pageText, size: size) - 4
            if stop > start { page.line(start, y, stop, y, color: "#9aa3ad", width: 0.6, dash: [0.6, 2.4]) }
            self.y += size * 0.5
        }
        self.end()
        space(6)
    }

    /// The pages laid out so far, the current one included.
    public var pages: [PDFPage] {
        var out = document.pages
        out[pageIndex] = page
        return out
    }

    /// Puts the pages of `other` (laid out in a flow of their own, such as the table of contents)
    /// before page `index`; the bookmarks, contents entries and tagged content of the later pages
    /// move with them, and `other`'s structure goes in as the document's `position`-th part.
    public mutating func insert(_ other: PDFFlow, at index: Int, position: Int) {
        let pages = other.pages
        document.pages[pageIndex] = page
        document.pages.insert(contentsOf: pages, at: index)
        for k in document.bookmarks.indices where document.bookmarks[k].page >= index { document.bookmarks[k].page += pages.count }
        for k in entries.indices where entries[k].page - 1 >= index { entries[k].page += pages.count }
        if pageIndex >= index { pageIndex += pages.count }
        for e in document.elements.indices {
            for k in document.elements[e].kids.indices {
                if case .content(let p, let m) = document.elements[e].kids[k], p >= index { document.elements[e].kids[k] = .content(page: p + pages.count, mcid: m) }
            }
        }
        let offset = document.elements.count - 1   // other's element i (i ≥ 1) becomes offset + i
        for el in other.document.elements.dropFirst() {
            var el = el
            el.kids = el.kids.map { k in
                switch k {
                case .content(let p, let m): .content(page: p + index, mcid: m)
                case .element(let c): .element(c + offset)
                }
            }
            document.elements.append(el)
        }
        let top = other.document.elements[0].kids.map { k -> PDFDocument.Element.Kid in
            if case .element(let c) = k { return .element(c + offset) }
            return k
        }
        document.elements[0].kids.insert(contentsOf: top, at: min(position, document.elements[0].kids.count))
    }

    /// Adds "footer · Seite n von N" to every page except the first and returns the document.
    public func finished() -> PDFDocument {
        var doc = document
        doc.pages[pageIndex] = page
        let n = doc.pages.count
        for i in 1..<max(1, n) {
            doc.pages[i].line(left, doc.pages[i].height - 40, doc.pages[i].width - right, doc.pages[i].height - 40, color: "#c8ced6", width: 0.4)
            doc.pages[i].text(footer, x: left, y: doc.pages[i].height - 28, size: 7.5, color: "#555555")
            doc.pages[i].text("Seite \(i + 1) von \(n)", x: doc.pages[i].width - right, y: doc.pages[i].height - 28, size: 7.5, color: "#555555", anchor: "end")
        }
        return doc
    }

    /// The finished document's bytes.
    public func data() throws -> Data { try finished().data() }

    /// Direct access for custom drawing at the cursor (e.g. a title page).
    public mutating func draw(_ body: (inout PDFPage, _ y: Double) -> Double) {
        y += body(&page, y)
    }
}
