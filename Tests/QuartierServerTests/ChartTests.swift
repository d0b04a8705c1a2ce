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

    @Test func oneAreaIsSingular() {
        #expect(Language.de.areas(1) == "1 Gebiet" && Language.de.areas(3) == "3 Gebiete" && Language.en.areas(1) == "1 area")
    }
}
