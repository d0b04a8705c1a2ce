import QuartierCore
import QuartierGeo

/// The area profile (Steckbrief): every indicator next to the town's value, and a locator map.
func pow10(_ n: Int) -> Double { var v = 1.0; for _ in 0..<max(0, n) { v *= 10 }; return v }

/// Men and women per age group in percent of all residents (area and town).
public struct PyramidData: Sendable {
    public var groups: [String]
    public var men: [Double], women: [Double]
    public var townMen: [Double]?, townWomen: [Double]?
    public init(groups: [String], men: [Double], women: [Double], townMen: [Double]?, townWomen: [Double]?) {
        self.groups = groups; self.men = men; self.women = women; self.townMen = townMen; self.townWomen = townWomen
    }
}

public struct ProfilePage: Sendable {
    /// Indicators shown as key figures at the top of a profile, where present.
    static let keyFigures = ["einwohner", "anteil_u18", "anteil_65plus", "auslaenderanteil", "sgb2_quote", "kinderarmut"]

    public struct Row: Sendable {
        public var indicator: Indicator
        public var area: AreaOutcome
        public var town: Outcome
        /// The area's value two years earlier, for the trend mark.
        public var earlier: Double?
        /// The row's own period where it differs from the profile's (each indicator in its
        /// latest complete period), and what its period lacks, in words.
        public var period: Period?
        public var missing: [String] = []
        public init(indicator: Indicator, area: AreaOutcome, town: Outcome, earlier: Double? = nil, period: Period? = nil, missing: [String] = []) {
            self.indicator = indicator
            self.area = area
            self.town = town
            self.earlier = earlier
            self.period = period
            self.missing = missing
        }
    }

    public struct Model: Sendable {
        public var townName: String?
        public var area: Area
        public var level: AreaLevel?
        public var parent: Area?
        public var children: [Area]
        public var periods: [Period]
        public var period: Period?
        public var rows: [Row]
        /// Areas of the same level for the locator map, with geometry.
        public var neighbours: [(area: Area, geometry: MultiPolygon)]
        /// Generated sentences (German), see `Statements`.
        public var statements: [String]
        public var pyramid: PyramidData?
        /// Measures in the area (or its parent area).
        public var measures: [Measure] = []
        /// The staff's note on the area (in the public atlas only when released).
        public var note: AreaNote?
        public var lang: Language

        public init(townName: String?, area: Area, level: AreaLevel?, parent: Area?, children: [Area], periods: [Period], period: Period?,
                    rows: [Row], neighbours: [(area: Area, geometry: MultiPolygon)], statements: [String] = [], lang: Language) {
            self.townName = townName
            self.area = area
            self.level = level
            self.parent = parent
            self.children = children
            self.periods = periods
            self.period = period
            self.rows = rows
            self.neighbours = neighbours
            self.statements = statements
            self.pyramid = nil
            self.lang = lang
        }
    }

    /// The staff's note: its paragraphs, who wrote it, and on the internal atlas whether it is released.
    static func noteSection(_ m: inout Markup, _ note: AreaNote, lang: Language) {
        let de = lang == .de
        m.element("section", ["class": "area-note", "aria-labelledby": "h-note"]) { s in
            s.element("h2", ["id": "h-note"], text: de ? "Hinweis der Verwaltung" : "Note from the administration")
            if note.release == nil {
                s.element("p", ["class": "internal-flag"], text: de ? "Intern: noch nicht freigegeben, im öffentlichen Atlas nicht sichtbar." : "Internal: not released, not shown in the public atlas.")
            }
            for para in note.text.components(separatedBy: "\n\n") where !para.trimmingCharacters(in: .whitespaces).isEmpty {
                s.element("p", ["lang": "de"], text: para)
            }
            if let at = note.writtenAt {
                s.element("p", ["class": "note-meta"], text: (de ? "Stand: " : "As of: ") + AdminPages.stamp(at))
            }
        }
    }

