import Foundation
import QuartierCore

/// The Sozialbericht draft as one printable HTML document: title page, contents, the town at a
/// glance, one chapter per topic (map, table and statements per indicator), the early-warning
/// list, one short profile per area, and a method annex.
public enum ReportPage {
    /// "Definition. Quelle: source." with one full stop at the end, also when the source ends in
    /// an abbreviation or a date ("Stichtag 31.12.").
    static func definitionAndSource(_ i: Indicator) -> String {
        i.definition + " Quelle: " + i.source + (i.source.hasSuffix(".") ? "" : ".")
    }

    public struct Model: Sendable {
        public var townName: String
        public var period: Period
        public var level: AreaLevel
        /// Indicator views by topic, in catalog order.
        public var chapters: [(topic: String, views: [IndicatorPage.Model])]
        public var warnings: [EarlyWarning.Finding]
        public var profiles: [(area: Area, statements: [String], rows: [ProfilePage.Row])]
        /// Measures with one sentence per target indicator (the effect estimate in words).
        public var measures: [(measure: Measure, areaNames: [String], sentences: [String])] = []
        /// Released staff notes by area code.
        public var notes: [String: String] = [:]
        /// Selection and the planner's texts (interpretation, recommendations).
        public var template = ReportTemplate()
        public var lang: Language

        public init(townName: String, period: Period, level: AreaLevel, chapters: [(topic: String, views: [IndicatorPage.Model])],
                    warnings: [EarlyWarning.Finding], profiles: [(area: Area, statements: [String], rows: [ProfilePage.Row])], lang: Language) {
            self.townName = townName
            self.period = period
            self.level = level
            self.chapters = chapters
            self.warnings = warnings
            self.profiles = profiles
            self.lang = lang
        }
    }

    static let glance = ["einwohner", "anteil_u18", "anteil_65plus", "auslaenderanteil", "sgb2_quote", "kinderarmut", "arbeitslosenanteil"]

    /// "Den höchsten Wert hat …, den niedrigsten …; Stadt: …" for one indicator view.
    static func summary(_ v: IndicatorPage.Model) -> String? {
        let nf = NumberFormat.german
        let ind = v.indicator
        let shown = v.rows.filter { $0.outcome.status == .ok && $0.outcome.value != nil }
        guard let hi = shown.max(by: { $0.outcome.value! < $1.outcome.value! }), let lo = shown.min(by: { $0.outcome.value! < $1.outcome.value! }),
              shown.count >= 2 else { return nil }
        let town = v.town.value.map { "; Gesamtstadt: " + nf.format($0, decimals: ind.decimals, unit: ind.unit) } ?? ""
        return "Den höchsten Wert hat \(hi.area.name) (\(nf.format(hi.outcome.value!, decimals: ind.decimals, unit: ind.unit))), "
            + "den niedrigsten \(lo.area.name) (\(nf.format(lo.outcome.value!, decimals: ind.decimals, unit: ind.unit)))\(town)."
    }

