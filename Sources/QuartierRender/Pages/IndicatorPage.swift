import Foundation
import QuartierCore
import QuartierGeo

/// An indicator: map, legend, the town's value, a sorted table, definition and source.
public struct IndicatorPage: Sendable {
    public struct Model: Sendable {
        public var townName: String?
        public var indicator: Indicator
        public var periods: [Period]
        public var period: Period
        public var levels: [AreaLevel]
        public var level: AreaLevel
        public var rows: [AreaOutcome]
        public var town: Outcome
        public var geometries: [String: MultiPolygon]
        public var classes: Int
        public var method: Classification.Method
        /// Which class a value on a bound joins: the lower (right-closed, the default) or the
        /// upper (left-closed, as R's findInterval).
        public var closure: Classification.Closure = .right
        /// Colour scheme chosen by the user; nil picks one by the indicator's polarity.
        public var colorScheme: ColorScheme?
        /// Facilities to draw over the map, and the categories the user chose to see.
        public var facilities: [Facility] = []
        public var shownFacilities: [Facility.Category] = []
        /// What `period` lacks for this indicator, in words; empty when it can be computed.
        public var missing: [String] = []
        /// The indicator's latest complete period on this level (the default).
        public var latestComplete: Period?
        public var lang: Language

        public init(townName: String?, indicator: Indicator, periods: [Period], period: Period, levels: [AreaLevel], level: AreaLevel,
                    rows: [AreaOutcome], town: Outcome, geometries: [String: MultiPolygon], classes: Int = 5,
                    method: Classification.Method = .quantile, lang: Language) {
            self.townName = townName
            self.indicator = indicator
            self.periods = periods
            self.period = period
            self.levels = levels
            self.level = level
            self.rows = rows
            self.town = town
            self.geometries = geometries
            self.classes = classes
            self.method = method
            self.colorScheme = nil
            self.lang = lang
        }

        /// An indicator of change (its formula is a `change(…)`): mapped diverging from no change.
        public var isChange: Bool { indicator.formula.trimmingCharacters(in: .whitespaces).hasPrefix("change(") }

        /// Half a unit of the indicator's last decimal: changes within it round to ±0 and form the neutral class.
        public var neutralChange: Double { 0.5 / pow(10, Double(indicator.decimals)) }

        public var classification: Classification {
            let values = rows.compactMap { $0.outcome.status == .ok || $0.outcome.status == .estimated ? $0.outcome.value : nil }
            if isChange && colorScheme == nil { return IndicatorPage.changeClasses(values, indicator: indicator).cls }
            var c = scheme.isDiverging && town.value != nil
                ? Classification.aroundCentre(values, centre: town.value!, classes: classes)
                : Classification.make(method, values: values, classes: classes)
            c.closure = closure
            return c
        }

        public var scheme: ColorScheme {
            if let colorScheme { return colorScheme }
            switch indicator.polarity {
            case .higherIsNeed: return .orangeRed
            case .higherIsBetter: return .blues
            case .neutral: return .yellowGreenBlue
            }
        }
    }

    public static func path(_ model: Model) -> String {
        "/indikator/\(model.indicator.key)?jahr=\(model.period.year)&ebene=\(model.level.key)&methode=\(model.method.rawValue)&klassen=\(model.classes)"
            + (model.closure == .left ? "&grenzen=links" : "")
    }

    /// The methods offered in the page's form (manual bounds need a value list and are API/CLI only).
    public static let offeredMethods: [Classification.Method] = [.quantile, .equalInterval, .fisherJenks, .standardDeviation, .headTail, .maximumBreaks]

    /// Link to a download of this view: the map or bar chart as SVG, the data as CSV.
    public static func download(_ model: Model, _ file: String) -> String {
        "/indikator/\(model.indicator.key)/\(file)?jahr=\(model.period.year)&ebene=\(model.level.key)&methode=\(model.method.rawValue)&klassen=\(model.classes)"
            + (model.closure == .left ? "&grenzen=links" : "") + (model.colorScheme.map { "&farben=\($0.rawValue)" } ?? "") + model.shownFacilities.map { "&einr=\($0.rawValue)" }.joined()
    }

