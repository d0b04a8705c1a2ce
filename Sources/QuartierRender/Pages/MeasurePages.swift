import Foundation
import QuartierCore
import QuartierGeo

/// Measures (Maßnahmen): need against provision, one measure's effect, and the editing form.
public enum MeasurePages {
    static func euro(_ v: Double, _ lang: Language) -> String {
        NumberFormat.forLanguage(lang).format(v, decimals: 0) + " €"
    }


    // MARK: Need against provision

    public struct ProvisionModel: Sendable {
        public var map: IndicatorPage.Model
        public var rows: [(area: Area, value: String, measures: [Measure], facilities: Int, highNeed: Bool)]
        public var indicators: [Indicator]
        public var measures: [Measure]
        public init(map: IndicatorPage.Model, rows: [(area: Area, value: String, measures: [Measure], facilities: Int, highNeed: Bool)],
                    indicators: [Indicator], measures: [Measure]) {
            self.map = map; self.rows = rows; self.indicators = indicators; self.measures = measures
        }
    }

    public static func provision(_ model: ProvisionModel) -> String {
        let lang = model.map.lang, de = lang == .de
        let ind = model.map.indicator
        var m = Markup()
        m.element("h1", text: de ? "Maßnahmen: Bedarf und Angebot" : "Measures: need and provision")
        m.element("p", text: de ? "Die Karte zeigt den Bedarf (\(ind.name)); Gebiete mit einer laufenden Maßnahme sind dick umrandet, Einrichtungen als Symbole. Gebiete im oberen Fünftel des Bedarfs ohne Maßnahme und ohne Einrichtung sind hervorgehoben."
                                : "The map shows need (\(ind.name)); areas with a running measure have a thick outline, facilities are symbols. Areas in the top fifth of need with neither a measure nor a facility are highlighted.")
        m.element("form", ["method": "get", "action": Layout.action("/massnahmen"), "class": "controls"]) { f in
            f.element("label", ["for": "bedarf"], text: de ? "Bedarf" : "Need")
            f.element("select", ["id": "bedarf", "name": "indikator"]) { s in
                for i in model.indicators { s.element("option", ["value": i.key, "selected": i.key == ind.key ? "selected" : nil], text: i.name) }
            }
            f.element("label", ["for": "jahr"], text: de ? "Jahr" : "Year")
            f.element("select", ["id": "jahr", "name": "jahr"]) { s in
                for p in model.map.periods.reversed() { s.element("option", ["value": String(p.year), "selected": p == model.map.period ? "selected" : nil], text: String(p.year)) }
            }
            f.element("button", ["type": "submit"], text: de ? "Anzeigen" : "Show")
        }
        let gaps = model.rows.filter { $0.highNeed && $0.measures.isEmpty && $0.facilities == 0 }
        m.element("section", ["aria-labelledby": "h-gaps"]) { s in
            s.element("h2", ["id": "h-gaps"], text: de ? "Hoher Bedarf, nichts vorhanden" : "High need, nothing in place")
            if gaps.isEmpty {
                s.element("p", text: de ? "Kein Gebiet im oberen Fünftel des Bedarfs ist ohne Maßnahme und Einrichtung." : "No area in the top fifth of need is without a measure and a facility.")
            } else {
                s.element("ul", ["class": "gaps"]) { ul in
                    for g in gaps { ul.element("li") { li in li.element("a", ["href": Layout.link("/gebiet/\(g.area.code)", lang)], text: g.area.name); li.text(": \(g.value)") } }
                }
            }
        }
        let (cls, colors) = IndicatorPage.colorsAndClasses(model.map)
        var features = IndicatorPage.mapFeatures(model.map, classification: cls, colors: colors)
        let withMeasure = Set(model.rows.filter { !$0.measures.isEmpty }.map(\.area.code))
        for i in features.indices where withMeasure.contains(features[i].code) { features[i].highlighted = true }
        m.element("figure", ["class": "map-figure"]) { fig in
            fig.raw(ChoroplethMap(features: features, title: "\(ind.name), \(model.map.level.name), \(model.map.period.germanDate)",
                                  points: IndicatorPage.facilityPoints(model.map)).svg(id: "provision-map"))
        }
        m.element("table", ["class": "admin"]) { t in
            t.element("caption", text: "\(ind.name), \(model.map.period.germanDate)")
            t.element("thead") { h in
                h.element("tr") { tr in
                    for c in (de ? ["Gebiet", ind.name, "Maßnahmen", "Kitas, Schulen, Jugendzentren", "Hinweis"] : ["Area", ind.name, "Measures", "Kitas, schools, youth centres", "Note"]) {
                        tr.element("th", ["scope": "col"], text: c)
                    }
                }
            }
            t.element("tbody") { b in
                for r in model.rows {
                    b.element("tr", ["class": r.highNeed && r.measures.isEmpty && r.facilities == 0 ? "gap" : nil]) { tr in
                        tr.element("th", ["scope": "row"]) { th in th.element("a", ["href": Layout.link("/gebiet/\(r.area.code)", lang)], text: r.area.name) }
                        tr.element("td", ["class": "num"], text: r.value)
                        tr.element("td") { td in
                            for (i, ms) in r.measures.enumerated() {
                                if i > 0 { td.text(", ") }
                                td.element("a", ["href": Layout.link("/massnahme/\(ms.key)", lang)], text: ms.title)
                            }
                        }
                        tr.element("td", ["class": "num"], text: String(r.facilities))
                        tr.element("td", text: r.highNeed ? (r.measures.isEmpty && r.facilities == 0 ? (de ? "hoher Bedarf, nichts vorhanden" : "high need, nothing in place")
                                                                : (de ? "hoher Bedarf" : "high need")) : "")
                    }
                }
            }
        }
        m.element("h2", text: de ? "Alle Maßnahmen" : "All measures")
        measureList(&m, model.measures, lang: lang)
        return Layout.page(title: de ? "Maßnahmen" : "Measures", townName: model.map.townName, lang: lang,
                           path: "/massnahmen?indikator=\(ind.key)&jahr=\(model.map.period.year)", body: m.output)
    }

