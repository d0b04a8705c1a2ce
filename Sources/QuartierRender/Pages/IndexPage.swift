import QuartierCore
import QuartierGeo

/// The social index page: choose status and dynamics indicators, see the classes on a map and
/// in a table with every indicator's z-value and the indicators that decide a class.
public struct IndexPage: Sendable {
    public struct Model: Sendable {
        public var townName: String?
        public var indicators: [Indicator]
        public var statusKeys: [String]
        public var dynamicsKeys: [String]
        public var periods: [Period]
        public var period: Period
        public var levels: [AreaLevel]
        public var level: AreaLevel
        public var minimumPopulation: Double
        public var areas: [Area]
        public var results: [SocialIndex.AreaResult]
        public var geometries: [String: MultiPolygon]
        public var method: CompositeIndex.Method
        /// Class labels from the least to the most need, and how each class is bounded.
        public var classLabels: [String]
        public var classBounds: [String]
        public var lang: Language

        public init(townName: String?, indicators: [Indicator], statusKeys: [String], dynamicsKeys: [String], periods: [Period], period: Period,
                    levels: [AreaLevel], level: AreaLevel, minimumPopulation: Double, areas: [Area], results: [SocialIndex.AreaResult],
                    geometries: [String: MultiPolygon], method: CompositeIndex.Method = .zScore,
                    classLabels: [String] = SocialIndex.Scale.berlinStatus.labels, classBounds: [String] = ["≤ −1", "−1 … 1", "1 … 1,5", "> 1,5"],
                    lang: Language) {
            self.townName = townName
            self.indicators = indicators
            self.statusKeys = statusKeys
            self.dynamicsKeys = dynamicsKeys
            self.periods = periods
            self.period = period
            self.levels = levels
            self.level = level
            self.minimumPopulation = minimumPopulation
            self.areas = areas
            self.results = results
            self.geometries = geometries
            self.method = method
            self.classLabels = classLabels
            self.classBounds = classBounds
            self.lang = lang
        }
    }

    public static func methodName(_ m: CompositeIndex.Method, _ lang: Language) -> String {
        switch m {
        case .zScore: lang == .de ? "z-Werte (Berliner Verfahren)" : "z-scores (Berlin method)"
        case .ratioToTown: lang == .de ? "Verhältnis zur Stadt (Stadt = 100)" : "Ratio to the town (town = 100)"
        case .minMax: lang == .de ? "Min-Max-Normierung" : "Min–max scaling"
        case .rankExponential: lang == .de ? "Ränge, exponentiell transformiert (englischer Deprivationsindex)" : "Exponentially transformed ranks (English IMD)"
        case .principalComponent: lang == .de ? "Hauptkomponente je Thema (wie RKI GISD)" : "Principal component per topic (as RKI GISD)"
        }
    }

    static func features(_ model: Model) -> [MapFeature] {
        let lang = model.lang
        let statusColors = ColorScheme.orangeRed.colors(model.classLabels.count)
        let areaByCode = Dictionary(uniqueKeysWithValues: model.areas.map { ($0.code, $0) })
        return model.results.compactMap { r in
            guard let area = areaByCode[r.code], let g = model.geometries[r.code] else { return nil }
            let title = area.name + ": " + (r.group ?? (r.excluded.map { (lang == .de ? "ohne Index – " : "no index – ") + $0 } ?? ""))
            return MapFeature(code: r.code, name: area.name, geometry: g, fill: r.status.map { statusColors[$0.classIndex] },
                              noData: "missing", title: title, href: Layout.link("/gebiet/\(r.code)?jahr=\(model.period.year)", lang))
        }
    }

    public static func mapSVG(_ model: Model) -> String {
        ChoroplethMap(features: features(model), title: "Sozialindex, \(model.level.name), \(model.period.germanDate)",
                      source: (model.lang == .de ? "Stand " : "As of ") + model.period.germanDate + (model.lang == .de ? " · Quelle: eigene Berechnung aus den Indikatoren des Atlas"
                                                                                                          : " · Source: computed from the atlas's indicators")).svg(id: "indexmap")
    }

