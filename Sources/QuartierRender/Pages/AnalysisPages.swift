import Foundation
import QuartierCore
import QuartierGeo

/// A scatter plot of two indicators over the areas of a level, with Pearson's r.
public enum ScatterPage {
    public struct Model: Sendable {
        public var townName: String?
        public var indicators: [Indicator]
        public var x: Indicator, y: Indicator
        public var period: Period, periods: [Period]
        public var level: AreaLevel, levels: [AreaLevel]
        public var points: [(area: Area, x: Double, y: Double)]
        public var lang: Language
        public init(townName: String?, indicators: [Indicator], x: Indicator, y: Indicator, period: Period, periods: [Period], level: AreaLevel,
                    levels: [AreaLevel], points: [(area: Area, x: Double, y: Double)], lang: Language) {
            self.townName = townName; self.indicators = indicators; self.x = x; self.y = y; self.period = period; self.periods = periods
            self.level = level; self.levels = levels; self.points = points; self.lang = lang
        }
        public var r: Double? { Correlation.pearson(points.map(\.x), points.map(\.y)) }
    }

    public static func chartSVG(_ m: Model) -> String {
        let nf = NumberFormat.forLanguage(m.lang)
        return Charts.scatter(title: "\(m.x.name) und \(m.y.name), \(m.level.name), \(m.period.germanDate)",
                              points: m.points.map { ($0.area.name, $0.x, $0.y) }, xLabel: "\(m.x.name) (\(m.x.unit))", yLabel: "\(m.y.name) (\(m.y.unit))",
                              format: { nf.format($0, decimals: 1) })
    }

    public static func render(_ model: Model) -> String {
        let lang = model.lang
        let nf = NumberFormat.forLanguage(lang)
        var m = Markup()
        m.element("h1", text: lang == .de ? "Zusammenhang zweier Indikatoren" : "Two indicators compared")
        m.element("form", ["method": "get", "action": Layout.action("/streudiagramm"), "class": "controls"]) { f in
            if lang == .en { f.void("input", ["type": "hidden", "name": "lang", "value": "en"]) }
            for (name, label, chosen) in [("x", lang == .de ? "Waagerecht" : "Horizontal", model.x.key), ("y", lang == .de ? "Senkrecht" : "Vertical", model.y.key)] {
                f.element("label", ["for": name], text: label)
                f.element("select", ["id": name, "name": name]) { s in
                    for i in model.indicators { s.element("option", ["value": i.key, "selected": i.key == chosen ? "selected" : nil], text: i.name) }
                }
            }
            YearLevel.controls(into: &f, periods: model.periods, period: model.period, levels: model.levels, level: model.level, lang: lang)
        }
        let rText = model.r.map { nf.format($0, decimals: 2) } ?? "–"
        m.element("p", ["class": "town-value"]) { p in
            p.text((lang == .de ? "Korrelationskoeffizient nach Pearson: " : "Pearson's correlation coefficient: "))
            p.element("strong", text: "r = \(rText)")
            p.text(lang == .de ? " (\(model.points.count) Gebiete; ein Zusammenhang ist noch keine Ursache)" : " (\(model.points.count) areas; correlation is not cause)")
        }
        m.element("figure", ["class": "chart-figure"]) { f in
            f.raw(chartSVG(model))
            Downloads.links(into: &f, [
                (.chart, "/streudiagramm.svg?x=\(model.x.key)&y=\(model.y.key)&jahr=\(model.period.year)&ebene=\(model.level.key)", "streudiagramm.svg"),
                (.data, "/streudiagramm.csv?x=\(model.x.key)&y=\(model.y.key)&jahr=\(model.period.year)&ebene=\(model.level.key)", "streudiagramm.csv"),
            ], lang: lang)
        }
        m.open("div", ["class": "table-wrap"])
        m.open("table", ["class": "data"])
        m.element("caption", text: "\(model.x.name) / \(model.y.name)")
        m.element("thead") { th in
            th.element("tr") { tr in
                tr.element("th", ["scope": "col"], text: lang.t("table.area"))
                tr.element("th", ["scope": "col", "class": "num"], text: "\(model.x.name) (\(model.x.unit))")
                tr.element("th", ["scope": "col", "class": "num"], text: "\(model.y.name) (\(model.y.unit))")
            }
        }
        m.open("tbody")
        for p in model.points.sorted(by: { $0.area.name < $1.area.name }) {
            m.element("tr") { tr in
                tr.element("th", ["scope": "row"], text: p.area.name)
                tr.element("td", ["class": "num"], text: nf.format(p.x, decimals: model.x.decimals))
                tr.element("td", ["class": "num"], text: nf.format(p.y, decimals: model.y.decimals))
            }
        }
        m.close("tbody")
        m.close("table")
        m.close("div")
        return Layout.page(title: lang == .de ? "Streudiagramm" : "Scatter plot", townName: model.townName, lang: lang,
                           path: "/streudiagramm?x=\(model.x.key)&y=\(model.y.key)&jahr=\(model.period.year)&ebene=\(model.level.key)", body: m.output)
    }
}

