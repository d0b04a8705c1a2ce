import Foundation

/// Lays out flowing content on A4 pages: headings (with bookmarks and a table of contents),
/// wrapped paragraphs, figures from SVG, and tables that break across pages with their header
/// repeated. Page numbers are added when the document is finished.
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

    /// Lines of `text` that fit `width` at `size`.
    public static func wrap(_ text: String, font: PDFFont, size: Double, width: Double) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if font.width(candidate, size: size) <= width || line.isEmpty {
                    line = candidate
                } else {
                    lines.append(line)
                    line = String(word)
                }
            }
            lines.append(line)
        }
        return lines
    }

    /// A heading; level 1 and 2 go into the bookmarks and the table of contents.
    public mutating func heading(_ text: String, level: Int, newPage: Bool = false) {
        let size: Double = level == 1 ? 17 : level == 2 ? 13 : 11
        if newPage { self.newPage() } else { space(level == 1 ? 10 : 6) }
        let lines = Self.wrap(text, font: .bold, size: size, width: contentWidth)
        ensure(Double(lines.count) * size * 1.25 + 80)   // keep with what follows
        if level <= 2 {
            document.bookmarks.append(.init(title: text, level: level, page: pageIndex, y: y))
            entries.append(Entry(title: text, level: level, page: pageIndex + 1))
        }
        for l in lines {
            y += size
            page.text(l, x: left, y: y, font: .bold, size: size, color: level == 1 ? "#1f3a5f" : "#111111")
            y += size * 0.3
        }
        space(4)
    }

    public mutating func paragraph(_ text: String, font: PDFFont = .regular, size: Double = 9.5, color: String = "#111111", indent: Double = 0,
                                   after: Double = 5) {
        for l in Self.wrap(text, font: font, size: size, width: contentWidth - indent) {
            ensure(size * 1.35)
            y += size
            page.text(l, x: left + indent, y: y, font: font, size: size, color: color)
            y += size * 0.35
        }
        space(after)
    }

    /// An SVG figure `width` points wide (scaled down to fit a page); `beside` draws into the
    /// space to its right (e.g. a legend) and is given the figure's box.
    public mutating func figure(_ svg: String, width: Double, beside: ((inout PDFPage, _ x: Double, _ y: Double) -> Void)? = nil) {
        var w = width
        var h = SVGToPDF.height(svg, width: w)
        let maxH = limit - top - 20
        if h > maxH { w *= maxH / h; h = maxH }
        ensure(h + 6)
        SVGToPDF.draw(svg, on: &page, x: left, y: y, width: w)
        if let beside { beside(&page, left + w + 12, y) }
        y += h + 6
    }

    /// A table; `widths` are fractions of the content width, `numeric` columns are right-aligned.
    /// Rows that do not fit go to the next page under a repeated header.
    public mutating func table(header: [String], rows: [[String]], widths: [Double], numeric: [Bool] = [], size: Double = 8) {
        let total = widths.reduce(0, +)
        let cols = widths.map { $0 / total * contentWidth }
        func cellLines(_ row: [String], bold: Bool) -> [[String]] {
            row.enumerated().map { i, t in Self.wrap(t, font: bold ? .bold : .regular, size: size, width: cols[min(i, cols.count - 1)] - 6) }
        }
        func draw(_ row: [String], bold: Bool, shade: Bool) {
            let lines = cellLines(row, bold: bold)
            let h = Double(lines.map(\.count).max() ?? 1) * size * 1.25 + 4
            if shade { page.rect(left, y, contentWidth, h, fill: bold ? "#e8edf3" : "#f6f7f9") }
            var x = left
            for (i, ls) in lines.enumerated() {
                let right = i < numeric.count && numeric[i]
                for (k, l) in ls.enumerated() {
                    let ly = y + 2 + size + Double(k) * size * 1.25
                    page.text(l, x: right ? x + cols[i] - 3 : x + 3, y: ly, font: bold ? .bold : .regular, size: size, anchor: right ? "end" : "start")
                }
                x += cols[min(i, cols.count - 1)]
            }
            page.line(left, y + h, left + contentWidth, y + h, color: "#c8ced6", width: 0.4)
            y += h
        }
        func rowHeight(_ row: [String], bold: Bool) -> Double { Double(cellLines(row, bold: bold).map(\.count).max() ?? 1) * size * 1.25 + 4 }
        let headerHeight = rowHeight(header, bold: true)
        ensure(headerHeight + rowHeight(rows.first ?? [""], bold: false))
        draw(header, bold: true, shade: true)
        for (i, r) in rows.enumerated() {
            if y + rowHeight(r, bold: false) > limit {
                newPage()
                draw(header, bold: true, shade: true)
            }
            draw(r, bold: false, shade: i % 2 == 1)
        }
        space(8)
    }

    /// The table of contents for `entries` (from a first layout pass), with dot leaders.
    public mutating func contents(_ entries: [Entry], title: String) {
        heading(title, level: 3)
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
            page.text(t, x: left + indent, y: y, font: font, size: size)
            page.text(pageText, x: left + contentWidth, y: y, font: font, size: size, anchor: "end")
            let start = left + indent + font.width(t, size: size) + 4, end = left + contentWidth - font.width(pageText, size: size) - 4
            if end > start { page.line(start, y, end, y, color: "#9aa3ad", width: 0.6, dash: [0.6, 2.4]) }
            y += size * 0.5
        }
        space(6)
    }

    /// The pages laid out so far, the current one included.
    public var pages: [PDFPage] {
        var out = document.pages
        out[pageIndex] = page
        return out
    }

    /// Puts `pages` (laid out in a flow of their own, such as the table of contents) before page
    /// `index`; the bookmarks and contents entries of the later pages move with them.
    public mutating func insert(_ pages: [PDFPage], at index: Int) {
        document.pages[pageIndex] = page
        document.pages.insert(contentsOf: pages, at: index)
        for k in document.bookmarks.indices where document.bookmarks[k].page >= index { document.bookmarks[k].page += pages.count }
        for k in entries.indices where entries[k].page - 1 >= index { entries[k].page += pages.count }
        if pageIndex >= index { pageIndex += pages.count }
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

    /// Direct access for custom drawing at the cursor (e.g. a title page).
    public mutating func draw(_ body: (inout PDFPage, _ y: Double) -> Double) {
        y += body(&page, y)
    }
}