    static func colorsAndClasses(_ model: Model) -> (Classification, [String]) {
        let cls = model.classification
        if model.isChange && model.colorScheme == nil { return (cls, changeClasses([], indicator: model.indicator).colors) }
        return (cls, model.scheme.colors(cls.upperBounds.count))
    }

    /// Seven classes diverging from "no change": a change that rounds to zero at the indicator's
    /// decimals (±0,0) is its own neutral class, three equal classes of decrease and of increase
    /// reach the largest change either way. Red is the side of need (more need: an increase of a
    /// need indicator, a decrease of one where more is better), blue the other, grey no change; a
    /// change without a side of need (population) goes from purple to orange. For the maps of
    /// change indicators and of the change between two years.
    public static func changeClasses(_ changes: [Double], indicator: Indicator) -> (cls: Classification, colors: [String], neutral: Double) {
        let neutral = 0.5 / pow(10, Double(indicator.decimals))
        let reach = max(changes.map(abs).max() ?? 0, neutral * 2)
        let step = (reach - neutral) / 3
        let bounds = [-reach + step, -reach + 2 * step, -neutral, neutral, neutral + step, neutral + 2 * step, reach]
        var colors = (indicator.polarity == .neutral ? ColorScheme.purpleOrange : ColorScheme.redBlue).colors(7)
        if indicator.polarity == .higherIsBetter { colors.reverse() }
        colors[3] = "#f2f2f2"
        return (Classification(upperBounds: bounds, method: "centre", closure: .right), colors, neutral)
    }

    /// Each class's range in words ("bis 3,2", "über 3,2 bis 5,0", "keine Veränderung (±0,0 Pp.)"),
    /// for the legend on the page, in the reports and in the map's description.
    public static func classLabels(_ model: Model) -> [String] {
        let lang = model.lang, ind = model.indicator
        let nf = NumberFormat.forLanguage(lang)
        let cls = model.classification
        let unit = ind.unit == "%" ? (lang == .de ? "Pp." : "pp") : ind.unit
        return cls.upperBounds.enumerated().map { i, b in
            if model.isChange && model.colorScheme == nil && cls.upperBounds.count == 7 {
                let zero = nf.format(0, decimals: ind.decimals)
                switch i {
                case 3: return lang == .de ? "keine Veränderung (±\(zero) \(unit))" : "no change (±\(zero) \(unit))"
                case 0: return (lang == .de ? "Abnahme bis " : "decrease to ") + nf.signed(b, decimals: ind.decimals)
                case 1, 2: return (lang == .de ? "Abnahme über " : "decrease over ") + nf.signed(cls.upperBounds[i - 1], decimals: ind.decimals)
                    + (lang == .de ? " bis " : " to ") + nf.signed(i == 2 ? -2 * model.neutralChange : b, decimals: ind.decimals)
                case 4: return (lang == .de ? "Zunahme von " : "increase from ") + nf.signed(2 * model.neutralChange, decimals: ind.decimals)
                    + (lang == .de ? " bis " : " to ") + nf.signed(b, decimals: ind.decimals)
                default: return (lang == .de ? "Zunahme über " : "increase over ") + nf.signed(cls.upperBounds[i - 1], decimals: ind.decimals)
                    + (lang == .de ? " bis " : " to ") + nf.signed(b, decimals: ind.decimals)
                }
            }
            let upper = nf.format(b, decimals: ind.decimals)
            let lower = i == 0 ? "" : nf.format(cls.upperBounds[i - 1], decimals: ind.decimals)
            let last = i == cls.upperBounds.count - 1
            switch (cls.closure, i) {
            case (.right, 0): return (lang == .de ? "bis " : "up to ") + upper
            case (.right, _): return lang == .de ? "über \(lower) bis \(upper)" : "over \(lower) to \(upper)"
            case (.left, 0): return last ? (lang == .de ? "bis " : "up to ") + upper : (lang == .de ? "unter " : "below ") + upper
            case (.left, _): return last ? (lang == .de ? "\(lower) bis \(upper)" : "\(lower) to \(upper)")
                                         : (lang == .de ? "\(lower) bis unter \(upper)" : "\(lower) to below \(upper)")
            }
        }
    }