/// Two areas side by side: every indicator, with the town's value.
public enum ComparePage {
    /// How many areas one comparison holds.
    public static let maximumAreas = 5

    public struct Model: Sendable {
        public var townName: String?
        /// Every area, for the choice.
        public var areas: [Area]
        /// The areas compared, in the order chosen (a parent after its children when asked for).
        public var chosen: [Area]
        public var period: Period, periods: [Period]
        public var rows: [(indicator: Indicator, values: [Outcome], town: Outcome)]
        /// The indicator the charts show, and its series per chosen area and the town.
        public var chart: Indicator?
        public var seriesYears: [Int] = []
        public var series: [[Double?]] = []
        public var townSeries: [Double?] = []
        public var withParents = false
        public var lang: Language
        public init(townName: String?, areas: [Area], chosen: [Area], period: Period, periods: [Period],
                    rows: [(indicator: Indicator, values: [Outcome], town: Outcome)], chart: Indicator?, lang: Language) {
            self.townName = townName; self.areas = areas; self.chosen = chosen; self.period = period; self.periods = periods; self.rows = rows
            self.chart = chart; self.lang = lang
        }

        /// The query that shows this comparison again (for links and downloads).
        public var query: String {
            chosen.filter { a in !withParents || !chosen.contains { $0.parentCode == a.code } }.map { "gebiet=\($0.code)" }.joined(separator: "&")
                + "&jahr=\(period.year)" + (chart.map { "&indikator=\($0.key)" } ?? "") + (withParents ? "&eltern=1" : "")
        }
    }

    /// A colour per compared area (colour-blind-safe Dark2), the town in dark grey.
    static let colors = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"]

    /// The chart indicator's values as bars: each area and the town's value as the reference line.
    public static func barsSVG(_ model: Model) -> String? {
        guard let ind = model.chart, let row = model.rows.first(where: { $0.indicator.key == ind.key }) else { return nil }
        let nf = NumberFormat.forLanguage(model.lang)
        let items = model.chosen.enumerated().map { i, a -> (label: String, value: Double?, color: String) in
            let o = row.values[i]
            return (a.name, o.status == .ok || o.status == .estimated ? o.value : nil, colors[i % colors.count])
        }
        return Charts.bars(title: "\(ind.name), \(model.period.germanDate)", items: items, reference: row.town.value, referenceLabel: model.lang.t("indicator.town"),
                           format: { nf.format($0, decimals: ind.decimals, unit: ind.unit) })
    }

    /// The chart indicator over the years for each area and the town.
    public static func seriesSVG(_ model: Model) -> String? {
        guard let ind = model.chart, !model.seriesYears.isEmpty else { return nil }
        let nf = NumberFormat.forLanguage(model.lang)
        var series: [(name: String, values: [Double?], color: String, dashed: Bool)] = model.chosen.enumerated().map { i, a in
            (a.name, model.series[i], colors[i % colors.count], false)
        }
        series.append((model.lang.t("indicator.town"), model.townSeries, "#2c3e50", true))
        return Charts.lines(title: "\(ind.name): " + model.chosen.map(\.name).joined(separator: ", "), years: model.seriesYears, series: series,
                            format: { nf.format($0, decimals: ind.decimals, unit: ind.unit) })
    }

