/// The download links under a map or chart: "Karte als SVG · Daten als CSV".
enum Downloads {
    enum Kind { case map, chart, bars, data, svg, csv, xlsx }

    static func label(_ kind: Kind, _ lang: Language) -> String {
        switch kind {
        case .map: lang == .de ? "Karte als SVG" : "Map as SVG"
        case .chart: lang == .de ? "Diagramm als SVG" : "Chart as SVG"
        case .bars: lang == .de ? "Balkendiagramm als SVG" : "Bar chart as SVG"
        case .data: lang == .de ? "Daten als CSV" : "Data as CSV"
        case .svg: "SVG"
        case .csv: "CSV"
        case .xlsx: lang == .de ? "Excel (XLSX)" : "Excel (XLSX)"
        }
    }

    /// Writes `<element class="downloads">` with one link per item, separated by " · ".
    /// Every table offered as CSV is offered as XLSX too (the same route with `.xlsx`).
    static func links(into m: inout Markup, element: String = "figcaption", _ items: [(kind: Kind, href: String, file: String)], lang: Language) {
        var all: [(kind: Kind, href: String, file: String)] = []
        for item in items {
            all.append(item)
            if item.kind == .data || item.kind == .csv {
                all.append((.xlsx, item.href.replacingOccurrences(of: ".csv", with: ".xlsx"), item.file.replacingOccurrences(of: ".csv", with: ".xlsx")))
            }
        }
        m.element(element, ["class": "downloads"]) { c in
            for (i, item) in all.enumerated() {
                if i > 0 { c.text(" · ") }
                c.element("a", ["href": Layout.action(item.href), "download": item.file], text: label(item.kind, lang))
            }
        }
    }
}
