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
        let nf = NumberFormat.german
        var m = Markup()
        let q = "?jahr=\(model.period.year)&ebene=\(model.level.key)" + (model.template.name == ReportTemplate.standardName ? "" : "&vorlage=" + (model.template.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        m.element("p", ["class": "report-downloads"]) { p in
            p.element("a", ["href": Layout.link("/bericht.pdf" + q, lang), "download": "sozialbericht-\(model.period.year).pdf"], text: "Bericht als PDF herunterladen")
            p.text(" · ")
            p.element("a", ["href": Layout.link("/steckbriefe.pdf?jahr=\(model.period.year)&ebene=\(model.level.key)", lang), "download": "gebietsprofile.pdf"],
                      text: "Alle Gebietsprofile als PDF")
        }
        m.element("section", ["class": "report-title"]) { t in
            t.element("p", ["class": "kicker"], text: "Entwurf – erstellt mit Quartier")
            t.element("h1", text: "Sozialbericht \(model.townName)")
            t.element("p", ["class": "lead"], text: "Kleinräumige Sozialberichterstattung, Stichtag \(model.period.germanDate), Ebene \(model.level.name)")
        }
        m.element("nav", ["class": "report-toc", "aria-labelledby": "h-toc"]) { n in
            n.element("h2", ["id": "h-toc"], text: "Inhalt")
            // The entries read as the headings do: numbered chapters by topic, the rest unnumbered
            // (as in the PDF), so the contents and the headings never disagree.
            n.element("ul") { ol in
                ol.element("li") { li in li.element("a", ["href": "#ueberblick"], text: "Die Stadt auf einen Blick") }
                for (i, c) in model.chapters.enumerated() {
                    ol.element("li") { li in li.element("a", ["href": "#thema-\(i + 1)"], text: "\(i + 1). \(c.topic)") }
                }
                if model.template.earlyWarning { ol.element("li") { li in li.element("a", ["href": "#fruehwarnung"], text: "Auffälligkeiten (Frühwarnung)") } }
                if !model.measures.isEmpty { ol.element("li") { li in li.element("a", ["href": "#massnahmen"], text: "Maßnahmen und ihre Wirkung") } }
                if model.template.text("fazit") != nil { ol.element("li") { li in li.element("a", ["href": "#fazit"], text: "Fazit und Handlungsempfehlungen") } }
                if !model.profiles.isEmpty { ol.element("li") { li in li.element("a", ["href": "#profile"], text: "Gebietsprofile") } }
                if model.template.annex { ol.element("li") { li in li.element("a", ["href": "#methoden"], text: "Methoden und Quellen") } }
            }
        }
        let allViews = model.chapters.flatMap(\.views)
        m.element("section", ["class": "report-chapter", "id": "ueberblick"]) { s in
            s.element("h2", text: "Die Stadt auf einen Blick")
            s.element("ul", ["class": "key-figures"]) { ul in
                for key in glance {
                    guard let v = allViews.first(where: { $0.indicator.key == key }) else { continue }
                    ul.element("li") { li in
                        ProfilePage.keyFigureValue(ValueText.format(v.town, indicator: v.indicator, lang: lang), into: &li)
                        li.element("span", ["class": "kf-label"], text: v.indicator.name)
                    }
                }
            }
            if let intro = model.template.text("einleitung") { for para in intro.components(separatedBy: "\n\n") { s.element("p", ["class": "planner-text"], text: para) } }
            s.element("p", text: "Der Bericht beschreibt \(model.profiles.count) Gebiete der Ebene \(model.level.name) zum Stichtag \(model.period.germanDate). Werte der Stadt sind aus den summierten Zählern und Nennern berechnet, nicht als Mittel der Gebietswerte.")
        }
        for (i, c) in model.chapters.enumerated() {
            m.element("section", ["class": "report-chapter", "id": "thema-\(i + 1)"]) { s in
                s.element("h2", text: "\(i + 1). \(c.topic)")
                if let t = model.template.text("bewertung:" + c.topic) {
                    s.element("section", ["class": "planner-text"]) { b in
                        b.element("h3", text: "Bewertung")
                        for para in t.components(separatedBy: "\n\n") { b.element("p", text: para) }
                    }
                }
                for v in c.views {
                    s.element("section", ["class": "report-indicator"]) { r in
                        r.element("h3", text: v.indicator.name)
                        r.element("p", ["class": "small"], text: ReportPage.definitionAndSource(v.indicator))
                        if let sum = summary(v) { r.element("p", text: sum) }
                        r.element("div", ["class": "report-map-block"]) { b in
                            b.element("figure", ["class": "report-map"]) { f in f.raw(IndicatorPage.mapSVG(v, id: "karte-\(v.indicator.key)")) }
                            IndicatorPage.legend(v, into: &b)
                        }
                        r.open("table", ["class": "data report-table"])
                        r.element("thead") { th in th.element("tr") { tr in
                            tr.element("th", ["scope": "col"], text: "Gebiet")
                            tr.element("th", ["scope": "col", "class": "num"], text: "Wert")
                            tr.element("th", ["scope": "col"], text: "Hinweis")
                        } }
                        r.open("tbody")
                        for row in IndicatorPage.sortedRows(v) {
                            r.element("tr") { tr in
                                tr.element("th", ["scope": "row"], text: row.area.name)
                                tr.element("td", ["class": "num"], text: ValueText.format(row.outcome, indicator: v.indicator, lang: lang))
                                tr.element("td", text: ValueText.note(row, lang: lang))
                            }
                        }
                        r.close("tbody")
                        r.close("table")
                    }
                }
                if let t = model.template.text("empfehlung:" + c.topic) {
                    s.element("section", ["class": "planner-text"]) { b in
                        b.element("h3", text: "Handlungsempfehlungen")
                        for para in t.components(separatedBy: "\n\n") { b.element("p", text: para) }
                    }
                }
            }
        }
        if model.template.earlyWarning {
        m.element("section", ["class": "report-chapter", "id": "fruehwarnung"]) { s in
            s.element("h2", text: "Auffälligkeiten (Frühwarnung)")
            s.element("p", ["class": "small"], text: "Gebiete, deren 95-%-Intervall ganz auf der Bedarfsseite des städtischen Werts liegt, und Gebiete, deren Wert sich in zwei Jahren so verschlechtert hat, dass sich die Intervalle nicht überschneiden.")
            if model.warnings.isEmpty { s.element("p", text: "Keine Auffälligkeiten.") }
            s.element("ul") { ul in for w in model.warnings { ul.element("li", text: w.sentence) } }
        }
        }
        if !model.measures.isEmpty {
            m.element("section", ["class": "report-chapter", "id": "massnahmen"]) { s in
                s.element("h2", text: "Maßnahmen und ihre Wirkung")
                s.element("p", ["class": "small"], text: "Vergleich der Gebiete jeder Maßnahme mit den vor ihrem Beginn ähnlichsten Gebieten ohne sie (Differenz der Differenzen). Ein Hinweis, kein Beweis.")
                for x in model.measures {
                    s.element("h3", text: x.measure.title)
                    s.element("p", text: "Seit \(Period(date: x.measure.start).germanDate) in \(x.areaNames.joined(separator: ", "))"
                              + (x.measure.fundingProgramme.isEmpty ? "" : "; \(x.measure.fundingProgramme)") + ".")
                    s.element("ul") { ul in for t in x.sentences { ul.element("li", text: t) } }
                }
            }
        }
        if let t = model.template.text("fazit") {
            m.element("section", ["class": "report-chapter planner-text", "id": "fazit"]) { s in
                s.element("h2", text: "Fazit und Handlungsempfehlungen")
                for para in t.components(separatedBy: "\n\n") { s.element("p", text: para) }
            }
        }
        if !model.profiles.isEmpty {
        m.element("section", ["class": "report-chapter", "id": "profile"]) { s in
            s.element("h2", text: "Gebietsprofile")
            for p in model.profiles {
                s.element("section", ["class": "report-profile"]) { r in
                    r.element("h3", text: p.area.name)
                    if let note = model.notes[p.area.code] {
                        r.element("div", ["class": "area-note"]) { d in
                            for (i, para) in note.components(separatedBy: "\n\n").enumerated() where !para.trimmingCharacters(in: .whitespaces).isEmpty {
                                d.element("p") { pp in
                                    if i == 0 { pp.element("strong", text: "Hinweis der Verwaltung: ") }
                                    pp.text(para)
                                }
                            }
                        }
                    }
                    if !p.statements.isEmpty { r.element("ul") { ul in for t in p.statements { ul.element("li", text: t) } } }
                    r.open("table", ["class": "data report-table"])
                    r.element("thead") { th in th.element("tr") { tr in
                        for h in ["Indikator", p.area.name, "Stadt", "Abweichung"] { tr.element("th", ["scope": "col"], text: h) }
                    } }
                    r.open("tbody")
                    for row in p.rows where glance.contains(row.indicator.key) {
                        r.element("tr") { tr in
                            tr.element("th", ["scope": "row"], text: row.indicator.name)
                            tr.element("td", ["class": "num"], text: ValueText.format(row.area.outcome, indicator: row.indicator, lang: lang))
                            tr.element("td", ["class": "num"], text: ValueText.format(row.town, indicator: row.indicator, lang: lang))
                            let d = row.area.outcome.value.flatMap { a in row.town.value.map { a - $0 } }
                            tr.element("td", ["class": "num"], text: row.indicator.isCount ? "" : d.map { nf.signed($0, decimals: row.indicator.decimals) } ?? "")
                        }
                    }
                    r.close("tbody")
                    r.close("table")
                }
            }
        }
        }
        if model.template.annex {
        m.element("section", ["class": "report-chapter", "id": "methoden"]) { s in
            s.element("h2", text: "Methoden und Quellen")
            s.element("p", text: "Anteile sind mit ihrem 95-%-Konfidenzintervall nach Wilson berechnet; Werte mit einem Nenner unter 50 gelten als wenig aussagekräftig. Karten zeigen Quantilklassen (R-Typ 7), rechts geschlossen. Geheim gehaltene Werte (Zeichen „*“ oder „.“, in der Arbeitsmarktstatistik Fallzahlen von 1 oder 2 samt den zur Rückrechnung nötigen weiteren Zellen) erscheinen nirgends als Zahl.")
            s.open("table", ["class": "data report-table"])
            s.element("thead") { th in th.element("tr") { tr in
                for h in ["Indikator", "Definition", "Formel", "Einheit", "Quelle"] { tr.element("th", ["scope": "col"], text: h) }
            } }
            s.open("tbody")
            for v in allViews {
                s.element("tr") { tr in
                    tr.element("th", ["scope": "row"], text: v.indicator.name)
                    tr.element("td", text: v.indicator.definition)
                    tr.element("td") { td in td.element("code", text: v.indicator.formula) }
                    tr.element("td", text: v.indicator.unit)
                    tr.element("td", text: v.indicator.source)
                }
            }
            s.close("tbody")
            s.close("table")
        }
        }
        return Layout.page(title: "Sozialbericht \(model.period.year)", townName: model.townName, lang: .de,
                           path: "/bericht?jahr=\(model.period.year)&ebene=\(model.level.key)", body: m.output)
    }
}