    public static func render(_ model: Model) -> String {
        let lang = model.lang, de = lang == .de
        var m = Markup()
        let names = model.chosen.map(\.name)
        m.element("h1", text: names.joined(separator: " – "))
        m.element("form", ["method": "get", "action": Layout.action("/vergleich"), "class": "controls"]) { f in
            if lang == .en { f.void("input", ["type": "hidden", "name": "lang", "value": "en"]) }
            let own = model.chosen.filter { a in !model.withParents || !model.chosen.contains { $0.parentCode == a.code } }
            for i in 0..<maximumAreas {
                let id = "gebiet-\(i + 1)"
                // Label and choice stay together when the form wraps (on a phone).
                f.element("span", ["class": "pair"]) { p in
                    p.element("label", ["for": id], text: (de ? "Gebiet " : "Area ") + String(i + 1))
                    p.element("select", ["id": id, "name": "gebiet"]) { s in
                        if i >= 2 { s.element("option", ["value": ""], text: "–") }
                        for a in model.areas { s.element("option", ["value": a.code, "selected": i < own.count && own[i].code == a.code ? "selected" : nil], text: a.name) }
                    }
                }
            }
            f.element("span", ["class": "pair"]) { p in
                p.element("label", ["for": "indikator"], text: de ? "Diagramm" : "Chart")
                p.element("select", ["id": "indikator", "name": "indikator"]) { s in
                    for r in model.rows { s.element("option", ["value": r.indicator.key, "selected": r.indicator.key == model.chart?.key ? "selected" : nil], text: r.indicator.name) }
                }
            }
            f.element("label") { l in
                l.void("input", ["type": "checkbox", "name": "eltern", "value": "1", "checked": model.withParents ? "checked" : nil])
                l.text(de ? " mit übergeordneten Gebieten" : " with parent areas")
            }
            YearLevel.year(into: &f, periods: model.periods, selected: model.period, lang: lang)
            f.element("button", ["type": "submit"], text: lang.t("form.show"))
        }
        if let ind = model.chart {
            m.element("section", ["aria-labelledby": "h-chart"]) { sec in
                sec.element("h2", ["id": "h-chart"], text: ind.name)
                if let bars = barsSVG(model) {
                    sec.element("figure", ["class": "chart-figure"]) { fig in
                        fig.raw(bars)
                        Downloads.links(into: &fig, [(.bars, "/vergleich/balken.svg?" + model.query, "vergleich-\(ind.key)-balken.svg")], lang: lang)
                    }
                }
                if let lines = seriesSVG(model) {
                    sec.element("figure", ["class": "chart-figure"]) { fig in
                        fig.raw(lines)
                        Downloads.links(into: &fig, [(.chart, "/vergleich/zeitreihe.svg?" + model.query, "vergleich-\(ind.key)-zeitreihe.svg")], lang: lang)
                    }
                }
            }
        }
        m.open("div", ["class": "table-wrap"])
        m.open("table", ["class": "data"])
        m.element("caption", text: names.joined(separator: " – ") + ", \(model.period.germanDate)")
        m.element("thead") { th in
            th.element("tr") { tr in
                tr.element("th", ["scope": "col"], text: de ? "Indikator" : "Indicator")
                for n in names { tr.element("th", ["scope": "col", "class": "num"], text: n) }
                tr.element("th", ["scope": "col", "class": "num"], text: lang.t("indicator.town"))
            }
        }
        m.open("tbody")
        for r in model.rows {
            m.element("tr") { tr in
                tr.element("th", ["scope": "row"]) { th in th.element("a", ["href": Layout.link("/indikator/\(r.indicator.key)?jahr=\(model.period.year)", lang)], text: r.indicator.name) }
                for v in r.values { tr.element("td", ["class": "num"], text: ValueText.format(v, indicator: r.indicator, lang: lang)) }
                tr.element("td", ["class": "num"], text: ValueText.format(r.town, indicator: r.indicator, lang: lang))
            }
        }
        m.close("tbody")
        m.close("table")
        m.close("div")
        Downloads.links(into: &m, element: "p", [(.data, "/vergleich.csv?" + model.query, "vergleich-\(model.period.year).csv")], lang: lang)
        return Layout.page(title: de ? "Gebietsvergleich" : "Area comparison", townName: model.townName, lang: lang,
                           path: "/vergleich?" + model.query, body: m.output)
    }
}

