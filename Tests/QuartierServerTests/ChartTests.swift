import Foundation
@testable import QuartierRender
import HummingbirdTesting
import Testing

/// Charts a council member can read (issue 20): round axis ticks, a pyramid of comparable bands,
/// scatter points with their names, "1 Gebiet".
@Suite struct ChartTests {
    @Test func axisTicksAreRoundNumbers() {
        #expect(Charts.niceTicks(12.5, 23.7) == [10, 15, 20, 25])
        #expect(Charts.niceTicks(0, 45) == [0, 20, 40, 60])
        #expect(Charts.niceTicks(-3.2, 2.9) == [-4, -2, 0, 2, 4])
        #expect(Charts.niceTicks(1800, 2300) == [1800, 2000, 2200, 2400])
        #expect(Charts.niceTicks(0.12, 0.31) == [0.1, 0.15, 0.2, 0.25, 0.3, 0.35])
    }

    @Test func thePyramidComparesBandsPerYearOfAge() throws {
        #expect(ProfilePage.bandYears("0–2") == 3)
        #expect(ProfilePage.bandYears("25–64") == 40)
        #expect(ProfilePage.bandYears("80+") == 20)
        // 40 % of residents in 25–64 are 1 % per year of age; 6 % in 0–2 are 2 % per year.
        let svg = ProfilePage.pyramidSVG(PyramidData(groups: ["0–2", "25–64"], men: [6, 40], women: [6, 40], townMen: nil, townWomen: nil),
                                         areaName: "Altstadt", lang: .de)
        #expect(svg.contains(">2,00<") && svg.contains(">1,00<") && svg.contains("% je Altersjahr"))
    }

    @Test func scatterPointsAreNamedWithoutOverlap() {
        let points = [(label: "Altstadt", x: 1.0, y: 1.0), (label: "Altstadt-Nord", x: 1.01, y: 1.01), (label: "Heide", x: 9.0, y: 9.0)]
        let svg = Charts.scatter(title: "t", points: points, xLabel: "x", yLabel: "y", format: { String($0) })
        #expect(svg.contains(">Heide</text>"))
        #expect(svg.components(separatedBy: "class=\"point-label\"").count - 1 == 2)
    }

    /// The change map has a neutral class for changes that round to zero and a legend that
    /// counts every area once (issue 20, point 4).
    @Test func theChangeMapDivergesFromNoChangeAndHasALegend() async throws {
        let store = try await RouteTests.demoStore()
        try await RouteTests.app(store).test(.router) { client in
            let page = HTTP.body(try await client.execute(uri: "/indikator/kinderarmut/veraenderung", method: .get))
            #expect(page.contains("keine Veränderung (±0,0 Pp.)"))
            let legendStart = try #require(page.range(of: "Legende (Veränderung"))
            let legend = page[legendStart.upperBound...].components(separatedBy: "</ul>")[0]
            let counts = legend.components(separatedBy: " Gebiet").dropLast().compactMap { part -> Int? in
                Int(String(part.reversed().prefix { $0.isNumber }.reversed()))
            }
            #expect(counts.count == 7 && counts.reduce(0, +) == 16, "\(counts)")
        }
    }

