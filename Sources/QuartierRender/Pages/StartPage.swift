import QuartierCore

/// The start page: indicators grouped by topic, and the areas by level.
public struct StartPage: Sendable {
    public struct Model: Sendable {
        public var townName: String?
        public var topics: [(topic: String, indicators: [Indicator])]
        public var levels: [(level: AreaLevel, areas: [Area])]
        public var latestPeriod: Period?
        public var lang: Language

        public init(townName: String?, topics: [(topic: String, indicators: [Indicator])], levels: [(level: AreaLevel, areas: [Area])],
                    latestPeriod: Period?, lang: Language) {
            self.townName = townName
            self.topics = topics
            self.levels = levels
            self.latestPeriod = latestPeriod
            self.lang = lang
        }
    }

    public static func render(_ model: Model) -> String {
        let lang = model.lang
        var m = Markup()
        m.element("h1", text: model.townName ?? "Quartier")
        m.element("p", ["class": "lead"], text: lang.t("start.intro"))
        if model.topics.isEmpty && model.levels.isEmpty {
            m.element("p", ["class": "notice"], text: lang.t("start.empty"))
        }
        if let p = model.latestPeriod {
            m.element("p", text: "\(lang.t("indicator.refdate")): \(p.germanDate)")
        }
        m.element("section", ["aria-labelledby": "h-ind"]) { s in
            s.element("h2", ["id": "h-ind"], text: lang.t("start.indicators"))
            s.open("div", ["class": "topics"])
            for (topic, indicators) in model.topics {
                s.element("section", ["class": "topic"]) { t in
                    t.element("h3", text: topic)
                    t.element("ul") { ul in
                        for ind in indicators {
                            ul.element("li") { li in
                                li.element("a", ["href": Layout.link("/indikator/\(ind.key)", lang)], text: ind.name)
                            }
                        }
                    }
                }
            }
            s.close("div")
        }
        m.element("section", ["aria-labelledby": "h-tools"]) { s in
            s.element("h2", ["id": "h-tools"], text: lang == .de ? "Auswertungen" : "Analyses")
            let sample = model.topics.flatMap(\.indicators).first { $0.key == "kinderarmut" } ?? model.topics.first?.indicators.first
            s.element("ul") { ul in
                for (href, de, en) in [("/bericht", "Sozialbericht (Entwurf zum Drucken)", "Social report (draft, printable)"),
                                       ("/bericht.pdf", "Sozialbericht als PDF", "Social report as PDF"),
                                       ("/sozialindex", "Sozialindex (Status und Dynamik)", "Social index (status and dynamics)"),
                                       ("/fruehwarnung", "Frühwarnung: Auffälligkeiten", "Early warning"),
                                       ("/vergleich", "Zwei Gebiete vergleichen", "Compare two areas"),
                                       ("/streudiagramm", "Zusammenhang zweier Indikatoren (Streudiagramm)", "Two indicators (scatter plot)"),
                                       ("/indikator/\(sample?.key ?? "")/veraenderung", "Veränderung über die Jahre (Karte)", "Change over the years (map)")]
                    where sample != nil || !href.hasPrefix("/indikator") {
                    ul.element("li") { li in li.element("a", ["href": Layout.link(href, lang)], text: lang == .de ? de : en) }
                }
            }
        }
        m.element("section", ["aria-labelledby": "h-areas"]) { s in
            s.element("h2", ["id": "h-areas"], text: lang.t("start.areas"))
            AreaList.render(model.levels, lang: lang, into: &s)
        }
        return Layout.page(title: lang.t("nav.start"), townName: model.townName, lang: lang, path: "/", body: m.output)
    }
}

/// Areas grouped by level, each linking to its profile.
public enum AreaList {
    public static func render(_ levels: [(level: AreaLevel, areas: [Area])], lang: Language, into m: inout Markup) {
        for (level, areas) in levels where !areas.isEmpty {
            m.element("h3", text: "\(level.name) (\(areas.count))")
            m.element("ul", ["class": "area-list"]) { ul in
                for a in areas {
                    ul.element("li") { li in
                        li.element("a", ["href": Layout.link("/gebiet/\(a.code)", lang)], text: a.name)
                    }
                }
            }
        }
    }

    public static func page(townName: String?, levels: [(level: AreaLevel, areas: [Area])], lang: Language) -> String {
        var m = Markup()
        m.element("h1", text: lang.t("nav.areas"))
        render(levels, lang: lang, into: &m)
        return Layout.page(title: lang.t("nav.areas"), townName: townName, lang: lang, path: "/gebiete", body: m.output)
    }
}