    public static func render(_ model: Model) -> String {
        let lang = model.lang
        var m = Markup()
        let q = "?jahr=\(model.period.year)&ebene=\(model.level.key)" + (model.template.name == ReportTemplate.standardName ? "" : "&vorlage=" + (model.template.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        let profiles = "?jahr=\(model.period.year)&ebene=\(model.level.key)"
        m.element("p", ["class": "report-downloads"]) { p in
            p.text("Bericht herunterladen: ")
            p.element("a", ["href": Layout.link("/bericht.pdf" + q, lang), "download": "sozialbericht-\(model.period.year).pdf"], text: "PDF")
            p.text(" · ")
            p.element("a", ["href": Layout.link("/bericht.docx" + q, lang), "download": "sozialbericht-\(model.period.year).docx"], text: "Word (DOCX)")
            p.text(" · ")
            p.element("a", ["href": Layout.link("/bericht.pptx" + q, lang), "download": "sozialbericht-\(model.period.year).pptx"], text: "PowerPoint (PPTX)")
            p.text(" – Alle Gebietsprofile: ")
            p.element("a", ["href": Layout.link("/steckbriefe.pdf" + profiles, lang), "download": "gebietsprofile.pdf"], text: "PDF")
            p.text(" · ")
            p.element("a", ["href": Layout.link("/steckbriefe.docx" + profiles, lang), "download": "gebietsprofile.docx"], text: "Word (DOCX)")
        }
        html(ReportContent.blocks(model), into: &m)
        return Layout.page(title: "Sozialbericht \(model.period.year)", townName: model.townName, lang: .de,
                           path: "/bericht?jahr=\(model.period.year)&ebene=\(model.level.key)", body: m.output)
    }

    /// The report's blocks as HTML: a section per chapter (h2) and per indicator, profile or
    /// measure (h3), the contents linking to the chapters.
    static func html(_ blocks: [ReportBlock], into m: inout Markup) {
        var chapters = 0, inner = false, outer = false
        let chapterTitles = blocks.compactMap { b -> String? in
            if case .heading(let t, 1, _, _) = b { return t }
            return nil
        }
        func closeInner(_ m: inout Markup) { if inner { m.close("section"); inner = false } }
        for block in blocks {
            switch block {
            case .titlePage(let note, let title, let town, let subtitle, let lines):
                m.element("section", ["class": "report-title"]) { t in
                    t.element("p", ["class": "kicker"], text: note)
                    t.element("h1", text: "\(title) \(town)")
                    t.element("p", ["class": "lead"], text: ([subtitle] + lines.prefix(1)).joined(separator: ", "))
                    for l in lines.dropFirst() { t.element("p", ["class": "small"], text: l) }
                }
            case .contents:
                m.element("nav", ["class": "report-toc", "aria-labelledby": "h-toc"]) { n in
                    n.element("h2", ["id": "h-toc"], text: "Inhalt")
                    n.element("ul") { ul in
                        for (i, t) in chapterTitles.enumerated() { ul.element("li") { li in li.element("a", ["href": "#kapitel-\(i + 1)"], text: t) } }
                    }
                }
            case .heading(let text, let level, _, let part):
                switch level {
                case 1:
                    closeInner(&m)
                    if outer { m.close("section") }
                    chapters += 1
                    m.open("section", ["class": "report-chapter", "id": "kapitel-\(chapters)"])
                    outer = true
                    m.element("h2", text: text)
                case 2:
                    closeInner(&m)
                    m.open("section", ["class": "report-\(part.rawValue)"])
                    inner = true
                    m.element("h3", text: text)
                default:
                    // A chapter's own parts (the planner's assessment and recommendations).
                    closeInner(&m)
                    m.element("h3", text: text)
                }
            case .paragraph(let text, let style):
                switch style {
                case .body: m.element("p", text: text)
                case .small: m.element("p", ["class": "small"], text: text)
                case .planner: m.element("p", ["class": "planner-text"], text: text)
                }
            case .keyFigures(let figures):
                m.element("ul", ["class": "key-figures"]) { ul in
                    for f in figures {
                        ul.element("li") { li in
                            ProfilePage.keyFigureValue(f.value, into: &li)
                            li.element("span", ["class": "kf-label"], text: f.label)
                        }
                    }
                }
            case .list(let items):
                m.element("ul") { ul in for t in items { ul.element("li", text: t) } }
            case .table(let header, let rows, _, let numeric, _):
                m.element("div", ["class": "table-scroll"]) { d in
                    d.open("table", ["class": "data report-table"])
                    d.element("thead") { th in th.element("tr") { tr in
                        for (i, h) in header.enumerated() { tr.element("th", ["scope": "col", "class": i < numeric.count && numeric[i] ? "num" : nil], text: h) }
                    } }
                    d.open("tbody")
                    for row in rows {
                        d.element("tr") { tr in
                            for (i, c) in row.enumerated() {
                                if i == 0 { tr.element("th", ["scope": "row"], text: c) } else { tr.element("td", ["class": i < numeric.count && numeric[i] ? "num" : nil], text: c) }
                            }
                        }
                    }
                    d.close("tbody")
                    d.close("table")
                }
            case .figure(let svg, _, let caption, let legend):
                m.element("div", ["class": "report-map-block"]) { b in
                    b.element("figure", ["class": "report-map"]) { f in
                        f.raw(svg)
                        f.element("figcaption", ["class": "small"], text: caption)
                    }
                    if let legend {
                        b.element("div", ["class": "legend"]) { lg in
                            lg.element("p", ["class": "legend-title"]) { p in p.element("strong", text: legend.title) }
                            lg.element("ul") { ul in
                                for item in legend.items {
                                    ul.element("li") { li in
                                        li.raw("<svg class=\"swatch\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><rect width=\"16\" height=\"16\" fill=\"\(Markup.escape(item.color))\" stroke=\"#555\"/></svg>")
                                        li.text(" " + item.label)
                                    }
                                }
                            }
                            lg.element("p") { p in p.element("strong", text: legend.note) }
                        }
                    }
                }
            }
        }
        closeInner(&m)
        if outer { m.close("section") }
    }
}