    /// The note under the map of counts: they are not comparable between areas of different size.
    public static func countNote(_ model: Model) -> String? {
        guard model.indicator.isCount, !model.isChange else { return nil }
        return model.lang == .de ? "Die Karte zeigt Anzahlen, keine Anteile: große Gebiete haben meist mehr. Für Vergleiche zwischen Gebieten einen Anteil wählen."
            : "The map shows counts, not shares: large areas usually have more. Choose a share to compare areas."
    }

    /// The map alone, as a standalone SVG document.
    /// `id` must be unique within an HTML page (the report holds many maps).
    public static func mapSVG(_ model: Model, id: String = "map") -> String {
        let (cls, colors) = colorsAndClasses(model)
        return ChoroplethMap(features: mapFeatures(model, classification: cls, colors: colors),
                             title: "\(model.indicator.name), \(model.level.name), \(model.period.germanDate)", points: facilityPoints(model),
                             description: mapDescription(model), source: mapSource(model)).svg(id: id)
    }

    /// "Stand 31.12.2025 · Quelle: Einwohnermelderegister, Stichtag 31.12." under every indicator map.
    public static func mapSource(_ model: Model) -> String {
        (model.lang == .de ? "Stand " : "As of ") + model.period.germanDate + sourceSuffix(model.indicator, model.lang)
    }

    /// " · Quelle: …" for a map's source line: the indicator's source without a closing full stop
    /// (a date such as "31.12." keeps its own); empty when the indicator names none.
    static func sourceSuffix(_ indicator: Indicator, _ lang: Language) -> String {
        var src = indicator.source.trimmingCharacters(in: .whitespaces)
        if src.hasSuffix(".") && !src.hasSuffix("31.12.") { src.removeLast() }
        return src.isEmpty ? "" : (lang == .de ? " · Quelle: " : " · Source: ") + src
    }

    /// The map in words: what it shows, its classes with their counts, the extremes and the
    /// town's value. The map's `desc` on the page, a figure's alternative text in the reports.
    public static func mapDescription(_ model: Model) -> String {
        let lang = model.lang, ind = model.indicator
        let nf = NumberFormat.forLanguage(lang)
        let (cls, _) = colorsAndClasses(model)
        let counts = cls.counts(model.rows.compactMap { $0.outcome.status == .ok || $0.outcome.status == .estimated ? $0.outcome.value : nil })
        var parts: [String] = []
        parts.append(lang == .de ? "Karte „\(ind.name)“, \(lang.areas(model.rows.count)) der Ebene \(model.level.name), Stand \(model.period.germanDate)"
                                 : "Map “\(ind.name)”, \(lang.areas(model.rows.count)) of level \(model.level.name), as of \(model.period.germanDate)")
        let classes = classLabels(model).enumerated().map { i, range in "\(range) \(model.isChange ? "" : ind.unit): \(lang.areas(counts[i]))" }
        if !classes.isEmpty { parts.append((lang == .de ? "\(classes.count) Klassen, " : "\(classes.count) classes, ") + classes.joined(separator: "; ")) }
        let shown = model.rows.filter { $0.outcome.status == .ok && $0.outcome.value != nil }
        if let hi = shown.max(by: { $0.outcome.value! < $1.outcome.value! }), let lo = shown.min(by: { $0.outcome.value! < $1.outcome.value! }), shown.count >= 2 {
            parts.append(lang == .de ? "höchster Wert \(hi.area.name) (\(nf.format(hi.outcome.value!, decimals: ind.decimals, unit: ind.unit))), niedrigster \(lo.area.name) (\(nf.format(lo.outcome.value!, decimals: ind.decimals, unit: ind.unit)))"
                                     : "highest \(hi.area.name) (\(nf.format(hi.outcome.value!, decimals: ind.decimals, unit: ind.unit))), lowest \(lo.area.name) (\(nf.format(lo.outcome.value!, decimals: ind.decimals, unit: ind.unit)))")
        }
        parts.append((lang == .de ? "Stadt: " : "Town: ") + ValueText.format(model.town, indicator: ind, lang: lang))
        let withheld = model.rows.filter { $0.outcome.status == .suppressed }.count
        if withheld > 0 { parts.append(lang == .de ? "\(lang.areas(withheld)) geheim gehalten" : "\(lang.areas(withheld)) withheld") }
        return parts.joined(separator: ". ") + "."
    }

