import QuartierCore

/// An indicator over time for one area against the town: line chart, table, downloads.
public enum SeriesPage {
    public struct Model: Sendable {
        public var townName: String?
        public var indicator: Indicator
        public var area: Area
        public var periods: [Period]
        public var areaValues: [Outcome]
        public var townValues: [Outcome]
        /// Boundary changes without a finer level (ISO dates), and periods recomputed from one.
        public var breaks: [String] = []
        public var recomputed: [Period] = []
        public var lang: Language

        public init(townName: String?, indicator: Indicator, area: Area, periods: [Period], areaValues: [Outcome], townValues: [Outcome], lang: Language) {
            self.townName = townName
            self.indicator = indicator
            self.area = area
            self.periods = periods
            self.areaValues = areaValues
            self.townValues = townValues
            self.lang = lang
        }
    }

    public static func chartSVG(_ model: Model) -> String {
        let nf = NumberFormat.forLanguage(model.lang)
        let ind = model.indicator
        func shown(_ o: Outcome) -> Double? { o.status == .ok || o.status == .estimated ? o.value : nil }
        return Charts.lines(title: "\(ind.name): \(model.area.name) und \(model.lang.t("indicator.town"))", years: model.periods.map(\.year),
                            series: [(model.area.name, model.areaValues.map(shown), "#d95f0e", false),
                                     (model.lang.t("indicator.town"), model.townValues.map(shown), "#2c3e50", true)],
                            format: { nf.format($0, decimals: ind.decimals, unit: ind.unit) },
                            breaks: model.breaks.compactMap { d in model.periods.firstIndex { $0.date >= d } },
                            breakLabel: model.lang == .de ? "Gebietsänderung" : "Boundary change")
    }


    public static func render(_ model: Model) -> String {
        let lang = model.lang
        let ind = model.indicator
        var m = Markup()
        m.element("p", ["class": "crumbs"]) { p in
            p.element("a", ["href": Layout.link("/gebiet/\(model.area.code)", lang)], text: model.area.name)
            p.text(" › ")
            p.element("a", ["href": Layout.link("/indikator/\(ind.key)", lang)], text: ind.name)
        }
        m.element("h1", text: "\(ind.name): \(model.area.name)")
        for d in model.breaks {
            m.element("p", ["class": "notice", "role": "note"], text: lang == .de
                ? "Gebietsänderung zum \(Period(date: d).germanDate): Die Werte davor beziehen sich auf den früheren Zuschnitt von \(model.area.name) und sind mit den späteren nur eingeschränkt vergleichbar. Die Linie ist an dieser Stelle unterbrochen."
                : "Boundary change on \(Period(date: d).germanDate): earlier values refer to the former boundary of \(model.area.name) and are only partly comparable with later ones. The line is broken at this point.")
        }
        if let last = model.recomputed.last {
            m.element("p", ["class": "notice", "role": "note"], text: lang == .de
                ? "Die Grenze von \(model.area.name) hat sich geändert. Die Werte bis \(last.germanDate) sind aus den heutigen Teilgebieten neu berechnet und beziehen sich so auf den heutigen Zuschnitt."
                : "The boundary of \(model.area.name) changed. Values up to \(last.germanDate) are recomputed from today's sub-areas and so refer to today's boundary.")
        }
        m.element("figure", ["class": "chart-figure"]) { f in
            f.raw(chartSVG(model))
            Downloads.links(into: &f, [
                (.chart, "/indikator/\(ind.key)/zeitreihe.svg?gebiet=\(model.area.code)", "\(ind.key)-\(model.area.code).svg"),
                (.data, "/indikator/\(ind.key)/zeitreihe.csv?gebiet=\(model.area.code)", "\(ind.key)-\(model.area.code).csv"),
            ], lang: lang)
        }
        m.open("div", ["class": "table-wrap"])
        m.open("table", ["class": "data"])
        m.element("caption", text: "\(ind.name) (\(ind.unit))")
        m.element("thead") { th in
            th.element("tr") { tr in
                tr.element("th", ["scope": "col"], text: lang.t("indicator.refdate"))
                tr.element("th", ["scope": "col", "class": "num"], text: model.area.name)
                tr.element("th", ["scope": "col", "class": "num"], text: lang.t("indicator.town"))
            }
        }
        m.open("tbody")
        for (i, p) in model.periods.enumerated() {
            m.element("tr") { tr in
                tr.element("th", ["scope": "row"], text: p.germanDate)
                tr.element("td", ["class": "num"], text: ValueText.format(model.areaValues[i], indicator: ind, lang: lang))
                tr.element("td", ["class": "num"], text: ValueText.format(model.townValues[i], indicator: ind, lang: lang))
            }
        }
        m.close("tbody")
        m.close("table")
        m.close("div")
        return Layout.page(title: ind.name + ": " + model.area.name, townName: model.townName, lang: lang,
                           path: "/indikator/\(ind.key)/zeitreihe?gebiet=\(model.area.code)", body: m.output)
    }
}
