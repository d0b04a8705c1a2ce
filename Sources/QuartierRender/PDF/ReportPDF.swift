import Foundation
import QuartierCore

/// The Sozialbericht and the area profiles (Steckbriefe) as PDF, written by Quartier itself.
public enum ReportPDF {
    static let suppressionRule = "Anteile sind mit ihrem 95-%-Konfidenzintervall nach Wilson berechnet; Werte mit einem Nenner unter 50 gelten als wenig aussagekräftig. Karten zeigen Quantilklassen (R-Typ 7), rechts geschlossen. Geheim gehaltene Werte (Zeichen „*“ oder „.“, in der Arbeitsmarktstatistik Fallzahlen von 1 oder 2 samt den zur Rückrechnung nötigen weiteren Zellen) erscheinen nirgends als Zahl; was aus ihnen berechnet würde, bleibt ebenfalls leer."

    /// The whole report, laid out once: the body after the title page, then the table of
    /// contents in a flow of its own, put between them. How many pages the contents take does
    /// not depend on the page numbers in it (a title is cut to the same width whatever its
    /// number), so the body's page numbers are shifted by that count.
    public static func report(_ model: ReportPage.Model) throws -> Data {
        var body = layout(ReportContent.blocks(model), title: "Sozialbericht \(model.townName)", subject: "Kleinräumige Sozialberichterstattung \(model.period.year)",
                          footer: "Sozialbericht \(model.townName) \(model.period.year) – Entwurf")
        let count = contents(body.entries).pages.count
        let shifted = body.entries.map { e -> PDFFlow.Entry in var e = e; e.page += count; return e }
        body.insert(contents(shifted), at: 1, position: titleParts)
        return try body.data()
    }

    /// How many structure elements the title page has (the contents follow them).
    static let titleParts = 3

    /// The contents pages for `entries`.
    static func contents(_ entries: [PDFFlow.Entry]) -> PDFFlow {
        var flow = PDFFlow(title: "", subject: "", footer: "")
        flow.contents(entries, title: "Inhalt")
        return flow
    }

    /// The title page and the body (from page 2 on), without the contents.
    static func layout(_ blocks: [ReportBlock], title: String, subject: String, footer: String) -> PDFFlow {
        var flow = PDFFlow(title: title, subject: subject, footer: footer)
        for block in blocks {
            switch block {
            case .titlePage(let note, let title, let town, let subtitle, let lines):
                // Three parts: the note, the title, the subtitle (see `titleParts`).
                flow.draw { page, _ in page.rect(0, 0, page.width, 250, fill: "#1f3a5f"); return 0 }
                flow.tagged("P") { $0.text(note, x: 56, y: 90, size: 11, color: "#d7e0ea") }
                flow.tagged("H1") { page in
                    page.text(title, x: 56, y: 150, font: .bold, size: 34, color: "#ffffff")
                    page.text(town, x: 56, y: 195, font: .bold, size: 24, color: "#ffffff")
                }
                flow.tagged("P") { page in
                    page.text(subtitle, x: 56, y: 300, font: .bold, size: 14)
                    for (k, l) in lines.enumerated() { page.text(l, x: 56, y: 322 + 20 * Double(k), size: k == 0 ? 12 : 10, color: k == 0 ? "#000000" : "#444444") }
                }
                flow.newPage()
            case .contents:
                break   // inserted after layout, when the page numbers are known
            case .heading(let text, let level, let newPage, _):
                // A chapter's own parts (assessment, recommendations) look smaller than an indicator's
                // heading but sit directly under the chapter: H2 in the structure, so no level is skipped.
                flow.heading(text, level: level, newPage: newPage, tag: min(level, 2))
            case .paragraph(let text, let style):
                if style == .small { flow.paragraph(text, size: 8, color: "#444444") } else { flow.paragraph(text) }
            case .keyFigures(let figures):
                flow.table(header: ["Kennzahl", "Stadt"], rows: figures.map { [$0.label, $0.value] }, widths: [3, 1], numeric: [false, true], size: 9)
            case .list(let items):
                flow.list(items)
            case .table(let header, let rows, let widths, let numeric, let size):
                flow.table(header: header, rows: rows, widths: widths, numeric: numeric, size: size)
            case .figure(let svg, let alt, let caption, let legend):
                flow.figure(svg, width: flow.contentWidth * (legend == nil ? 0.8 : 0.62), alt: alt) { page, x, y in
                    guard let legend else { return }
                    page.text(legend.title, x: x, y: y + 10, font: .bold, size: 8)
                    var ly = y + 24
                    for item in legend.items {
                        page.rect(x, ly - 8, 10, 10, fill: item.color, stroke: "#555555", lineWidth: 0.3)
                        page.text(item.label, x: x + 14, y: ly, size: 7.5)
                        ly += 14
                    }
                    page.text(legend.note, x: x, y: ly + 6, font: .bold, size: 8)
                }
                flow.paragraph(caption, size: 7.5, color: "#444444")
            }
        }
        return flow
    }

    // MARK: Area profiles

    public struct Profile: Sendable {
        public var area: Area
        public var levelName: String
        public var period: Period?
        public var statements: [String]
        public var rows: [ProfilePage.Row]
        public var pyramidSVG: String?
        /// The released staff note on the area.
        public var note: String?
        public init(area: Area, levelName: String, period: Period?, statements: [String], rows: [ProfilePage.Row], pyramidSVG: String?, note: String? = nil) {
            self.area = area; self.levelName = levelName; self.period = period; self.statements = statements; self.rows = rows; self.pyramidSVG = pyramidSVG
            self.note = note
        }
    }

    /// Every area's profile (Steckbrief), each starting on a new page, with bookmarks.
    public static func profiles(townName: String, profiles: [Profile], lang: Language) throws -> Data {
        try layout(ReportContent.profiles(townName: townName, profiles: profiles, lang: lang), title: "Gebietsprofile \(townName)",
                   subject: "Steckbriefe aller Gebiete", footer: "Gebietsprofile \(townName)").data()
    }
}