    /// Symbol and colour per facility category (colour-blind-safe Dark2 colours, distinct shapes).
    public static func symbol(_ c: Facility.Category) -> (MapPoint.Shape, String) {
        switch c {
        case .kita: (.circle, "#1b9e77")
        case .schule: (.square, "#7570b3")
        case .jugend: (.triangle, "#d95f02")
        case .spielplatz: (.diamond, "#4d7c0f")
        }
    }

    static func facilityPoints(_ model: Model) -> [MapPoint] {
        model.facilities.filter { model.shownFacilities.contains($0.category) }.map { f in
            let (shape, color) = symbol(f.category)
            let cap = f.capacity.map { model.lang == .de ? ", \($0) Plätze" : ", \($0) places" } ?? ""
            let kind = model.lang == .de ? f.category.germanName : f.category.englishName
            return MapPoint(longitude: f.longitude, latitude: f.latitude, shape: shape, color: color, title: "\(f.name) (\(kind)\(cap))")
        }
    }

    /// Areas as bars against the town's value, highest first, coloured by map class.
    public static func barsSVG(_ model: Model) -> String {
        let (cls, colors) = colorsAndClasses(model)
        let nf = NumberFormat.forLanguage(model.lang)
        let ind = model.indicator
        let items = sortedRows(model).map { r -> (label: String, value: Double?, color: String) in
            let v = r.outcome.status == .ok || r.outcome.status == .estimated ? r.outcome.value : nil
            return (r.area.name, v, v.flatMap { cls.classIndex(of: $0) }.map { colors[$0] } ?? "#cccccc")
        }
        return Charts.bars(title: "\(ind.name), \(model.level.name), \(model.period.germanDate)", items: items, reference: model.town.value,
                           referenceLabel: model.lang.t("indicator.town"), format: { nf.format($0, decimals: ind.decimals, unit: ind.unit) })
    }

    /// Rows by value, highest first; areas without a value last.
    public static func sortedRows(_ model: Model) -> [AreaOutcome] {
        model.rows.sorted { a, b in
            switch (a.outcome.value, b.outcome.value) {
            case let (x?, y?): return x != y ? x > y : a.area.name < b.area.name
            case (_?, nil): return true
            case (nil, _?): return false
            default: return a.area.name < b.area.name
            }
        }
    }

    static func mapFeatures(_ model: Model, classification cls: Classification, colors: [String]) -> [MapFeature] {
        let lang = model.lang
        let ind = model.indicator
        var features: [MapFeature] = []
        for r in model.rows {
            guard let g = model.geometries[r.area.code] else { continue }
            let valueText = ValueText.format(r.outcome, indicator: ind, lang: lang)
            var fill: String?
            var noData: String?
            if let v = r.outcome.value, r.outcome.status == .ok || r.outcome.status == .estimated, let i = cls.classIndex(of: v) {
                fill = colors[i]
            } else {
                noData = r.outcome.status == .suppressed ? "suppressed" : "missing"
            }
            let low = r.lowReliability ? " (" + lang.t("note.low") + ")" : ""
            var feature = MapFeature(code: r.area.code, name: r.area.name, geometry: g, fill: fill, noData: noData,
                                     title: "\(r.area.name): \(valueText)\(low)", href: Layout.link("/gebiet/\(r.area.code)?jahr=\(model.period.year)", lang))
            feature.lowReliability = r.lowReliability
            features.append(feature)
        }
        return features
    }