    static func measureList(_ m: inout Markup, _ measures: [Measure], lang: Language) {
        let de = lang == .de
        if measures.isEmpty { m.element("p", text: de ? "Noch keine Maßnahmen." : "No measures yet."); return }
        m.element("ul", ["class": "measures"]) { ul in
            for ms in measures {
                ul.element("li") { li in
                    li.element("a", ["href": Layout.link("/massnahme/\(ms.key)", lang)], text: ms.title)
                    li.text(" – " + (de ? "seit " : "since ") + Period(date: ms.start).germanDate + (ms.end.map { (de ? " bis " : " to ") + Period(date: $0).germanDate } ?? ""))
                }
            }
        }
    }

    // MARK: Effect view

    public struct EffectModel: Sendable {
        public struct Target: Sendable {
            public var indicator: Indicator?
            public var key: String
            public var direction: Int
            public var periods: [Period]
            public var treated: [Double?]
            public var comparison: [Double?]
            public var town: [Double?]
            public var comparisonNames: [String]
            public var estimate: MeasureEffect.Estimate?
            public var problem: String?
            public init(indicator: Indicator?, key: String, direction: Int, periods: [Period], treated: [Double?], comparison: [Double?], town: [Double?],
                        comparisonNames: [String], estimate: MeasureEffect.Estimate?, problem: String?) {
                self.indicator = indicator; self.key = key; self.direction = direction; self.periods = periods; self.treated = treated
                self.comparison = comparison; self.town = town; self.comparisonNames = comparisonNames; self.estimate = estimate; self.problem = problem
            }
        }
        public var townName: String?
        public var measure: Measure
        public var areas: [Area]
        public var targets: [Target]
        public var lang: Language
        public init(townName: String?, measure: Measure, areas: [Area], targets: [Target], lang: Language) {
            self.townName = townName; self.measure = measure; self.areas = areas; self.targets = targets; self.lang = lang
        }
    }