    public static func render(_ model: Model) -> String {
        let lang = model.lang
        let nf = NumberFormat.forLanguage(lang)
        let names = Dictionary(uniqueKeysWithValues: model.indicators.map { ($0.key, $0.name) })
        let areaByCode = Dictionary(uniqueKeysWithValues: model.areas.map { ($0.code, $0) })
        var m = Markup()
        m.element("h1", text: lang == .de ? "Sozialindex" : "Social index")
        m.element("p", ["class": "lead"], text: lang == .de
            ? "Status und Dynamik nach dem Verfahren des Berliner Monitorings Soziale Stadtentwicklung: z-Werte über die gültigen Gebiete (Standardabweichung der Grundgesamtheit), summiert und erneut standardisiert. Ein Suchinstrument: Auffällige Gebiete brauchen den Blick der Fachleute vor Ort."
            : "Status and dynamics by the method of Berlin's social monitoring: z-scores over the valid areas (population SD), summed and standardised again. A search tool: flagged areas need local knowledge.")
        m.element("form", ["method": "get", "action": Layout.action("/sozialindex"), "class": "index-form"]) { f in
            if lang == .en { f.void("input", ["type": "hidden", "name": "lang", "value": "en"]) }
            for (role, name, keys) in [("s", lang == .de ? "Status-Indikatoren" : "Status indicators", model.statusKeys),
                                       ("d", lang == .de ? "Dynamik-Indikatoren" : "Dynamics indicators", model.dynamicsKeys)] {
                f.element("fieldset") { fs in
                    fs.element("legend", text: name)
                    let isChange = { (i: Indicator) in i.formula.hasPrefix("change(") }
                    for ind in model.indicators where !ind.isCount && (role == "d") == isChange(ind) {
                        let id = "\(role)-\(ind.key)"
                        fs.element("div", ["class": "check"]) { d in
                            d.void("input", ["type": "checkbox", "id": id, "name": role, "value": ind.key, "checked": keys.contains(ind.key) ? "checked" : nil])
                            d.element("label", ["for": id], text: ind.name + (ind.polarity == .higherIsBetter ? (lang == .de ? " (umgekehrt)" : " (reversed)") : ""))
                        }
                    }
                }
            }
            f.element("div", ["class": "controls"]) { c in
                YearLevel.year(into: &c, periods: model.periods, selected: model.period, lang: lang)
                YearLevel.level(into: &c, levels: model.levels, selected: model.level, lang: lang)
                c.element("label", ["for": "methode"], text: lang == .de ? "Verfahren" : "Method")
                c.element("select", ["id": "methode", "name": "methode"]) { s in
                    for meth in CompositeIndex.Method.allCases {
                        s.element("option", ["value": meth.rawValue, "selected": meth == model.method ? "selected" : nil], text: methodName(meth, lang))
                    }
                }
                c.element("label", ["for": "min"], text: lang == .de ? "Mindest-Einwohnerzahl" : "Minimum population")
                c.void("input", ["type": "number", "id": "min", "name": "min", "min": "0", "step": "50", "value": String(Int(model.minimumPopulation))])
                c.element("button", ["type": "submit"], text: lang.t("form.show"))
            }
        }

        let statusColors = ColorScheme.orangeRed.colors(model.classLabels.count)
        let query = "?methode=\(model.method.rawValue)&jahr=\(model.period.year)&ebene=\(model.level.key)&min=\(Int(model.minimumPopulation))"
            + model.statusKeys.map { "&s=\($0)" }.joined() + model.dynamicsKeys.map { "&d=\($0)" }.joined()
        m.element("section", ["class": "map-block", "aria-labelledby": "h-index-map"]) { s in
            s.element("h2", ["id": "h-index-map", "class": "visually-hidden"], text: lang.t("indicator.map"))
            s.element("figure", ["class": "map-figure"]) { fig in
                fig.raw(mapSVG(model))
                Downloads.links(into: &fig, [(.map, "/sozialindex.svg" + query, "sozialindex.svg"), (.data, "/sozialindex.csv" + query, "sozialindex.csv")],
                                lang: lang)
            }
            s.element("div", ["class": "legend"]) { lg in
                lg.element("h3", text: model.method == .zScore ? "Status" : (lang == .de ? "Index" : "Index"))
                lg.element("p", ["class": "small"], text: methodName(model.method, lang))
                lg.element("ul") { ul in
                    let bounds = model.classBounds
                    for (i, label) in model.classLabels.enumerated() {
                        let n = model.results.filter { $0.status?.classIndex == i }.count
                        ul.element("li") { li in
                            li.raw("<svg class=\"swatch\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><rect width=\"16\" height=\"16\" fill=\"\(statusColors[i])\" stroke=\"#555\"/></svg>")
                            li.text(" \(label) (Index \(bounds[i]); \(lang.areas(n)))")
                        }
                    }
                    let excluded = model.results.filter { $0.status == nil }.count
                    if excluded > 0 {
                        ul.element("li") { li in
                            li.raw("<svg class=\"swatch\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><rect width=\"16\" height=\"16\" fill=\"#f4f4f4\" stroke=\"#555\"/><line x1=\"0\" y1=\"16\" x2=\"16\" y2=\"0\" stroke=\"#9a9a9a\"/></svg>")
                            li.text(" " + (lang == .de ? "ohne Index" : "no index") + " (\(lang.areas(excluded)))")
                        }
                    }
                }
                lg.element("p", ["class": "small"], text: lang == .de
                    ? "Höherer Index = mehr Bedarf. Grenzen gehören zur niedrigeren Klasse."
                    : "A higher index means more need. Bounds belong to the lower class.")
            }
        }

        m.element("section", ["aria-labelledby": "h-index-table"]) { s in
            s.element("h2", ["id": "h-index-table"], text: lang.t("indicator.table"))
            s.open("div", ["class": "table-wrap"])
            s.open("table", ["class": "data"])
            s.element("caption", text: "Sozialindex, \(model.level.name), \(model.period.germanDate)")
            s.element("thead") { th in
                th.element("tr") { tr in
                    tr.element("th", ["scope": "col"], text: lang.t("table.area"))
                    tr.element("th", ["scope": "col", "class": "num"], text: "Status")
                    tr.element("th", ["scope": "col"], text: lang == .de ? "Klasse" : "Class")
                    if !model.dynamicsKeys.isEmpty {
                        tr.element("th", ["scope": "col", "class": "num"], text: lang == .de ? "Dynamik" : "Dynamics")
                        tr.element("th", ["scope": "col"], text: lang == .de ? "Klasse" : "Class")
                    }
                    for k in model.statusKeys + model.dynamicsKeys { tr.element("th", ["scope": "col", "class": "num"], text: "z " + (names[k] ?? k)) }
                    tr.element("th", ["scope": "col"], text: lang == .de ? "Klasse hängt ab von" : "Class depends on")
                }
            }
            s.open("tbody")
            let sorted = model.results.sorted { ($0.status?.index ?? -.infinity) > ($1.status?.index ?? -.infinity) }
            for r in sorted {
                let name = areaByCode[r.code]?.name ?? r.code
                s.element("tr") { tr in
                    tr.element("th", ["scope": "row"]) { th in
                        th.element("a", ["href": Layout.link("/gebiet/\(r.code)?jahr=\(model.period.year)", lang)], text: name)
                    }
                    if let st = r.status {
                        tr.element("td", ["class": "num"], text: nf.format(st.index, decimals: model.method == .ratioToTown ? 1 : 2))
                        tr.element("td", text: st.label)
                        if !model.dynamicsKeys.isEmpty {
                            tr.element("td", ["class": "num"], text: r.dynamics.map { nf.format($0.index, decimals: 2) } ?? "")
                            tr.element("td", text: r.dynamics?.label ?? "")
                        }
                        for z in st.contributions + (r.dynamics?.contributions ?? []) { tr.element("td", ["class": "num"], text: nf.format(z, decimals: 2)) }
                        let decisive = st.classChangesWithout + (r.dynamics?.classChangesWithout ?? [])
                        tr.element("td", text: decisive.map { names[$0] ?? $0 }.joined(separator: ", "))
                    } else {
                        tr.element("td", ["colspan": String(2 + (model.dynamicsKeys.isEmpty ? 0 : 2) + model.statusKeys.count + model.dynamicsKeys.count + 1)],
                                   text: (lang == .de ? "ohne Index: " : "no index: ") + (r.excluded ?? ""))
                    }
                }
            }
            s.close("tbody")
            s.close("table")
            s.close("div")
        }
        let path = "/sozialindex?methode=\(model.method.rawValue)&jahr=\(model.period.year)&ebene=\(model.level.key)" + model.statusKeys.map { "&s=\($0)" }.joined() + model.dynamicsKeys.map { "&d=\($0)" }.joined()
        return Layout.page(title: lang == .de ? "Sozialindex" : "Social index", townName: model.townName, lang: lang, path: path, body: m.output)
    }
}