    /// The legend of the indicator's map: its classes with their counts, suppressed, hatched and
    /// missing areas, the method, and the facilities shown; the page and the report share it.
    static func legend(_ model: Model, into m: inout Markup) {
        let lang = model.lang
        let ind = model.indicator
        let (cls, colors) = colorsAndClasses(model)
        m.element("div", ["class": "legend"]) { lg in
            lg.element("h3", text: lang.t("legend.title") + " (\(ind.unit))")
            let counts = cls.counts(model.rows.compactMap { $0.outcome.status == .ok || $0.outcome.status == .estimated ? $0.outcome.value : nil })
            lg.element("ul") { ul in
                for (i, label) in classLabels(model).enumerated() {
                    ul.element("li") { li in
                        li.raw("<svg class=\"swatch\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><rect width=\"16\" height=\"16\" fill=\"\(colors[i])\" stroke=\"#555\"/></svg>")
                        li.text(" \(label) (\(lang.areas(counts[i])))")
                    }
                }
                let suppressed = model.rows.filter { $0.outcome.status == .suppressed }.count
                let missing = model.rows.filter { $0.outcome.status == .missing }.count
                if suppressed > 0 {
                    ul.element("li") { li in
                        li.raw("<svg class=\"swatch\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><rect width=\"16\" height=\"16\" fill=\"#e8e8e8\" stroke=\"#555\"/><circle cx=\"8\" cy=\"8\" r=\"2\" fill=\"#6a6a6a\"/></svg>")
                        li.text(" \(lang.t("legend.suppressed")) (\(lang.areas(suppressed)))")
                    }
                }
                let low = model.rows.filter { $0.lowReliability && $0.outcome.value != nil }.count
                if low > 0 {
                    ul.element("li") { li in
                        li.raw("<svg class=\"swatch\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><rect width=\"16\" height=\"16\" fill=\"#999\" stroke=\"#555\"/><line x1=\"0\" y1=\"16\" x2=\"16\" y2=\"0\" stroke=\"#fff\" stroke-width=\"1.6\"/><line x1=\"0\" y1=\"8\" x2=\"8\" y2=\"0\" stroke=\"#fff\" stroke-width=\"1.6\"/><line x1=\"8\" y1=\"16\" x2=\"16\" y2=\"8\" stroke=\"#fff\" stroke-width=\"1.6\"/></svg>")
                        li.text(" \(lang.t("note.low")), \(lang == .de ? "schraffiert" : "hatched") (\(lang.areas(low)))")
                    }
                }
                if missing > 0 {
                    ul.element("li") { li in
                        li.raw("<svg class=\"swatch\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><rect width=\"16\" height=\"16\" fill=\"#f4f4f4\" stroke=\"#555\"/><line x1=\"0\" y1=\"16\" x2=\"16\" y2=\"0\" stroke=\"#9a9a9a\"/></svg>")
                        li.text(" \(lang.t("legend.nodata")) (\(lang.areas(missing)))")
                    }
                }
            }
            let change = model.isChange && model.colorScheme == nil
            let methodName = change ? (lang == .de ? "Veränderung: je drei gleich breite Klassen der Abnahme und der Zunahme um „keine Veränderung“"
                                                   : "Change: three equal classes of decrease and of increase around “no change”")
                : model.scheme.isDiverging ? (lang == .de ? "Gleich breite Klassen um den Stadtwert" : "Equal classes around the town's value")
                : (lang == .de ? model.method.germanName : model.method.englishName)
            let detail = model.method == .quantile && !model.scheme.isDiverging && !change ? (lang == .de ? " (R-Typ 7)" : " (R type 7)") : ""
            lg.element("p", ["class": "small"], text: methodName + detail + lang.t(cls.closure == .right ? "legend.closure" : "legend.closureLeft"))
            if let note = countNote(model) { lg.element("p", ["class": "small notice"], text: note) }
            let shown = model.shownFacilities.filter { c in model.facilities.contains { $0.category == c } }
            if !shown.isEmpty {
                lg.element("ul", ["class": "facility-legend"]) { ul in
                    for c in shown {
                        let (shape, color) = symbol(c)
                        let n = model.facilities.filter { $0.category == c }.count
                        ul.element("li") { li in
                            li.raw("<svg class=\"swatch\" viewBox=\"0 0 16 16\" aria-hidden=\"true\">" + MapPoint.symbol(shape, x: 8, y: 8, color: color, size: 5.5) + "/></svg>")
                            li.text(" \(lang == .de ? c.germanPlural : c.englishPlural) (\(n))")
                        }
                    }
                }
            }
        }
    }

