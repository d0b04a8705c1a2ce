import Foundation
import QuartierCore

/// The landing page of an installation with several towns.
extension AdminPages {
    // MARK: Landing page of an installation with several towns

    public struct TownEntry: Sendable {
        public var name: String
        public var link: String
        public var values: [String: (value: Double?, text: String)]
        public init(name: String, link: String, values: [String: (value: Double?, text: String)]) { self.name = name; self.link = link; self.values = values }
    }

    public static func landing(towns: [TownEntry], indicators: [(key: String, name: String)], lang: Language) -> String {
        let de = lang == .de
        var m = Markup()
        m.element("h1", text: de ? "Gemeinden" : "Towns")
        m.element("ul", ["class": "towns"]) { ul in
            for t in towns { ul.element("li") { li in li.element("a", ["href": Layout.link(t.link, lang, absolute: true)], text: t.name) } }
        }
        if !indicators.isEmpty {
            m.element("h2", text: de ? "Vergleich der Gemeinden (jüngster freigegebener Stand)" : "Towns compared (latest released data)")
            m.element("div", ["class": "table-scroll"]) { d in
                d.element("table", ["class": "admin"]) { t in
                    t.element("thead") { h in
                        h.element("tr") { tr in
                            tr.element("th", ["scope": "col"], text: de ? "Indikator" : "Indicator")
                            for town in towns { tr.element("th", ["scope": "col"], text: town.name) }
                        }
                    }
                    t.element("tbody") { b in
                        for ind in indicators {
                            b.element("tr") { tr in
                                tr.element("th", ["scope": "row"], text: ind.name)
                                for town in towns { tr.element("td", ["class": "num"], text: town.values[ind.key]?.text ?? "–") }
                            }
                        }
                    }
                }
            }
        }
        return Layout.page(title: de ? "Gemeinden" : "Towns", townName: nil, lang: lang, path: "/gemeinden", body: m.output)
    }
}