    /// Indicators of change diverge from zero on their own page too, and maps of counts say what
    /// they show (issue 20, point 8).
    @Test func changeIndicatorsDivergeAndCountMapsCarryANote() async throws {
        let store = try await RouteTests.demoStore()
        try await RouteTests.app(store).test(.router) { client in
            for (key, unit) in [("kinderarmut_dynamik", "Pp."), ("bevoelkerungsentwicklung_5", "Personen")] {
                let page = HTTP.body(try await client.execute(uri: "/indikator/\(key)", method: .get))
                #expect(page.contains("keine Veränderung (±0\(unit == "Pp." ? ",0" : "") \(unit))"), "\(key)")
                #expect(page.contains("Abnahme bis −") && page.contains("Zunahme von +" + (unit == "Pp." ? "0,1" : "1") + " bis +"), "\(key)")
                let legend = page[try #require(page.range(of: "class=\"legend\""), "\(key)").upperBound...].components(separatedBy: "</ul>")[0]
                let counts = legend.components(separatedBy: " Gebiet").dropLast().compactMap { part -> Int? in
                    Int(String(part.reversed().prefix { $0.isNumber }.reversed()))
                }
                #expect(counts.count == 7 && counts.reduce(0, +) == 16, "\(key): \(counts)")
                // The neutral class is grey; an increase of need red (RdBu's red end), a population change purple to orange.
                #expect(legend.contains("#f2f2f2") && legend.contains(unit == "Pp." ? "#b2182b" : "#b35806"), "\(key)")
                #expect(!page.contains("Anzahlen, keine Anteile"), "\(key)")
                // The map's areas take the legend's colours.
                let map = page[try #require(page.range(of: "<g class=\"areas\""), "\(key)").upperBound...].components(separatedBy: "</g>")[0]
                let fills = Set(map.components(separatedBy: "fill=\"#").dropFirst().map { String($0.prefix(6)) })
                for f in fills { #expect(legend.contains("#" + f), "\(key): map colour #\(f) is not in the legend") }
            }
            let counts = HTTP.body(try await client.execute(uri: "/indikator/einwohner", method: .get))
            #expect(counts.contains("Die Karte zeigt Anzahlen, keine Anteile"))
            let share = HTTP.body(try await client.execute(uri: "/indikator/kinderarmut", method: .get))
            #expect(!share.contains("Anzahlen, keine Anteile") && !share.contains("keine Veränderung"))
        }
    }

    /// Up to five areas, with their parents and the town, as a table, bars and series, with
    /// downloads (issue 20, point 7).
    @Test func comparisonOfUpToFiveAreasWithChartsAndDownloads() async throws {
        let store = try await RouteTests.demoStore()
        let areas = try await store.areas(levelKey: nil, includeGeometry: false)
        try await RouteTests.app(store).test(.router) { client in
            let five = "gebiet=SR01&gebiet=SR06&gebiet=SR10&gebiet=SR13&gebiet=SR15"
            let page = HTTP.body(try await client.execute(uri: "/vergleich?\(five)&jahr=2025&indikator=sgb2_quote", method: .get))
            let names = ["SR01", "SR06", "SR10", "SR13", "SR15"].map { c in areas.first { $0.code == c }!.name }
            #expect(page.contains("<h1>" + names.map(Markup.escape).joined(separator: " – ") + "</h1>"))
            let header = page[try #require(page.range(of: "<thead>")).upperBound...].components(separatedBy: "</thead>")[0]
            #expect(header.components(separatedBy: "<th ").count - 1 == 7)   // indicator, five areas, town
            // Bars: one per area; the series: one line per area and the town.
            #expect(page.contains("SGB-II-Quote, 31.12.2025"))
            #expect(page.contains("href=\"/vergleich.csv?") && page.contains("href=\"/vergleich.xlsx?") && page.contains("href=\"/vergleich/balken.png?"))
            let bars = HTTP.body(try await client.execute(uri: "/vergleich/balken.svg?\(five)&indikator=sgb2_quote", method: .get))
            for n in names { #expect(bars.contains(">\(Markup.escape(n))<"), "\(n) in the bars") }
            let lines = HTTP.body(try await client.execute(uri: "/vergleich/zeitreihe.svg?\(five)&indikator=sgb2_quote", method: .get))
            #expect(lines.components(separatedBy: "<path d=\"M").count - 1 == 6)
            let csv = HTTP.body(try await client.execute(uri: "/vergleich.csv?\(five)&jahr=2025", method: .get))
            let first = String(decoding: csv.utf8.split(separator: 10).first ?? [], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(first.components(separatedBy: ";").count == 8, "\(first)")
            #expect(csv.contains("SGB-II-Quote;%;"))
            let png = try await client.execute(uri: "/vergleich/balken.png?\(five)&indikator=sgb2_quote", method: .get)
            #expect(png.status == .ok && png.headers[.contentType] == "image/png")
            // A sixth area is refused with the limit named, not cut off silently.
            let six = try await client.execute(uri: "/vergleich?\(five)&gebiet=SR02", method: .get)
            #expect(six.status == .badRequest && HTTP.body(six).contains("Höchstens 5 Gebiete"))
            // With their parents: an area with its Stadtteil and the town.
            if let child = areas.first(where: { $0.parentCode != nil }), let parent = areas.first(where: { $0.code == child.parentCode }) {
                let withParent = HTTP.body(try await client.execute(uri: "/vergleich?gebiet=\(child.code)&eltern=1", method: .get))
                #expect(withParent.contains("<h1>\(Markup.escape(child.name)) – \(Markup.escape(parent.name))</h1>"))
            }
            // The two-area form of before still works.
            #expect(HTTP.body(try await client.execute(uri: "/vergleich?a=SR06&b=SR15", method: .get)).contains("<h1>Altstadt – Neue Heide</h1>"))
        }
    }

    /// The bar chart's town label stays inside the chart when the town's value is the largest.
    @Test func theTownLabelOfABarChartIsNotCut() {
        let svg = Charts.bars(title: "t", items: [("Altstadt", 1_700, "#ccc"), ("Heide", 2_756, "#ccc")], reference: 31_500,
                              referenceLabel: "Gesamtstadt", format: { "\(Int($0)) Personen" })
        let label = svg.components(separatedBy: "<text ").first { $0.contains("Gesamtstadt: 31500 Personen") } ?? ""
        #expect(label.contains("text-anchor=\"end\""))
        let x = Double(label.components(separatedBy: "x=\"").dropFirst().first?.prefix { $0 != "\"" } ?? "") ?? 0
        #expect(x <= 760 - 4)
    }

    @Test func oneAreaIsSingular() {
        #expect(Language.de.areas(1) == "1 Gebiet" && Language.de.areas(3) == "3 Gebiete" && Language.en.areas(1) == "1 area")
    }
}
