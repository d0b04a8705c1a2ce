/// The download links under a map or chart: "Karte als SVG · Daten als CSV".
enum Downloads {
    enum Kind { case map, chart, bars, data, svg, csv, xlsx, png, pngLarge }

    static func label(_ kind: Kind, _ lang: Language) -> String {
        switch kind {
        case .map: lang == .de ? "Karte als SVG" : "Map as SVG"
        case .chart: lang == .de ? "Diagramm als SVG" : "Chart as SVG"
        case .bars: lang == .de ? "Balkendiagramm als SVG" : "Bar chart as SVG"
        case .data: lang == .de ? "Daten als CSV" : "Data as CSV"
        case .svg: "SVG"
        case .csv: "CSV"
        case .xlsx: lang == .de ? "Excel (XLSX)" : "Excel (XLSX)"
        case .png: lang == .de ? "PNG (1200 px)" : "PNG (1200 px)"
        case .pngLarge: lang == .de ? "PNG für den Druck (2400 px)" : "PNG for print (2400 px)"
        }
    }

    /// Writes `<element class="downloads">` with one link per item, separated by " · ".
    /// Every table offered as CSV is offered as XLSX too (the same route with `.xlsx`).
    static func links(into m: inout Markup, element: String = "figcaption", _ items: [(kind: Kind, href: String, file: String)], lang: Language) {
        var all: [(kind: Kind, href: String, file: String)] = []
        for item in items {
            all.append(item)
            // Every map and chart also as PNG, for office programs: screen and print size.
            if [.map, .chart, .bars, .svg].contains(item.kind), item.href.contains(".svg") {
                let png = item.href.replacingOccurrences(of: ".svg", with: ".png"), file = item.file.replacingOccurrences(of: ".svg", with: ".png")
                all.append((.png, png, file))
                all.append((.pngLarge, png + (png.contains("?") ? "&" : "?") + "breite=2400", file.replacingOccurrences(of: ".png", with: "-2400.png")))
            }
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