/// Two years of an indicator side by side, and a map of the change (diverging around no change).
public enum ChangePage {
    public struct Model: Sendable {
        public var townName: String?
        public var indicator: Indicator
        public var from: Period, to: Period, periods: [Period]
        public var level: AreaLevel, levels: [AreaLevel]
        public var rows: [(area: Area, from: Outcome, to: Outcome)]
        public var townFrom: Outcome, townTo: Outcome
        public var geometries: [String: MultiPolygon]
        public var lang: Language
        public init(townName: String?, indicator: Indicator, from: Period, to: Period, periods: [Period], level: AreaLevel, levels: [AreaLevel],
                    rows: [(area: Area, from: Outcome, to: Outcome)], townFrom: Outcome, townTo: Outcome, geometries: [String: MultiPolygon], lang: Language) {
            self.townName = townName; self.indicator = indicator; self.from = from; self.to = to; self.periods = periods; self.level = level
            self.levels = levels; self.rows = rows; self.townFrom = townFrom; self.townTo = townTo; self.geometries = geometries; self.lang = lang
        }
    }

    static func change(_ a: Outcome, _ b: Outcome) -> Double? {
        guard a.status == .ok, b.status == .ok, let x = a.value, let y = b.value else { return nil }
        return y - x
    }

    /// The change map's classes (shared with the maps of change indicators).
    static func changeClasses(_ model: Model) -> (cls: Classification, colors: [String], neutral: Double) {
        IndicatorPage.changeClasses(model.rows.compactMap { change($0.from, $0.to) }, indicator: model.indicator)
    }

    public static func mapSVG(_ model: Model) -> String {
        let nf = NumberFormat.forLanguage(model.lang)
        let ind = model.indicator
        let (cls, scheme, _) = changeClasses(model)
        let unit = ind.unit == "%" ? (model.lang == .de ? "Pp." : "pp") : ind.unit
        let features = model.rows.compactMap { r -> MapFeature? in
            guard let g = model.geometries[r.area.code] else { return nil }
            let c = change(r.from, r.to)
            return MapFeature(code: r.area.code, name: r.area.name, geometry: g, fill: c.flatMap { cls.classIndex(of: $0) }.map { scheme[$0] },
                              noData: "missing", title: "\(r.area.name): " + (c.map { nf.signed($0, decimals: ind.decimals) + " " + unit } ?? model.lang.t("note.missing")),
                              href: Layout.link("/gebiet/\(r.area.code)", model.lang))
        }
        let de = model.lang == .de
        return ChoroplethMap(features: features, title: "\(ind.name): Veränderung \(model.from.year)–\(model.to.year)",
                             source: (de ? "Stand \(model.from.germanDate) und \(model.to.germanDate)" : "As of \(model.from.germanDate) and \(model.to.germanDate)")
                                 + IndicatorPage.sourceSuffix(ind, model.lang)).svg(id: "change")
    }

    /// The change map's legend: every class with its range and how many areas it holds, the
    /// neutral class as "keine Veränderung (±0,0 Pp.)", areas without a value.
    static func changeLegend(_ model: Model, unit: String, into m: inout Markup) {
        let lang = model.lang, ind = model.indicator
        let nf = NumberFormat.forLanguage(lang)
        let (cls, colors, neutral) = changeClasses(model)
        let changes = model.rows.map { change($0.from, $0.to) }
        let counts = cls.counts(changes.compactMap { $0 })
        // The neutral class's own bounds (±0,05 for one decimal) need one decimal more.
        func v(_ x: Double) -> String { nf.signed(x, decimals: abs(abs(x) - neutral) < neutral * 1e-6 ? ind.decimals + 1 : ind.decimals) }
        m.element("div", ["class": "legend"]) { lg in
            lg.element("h3", text: (lang == .de ? "Legende (Veränderung, " : "Legend (change, ") + unit + ")")
            lg.element("ul") { ul in
                for (i, upper) in cls.upperBounds.enumerated().reversed() {
                    let label: String
                    if i == 3 {
                        label = (lang == .de ? "keine Veränderung (±" : "no change (±") + nf.format(0, decimals: ind.decimals) + " \(unit))"
                    } else if i == 0 {
                        label = (lang == .de ? "bis " : "up to ") + v(upper)
                    } else if i == 4 {
                        label = (lang == .de ? "über " : "over ") + v(neutral) + (lang == .de ? " bis " : " to ") + v(upper)
                    } else {
                        label = (lang == .de ? "über " : "over ") + v(cls.upperBounds[i - 1]) + (lang == .de ? " bis " : " to ") + v(upper)
                    }
                    ul.element("li") { li in
                        li.raw("<svg class=\"swatch\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><rect width=\"16\" height=\"16\" fill=\"\(colors[i])\" stroke=\"#555\"/></svg>")
                        li.text(" \(label) (\(lang.areas(counts[i])))")
                    }
                }
                let missing = changes.filter { $0 == nil }.count
                if missing > 0 {
                    ul.element("li") { li in
                        li.raw("<svg class=\"swatch\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><rect width=\"16\" height=\"16\" fill=\"#f4f4f4\" stroke=\"#555\"/><line x1=\"0\" y1=\"16\" x2=\"16\" y2=\"0\" stroke=\"#9a9a9a\"/></svg>")
                        li.text(" \(lang.t("legend.nodata")) (\(lang.areas(missing)))")
                    }
                }
            }
        }
    }