    /// The estimate in plain words.
    public static func sentence(_ e: MeasureEffect.Estimate, indicator: Indicator, direction: Int, lang: Language) -> String {
        let nf = NumberFormat.forLanguage(lang)
        let de = lang == .de
        let unit = indicator.unit == "%" ? (de ? " Prozentpunkte" : " percentage points") : (indicator.unit.isEmpty ? "" : " " + indicator.unit)
        let size = nf.format(abs(e.difference), decimals: max(1, indicator.decimals)) + unit
        let moved = e.difference < 0 ? (de ? "stärker gesunken (oder weniger gestiegen)" : "fell more (or rose less)")
                                     : (de ? "stärker gestiegen (oder weniger gesunken)" : "rose more (or fell less)")
        var s = de ? "In den Gebieten der Maßnahme ist „\(indicator.name)“ um \(size) \(moved) als in vergleichbaren Gebieten"
                   : "In the measure's areas, “\(indicator.name)” \(moved) by \(size) than in comparable areas"
        if let i = e.interval {
            s += de ? " (95-%-Intervall \(nf.format(i.low, decimals: max(1, indicator.decimals))) bis \(nf.format(i.high, decimals: max(1, indicator.decimals))))."
                    : " (95 % interval \(nf.format(i.low, decimals: max(1, indicator.decimals))) to \(nf.format(i.high, decimals: max(1, indicator.decimals))))."
        } else {
            s += "."
        }
        switch e.verdict {
        case .expected: s += de ? " Das passt zur erwarteten Wirkung." : " This fits the expected effect."
        case .opposite: s += de ? " Das ist die Gegenrichtung der erwarteten Wirkung." : " This is the opposite of the expected effect."
        case .unclear: s += de ? " Das Intervall schließt „kein Unterschied“ ein: eine Wirkung lässt sich nicht erkennen." : " The interval includes no difference: no effect can be seen."
        case .unknown: break
        }
        return s
    }

