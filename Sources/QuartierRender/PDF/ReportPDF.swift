import Foundation
import QuartierCore

/// The Sozialbericht and the area profiles (Steckbriefe) as PDF, written by Quartier itself.
public enum ReportPDF {
    static let suppressionRule = "Anteile sind mit ihrem 95-%-Konfidenzintervall nach Wilson berechnet; Werte mit einem Nenner unter 50 gelten als wenig aussagekräftig. Karten zeigen Quantilklassen (R-Typ 7), rechts geschlossen. Geheim gehaltene Werte (Zeichen „*“ oder „.“, in der Arbeitsmarktstatistik Fallzahlen von 1 oder 2 samt den zur Rückrechnung nötigen weiteren Zellen) erscheinen nirgends als Zahl; was aus ihnen berechnet würde, bleibt ebenfalls leer."

    /// The whole report, laid out once: the body after the title page, then the table of
    /// contents in a flow of its own, put between them. How many pages the contents take does
    /// not depend on the page numbers in it (a title is cut to the same width whatever its
    /// number), so the body's page numbers are shifted by that count.
    public static func report(_ model: ReportPage.Model) -> Data {
        var body = layout(model)
        let count = contents(body.entries).pages.count
        let shifted = body.entries.map { e -> PDFFlow.Entry in var e = e; e.page += count; return e }
        body.insert(contents(shifted).pages, at: 1)
        return body.finished().data()
    }

    /// The contents pages for `entries`.
    static func contents(_ entries: [PDFFlow.Entry]) -> PDFFlow {
        var flow = PDFFlow(title: "", subject: "", footer: "")
        flow.contents(entries, title: "Inhalt")
        return flow
    }

    static func paragraphs(_ flow: inout PDFFlow, _ text: String) {
        for p in text.components(separatedBy: "\n\n") { flow.paragraph(p.replacingOccurrences(of: "\n", with: " ")) }
    }

