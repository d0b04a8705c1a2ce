import Foundation
import Hummingbird
import HummingbirdTesting
import QuartierCore
import QuartierDemo
import QuartierFormats
import QuartierGeo
import QuartierAtlas
import QuartierServer
import QuartierStore
import Testing

/// Dated area layers: a boundary change keeps the old boundary; series across it are recomputed
/// from a finer level or shown with a break.
@Suite struct DatedLayerTests {
    /// The demo town, then a new boundary for SR06 (shrunk towards its centre) and ST2 from 2021,
    /// with old-boundary values for ST2 that must not enter the recomputed series.
    static func changedTown() async throws -> (SQLiteAtlasStore, old: [UInt8], new: [UInt8]) {
        let store = try PublicationTests.tempStore("atlas.sqlite")
        try await DemoTown.install(into: store)
        let sr06 = try #require(try await store.area(code: "SR06"))
        let st2 = try #require(try await store.area(code: "ST2"))
        let shape = try #require(sr06.multiPolygon)
        let c = shape.boundingBox
        let cx = (c.minX + c.maxX) / 2, cy = (c.minY + c.maxY) / 2
        let smaller = shape.map { Point(cx + ($0.x - cx) * 0.8, cy + ($0.y - cy) * 0.8) }
        var newSR06 = sr06, newST2 = st2
        newSR06.geometryWKB = WKB.encode(smaller)
        newSR06.validFrom = "2021-01-01"
        newST2.geometryWKB = WKB.encode(try #require(st2.multiPolygon).map { Point($0.x + 0.0001, $0.y) })
        newST2.validFrom = "2021-01-01"
        let old = ValueBatch(areaCodes: ["ST2"], variableKeys: ["ew_gesamt"], periods: (2016...2020).map { Period(year: $0).date },
                             entries: (0..<5).map { ValueBatch.Entry(area: 0, variable: 0, period: Int32($0), value: 1) })
        _ = try await store.apply(ImportBatch(label: "Neuzuschnitt 2021", kind: "areas", areas: [newSR06, newST2],
                                              variables: StandardCatalog.variables.filter { $0.key == "ew_gesamt" }, values: old), progress: nil)
        try await store.releaseAll(by: "Test")
        return (store, sr06.geometryWKB!, newSR06.geometryWKB!)
    }

    @Test func aBoundaryChangeKeepsTheOldBoundary() async throws {
        let (store, old, new) = try await Self.changedTown()
        let versions = try await store.areaVersions(levelKey: "sozialraum")
        #expect(versions.map(\.code) == ["SR06"])
        #expect(versions.first?.validTo == "2021-01-01")
        #expect(versions.first?.geometryWKB == old)
        #expect(try await store.area(code: "SR06")?.geometryWKB == new)
        let before = try await store.areas(levelKey: "sozialraum", at: "2019-12-31")
        let after = try await store.areas(levelKey: "sozialraum", at: "2022-12-31")
        #expect(before.count == 16 && after.count == 16)
        #expect(before.first { $0.code == "SR06" }?.geometryWKB == old)
        #expect(after.first { $0.code == "SR06" }?.geometryWKB == new)
        #expect(try await store.boundaryChanges() == ["SR06": ["2021-01-01"], "ST2": ["2021-01-01"]])
        // Importing the same boundary again adds no version; rolling the change back removes it.
        let batch = try #require(try await store.batches().first)
        _ = try await store.rollback(batchID: batch.id)
        #expect(try await store.areaVersions(levelKey: nil).isEmpty)
        #expect(try await store.area(code: "SR06")?.geometryWKB == old)
    }

    @Test func seriesAcrossAChangeAreRecomputedOrBroken() async throws {
        let (store, _, _) = try await Self.changedTown()
        let queries = AtlasQueries(store: store, minimumDenominator: 50)
        // ST2 has sub-areas: its values before 2021 are the sum of SR06, SR07, SR10 and SR11, not the stored 1.
        let st2 = try await queries.series(key: "einwohner", areaCode: "ST2")
        #expect(st2.breaks.isEmpty)
        #expect(st2.recomputed.map(\.year) == Array(2015...2020))
        let children = try await store.values(variableKeys: ["ew_gesamt"], periods: [Period(year: 2018)], areaCodes: ["SR06", "SR07", "SR10", "SR11"])
        let i2018 = try #require(st2.periods.firstIndex(of: Period(year: 2018)))
        #expect(st2.areaValues[i2018].value == children.compactMap(\.value).reduce(0, +))
        // SR06 has none: a break at the change.
        let sr06 = try await queries.series(key: "einwohner", areaCode: "SR06")
        #expect(sr06.breaks == ["2021-01-01"])
        #expect(sr06.recomputed.isEmpty)

        try await buildApplication(store: store, configuration: ServerConfiguration()).test(.router) { client in
            let page = String(buffer: try await client.execute(uri: "/indikator/einwohner/zeitreihe?gebiet=SR06", method: .get).body)
            #expect(page.contains("Gebietsänderung zum 01.01.2021"))
            #expect(page.contains("class=\"break\""))
            let csv = String(buffer: try await client.execute(uri: "/indikator/einwohner/zeitreihe.csv?gebiet=SR06", method: .get).body)
            #expect(csv.contains("früherer Zuschnitt (Gebietsänderung zum 2021-01-01)"))
            let st2Page = String(buffer: try await client.execute(uri: "/indikator/einwohner/zeitreihe?gebiet=ST2", method: .get).body)
            #expect(st2Page.contains("aus den heutigen Teilgebieten neu berechnet"))
            // The map of 2019 draws the old boundary, the map of 2022 the new one.
            let map2019 = String(buffer: try await client.execute(uri: "/indikator/einwohner/karte.svg?jahr=2019", method: .get).body)
            let map2022 = String(buffer: try await client.execute(uri: "/indikator/einwohner/karte.svg?jahr=2022", method: .get).body)
            func pathOfSR06(_ svg: String) -> String? {
                guard let r = svg.range(of: "gebiet/SR06") else { return nil }
                guard let d = svg[r.upperBound...].range(of: " d=\"") else { return nil }
                return String(svg[d.upperBound...].prefix { $0 != "\"" })
            }
            let p19 = try #require(pathOfSR06(map2019)), p22 = try #require(pathOfSR06(map2022))
            #expect(p19 != p22)
        }
    }
}