    public static func effect(_ model: EffectModel) -> String {
        let lang = model.lang, de = lang == .de
        let nf = NumberFormat.forLanguage(lang)
        let ms = model.measure
        var m = Markup()
        m.element("p", ["class": "crumbs"]) { p in p.element("a", ["href": Layout.link("/massnahmen", lang)], text: de ? "Maßnahmen" : "Measures") }
        m.element("h1", text: ms.title)
        if !ms.description.isEmpty { m.element("p", text: ms.description) }
        m.element("dl", ["class": "facts"]) { dl in
            func fact(_ k: String, _ v: String) { if !v.isEmpty { dl.element("dt", text: k); dl.element("dd", text: v) } }
            fact(de ? "Zeitraum" : "Period", (de ? "seit " : "since ") + Period(date: ms.start).germanDate + (ms.end.map { (de ? " bis " : " to ") + Period(date: $0).germanDate } ?? ""))
            fact(de ? "Gebiete" : "Areas", model.areas.map(\.name).joined(separator: ", "))
            fact(de ? "Zuständig" : "Department", ms.department)
            fact(de ? "Zielgruppe" : "Target group", ms.targetGroup)
            fact(de ? "Förderprogramm" : "Funding programme", ms.fundingProgramme)
            fact(de ? "Budget" : "Budget", ms.budget.map { euro($0, lang) } ?? "")
        }
        m.element("p", ["class": "notice"], text: de
            ? "Ein Vergleich mit ähnlichen Gebieten vor und nach dem Beginn (Differenz der Differenzen) ist ein Hinweis, kein Beweis: Andere Einflüsse in denselben Gebieten können dieselbe Entwicklung erklären."
            : "A comparison with similar areas before and after the start (difference in differences) is an indication, not proof of cause: other influences on the same areas can explain the same development.")
        for (n, t) in model.targets.enumerated() {
            m.element("section", ["aria-labelledby": "h-t\(n)", "class": "effect"]) { s in
                s.element("h2", ["id": "h-t\(n)"], text: (t.indicator?.name ?? t.key) + (t.direction < 0 ? (de ? " (soll sinken)" : " (should fall)") : (de ? " (soll steigen)" : " (should rise)")))
                guard let ind = t.indicator else { s.element("p", text: t.problem ?? ""); return }
                if let problem = t.problem { s.element("p", ["class": "notice"], text: problem) }
                let format: (Double) -> String = { nf.format($0, decimals: ind.decimals, unit: ind.unit) }
                s.element("figure") { fig in
                    var series: [(name: String, values: [Double?], color: String, dashed: Bool)] = [(de ? "Gebiete der Maßnahme" : "Measure's areas", t.treated, "#d95f0e", false)]
                    if t.comparison.contains(where: { $0 != nil }) { series.append((de ? "Vergleichsgebiete" : "Comparison areas", t.comparison, "#1b7837", false)) }
                    series.append((lang.t("indicator.town"), t.town, "#2c3e50", true))
                    // The start between the last period before it and the first on or after it.
                    let after = t.periods.firstIndex { $0.date >= ms.start } ?? t.periods.count
                    let position = after < t.periods.count && t.periods[after].date == ms.start ? Double(after) : Double(after) - 0.5
                    fig.raw(Charts.lines(title: "\(ind.name): " + (de ? "Gebiete der Maßnahme, Vergleichsgebiete und Stadt" : "measure's areas, comparison areas and town"),
                                         years: t.periods.map(\.year), series: series, format: format,
                                         marker: (position, (de ? "Beginn " : "Start ") + Period(date: ms.start).germanDate)))
                    fig.element("figcaption", text: de ? "Beginn der Maßnahme: \(Period(date: ms.start).germanDate)" : "Start of the measure: \(Period(date: ms.start).germanDate)")
                }
                guard let e = t.estimate else { return }
                if let w = e.warning { s.element("p", ["class": "notice error", "role": "alert"], text: w) }
                s.element("p", ["class": "effect-sentence"], text: sentence(e, indicator: ind, direction: t.direction, lang: lang))
                s.element("table", ["class": "admin"]) { tb in
                    tb.element("caption", text: (de ? "Vorher: " : "Before: ") + e.before.map { String($0.year) }.joined(separator: ", ")
                               + (de ? " · nachher: " : " · after: ") + e.after.map { String($0.year) }.joined(separator: ", "))
                    tb.element("thead") { h in h.element("tr") { tr in
                        for c in (de ? ["", "vorher", "nachher", "Veränderung"] : ["", "before", "after", "change"]) { tr.element("th", ["scope": "col"], text: c) }
                    } }
                    tb.element("tbody") { b in
                        for (label, before, after) in [(de ? "Gebiete der Maßnahme" : "Measure's areas", Optional(e.treatedBefore), Optional(e.treatedAfter)),
                                                       (de ? "Vergleichsgebiete" : "Comparison areas", Optional(e.comparisonBefore), Optional(e.comparisonAfter)),
                                                       (lang.t("indicator.town"), e.townBefore, e.townAfter)] {
                            b.element("tr") { tr in
                                tr.element("th", ["scope": "row"], text: label)
                                tr.element("td", ["class": "num"], text: before.map(format) ?? "–")
                                tr.element("td", ["class": "num"], text: after.map(format) ?? "–")
                                tr.element("td", ["class": "num"], text: before.flatMap { b0 in after.map { nf.format($0 - b0, decimals: max(1, ind.decimals)) } } ?? "–")
                            }
                        }
                        b.element("tr") { tr in
                            tr.element("th", ["scope": "row"], text: de ? "Differenz der Differenzen" : "Difference in differences")
                            tr.element("td", ["colspan": "3", "class": "num"], text: nf.format(e.difference, decimals: max(1, ind.decimals))
                                       + (e.interval.map { i in " [\(nf.format(i.low, decimals: max(1, ind.decimals))); \(nf.format(i.high, decimals: max(1, ind.decimals)))]" } ?? ""))
                        }
                    }
                }
                s.element("p", ["class": "note"], text: (de ? "Vergleichsgebiete (ähnlichste Werte vor dem Beginn): " : "Comparison areas (most similar values before the start): ")
                          + t.comparisonNames.joined(separator: ", "))
            }
        }
        return Layout.page(title: ms.title, townName: model.townName, lang: lang, path: "/massnahme/\(ms.key)", body: m.output)
    }