    public static func render(_ model: Model) -> String {
        let lang = model.lang
        let nf = NumberFormat.forLanguage(lang)
        let ind = model.indicator
        let unit = ind.unit == "%" ? (lang == .de ? "Pp." : "pp") : ind.unit
        var m = Markup()
        m.element("h1", text: "\(ind.name): \(model.from.year) → \(model.to.year)")
        m.element("form", ["method": "get", "action": Layout.action("/indikator/\(ind.key)/veraenderung"), "class": "controls"]) { f in
            if lang == .en { f.void("input", ["type": "hidden", "name": "lang", "value": "en"]) }
            for (name, label, chosen) in [("von", lang == .de ? "Von" : "From", model.from), ("bis", lang == .de ? "Bis" : "To", model.to)] {
                f.element("label", ["for": name], text: label)
                f.element("select", ["id": name, "name": name]) { s in
                    for p in model.periods.reversed() { s.element("option", ["value": String(p.year), "selected": p == chosen ? "selected" : nil], text: String(p.year)) }
                }
            }
            YearLevel.level(into: &f, levels: model.levels, selected: model.level, lang: lang)
            f.element("button", ["type": "submit"], text: lang.t("form.show"))
        }
        if let c = change(model.townFrom, model.townTo) {
            m.element("p", ["class": "town-value"]) { p in
                p.text("\(lang.t("indicator.town")): ")
                p.element("strong", text: nf.signed(c, decimals: ind.decimals) + " " + unit)
            }
        }
        m.element("figure", ["class": "map-figure"]) { f in
            f.raw(mapSVG(model))
            let q = "?von=\(model.from.year)&bis=\(model.to.year)&ebene=\(model.level.key)"
            Downloads.links(into: &f, element: "p", [
                (.map, "/indikator/\(ind.key)/veraenderung.svg" + q, "\(ind.key)-veraenderung.svg"),
                (.data, "/indikator/\(ind.key)/veraenderung.csv" + q, "\(ind.key)-veraenderung.csv"),
            ], lang: lang)
            f.element("figcaption", text: lang == .de ? "Rot: Zunahme, Blau: Abnahme (bei Indikatoren, bei denen mehr besser ist, umgekehrt); gleich breite Klassen um „keine Veränderung“." : "Red: increase, blue: decrease (reversed where more is better); equal classes around “no change”.")
        }
        changeLegend(model, unit: unit, into: &m)
        m.open("div", ["class": "table-wrap"])
        m.open("table", ["class": "data"])
        m.element("caption", text: "\(ind.name) (\(ind.unit)), \(model.level.name)")
        m.element("thead") { th in
            th.element("tr") { tr in
                tr.element("th", ["scope": "col"], text: lang.t("table.area"))
                tr.element("th", ["scope": "col", "class": "num"], text: String(model.from.year))
                tr.element("th", ["scope": "col", "class": "num"], text: String(model.to.year))
                tr.element("th", ["scope": "col", "class": "num"], text: lang == .de ? "Veränderung" : "Change")
            }
        }
        m.open("tbody")
        for r in model.rows.sorted(by: { (change($0.from, $0.to) ?? -.infinity) > (change($1.from, $1.to) ?? -.infinity) }) {
            m.element("tr") { tr in
                tr.element("th", ["scope": "row"]) { th in th.element("a", ["href": Layout.link("/gebiet/\(r.area.code)", lang)], text: r.area.name) }
                tr.element("td", ["class": "num"], text: ValueText.format(r.from, indicator: ind, lang: lang))
                tr.element("td", ["class": "num"], text: ValueText.format(r.to, indicator: ind, lang: lang))
                tr.element("td", ["class": "num"], text: change(r.from, r.to).map { nf.signed($0, decimals: ind.decimals) + " " + unit } ?? "")
            }
        }
        m.close("tbody")
        m.close("table")
        m.close("div")
        return Layout.page(title: ind.name, townName: model.townName, lang: lang,
                           path: "/indikator/\(ind.key)/veraenderung?von=\(model.from.year)&bis=\(model.to.year)&ebene=\(model.level.key)", body: m.output)
    }
}