    public static func render(_ model: Model) -> String {
        let lang = model.lang
        let ind = model.indicator
        let nf = NumberFormat.forLanguage(lang)
        let (cls, colors) = colorsAndClasses(model)
        var m = Markup()
        m.element("p", ["class": "crumbs"]) { p in
            p.element("a", ["href": Layout.link("/", lang)], text: lang.t("nav.start"))
            p.text(" › " + ind.topic)
        }
        m.element("h1", text: ind.name)
        m.element("form", ["method": "get", "action": Layout.action("/indikator/\(ind.key)"), "class": "controls"]) { f in
            if lang == .en { f.void("input", ["type": "hidden", "name": "lang", "value": "en"]) }
            YearLevel.year(into: &f, periods: model.periods, selected: model.period, lang: lang)
            YearLevel.level(into: &f, levels: model.levels, selected: model.level, lang: lang)
            f.element("label", ["for": "methode"], text: lang.t("form.method"))
            f.element("select", ["id": "methode", "name": "methode"]) { s in
                for meth in offeredMethods {
                    s.element("option", ["value": meth.rawValue, "selected": meth == model.method ? "selected" : nil],
                              text: lang == .de ? meth.germanName : meth.englishName)
                }
            }
            f.element("label", ["for": "klassen"], text: lang.t("form.classes"))
            f.element("select", ["id": "klassen", "name": "klassen"]) { s in
                for k in 3...7 {
                    s.element("option", ["value": String(k), "selected": k == model.classes ? "selected" : nil], text: String(k))
                }
            }
            f.element("label", ["for": "grenzen"], text: lang == .de ? "Wert auf einer Grenze" : "Value on a bound")
            f.element("select", ["id": "grenzen", "name": "grenzen"]) { s in
                s.element("option", ["value": "rechts", "selected": model.closure == .right ? "selected" : nil],
                          text: lang == .de ? "zur unteren Klasse" : "in the lower class")
                s.element("option", ["value": "links", "selected": model.closure == .left ? "selected" : nil],
                          text: lang == .de ? "zur oberen Klasse (wie R)" : "in the upper class (as R)")
            }
            if !model.facilities.isEmpty {
                f.element("fieldset", ["class": "facility-filter"]) { fs in
                    fs.element("legend", text: lang == .de ? "Einrichtungen" : "Facilities")
                    for c in Facility.Category.allCases where model.facilities.contains(where: { $0.category == c }) {
                        fs.void("input", ["type": "checkbox", "id": "einr-\(c.rawValue)", "name": "einr", "value": c.rawValue,
                                          "checked": model.shownFacilities.contains(c) ? "checked" : nil])
                        fs.element("label", ["for": "einr-\(c.rawValue)"], text: lang == .de ? c.germanPlural : c.englishPlural)
                    }
                }
            }
            f.element("label", ["for": "farben"], text: lang == .de ? "Farben" : "Colours")
            f.element("select", ["id": "farben", "name": "farben"]) { s in
                s.element("option", ["value": "", "selected": model.colorScheme == nil ? "selected" : nil], text: lang == .de ? "nach Lesart" : "by reading")
                for c in ColorScheme.allCases {
                    s.element("option", ["value": c.rawValue, "selected": c == model.colorScheme ? "selected" : nil], text: lang == .de ? c.germanName : c.englishName)
                }
            }
            f.element("button", ["type": "submit"], text: lang.t("form.show"))
        }
        periodNotice(model, into: &m)
        m.element("p", ["class": "town-value"]) { p in
            p.text("\(lang.t("indicator.town")) \(model.period.germanDate): ")
            p.element("strong", text: ValueText.format(model.town, indicator: ind, lang: lang))
        }

        let features = mapFeatures(model, classification: cls, colors: colors)
        m.element("section", ["class": "map-block", "aria-labelledby": "h-map"]) { s in
            s.element("h2", ["id": "h-map", "class": "visually-hidden"], text: lang.t("indicator.map"))
            s.element("figure", ["class": "map-figure"]) { fig in
                fig.raw(ChoroplethMap(features: features, title: "\(ind.name), \(model.level.name), \(model.period.germanDate)", points: facilityPoints(model),
                                      description: mapDescription(model), source: mapSource(model)).svg())
                Downloads.links(into: &fig, [(.map, download(model, "karte.svg"), "\(ind.key)-karte.svg"),
                                             (.bars, download(model, "balken.svg"), "\(ind.key)-balken.svg"),
                                             (.data, download(model, "daten.csv"), "\(ind.key).csv")], lang: lang)
            }
            legend(model, into: &s)
        }

        // Bars help with up to a few dozen areas; beyond that the sorted table says the same.
        if model.rows.count <= ChoroplethMap.maximumLabelledAreas {
            m.element("section", ["aria-labelledby": "h-bars"]) { sec in
                sec.element("h2", ["id": "h-bars"], text: lang == .de ? "Gebiete im Vergleich zur Stadt" : "Areas compared with the town")
                sec.element("figure", ["class": "chart-figure"]) { fig in fig.raw(barsSVG(model)) }
            }
        }

        // Table, highest value first; areas without a value last.
        let sorted = sortedRows(model)
        let isShare = ind.isShare
        m.element("section", ["aria-labelledby": "h-table"]) { s in
            s.element("h2", ["id": "h-table"], text: lang.t("indicator.table"))
            s.open("div", ["class": "table-wrap"])
            s.open("table", ["class": "data"])
            s.element("caption", text: "\(ind.name) (\(ind.unit)), \(model.level.name), \(model.period.germanDate)")
            s.element("thead") { th in
                th.element("tr") { tr in
                    tr.element("th", ["scope": "col"], text: lang.t("table.rank"))
                    tr.element("th", ["scope": "col"], text: lang.t("table.area"))
                    tr.element("th", ["scope": "col", "class": "num"], text: lang.t("table.value"))
                    if isShare { tr.element("th", ["scope": "col", "class": "num"], text: lang.t("table.ci")) }
                    tr.element("th", ["scope": "col", "class": "num"], text: lang.t("table.counts"))
                    tr.element("th", ["scope": "col"], text: lang.t("table.note"))
                }
            }
            s.open("tbody")
            var rank = 0
            for r in sorted {
                let hasValue = r.outcome.value != nil
                if hasValue { rank += 1 }
                s.element("tr") { tr in
                    tr.element("td", text: hasValue ? String(rank) : "")
                    tr.element("th", ["scope": "row"]) { th in
                        th.element("a", ["href": Layout.link("/gebiet/\(r.area.code)?jahr=\(model.period.year)", lang)], text: r.area.name)
                    }
                    tr.element("td", ["class": "num"], text: ValueText.format(r.outcome, indicator: ind, lang: lang))
                    if isShare {
                        let ci = r.intervalLower.flatMap { l in r.intervalUpper.map { u in nf.format(l, decimals: 1) + " – " + nf.format(u, decimals: 1) } } ?? ""
                        tr.element("td", ["class": "num"], text: ci)
                    }
                    let counts = r.outcome.numerator.flatMap { n in r.outcome.denominator.map { d in nf.format(n, decimals: 0) + " / " + nf.format(d, decimals: 0) } } ?? ""
                    tr.element("td", ["class": "num"], text: counts)
                    tr.element("td", text: ValueText.note(r, lang: lang))
                }
            }
            s.close("tbody")
            s.element("tfoot") { tf in
                tf.element("tr") { tr in
                    tr.element("td", text: "")
                    tr.element("th", ["scope": "row"], text: lang.t("indicator.town"))
                    tr.element("td", ["class": "num"], text: ValueText.format(model.town, indicator: ind, lang: lang))
                    if isShare {
                        let ci = model.town.numerator.flatMap { n in model.town.denominator.flatMap { d in Reliability.wilson(successes: n, trials: d) } }
                        tr.element("td", ["class": "num"], text: ci.map { nf.format($0.lower, decimals: 1) + " – " + nf.format($0.upper, decimals: 1) } ?? "")
                    }
                    let counts = model.town.numerator.flatMap { n in model.town.denominator.map { d in nf.format(n, decimals: 0) + " / " + nf.format(d, decimals: 0) } } ?? ""
                    tr.element("td", ["class": "num"], text: counts)
                    tr.element("td", text: "")
                }
            }
            s.close("table")
            s.close("div")
        }

        m.element("section", ["class": "meta", "aria-labelledby": "h-def"]) { s in
            s.element("h2", ["id": "h-def"], text: lang.t("indicator.definition"))
            s.element("dl") { dl in
                dl.element("dt", text: lang.t("indicator.definition")); dl.element("dd", text: ind.definition)
                dl.element("dt", text: lang.t("indicator.formula")); dl.element("dd") { dd in dd.element("code", text: ind.formula) }
                dl.element("dt", text: lang.t("indicator.unit")); dl.element("dd", text: ind.unit)
                dl.element("dt", text: lang.t("indicator.polarity")); dl.element("dd", text: lang.t("polarity.\(ind.polarity.rawValue)"))
                if let from = ind.validFrom {
                    dl.element("dt", text: lang.t("indicator.validfrom")); dl.element("dd", text: Period(date: from).germanDate)
                }
                dl.element("dt", text: lang.t("indicator.refdate")); dl.element("dd", text: model.period.germanDate)
                dl.element("dt", text: lang.t("indicator.source")); dl.element("dd", text: ind.source)
                dl.element("dt", text: lang == .de ? "Weiter" : "More")
                dl.element("dd") { dd in
                    dd.element("a", ["href": Layout.link("/indikator/\(ind.key)/veraenderung?bis=\(model.period.year)&ebene=\(model.level.key)", lang)],
                               text: lang == .de ? "Veränderung über die Jahre" : "Change over the years")
                }
            }
        }
        return Layout.page(title: ind.name, townName: model.townName, lang: lang, path: path(model), body: m.output)
    }
}