    // MARK: Administration

    public static func adminList(townName: String, measures: [Measure], canEdit: Bool, canManageUsers: Bool, csrf: String, message: String?, error: String?, lang: Language) -> String {
        let de = lang == .de
        var m = Markup()
        m.element("h1", text: de ? "Maßnahmen verwalten" : "Manage measures")
        AdminPages.adminNav(&m, canEdit: canEdit, canManageUsers: canManageUsers, lang: lang)
        AdminPages.notice(&m, message: message, error: error)
        if canEdit { m.element("p") { p in p.element("a", ["href": Layout.link("/verwaltung/massnahmen/neu", lang), "class": "button"], text: de ? "Neue Maßnahme" : "New measure") } }
        m.element("table", ["class": "admin"]) { t in
            t.element("thead") { h in h.element("tr") { tr in
                for c in (de ? ["Maßnahme", "Beginn", "Gebiete", "Status", "Aktionen"] : ["Measure", "Start", "Areas", "State", "Actions"]) { tr.element("th", ["scope": "col"], text: c) }
            } }
            t.element("tbody") { b in
                for ms in measures {
                    b.element("tr", ["class": ms.release == nil ? "internal" : "released"]) { tr in
                        tr.element("th", ["scope": "row"]) { th in th.element("a", ["href": Layout.link("/massnahme/\(ms.key)", lang)], text: ms.title) }
                        tr.element("td", text: Period(date: ms.start).germanDate)
                        tr.element("td", text: ms.areaCodes.joined(separator: ", "))
                        tr.element("td", text: ms.release.map { (de ? "freigegeben von " : "released by ") + $0.by } ?? (de ? "intern" : "internal"))
                        tr.element("td") { td in
                            guard canEdit else { return }
                            td.element("a", ["href": Layout.link("/verwaltung/massnahmen/\(ms.key)", lang)], text: de ? "Bearbeiten" : "Edit")
                            for (action, de1, en1, danger) in [(ms.release == nil ? "freigeben" : "zurueckziehen", ms.release == nil ? "Freigeben" : "Zurückziehen",
                                                                ms.release == nil ? "Release" : "Withdraw", false), ("loeschen", "Löschen", "Delete", true)] {
                                td.element("form", ["method": "post", "action": Layout.action("/verwaltung/massnahmen/\(ms.key)/\(action)"), "class": "inline"]) { f in
                                    AdminPages.csrfField(&f, csrf)
                                    f.element("button", ["type": "submit", "class": danger ? "danger" : nil], text: de ? de1 : en1)
                                }
                            }
                        }
                    }
                }
            }
        }
        return Layout.page(title: de ? "Maßnahmen verwalten" : "Manage measures", townName: townName, lang: lang, path: "/verwaltung/massnahmen", body: m.output)
    }

