import QuartierCore

/// The early-warning list: every area and indicator that stands out, in plain sentences.
public enum EarlyWarningPage {
    public struct Model: Sendable {
        public var townName: String?
        public var period: Period
        public var periods: [Period]
        public var level: AreaLevel
        public var levels: [AreaLevel]
        public var years: Int
        public var findings: [EarlyWarning.Finding]
        public var lang: Language

        public init(townName: String?, period: Period, periods: [Period], level: AreaLevel, levels: [AreaLevel], years: Int,
                    findings: [EarlyWarning.Finding], lang: Language) {
            self.townName = townName
            self.period = period
            self.periods = periods
            self.level = level
            self.levels = levels
            self.years = years
            self.findings = findings
            self.lang = lang
        }
    }

    /// German number formatting for the sentences: "12,3 %" and "+1,2 Pp.".
    public static func formatting(_ lang: Language) -> (value: @Sendable (Double, Indicator) -> String, points: @Sendable (Double) -> String) {
        let nf = NumberFormat.forLanguage(lang)
        return ({ v, ind in nf.format(v, decimals: ind.decimals, unit: lang.catalog(ind.unit)) },
                { v in nf.signed(v, decimals: 1) + (lang == .de ? " Pp." : " pp") })
    }

    public static func render(_ model: Model) -> String {
        let lang = model.lang
        var m = Markup()
        m.element("h1", text: lang == .de ? "Frühwarnung: Auffälligkeiten" : "Early warning")
        m.element("p", ["class": "lead"], text: lang == .de
            ? "Gebiete, deren Wert mit seinem 95-%-Intervall ganz auf der Bedarfsseite des städtischen Werts liegt, und Gebiete, deren Wert sich in \(model.years) Jahren so verschlechtert hat, dass sich die Intervalle beider Jahre nicht überschneiden. Kleine Zahlen lösen deshalb keine Warnung aus."
            : "Areas whose 95 % interval lies wholly on the side of need from the town's value, and areas that worsened over \(model.years) years so much that the two years' intervals do not overlap. (Sentences in German.)")
        m.element("form", ["method": "get", "action": Layout.action("/fruehwarnung"), "class": "controls"]) { f in
            if lang == .en { f.void("input", ["type": "hidden", "name": "lang", "value": "en"]) }
            YearLevel.year(into: &f, periods: model.periods, selected: model.period, lang: lang)
            YearLevel.level(into: &f, levels: model.levels, selected: model.level, lang: lang)
            f.element("label", ["for": "jahre"], text: lang == .de ? "Vergleich mit (Jahre vorher)" : "Compare with (years before)")
            f.element("select", ["id": "jahre", "name": "jahre"]) { s in
                for n in 1...5 { s.element("option", ["value": String(n), "selected": n == model.years ? "selected" : nil], text: String(n)) }
            }
            f.element("button", ["type": "submit"], text: lang.t("form.show"))
        }
        for (kind, title) in [(EarlyWarning.Kind.change, lang == .de ? "Deutliche Verschlechterung" : "Clear worsening"),
                              (EarlyWarning.Kind.level, lang == .de ? "Deutlich ungünstiger als die Stadt" : "Clearly worse than the town")] {
            let list = model.findings.filter { $0.kind == kind }
            m.element("section") { s in
                s.element("h2", text: "\(title) (\(list.count))")
                if list.isEmpty {
                    s.element("p", text: lang == .de ? "Keine." : "None.")
                } else {
                    s.element("ul", ["class": "findings"]) { ul in
                        for f in list {
                            ul.element("li") { li in
                                li.element("span", text: f.sentence + " ")
                                li.element("a", ["href": Layout.link("/gebiet/\(f.areaCode)?jahr=\(model.period.year)", lang)], text: lang == .de ? "Profil" : "Profile")
                                li.text(" · ")
                                li.element("a", ["href": Layout.link("/indikator/\(f.indicatorKey)?jahr=\(model.period.year)&ebene=\(model.level.key)", lang)], text: lang == .de ? "Karte" : "Map")
                            }
                        }
                    }
                }
            }
        }
        return Layout.page(title: lang == .de ? "Frühwarnung" : "Early warning", townName: model.townName, lang: lang,
                           path: "/fruehwarnung?jahr=\(model.period.year)&ebene=\(model.level.key)&jahre=\(model.years)", body: m.output)
    }
}