    /// The title page and the body (from page 2 on), without the contents.
    static func layout(_ model: ReportPage.Model) -> PDFFlow {
        let lang = model.lang
        let nf = NumberFormat.german
        var flow = PDFFlow(title: "Sozialbericht \(model.townName)", subject: "Kleinräumige Sozialberichterstattung \(model.period.year)",
                           footer: "Sozialbericht \(model.townName) \(model.period.year) – Entwurf")
        // Title page.
        flow.draw { page, y in
            page.rect(0, 0, page.width, 250, fill: "#1f3a5f")
            page.text("Entwurf – erstellt mit Quartier", x: 56, y: 90, size: 11, color: "#d7e0ea")
            page.text("Sozialbericht", x: 56, y: 150, font: .bold, size: 34, color: "#ffffff")
            page.text(model.townName, x: 56, y: 195, font: .bold, size: 24, color: "#ffffff")
            page.text("Kleinräumige Sozialberichterstattung", x: 56, y: 300, font: .bold, size: 14)
            page.text("Stichtag \(model.period.germanDate), Ebene \(model.level.name)", x: 56, y: 322, size: 12)
            page.text("\(model.chapters.flatMap(\.views).count) Indikatoren in \(model.chapters.count) Themen, \(model.profiles.count) Gebietsprofile",
                      x: 56, y: 342, size: 10, color: "#444444")
            return 0
        }
        flow.newPage()

        let allViews = model.chapters.flatMap(\.views)
        flow.heading("Die Stadt auf einen Blick", level: 1)
        if let intro = model.template.text("einleitung") { paragraphs(&flow, intro) }
        var glance: [[String]] = []
        for key in ReportPage.glance {
            guard let v = allViews.first(where: { $0.indicator.key == key }) else { continue }
            glance.append([v.indicator.name, ValueText.format(v.town, indicator: v.indicator, lang: lang)])
        }
        if !glance.isEmpty { flow.table(header: ["Kennzahl", "Stadt \(model.period.year)"], rows: glance, widths: [3, 1], numeric: [false, true], size: 9) }
        flow.paragraph("Der Bericht beschreibt \(model.profiles.isEmpty ? model.chapters.first?.views.first?.rows.count ?? 0 : model.profiles.count) Gebiete der Ebene \(model.level.name) zum Stichtag \(model.period.germanDate). Werte der Stadt sind aus den summierten Zählern und Nennern berechnet, nicht als Mittel der Gebietswerte.")

        for (i, c) in model.chapters.enumerated() {
            flow.heading("\(i + 1). \(c.topic)", level: 1, newPage: true)
            if let t = model.template.text("bewertung:" + c.topic) {
                flow.heading("Bewertung", level: 3)
                paragraphs(&flow, t)
            }
            for v in c.views {
                flow.heading(v.indicator.name, level: 2)
                flow.paragraph(ReportPage.definitionAndSource(v.indicator), size: 8, color: "#444444")
                if let sum = ReportPage.summary(v) { flow.paragraph(sum) }
                let (cls, colors) = IndicatorPage.colorsAndClasses(v)
                let counts = cls.counts(v.rows.compactMap { $0.outcome.status == .ok || $0.outcome.status == .estimated ? $0.outcome.value : nil })
                let mapWidth = flow.contentWidth * 0.62
                flow.figure(IndicatorPage.mapSVG(v, id: "karte-\(v.indicator.key)"), width: mapWidth) { page, x, y in
                    page.text("Klassen (\(v.indicator.unit))", x: x, y: y + 10, font: .bold, size: 8)
                    var ly = y + 24
                    for (k, b) in cls.upperBounds.enumerated() {
                        page.rect(x, ly - 8, 10, 10, fill: colors[k], stroke: "#555555", lineWidth: 0.3)
                        let upper = nf.format(b, decimals: v.indicator.decimals)
                        let label = k == 0 ? "bis \(upper)" : "über \(nf.format(cls.upperBounds[k - 1], decimals: v.indicator.decimals)) bis \(upper)"
                        page.text("\(label) (\(counts[k]))", x: x + 14, y: ly, size: 7.5)
                        ly += 14
                    }
                    page.text("Stadt: " + ValueText.format(v.town, indicator: v.indicator, lang: lang), x: x, y: ly + 6, font: .bold, size: 8)
                }
                let rows = IndicatorPage.sortedRows(v).map { row in
                    [row.area.name, ValueText.format(row.outcome, indicator: v.indicator, lang: lang),
                     row.interval.map { "\(nf.format($0.lower, decimals: v.indicator.decimals)) – \(nf.format($0.upper, decimals: v.indicator.decimals))" } ?? "",
                     ValueText.note(row, lang: lang)]
                }
                flow.table(header: ["Gebiet", "Wert", "95-%-Intervall", "Hinweis"], rows: rows, widths: [3, 1.4, 2, 3], numeric: [false, true, true, false])
            }
            if let t = model.template.text("empfehlung:" + c.topic) {
                flow.heading("Handlungsempfehlungen", level: 3)
                paragraphs(&flow, t)
            }
        }
        if model.template.earlyWarning {
            flow.heading("Auffälligkeiten (Frühwarnung)", level: 1, newPage: true)
            flow.paragraph("Gebiete, deren 95-%-Intervall ganz auf der Bedarfsseite des städtischen Werts liegt, und Gebiete, deren Wert sich in zwei Jahren so verschlechtert hat, dass sich die Intervalle nicht überschneiden.", size: 8.5, color: "#444444")
            if model.warnings.isEmpty { flow.paragraph("Keine Auffälligkeiten.") }
            for w in model.warnings { flow.paragraph("• " + w.sentence, indent: 6, after: 2) }
        }
        if !model.measures.isEmpty {
            flow.heading("Maßnahmen und ihre Wirkung", level: 1, newPage: true)
            flow.paragraph("Vergleich der Gebiete jeder Maßnahme mit den vor ihrem Beginn ähnlichsten Gebieten ohne sie (Differenz der Differenzen). Ein Hinweis, kein Beweis.", size: 8.5, color: "#444444")
            for x in model.measures {
                flow.heading(x.measure.title, level: 2)
                flow.paragraph("Seit \(Period(date: x.measure.start).germanDate) in \(x.areaNames.joined(separator: ", "))" + (x.measure.fundingProgramme.isEmpty ? "" : "; \(x.measure.fundingProgramme)") + ".")
                for t in x.sentences { flow.paragraph("• " + t, indent: 6, after: 2) }
            }
        }
        if let t = model.template.text("fazit") {
            flow.heading("Fazit und Handlungsempfehlungen", level: 1, newPage: true)
            paragraphs(&flow, t)
        }
        if !model.profiles.isEmpty {
            flow.heading("Gebietsprofile", level: 1, newPage: true)
            for p in model.profiles {
                flow.heading(p.area.name, level: 2)
                if let note = model.notes[p.area.code] { notePDF(&flow, note) }
                for t in p.statements { flow.paragraph("• " + t, indent: 6, after: 2) }
                let rows = p.rows.filter { ReportPage.glance.contains($0.indicator.key) }.map { row -> [String] in
                    let d = row.area.outcome.value.flatMap { a in row.town.value.map { a - $0 } }
                    return [row.indicator.name, ValueText.format(row.area.outcome, indicator: row.indicator, lang: lang),
                            ValueText.format(row.town, indicator: row.indicator, lang: lang),
                            row.indicator.isCount ? "" : d.map { nf.signed($0, decimals: row.indicator.decimals) } ?? ""]
                }
                flow.table(header: ["Indikator", p.area.name, "Stadt", "Abweichung"], rows: rows, widths: [3, 1.3, 1.3, 1.2], numeric: [false, true, true, true])
            }
        }
        if model.template.annex {
            flow.heading("Methoden und Quellen", level: 1, newPage: true)
            flow.paragraph(suppressionRule)
            flow.table(header: ["Indikator", "Definition", "Formel", "Einheit", "Quelle"],
                       rows: allViews.map { [$0.indicator.name, $0.indicator.definition, $0.indicator.formula, $0.indicator.unit, $0.indicator.source] },
                       widths: [2, 3.2, 2.4, 0.8, 1.6], size: 7)
        }
        return flow
    }