    public static func form(townName: String, measure: Measure?, values: [String: String], areas: [Area], indicators: [Indicator], csrf: String,
                            error: String?, lang: Language) -> String {
        let de = lang == .de
        var m = Markup()
        let title = measure == nil ? (de ? "Neue Maßnahme" : "New measure") : (de ? "Maßnahme bearbeiten" : "Edit measure")
        m.element("h1", text: title)
        AdminPages.notice(&m, message: nil, error: error)
        let action = measure.map { "/verwaltung/massnahmen/\($0.key)" } ?? "/verwaltung/massnahmen/neu"
        m.element("form", ["method": "post", "action": Layout.action(action), "class": "admin-form"]) { f in
            AdminPages.csrfField(&f, csrf)
            func field(_ name: String, _ label: String, type: String = "text", required: Bool = false) {
                f.element("label", ["for": "m-\(name)"], text: label)
                f.void("input", ["type": type, "id": "m-\(name)", "name": name, "value": values[name] ?? "", "required": required ? "required" : nil])
            }
            field("titel", de ? "Titel" : "Title", required: true)
            f.element("label", ["for": "m-beschreibung"], text: de ? "Beschreibung" : "Description")
            f.element("textarea", ["id": "m-beschreibung", "name": "beschreibung", "rows": "3"], text: values["beschreibung"] ?? "")
            field("zustaendig", de ? "Zuständig (Fachbereich)" : "Department")
            field("beginn", de ? "Beginn" : "Start", type: "date", required: true)
            field("ende", de ? "Ende (optional)" : "End (optional)", type: "date")
            field("budget", de ? "Budget in Euro (optional)" : "Budget in euro (optional)")
            field("programm", de ? "Förderprogramm" : "Funding programme")
            field("zielgruppe", de ? "Zielgruppe" : "Target group")
            let chosen = Set((values["gebiete"] ?? "").split(separator: ",").map(String.init))
            f.element("fieldset") { fs in
                fs.element("legend", text: de ? "Gebiete" : "Areas")
                for a in areas {
                    fs.void("input", ["type": "checkbox", "id": "g-\(a.code)", "name": "gebiet", "value": a.code, "checked": chosen.contains(a.code) ? "checked" : nil])
                    fs.element("label", ["for": "g-\(a.code)"], text: "\(a.name) (\(a.code))")
                }
            }
            for i in 1...3 {
                f.element("fieldset") { fs in
                    fs.element("legend", text: (de ? "Zielindikator " : "Target indicator ") + String(i))
                    fs.element("label", ["for": "z\(i)"], text: de ? "Indikator" : "Indicator")
                    fs.element("select", ["id": "z\(i)", "name": "ziel\(i)"]) { s in
                        s.element("option", ["value": ""], text: "–")
                        for ind in indicators { s.element("option", ["value": ind.key, "selected": values["ziel\(i)"] == ind.key ? "selected" : nil], text: ind.name) }
                    }
                    fs.element("label", ["for": "r\(i)"], text: de ? "Erwartete Richtung" : "Expected direction")
                    fs.element("select", ["id": "r\(i)", "name": "richtung\(i)"]) { s in
                        s.element("option", ["value": "-1", "selected": values["richtung\(i)"] != "1" ? "selected" : nil], text: de ? "soll sinken" : "should fall")
                        s.element("option", ["value": "1", "selected": values["richtung\(i)"] == "1" ? "selected" : nil], text: de ? "soll steigen" : "should rise")
                    }
                }
            }
            f.element("button", ["type": "submit"], text: de ? "Speichern" : "Save")
        }
        return Layout.page(title: title, townName: townName, lang: lang, path: action, body: m.output)
    }

    /// Form values of a stored measure.
    public static func values(of m: Measure) -> [String: String] {
        var v: [String: String] = ["titel": m.title, "beschreibung": m.description, "zustaendig": m.department, "beginn": m.start, "ende": m.end ?? "",
                                   "budget": m.budget.map { String(format: "%.0f", $0) } ?? "", "programm": m.fundingProgramme, "zielgruppe": m.targetGroup,
                                   "gebiete": m.areaCodes.joined(separator: ",")]
        for (i, t) in m.targets.prefix(3).enumerated() { v["ziel\(i + 1)"] = t.indicatorKey; v["richtung\(i + 1)"] = String(t.direction) }
        return v
    }
}