/// Search for areas and indicators by name, key or code.
public enum SearchPage {
    public static func render(query: String, areas: [Area], indicators: [Indicator], townName: String?, lang: Language) -> String {
        var m = Markup()
        m.element("h1", text: lang == .de ? "Suche" : "Search")
        m.element("form", ["method": "get", "action": Layout.action("/suche"), "class": "controls", "role": "search"]) { f in
            if lang == .en { f.void("input", ["type": "hidden", "name": "lang", "value": "en"]) }
            f.element("label", ["for": "q"], text: lang == .de ? "Gebiet oder Indikator" : "Area or indicator")
            f.void("input", ["type": "search", "id": "q", "name": "q", "value": query])
            f.element("button", ["type": "submit"], text: lang == .de ? "Suchen" : "Search")
        }
        if !query.isEmpty {
            m.element("h2", text: "\(lang.t("nav.areas")) (\(areas.count))")
            m.element("ul") { ul in
                for a in areas { ul.element("li") { li in li.element("a", ["href": Layout.link("/gebiet/\(a.code)", lang)], text: "\(a.name) (\(a.code))") } }
            }
            m.element("h2", text: (lang == .de ? "Indikatoren" : "Indicators") + " (\(indicators.count))")
            m.element("ul") { ul in
                for i in indicators { ul.element("li") { li in li.element("a", ["href": Layout.link("/indikator/\(i.key)", lang)], text: i.name) } }
            }
        }
        return Layout.page(title: lang == .de ? "Suche" : "Search", townName: townName, lang: lang, path: "/suche?q=" + query, body: m.output)
    }

    /// Case- and umlaut-insensitive containment ("muehlen" finds "Mühlentorsfeld").
    public static func matches(_ text: String, _ query: String) -> Bool {
        func fold(_ s: String) -> String {
            s.lowercased().replacingOccurrences(of: "ä", with: "ae").replacingOccurrences(of: "ö", with: "oe")
                .replacingOccurrences(of: "ü", with: "ue").replacingOccurrences(of: "ß", with: "ss")
        }
        return fold(text).contains(fold(query))
    }
}

/// The select fields most forms share: a year, an area level, and both with a submit button.
enum YearLevel {
    static func year(into f: inout Markup, periods: [Period], selected: Period, lang: Language, name: String = "jahr", label: String? = nil) {
        f.element("label", ["for": name], text: label ?? lang.t("form.year"))
        f.element("select", ["id": name, "name": name]) { s in
            for p in periods.reversed() { s.element("option", ["value": String(p.year), "selected": p == selected ? "selected" : nil], text: String(p.year)) }
        }
    }

    static func level(into f: inout Markup, levels: [AreaLevel], selected: AreaLevel, lang: Language) {
        f.element("label", ["for": "ebene"], text: lang.t("form.level"))
        f.element("select", ["id": "ebene", "name": "ebene"]) { s in
            for l in levels { s.element("option", ["value": l.key, "selected": l.key == selected.key ? "selected" : nil], text: l.name) }
        }
    }

    static func controls(into f: inout Markup, periods: [Period], period: Period, levels: [AreaLevel], level: AreaLevel, lang: Language) {
        year(into: &f, periods: periods, selected: period, lang: lang)
        Self.level(into: &f, levels: levels, selected: level, lang: lang)
        f.element("button", ["type": "submit"], text: lang.t("form.show"))
    }
}