    /// A staff note: "Hinweis der Verwaltung:" and its paragraphs.
    static func notePDF(_ flow: inout PDFFlow, _ note: String) {
        for (i, para) in note.components(separatedBy: "\n\n").enumerated() where !para.trimmingCharacters(in: .whitespaces).isEmpty {
            flow.paragraph((i == 0 ? "Hinweis der Verwaltung: " : "") + para.replacingOccurrences(of: "\n", with: " "), after: 3)
        }
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
    public static func profiles(townName: String, profiles: [Profile], lang: Language) -> Data {
        let nf = NumberFormat.forLanguage(lang)
        var flow = PDFFlow(title: "Gebietsprofile \(townName)", subject: "Steckbriefe aller Gebiete", footer: "Gebietsprofile \(townName)")
        flow.draw { page, _ in
            page.rect(0, 0, page.width, 250, fill: "#1f3a5f")
            page.text("Gebietsprofile", x: 56, y: 150, font: .bold, size: 34, color: "#ffffff")
            page.text(townName, x: 56, y: 195, font: .bold, size: 24, color: "#ffffff")
            page.text("\(profiles.count) Steckbriefe" + (profiles.first?.period.map { ", Stichtag \($0.germanDate)" } ?? ""), x: 56, y: 300, size: 12)
            return 0
        }
        for p in profiles {
            flow.heading("\(p.area.name) (\(p.levelName) \(p.area.code))", level: 1, newPage: true)
            if let note = p.note { notePDF(&flow, note) }
            for t in p.statements { flow.paragraph("• " + t, indent: 6, after: 2) }
            flow.space(4)
            if let svg = p.pyramidSVG { flow.figure(svg, width: flow.contentWidth * 0.7) }
            let rows = p.rows.map { row -> [String] in
                let d = row.area.outcome.value.flatMap { a in row.town.value.map { a - $0 } }
                return [row.indicator.name, ValueText.format(row.area.outcome, indicator: row.indicator, lang: lang),
                        ValueText.format(row.town, indicator: row.indicator, lang: lang),
                        row.indicator.isCount ? "" : d.map { nf.signed($0, decimals: row.indicator.decimals) } ?? ""]
            }
            flow.table(header: ["Indikator", p.area.name, "Stadt", "Abweichung"], rows: rows, widths: [3.2, 1.3, 1.3, 1.2], numeric: [false, true, true, true])
        }
        return flow.finished().data()
    }
}