extension IndicatorPage {
    /// Which period the page shows and why: a chosen year that lacks data says what is missing and
    /// links the latest complete period; the default says when newer data exist only in part.
    static func periodNotice(_ model: Model, into m: inout Markup) {
        let lang = model.lang, de = lang == .de
        let ind = model.indicator
        if !model.missing.isEmpty {
            m.element("p", ["class": "notice", "role": "note"]) { p in
                p.text(de ? "Für den \(model.period.germanDate) lässt sich „\(ind.name)“ nicht berechnen; es fehlen Werte für: "
                          : "“\(ind.name)” cannot be computed for \(model.period.germanDate); values are missing for: ")
                p.text(model.missing.map(lang.catalogLabel).joined(separator: "; ") + ".")
                if let latest = model.latestComplete, latest != model.period {
                    p.text(de ? " Neuester vollständiger Stand: " : " Latest complete date: ")
                    p.element("a", ["href": Layout.link("/indikator/\(ind.key)?jahr=\(latest.date)&ebene=\(model.level.key)", lang)], text: latest.germanDate)
                    p.text(".")
                }
            }
        } else if let newest = model.periods.last, newest > model.period, model.latestComplete == model.period {
            m.element("p", ["class": "period-note"]) { p in
                p.text(de ? "Stand \(model.period.germanDate): der neueste Stand, für den alle Angaben dieses Indikators vorliegen; für den \(newest.germanDate) liegen erst andere Daten vor."
                          : "As of \(model.period.germanDate): the latest date with all the data this indicator needs; for \(newest.germanDate) only other data exist so far.")
            }
        }
    }
}
