import Foundation
import Hummingbird
import HummingbirdTesting
import QuartierCLI
import QuartierCore
import QuartierDemo
import QuartierFormats
import QuartierGeo
import QuartierRender
import QuartierAtlas
import QuartierServer
import QuartierStore
import QuartierTestSupport
import Testing

/// Every HTTP route, in-process, against a real SQLite file holding the demo town.
@Suite struct RouteTests {
    static func demoStore() async throws -> SQLiteAtlasStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quartier-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try SQLiteAtlasStore(path: dir.appendingPathComponent("atlas.sqlite").path)
        _ = try await DemoTown.install(into: store)
        return store
    }

    static func app(_ store: some AtlasStore) throws -> some ApplicationProtocol {
        try buildApplication(store: store, configuration: ServerConfiguration())
    }

    static func body(_ r: TestResponse) -> String { String(buffer: r.body) }

    @Test func startPageListsIndicatorsByTopicAndAreas() async throws {
        let store = try await Self.demoStore()
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "text/html; charset=utf-8")
                let html = Self.body(r)
                #expect(html.contains("<html lang=\"de\">"))
                for topic in ["Bevölkerungsstruktur", "Soziale Lage", "Arbeit", "Bildung und Betreuung"] { #expect(html.contains(topic)) }
                #expect(html.contains("href=\"/indikator/kinderarmut\""))
                #expect(html.contains("href=\"/gebiet/SR06\""))
            }
            try await client.execute(uri: "/?lang=en", method: .get) { r in
                let html = Self.body(r)
                #expect(html.contains("<html lang=\"en\">"))
                #expect(html.contains("Indicators by topic"))
                #expect(html.contains("href=\"/indikator/kinderarmut?lang=en\""))
            }
            try await client.execute(uri: "/gebiete", method: .get) { r in
                #expect(r.status == .ok)
                #expect(Self.body(r).contains("Sozialraum (16)"))
            }
        }
    }

    @Test func everyIndicatorPageRendersAMapOfSixteenAreas() async throws {
        let store = try await Self.demoStore()
        let indicators = try await store.indicators()
        #expect(indicators.count >= 10)
        try await Self.app(store).test(.router) { client in
            for ind in indicators {
                try await client.execute(uri: "/indikator/\(ind.key)", method: .get) { r in
                    #expect(r.status == .ok, "\(ind.key)")
                    let html = Self.body(r)
                    #expect(html.components(separatedBy: "<path d=\"M").count - 1 == 16, "\(ind.key)")
                    #expect(html.contains("Gesamtstadt 31.12.2025"))
                    // The map itself carries its scale, reference date and source (for SVG and PNG downloads).
                    #expect(html.contains("class=\"scale-bar\"") && html.contains("class=\"map-source\"") && html.contains(">Stand 31.12.2025"), "\(ind.key)")
                    #expect(html.contains(ind.source.isEmpty ? "" : Markup.escape(ind.source)))
                    // Indicators of change diverge from no change (issue 20, point 8), the others are quantiles.
                    #expect(html.contains(ind.formula.hasPrefix("change(") ? "Veränderung: je drei gleich breite Klassen der Abnahme und der Zunahme"
                                                                           : "Quantile (R-Typ 7); Klassen rechts geschlossen"), "\(ind.key)")
                }
            }
            for method in ["equal", "jenks", "stddev", "headtail", "maxbreaks"] {
                try await client.execute(uri: "/indikator/sgb2_quote?methode=\(method)&klassen=4", method: .get) { r in
                    #expect(r.status == .ok, "\(method)")
                    let html = Self.body(r)
                    #expect(html.contains("<option value=\"\(method)\" selected=\"selected\">"))
                    #expect(html.contains("Klassen rechts geschlossen"))
                }
            }
            try await client.execute(uri: "/indikator/sgb2_quote?methode=zufall", method: .get) { r in
                #expect(r.status == .badRequest)
                #expect(Self.body(r).contains("Unbekannte Klassenbildung „zufall“"))
            }
            try await client.execute(uri: "/indikator/sgb2_quote?klassen=12", method: .get) { r in #expect(r.status == .badRequest) }
            // The closure from the page (issue 24): quintile bounds of R type 7 on 16 areas lie on
            // values (the 4th, 7th, …), so with "links" those areas move up a class.
            func firstClassCount(_ html: String) -> Int? {
                guard let legend = html.range(of: "<div class=\"legend\">"), let li = html[legend.upperBound...].range(of: " Gebiete)") else { return nil }
                let before = html[legend.upperBound..<li.lowerBound]
                return before.range(of: "(", options: .backwards).flatMap { Int(before[$0.upperBound...]) }
            }
            var right = "", left = ""
            try await client.execute(uri: "/indikator/sgb2_quote", method: .get) { r in right = Self.body(r) }
            try await client.execute(uri: "/indikator/sgb2_quote?grenzen=links", method: .get) { r in
                #expect(r.status == .ok)
                left = Self.body(r)
            }
            #expect(left.contains("Klassen links geschlossen (wie R findInterval)") && left.contains(" bis unter ") && !right.contains(" bis unter "))
            #expect(left.contains("<option value=\"links\" selected=\"selected\">") && left.contains("karte.svg?jahr=2025&amp;ebene=sozialraum&amp;methode=quantile&amp;klassen=5&amp;grenzen=links"), "\(left.prefix(200))")
            #expect(firstClassCount(right) == 4 && firstClassCount(left) == 3, "\(firstClassCount(right) ?? -1) \(firstClassCount(left) ?? -1)")
            try await client.execute(uri: "/indikator/sgb2_quote?grenzen=mitte", method: .get) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/indikator/kinderarmut?jahr=2016&ebene=stadtteil", method: .get) { r in
                #expect(r.status == .ok)
                let html = Self.body(r)
                #expect(html.components(separatedBy: "<path d=\"M").count - 1 == 5)
                #expect(html.contains("31.12.2016"))
            }
        }
    }

    @Test func indicatorPageShowsTownValueComputedFromCounts() async throws {
        let store = try await Self.demoStore()
        let values = try await store.values(variableKeys: ["sgb2_u15", "ew_0_2", "ew_3_5", "ew_6_9", "ew_10_14"], periods: [Period(year: 2025)], areaCodes: ["03256999"])
        let v = Dictionary(uniqueKeysWithValues: values.map { ($0.variableKey, $0.value!) })
        let expected = v["sgb2_u15"]! / (v["ew_0_2"]! + v["ew_3_5"]! + v["ew_6_9"]! + v["ew_10_14"]!) * 100
        let text = NumberFormat.german.format(expected, decimals: 1, unit: "%")
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/indikator/kinderarmut", method: .get) { r in
                #expect(Self.body(r).contains("<strong>\(text)</strong>"))
            }
        }
    }

    @Test func everyAreaHasAProfile() async throws {
        let store = try await Self.demoStore()
        let areas = try await store.areas(levelKey: nil)
        #expect(areas.count == 22)
        try await Self.app(store).test(.router) { client in
            for a in areas {
                try await client.execute(uri: "/gebiet/\(a.code)", method: .get) { r in
                    #expect(r.status == .ok, "\(a.code)")
                    let html = Self.body(r)
                    #expect(html.contains(Markup.escape(a.name)))
                    #expect(html.contains("Kinderarmut (SGB II unter 15)"))
                    #expect(html.contains("Alle Indikatoren im Vergleich zur Stadt"))
                }
            }
            try await client.execute(uri: "/gebiet/SR06?jahr=2019", method: .get) { r in
                let html = Self.body(r)
                #expect(html.contains("31.12.2019"))
                #expect(html.contains("Pp."))
                #expect(html.contains("Lage in der Stadt"))
                #expect(html.contains("Auffälligkeiten"))
                #expect(html.contains("Im Sozialraum Altstadt"))
            }
        }
    }

    @Test func socialIndexPage() async throws {
        let store = try await Self.demoStore()
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/sozialindex", method: .get) { r in
                #expect(r.status == .ok)
                let html = Self.body(r)
                #expect(html.components(separatedBy: "<path d=\"M").count - 1 == 16)
                #expect(html.contains("value=\"kinderarmut\" checked=\"checked\""))
                #expect(html.contains("value=\"kinderarmut_dynamik\" checked=\"checked\""))
                #expect(html.contains("sehr niedrig") || html.contains("niedrig"))
                #expect(html.contains(">Altstadt</a>"))
            }
            try await client.execute(uri: "/sozialindex?jahr=2024&ebene=sozialraum&s=sgb2_quote&s=beschaeftigungsquote&min=2500", method: .get) { r in
                #expect(r.status == .ok)
                let html = Self.body(r)
                #expect(html.contains("ohne Index: weniger als 2500 Einwohner"))
                #expect(html.contains("z Beschäftigungsquote"))
                #expect(!html.contains("z Veränderung"))
            }
            try await client.execute(uri: "/sozialindex?jahr=2024", method: .get) { r in
                #expect(r.status == .badRequest)
                #expect(Self.body(r).contains("mindestens einen Status-Indikator"))
            }
            try await client.execute(uri: "/sozialindex?s=gibtsnicht", method: .get) { r in #expect(r.status == .notFound) }
            for method in ["ratio", "minmax", "rank-exp", "pca"] {
                try await client.execute(uri: "/sozialindex?methode=\(method)&jahr=2025&s=sgb2_quote&s=kinderarmut&s=arbeitslosenanteil", method: .get) { r in
                    #expect(r.status == .ok, "\(method)")
                    let html = Self.body(r)
                    #expect(html.contains("<option value=\"\(method)\" selected=\"selected\">"))
                    #expect(html.contains("5. Quintil (höchster Bedarf)"))
                }
            }
            try await client.execute(uri: "/sozialindex?methode=magie", method: .get) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/sozialindex?s=sgb2_quote&min=viele", method: .get) { r in #expect(r.status == .badRequest) }
        }
    }

    @Test func indicatorVersionInForceIsUsedPerPeriod() async throws {
        let store = try await Self.demoStore()
        var v2 = try #require(try await store.indicator(key: "kinderarmut"))
        v2.formula = "share(sgb2_u15, ew_0_2 + ew_3_5 + ew_6_9 + ew_10_14 + ew_15_17)"
        v2.validFrom = "2022-01-01"
        _ = try await store.apply(ImportBatch(label: "v2", kind: "indicator", indicators: [v2]), progress: nil)
        // A new definition is internal until released again.
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/indikator/kinderarmut", method: .get) { r in #expect(r.status == .notFound) }
        }
        try await store.setReleased(true, datasets: [], indicators: ["kinderarmut"], by: "Test")
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/indikator/kinderarmut?jahr=2021", method: .get) { r in
                let html = Self.body(r)
                #expect(html.contains("<code>share(sgb2_u15, ew_0_2 + ew_3_5 + ew_6_9 + ew_10_14)</code>"))
                #expect(!html.contains("Definition gültig ab"))
            }
            try await client.execute(uri: "/indikator/kinderarmut?jahr=2023", method: .get) { r in
                let html = Self.body(r)
                #expect(html.contains("ew_10_14 + ew_15_17)</code>"))
                #expect(html.contains("Definition gültig ab</dt><dd>01.01.2022"))
            }
        }
    }

    @Test func downloadsChartsComparisonsAndSearch() async throws {
        let store = try await Self.demoStore()
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/indikator/kinderarmut/karte.svg?jahr=2024", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "image/svg+xml; charset=utf-8")
                let svg = Self.body(r)
                #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
                #expect(svg.components(separatedBy: "<path d=\"M").count - 1 == 16)
            }
            try await client.execute(uri: "/indikator/kinderarmut/balken.svg", method: .get) { r in
                #expect(Self.body(r).contains("Gesamtstadt: "))
                #expect(Self.body(r).components(separatedBy: "<rect").count - 1 == 16)
            }
            try await client.execute(uri: "/indikator/alo_u25_check/daten.csv", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/indikator/kinderarmut/daten.csv?jahr=2025", method: .get) { r in
                #expect(r.headers[.contentType] == "text/csv; charset=utf-8")
                let lines = Self.body(r).split(separator: "\r\n")
                #expect(lines.count == 18)   // header, 16 areas, town
                #expect(lines[0].hasPrefix("\u{FEFF}Gebietscode;Gebiet;Stichtag;Kinderarmut"))
                #expect(lines[1].hasPrefix("SR10;Bahnhofsviertel;2025-12-31;"))
            }
            try await client.execute(uri: "/indikator/kinderarmut/zeitreihe?gebiet=SR06", method: .get) { r in
                #expect(r.status == .ok)
                let html = Self.body(r)
                #expect(html.contains("31.12.2015"))
                #expect(html.contains("stroke-dasharray=\"6 4\""))
            }
            try await client.execute(uri: "/indikator/kinderarmut/zeitreihe?gebiet=03256999", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/indikator/kinderarmut/zeitreihe", method: .get) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/indikator/kinderarmut/zeitreihe.svg?gebiet=SR06", method: .get) { r in
                #expect(r.headers[.contentType] == "image/svg+xml; charset=utf-8")
            }
            try await client.execute(uri: "/indikator/kinderarmut?farben=RdBu", method: .get) { r in
                let html = Self.body(r)
                #expect(html.contains("Gleich breite Klassen um den Stadtwert"))
                #expect(html.contains("fill=\"#ca0020\""))   // RdBu: above the town value in red
            }
            try await client.execute(uri: "/indikator/kinderarmut?farben=Regenbogen", method: .get) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/streudiagramm?x=sgb2_quote&y=kinderarmut&jahr=2025", method: .get) { r in
                let html = Self.body(r)
                #expect(r.status == .ok)
                #expect(html.contains("r = 0,9") || html.contains("r = 1,00"))
                #expect(html.components(separatedBy: "<circle").count - 1 == 16)
            }
            try await client.execute(uri: "/vergleich?a=SR06&b=SR15&jahr=2025", method: .get) { r in
                let html = Self.body(r)
                #expect(html.contains("<h1>Altstadt – Neue Heide</h1>"))
                #expect(html.contains("Kinderarmut (SGB II unter 15)"))
            }
            try await client.execute(uri: "/vergleich?a=SR06&b=XX", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/indikator/sgb2_quote/veraenderung?von=2019&bis=2025", method: .get) { r in
                let html = Self.body(r)
                #expect(html.contains("SGB-II-Quote: 2019 → 2025"))
                #expect(html.contains(" Pp."))
                #expect(html.components(separatedBy: "<path d=\"M").count - 1 == 16)
            }
            try await client.execute(uri: "/suche?q=muehlen", method: .get) { r in
                let html = Self.body(r)
                #expect(html.contains("Mühlentorsfeld (SR08)"))
            }
            try await client.execute(uri: "/suche?q=armut", method: .get) { r in
                let html = Self.body(r)
                #expect(html.contains(">Kinderarmut (SGB II unter 15)</a>"))
                #expect(html.contains(">Altersarmut (Grundsicherung 65+)</a>"))
            }
            try await client.execute(uri: "/gebiet/SR06", method: .get) { r in
                let html = Self.body(r)
                #expect(html.contains("seit 2023"))
                #expect(html.contains("/indikator/kinderarmut/zeitreihe?gebiet=SR06"))
            }
        }
    }

    @Test func everyChartDownloadsAsSVGAndCSV() async throws {
        let store = try await Self.demoStore()
        try await Self.app(store).test(.router) { client in
            for base in ["/indikator/kinderarmut/zeitreihe?gebiet=SR06", "/streudiagramm?x=sgb2_quote&y=kinderarmut",
                         "/indikator/kinderarmut/veraenderung?von=2020&bis=2025", "/sozialindex?jahr=2025&s=sgb2_quote&s=kinderarmut"] {
                let parts = base.split(separator: "?", maxSplits: 1)
                for (suffix, type) in [(".svg", "image/svg+xml; charset=utf-8"), (".csv", "text/csv; charset=utf-8")] {
                    let uri = parts[0] + suffix + "?" + parts[1]
                    try await client.execute(uri: String(uri), method: .get) { r in
                        #expect(r.status == .ok, "\(uri)")
                        #expect(r.headers[.contentType] == type, "\(uri)")
                        if suffix == ".csv" { #expect(Self.body(r).split(separator: "\r\n").count >= 3, "\(uri)") }
                    }
                }
                try await client.execute(uri: base, method: .get) { r in
                    #expect(Self.body(r).contains(".csv?"), "\(base) links its CSV")
                }
            }
            for uri in ["/gebiet/SR06/pyramide.svg", "/gebiet/SR06/pyramide.csv"] {
                try await client.execute(uri: uri, method: .get) { r in #expect(r.status == .ok, "\(uri)") }
            }
            try await client.execute(uri: "/gebiet/SR06/pyramide.csv", method: .get) { r in
                #expect(Self.body(r).contains("80+;"))
            }
        }
    }

    @Test func reportDraft() async throws {
        let store = try await Self.demoStore()
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/bericht?jahr=2024", method: .get) { r in
                #expect(r.status == .ok)
                let html = Self.body(r)
                for heading in ["Sozialbericht Weserbrück (Demostadt)", "Die Stadt auf einen Blick", "Soziale Lage", "Auffälligkeiten (Frühwarnung)",
                                "Gebietsprofile", "Methoden und Quellen", "Stichtag 31.12.2024"] {
                    #expect(html.contains(heading), "\(heading)")
                }
                #expect(html.components(separatedBy: "class=\"report-profile\"").count - 1 == 16)
                #expect(html.components(separatedBy: "class=\"report-indicator\"").count - 1 == StandardCatalog.indicators.count)
                #expect(html.contains("Den höchsten Wert hat Bahnhofsviertel"))
            }
        }
    }

    @Test func ogcAPIFeatures() async throws {
        let store = try await Self.demoStore()
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/ogc", method: .get) { r in
                let o = try JSONScanner.parse(Array(r.body.readableBytesView))
                #expect(o["links"]?.arrayValue?.contains { $0["rel"]?.stringValue == "conformance" } == true)
            }
            try await client.execute(uri: "/ogc/conformance", method: .get) { r in
                #expect(Self.body(r).contains("ogcapi-features-1/1.0/conf/geojson"))
            }
            try await client.execute(uri: "/ogc/collections", method: .get) { r in
                let o = try JSONScanner.parse(Array(r.body.readableBytesView))
                #expect(o["collections"]?.arrayValue?.map { $0["id"]?.stringValue ?? "" } == ["gesamtstadt", "stadtteil", "sozialraum", "einrichtungen"])
            }
            try await client.execute(uri: "/ogc/collections/sozialraum/items?limit=5", method: .get) { r in
                #expect(r.headers[.contentType] == "application/geo+json")
                let o = try JSONScanner.parse(Array(r.body.readableBytesView))
                #expect(o["numberMatched"]?.numberValue == 16)
                #expect(o["numberReturned"]?.numberValue == 5)
                #expect(o["links"]?.arrayValue?.contains { $0["rel"]?.stringValue == "next" && $0["href"]?.stringValue?.contains("offset=5") == true } == true)
                #expect(o["features"]?.arrayValue?.first?["properties"]?["kinderarmut"]?.numberValue != nil)
            }
            try await client.execute(uri: "/ogc/collections/sozialraum/items?limit=20&offset=15", method: .get) { r in
                let o = try JSONScanner.parse(Array(r.body.readableBytesView))
                #expect(o["numberReturned"]?.numberValue == 1)
                #expect(o["links"]?.arrayValue?.contains { $0["rel"]?.stringValue == "next" } == false)
            }
            try await client.execute(uri: "/ogc/collections/sozialraum/items?bbox=9.15,52.66,9.17,52.68", method: .get) { r in
                let o = try JSONScanner.parse(Array(r.body.readableBytesView))
                let n = o["numberMatched"]?.numberValue ?? 0
                #expect(n >= 1 && n < 16)
            }
            try await client.execute(uri: "/ogc/collections/sozialraum/items/SR06", method: .get) { r in
                let o = try JSONScanner.parse(Array(r.body.readableBytesView))
                #expect(o["properties"]?["name"]?.stringValue == "Altstadt")
            }
            try await client.execute(uri: "/ogc/collections/blocks/items", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/ogc/collections/sozialraum/items?limit=0", method: .get) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/ogc/collections/sozialraum/items?bbox=1,2", method: .get) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/ogc/collections/sozialraum/items/XX", method: .get) { r in #expect(r.status == .notFound) }
        }
    }

    @Test func facilitiesLayerAndAPI() async throws {
        let store = try await Self.demoStore()
        let facilities = try await store.facilities()
        #expect(facilities.filter { $0.category == .kita }.count == 16)
        // Kita capacities add up to the Kita places of the latest year.
        let places = try await store.values(variableKeys: ["kita_plaetze"], periods: [Period(year: 2025)], areaCodes: ["03256999"])
        #expect(Double(facilities.compactMap { $0.category == .kita ? $0.capacity : nil }.reduce(0, +)) == places.first?.value)
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/indikator/kinderarmut?einr=schule&einr=jugend", method: .get) { r in
                let html = Self.body(r)
                #expect(html.contains("<g class=\"facilities\""))
                #expect(html.contains("Grundschule Altstadt (Schule)"))
                #expect(html.contains("Jugendhaus Altstadt (Jugendzentrum)"))
                #expect(!html.contains("(Kindertagesstätte"))
                #expect(html.contains("Schulen (9)"))
            }
            try await client.execute(uri: "/indikator/kita_versorgung", method: .get) { r in
                #expect(Self.body(r).contains("Kita Altstadt (Kindertagesstätte, 120 Plätze)"))
            }
            try await client.execute(uri: "/indikator/kinderarmut", method: .get) { r in
                #expect(!Self.body(r).contains("<g class=\"facilities\""))
            }
            try await client.execute(uri: "/indikator/kinderarmut?einr=kino", method: .get) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/api/facilities", method: .get) { r in
                let fc = try JSONScanner.parse(Array(r.body.readableBytesView))
                let features = fc["features"]?.arrayValue ?? []
                #expect(features.count == facilities.count)
                #expect(features.allSatisfy { $0["geometry"]?["type"]?.stringValue == "Point" })
            }
        }
        // Every demo facility lies inside its area.
        let areas = Dictionary(uniqueKeysWithValues: try await store.areas(levelKey: "sozialraum").map { ($0.code, $0) })
        for f in facilities {
            let shape = try #require(areas[f.areaCode ?? ""]?.multiPolygon)
            #expect(shape.contains(Point(f.longitude, f.latitude)), "\(f.key)")
        }
    }

    @Test func earlyWarningPageAndAPI() async throws {
        let store = try await Self.demoStore()
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/fruehwarnung", method: .get) { r in
                #expect(r.status == .ok)
                let html = Self.body(r)
                #expect(html.contains("Deutlich ungünstiger als die Stadt"))
                #expect(html.contains("Im Sozialraum Bahnhofsviertel liegt „Kinderarmut (SGB II unter 15)“"))
            }
            try await client.execute(uri: "/api/fruehwarnung?jahr=2024&jahre=3", method: .get) { r in
                let o = try JSONScanner.parse(Array(r.body.readableBytesView))
                #expect(o["period"]?.stringValue == "2024-12-31")
                let findings = o["findings"]?.arrayValue ?? []
                #expect(!findings.isEmpty)
                #expect(findings.allSatisfy { $0["sentence"]?.stringValue?.hasPrefix("Im Sozialraum") == true })
            }
            try await client.execute(uri: "/fruehwarnung?jahre=99", method: .get) { r in #expect(r.status == .badRequest) }
        }
    }

    @Test func unknownThingsGiveClearErrors() async throws {
        let store = try await Self.demoStore()
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/indikator/gibtsnicht", method: .get) { r in
                #expect(r.status == .notFound)
                #expect(Self.body(r).contains("Den Indikator „gibtsnicht“ gibt es nicht."))
            }
            try await client.execute(uri: "/gebiet/XX99", method: .get) { r in
                #expect(r.status == .notFound)
                #expect(Self.body(r).contains("Das Gebiet „XX99“ gibt es nicht."))
            }
            try await client.execute(uri: "/indikator/kinderarmut?jahr=zwei", method: .get) { r in
                #expect(r.status == .badRequest)
                #expect(Self.body(r).contains("„zwei“ ist kein Jahr"))
            }
            try await client.execute(uri: "/indikator/kinderarmut?jahr=1999", method: .get) { r in
                #expect(r.status == .notFound)
                #expect(Self.body(r).contains("vorhanden: 2015–2025"))
            }
            try await client.execute(uri: "/indikator/kinderarmut?ebene=block", method: .get) { r in
                #expect(r.status == .notFound)
            }
            try await client.execute(uri: "/api/indicators/nix", method: .get) { r in
                #expect(r.status == .notFound)
                let o = try JSONScanner.parse(Array(r.body.readableBytesView))
                #expect(o["error"]?.stringValue?.contains("nix") == true)
            }
            try await client.execute(uri: "/api/values", method: .get) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/api/values?variable=nix", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/api/areas?ebene=block", method: .get) { r in #expect(r.status == .notFound) }
        }
    }

    @Test func apiServesGeoJSONIndicatorsAndValues() async throws {
        let store = try await Self.demoStore()
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/api/areas?ebene=sozialraum", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "application/geo+json")
                let fc = try JSONScanner.parse(Array(r.body.readableBytesView))
                let features = try #require(fc["features"]?.arrayValue)
                #expect(features.count == 16)
                #expect(features.allSatisfy { $0["geometry"]?["type"]?.stringValue == "MultiPolygon" })
                let lon = features[0]["geometry"]?["coordinates"]?.arrayValue?[0].arrayValue?[0].arrayValue?[0].arrayValue?[0].numberValue ?? 0
                #expect(lon > 9 && lon < 9.4)
            }
            try await client.execute(uri: "/api/areas", method: .get) { r in
                let o = try JSONScanner.parse(Array(r.body.readableBytesView))
                #expect(o["features"]?.arrayValue?.count == 22)
            }
            try await client.execute(uri: "/api/indicators", method: .get) { r in
                let list = try #require(try JSONScanner.parse(Array(r.body.readableBytesView)).arrayValue)
                #expect(list.count == StandardCatalog.indicators.count)
                #expect(list.contains { $0["key"]?.stringValue == "sgb2_quote" && $0["formula"]?.stringValue?.hasPrefix("share(") == true })
            }
            try await client.execute(uri: "/api/variables", method: .get) { r in
                let o = try JSONScanner.parse(Array(r.body.readableBytesView))
                // The public API lists the variables with released data: every one the demo generates.
                let generated = DemoTown.batch().values.variableKeys
                #expect(o.arrayValue?.count == generated.count)
                #expect(generated.count == StandardCatalog.variables.count - 3)
            }
            try await client.execute(uri: "/api/indicators/anteil_u18?jahr=2020", method: .get) { r in
                let o = try JSONScanner.parse(Array(r.body.readableBytesView))
                #expect(o["period"]?.stringValue == "2020-12-31")
                #expect(o["level"]?.stringValue == "sozialraum")
                let areas = try #require(o["areas"]?.arrayValue)
                #expect(areas.count == 16)
                for a in areas {
                    let v = try #require(a["value"]?.numberValue)
                    let lo = try #require(a["ci_lower"]?.numberValue), hi = try #require(a["ci_upper"]?.numberValue)
                    #expect(lo <= v && v <= hi)
                }
                #expect(o["town"]?["status"]?.stringValue == "ok")
            }
            try await client.execute(uri: "/api/values?variable=ew_gesamt&jahr=2025", method: .get) { r in
                let list = try #require(try JSONScanner.parse(Array(r.body.readableBytesView)).arrayValue)
                #expect(list.count == 17)   // 16 Sozialräume and the town
            }
            try await client.execute(uri: "/api", method: .get) { r in
                let o = try JSONScanner.parse(Array(r.body.readableBytesView))
                #expect(o["endpoints"]?.arrayValue?.isEmpty == false)
            }
            try await client.execute(uri: "/health", method: .get) { r in
                let o = try JSONScanner.parse(Array(r.body.readableBytesView))
                #expect(o["status"]?.stringValue == "ok")
                #expect(o["areas"]?.numberValue == 22)
            }
            try await client.execute(uri: "/static/quartier.css", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "text/css; charset=utf-8")
                #expect(Self.body(r).contains("@media print"))
            }
        }
    }

    @Test func suppressedValuesNeverLeaveAsNumbers() async throws {
        let store = try await Self.demoStore()
        let all = try await store.values(variableKeys: ["alo_u25", "sgb2_u15", "grusi_65"], periods: nil, areaCodes: nil)
        let suppressed = all.filter { $0.status == .suppressed }
        #expect(!suppressed.isEmpty, "the demo town has suppressed cells")
        let sample = try #require(suppressed.first)
        try await Self.app(store).test(.router) { client in
            try await client.execute(uri: "/api/values?variable=\(sample.variableKey)&jahr=\(sample.period.year)&gebiet=\(sample.areaCode)", method: .get) { r in
                let list = try #require(try JSONScanner.parse(Array(r.body.readableBytesView)).arrayValue)
                #expect(list.count == 1)
                #expect(list[0]["value"] == .null)
                #expect(list[0]["status"]?.stringValue == "suppressed")
                #expect(list[0]["symbol"]?.stringValue == "*")
            }
        }
    }

    @Test func securityHeadersOnEveryResponse() async throws {
        let store = try await Self.demoStore()
        try await Self.app(store).test(.router) { client in
            for uri in ["/", "/indikator/kinderarmut", "/api/areas", "/health", "/gibtsnicht"] {
                try await client.execute(uri: uri, method: .get) { r in
                    let csp = r.headers[.contentSecurityPolicy] ?? ""
                    #expect(csp.contains("frame-ancestors 'none'"), "\(uri)")
                    #expect(!csp.contains("unsafe-inline"))
                    #expect(r.headers[.xContentTypeOptions] == "nosniff")
                }
            }
        }
    }

    @Test func pagesHaveNoInlineScriptsOrStylesAndNoExternalResources() async throws {
        let store = try await Self.demoStore()
        try await Self.app(store).test(.router) { client in
            for uri in ["/", "/indikator/sgb2_quote", "/gebiet/SR10", "/gebiete"] {
                try await client.execute(uri: uri, method: .get) { r in
                    let html = Self.body(r)
                    #expect(!html.contains("<script"))
                    #expect(!html.contains("style=\""))
                    #expect(!html.contains("src=\"http"))
                    #expect(!html.contains("href=\"http"))
                }
            }
        }
    }
}