    /// A key figure's value; a long unit ("Personen") may go to the next line rather than be cut
    /// ("31.500 Perso"). The profile's and the report's cards share it.
    static func keyFigureValue(_ text: String, into li: inout Markup) {
        if let gap = text.firstIndex(where: { $0 == "\u{00A0}" || $0 == "\u{202F}" }), text[text.index(after: gap)...].count > 2 {
            li.element("span", ["class": "kf-value"]) { v in
                v.text(String(text[..<gap]) + " ")
                v.element("span", ["class": "kf-unit"], text: String(text[text.index(after: gap)...]))
            }
        } else {
            li.element("span", ["class": "kf-value"], text: text)
        }
    }

    /// Years an age band spans ("0–2": 3, "25–64": 40); an open band ("80+") counts 20 years.
    static func bandYears(_ group: String) -> Double {
        let parts = group.split(whereSeparator: { $0 == "–" || $0 == "-" }).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), b >= a { return Double(b - a + 1) }
        if group.hasSuffix("+") { return 20 }
        return 1
    }

    /// The pyramid draws each band's share per year of age, so that bands of unequal width (0–2
    /// beside 25–64) compare as a real age structure instead of the widest band dominating.
    public static func pyramidSVG(_ py: PyramidData, areaName: String, lang: Language) -> String {
        let nf = NumberFormat.forLanguage(lang)
        let years = py.groups.map(bandYears)
        func perYear(_ v: [Double]) -> [Double] { zip(v, years).map { $0 / $1 } }
        return Charts.pyramid(title: (lang == .de ? "Bevölkerungspyramide " : "Population pyramid ") + areaName, groups: py.groups,
                              men: perYear(py.men), women: perYear(py.women), townMen: py.townMen.map(perYear), townWomen: py.townWomen.map(perYear),
                              menLabel: lang == .de ? "Männer (% je Altersjahr)" : "Men (% per year of age)",
                              womenLabel: lang == .de ? "Frauen (% je Altersjahr)" : "Women (% per year of age)",
                              townLabel: lang == .de ? "gestrichelt: Gesamtstadt · Anteil je Altersjahr (80+ als 20 Jahre)"
                                                     : "dashed: whole town · share per year of age (80+ as 20 years)",
                              format: { nf.format($0, decimals: 2) })
    }

    public static func render(_ model: Model) -> String {
        let lang = model.lang
        let nf = NumberFormat.forLanguage(lang)
        let a = model.area
        var m = Markup()
        m.element("p", ["class": "crumbs"]) { p in
            p.element("a", ["href": Layout.link("/", lang)], text: lang.t("nav.start"))
            p.text(" › ")
            p.element("a", ["href": Layout.link("/gebiete", lang)], text: lang.t("nav.areas"))
        }
        m.element("h1") { h in
            h.element("span", ["class": "kicker"], text: lang.t("profile.title") + " · " + (model.level?.name ?? a.levelKey))
            h.text(" " + a.name)
        }
        m.open("div", ["class": "profile-head"])
        m.element("dl", ["class": "facts"]) { dl in
            dl.element("dt", text: lang.t("profile.level")); dl.element("dd", text: model.level?.name ?? a.levelKey)
            dl.element("dt", text: "Code"); dl.element("dd", text: a.code)
            if let p = model.parent {
                dl.element("dt", text: lang.t("profile.parent"))
                dl.element("dd") { dd in dd.element("a", ["href": Layout.link("/gebiet/\(p.code)", lang)], text: p.name) }
            }
            if let period = model.period {
                dl.element("dt", text: lang.t("indicator.refdate")); dl.element("dd", text: period.germanDate)
            }
        }
        if !model.neighbours.isEmpty {
            let features = model.neighbours.map { n in
                MapFeature(code: n.area.code, name: n.area.name, geometry: n.geometry, fill: n.area.code == a.code ? "#d95f0e" : "#eeeeee",
                           title: n.area.name, href: n.area.code == a.code ? nil : Layout.link("/gebiet/\(n.area.code)", lang),
                           highlighted: n.area.code == a.code)
            }
            m.element("figure", ["class": "locator"]) { f in
                f.raw(ChoroplethMap(features: features, title: "\(lang.t("profile.locator")): \(a.name)", width: 320, showLabels: false).svg(id: "locator"))
                f.element("figcaption", text: lang.t("profile.locator"))
            }
        }
        m.close("div")
        if model.periods.count > 1, let period = model.period {
            m.element("form", ["method": "get", "action": Layout.action("/gebiet/\(a.code)"), "class": "controls"]) { f in
                if lang == .en { f.void("input", ["type": "hidden", "name": "lang", "value": "en"]) }
                YearLevel.year(into: &f, periods: model.periods, selected: period, lang: lang)
                f.element("button", ["type": "submit"], text: lang.t("form.show"))
            }
        }
        let figures = Self.keyFigures.compactMap { k in model.rows.first { $0.indicator.key == k } }
        if !figures.isEmpty {
            m.element("ul", ["class": "key-figures", "aria-label": lang == .de ? "Kennzahlen" : "Key figures"]) { ul in
                for r in figures {
                    ul.element("li") { li in
                        keyFigureValue(ValueText.format(r.area.outcome, indicator: r.indicator, lang: lang), into: &li)
                        li.element("span", ["class": "kf-label"], text: r.indicator.name)
                        if !r.indicator.isCount {
                            li.element("span", ["class": "kf-town"], text: "\(lang.t("indicator.town")): " + ValueText.format(r.town, indicator: r.indicator, lang: lang))
                        }
                        if let own = r.period, own != model.period {
                            li.element("span", ["class": "kf-town"], text: (lang == .de ? "Stand " : "as of ") + own.germanDate)
                        }
                    }
                }
            }
        }
        if let note = model.note {
            noteSection(&m, note, lang: lang)
        }
        if !model.statements.isEmpty {
            m.element("section", ["class": "statements", "aria-labelledby": "h-statements"]) { s in
                s.element("h2", ["id": "h-statements"], text: lang.t("profile.statements"))
                s.element("ul") { ul in for t in model.statements { ul.element("li", text: t) } }
            }
        }
        if let py = model.pyramid {
            let pf = { (v: Double) -> String in nf.format(v, decimals: 1) }
            m.element("section", ["class": "pyramid", "aria-labelledby": "h-pyramid"]) { sec in
                sec.element("h2", ["id": "h-pyramid"], text: lang == .de ? "Altersaufbau" : "Age structure")
                sec.element("figure", ["class": "chart-figure pyramid-figure"]) { f in
                    f.raw(pyramidSVG(py, areaName: a.name, lang: lang))
                    let q = model.period.map { "?jahr=\($0.year)" } ?? ""
                    Downloads.links(into: &f, [
                        (.svg, "/gebiet/\(a.code)/pyramide.svg" + q, "altersaufbau-\(a.code).svg"),
                        (.csv, "/gebiet/\(a.code)/pyramide.csv" + q, "altersaufbau-\(a.code).csv"),
                    ], lang: lang)
                }
                sec.element("details") { d in
                    d.element("summary", text: lang == .de ? "Tabelle zum Altersaufbau" : "Table of the age structure")
                    d.element("table", ["class": "data"]) { t in
                        t.element("thead") { th in th.element("tr") { tr in
                            for h in [lang == .de ? "Alter" : "Age", lang == .de ? "Männer %" : "Men %", lang == .de ? "Frauen %" : "Women %"] { tr.element("th", ["scope": "col"], text: h) }
                        } }
                        t.element("tbody") { tb in
                            for (i, g) in py.groups.enumerated() {
                                tb.element("tr") { tr in
                                    tr.element("th", ["scope": "row"], text: g)
                                    tr.element("td", ["class": "num"], text: pf(py.men[i]))
                                    tr.element("td", ["class": "num"], text: pf(py.women[i]))
                                }
                            }
                        }
                    }
                }
            }
        }
        m.element("h2", text: lang.t("profile.indicators"))
        var topics: [String] = []
        for r in model.rows where !topics.contains(r.indicator.topic) { topics.append(r.indicator.topic) }
        topics.sort(by: StandardCatalog.topicOrder)
        m.open("div", ["class": "profile-topics"])
        for topic in topics {
            m.element("section", ["class": "profile-topic"]) { s in
                s.element("h3", text: topic)
                s.open("div", ["class": "table-wrap"])
                s.open("table", ["class": "data profile"])
                s.element("thead") { th in
                    th.element("tr") { tr in
                        tr.element("th", ["scope": "col"], text: lang == .de ? "Indikator" : "Indicator")
                        tr.element("th", ["scope": "col", "class": "num"], text: a.name)
                        tr.element("th", ["scope": "col", "class": "trend"], text: lang == .de ? "Trend" : "Trend")
                        tr.element("th", ["scope": "col", "class": "num"], text: lang.t("indicator.town"))
                        tr.element("th", ["scope": "col", "class": "num"], text: lang.t("table.diff"))
                        tr.element("th", ["scope": "col"], text: lang.t("table.note"))
                    }
                }
                s.open("tbody")
                for r in model.rows where r.indicator.topic == topic {
                    s.element("tr") { tr in
                        let rowPeriod = r.period ?? model.period
                        let q = rowPeriod.map { "?jahr=\($0.date)&ebene=\(a.levelKey)" } ?? ""
                        tr.element("th", ["scope": "row"]) { th in
                            th.element("a", ["href": Layout.link("/indikator/\(r.indicator.key)\(q)", lang)], text: r.indicator.name)
                            if let own = r.period, own != model.period {
                                th.element("small", ["class": "row-period"], text: (lang == .de ? "Stand " : "as of ") + own.germanDate)
                            }
                        }
                        tr.element("td", ["class": "num"], text: ValueText.format(r.area.outcome, indicator: r.indicator, lang: lang))
                        tr.element("td", ["class": "trend"]) { td in
                            guard let now = r.area.outcome.value, let before = r.earlier, let period = rowPeriod else { return }
                            let step = 1 / pow10(r.indicator.decimals)
                            let (mark, word) = now - before >= step / 2 ? ("▲", lang == .de ? "gestiegen" : "up")
                                : before - now >= step / 2 ? ("▼", lang == .de ? "gesunken" : "down") : ("►", lang == .de ? "gleich" : "level")
                            let label = "\(word) \(lang == .de ? "seit" : "since") \(period.year - 2): \(nf.format(before, decimals: r.indicator.decimals, unit: r.indicator.unit))"
                            td.element("span", ["title": label, "aria-label": label], text: mark)
                            td.element("a", ["href": Layout.link("/indikator/\(r.indicator.key)/zeitreihe?gebiet=\(a.code)", lang), "class": "series-link"],
                                       text: lang == .de ? "Zeitreihe" : "series")
                        }
                        tr.element("td", ["class": "num"], text: ValueText.format(r.town, indicator: r.indicator, lang: lang))
                        var diff = ""
                        if let v = r.area.outcome.value, let t = r.town.value, !r.indicator.isCount {
                            diff = nf.signed(v - t, decimals: r.indicator.decimals)
                            if r.indicator.unit == "%" { diff += lang == .de ? " Pp." : " pp" }
                        }
                        tr.element("td", ["class": "num"], text: diff)
                        tr.element("td") { td in
                            td.text(ValueText.note(r.area, lang: lang))
                            if !r.missing.isEmpty {
                                td.element("span", ["class": "missing-data"], text: (lang == .de ? "es fehlen Werte für: " : "values missing for: ") + r.missing.map(lang.catalogLabel).joined(separator: "; "))
                            }
                        }
                    }
                }
                s.close("tbody")
                s.close("table")
                s.close("div")
            }
        }
        m.close("div")
        if !model.measures.isEmpty {
            m.element("h2", text: lang == .de ? "Maßnahmen im Gebiet" : "Measures in the area")
            MeasurePages.measureList(&m, model.measures, lang: lang)
        }
        if !model.children.isEmpty {
            m.element("h2", text: lang.t("profile.sub"))
            m.element("ul", ["class": "area-list"]) { ul in
                for c in model.children {
                    ul.element("li") { li in li.element("a", ["href": Layout.link("/gebiet/\(c.code)", lang)], text: c.name) }
                }
            }
        }
        let path = "/gebiet/\(a.code)" + (model.period.map { "?jahr=\($0.year)" } ?? "")
        return Layout.page(title: a.name, townName: model.townName, lang: lang, path: path, body: m.output)
    }
}