/// The real Flensburg data, imported with the shipped mapping, served by the API.
@Suite struct FlensburgAPITests {
    @Test(Oracle.needs(shared: ["data/flensburg/flensburg_long.csv"], "real Flensburg table"))
    func flensburgValuesShowUpInTheAPI() async throws {
        let csv = Oracle.sharedFile("data/flensburg/flensburg_long.csv")
        let mappingURL = Oracle.packageRoot.appendingPathComponent("examples/flensburg/mapping.ini")
        let raw = try [UInt8](Data(contentsOf: csv))
        let mapping = try TableMapping(mappingText: String(decoding: try Data(contentsOf: mappingURL), as: UTF8.self), file: "mapping.ini")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quartier-fl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try SQLiteAtlasStore(path: dir.appendingPathComponent("fl.sqlite").path)
        let (data, receipt) = try await ImportService(store: store).importTable(raw: raw, file: "flensburg_long.csv", mapping: mapping)
        #expect(receipt.values == 2275)
        #expect(data.newAreas.count == 13)
        try await store.releaseAll(by: "Test")
        try await buildApplication(store: store, configuration: ServerConfiguration()).test(.router) { client in
            try await client.execute(uri: "/api/values?variable=ew_gesamt&jahr=2022&gebiet=STGT01", method: .get) { r in
                let list = try JSONScanner.parse(Array(r.body.readableBytesView)).arrayValue ?? []
                #expect(list.count == 1)
                #expect(list.first?["value"]?.numberValue == 3907)
            }
            try await client.execute(uri: "/api/values?variable=housing_assistance_cases_by_district_notices_of_rent_arrears&jahr=2021&gebiet=STGT01", method: .get) { r in
                let list = try JSONScanner.parse(Array(r.body.readableBytesView)).arrayValue ?? []
                #expect(list.first?["value"] == .null)
                #expect(list.first?["status"]?.stringValue == "suppressed")
            }
            try await client.execute(uri: "/api/areas", method: .get) { r in
                let fc = try JSONScanner.parse(Array(r.body.readableBytesView))
                #expect(fc["features"]?.arrayValue?.count == 13)
            }
            try await client.execute(uri: "/gebiet/STGT03", method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body).contains("Nordstadt"))
            }
        }
    }
}
