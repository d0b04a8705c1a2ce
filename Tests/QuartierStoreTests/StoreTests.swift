import Foundation
import QuartierCore
import QuartierGeo
import Testing
@testable import QuartierStore

/// A fresh database file per test (Swift Testing runs tests in parallel).
func temporaryDatabasePath(_ name: String = #function) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quartier-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("atlas.sqlite").path
}

@Suite struct StoreTests {
    func sampleBatch() -> ImportBatch {
        let square = MultiPolygon([Polygon(outer: [Point(9, 52), Point(9.01, 52), Point(9.01, 52.01), Point(9, 52.01)])])
        let areas = [
            Area(code: "T", name: "Stadt", levelKey: "stadt"),
            Area(code: "001", name: "Altstadt", levelKey: "sr", parentCode: "T", geometryWKB: WKB.encode(square), validFrom: "2020-01-01"),
            Area(code: "002", name: "Neustadt", levelKey: "sr", parentCode: "T"),
        ]
        let values = ValueBatch(areaCodes: ["001", "002"], variableKeys: ["ew", "kinder"], periods: ["2023-12-31", "2024-12-31"], entries: [
            .init(area: 0, variable: 0, period: 0, value: 1000),
            .init(area: 0, variable: 1, period: 0, value: 150),
            .init(area: 1, variable: 0, period: 1, value: 2000.5),
            .init(area: 1, variable: 1, period: 1, status: 1, symbol: 3, value: 0),
            .init(area: 0, variable: 0, period: 1, status: 0, symbol: 1, value: 0),
        ])
        return ImportBatch(label: "test", kind: "test", municipality: Municipality(ags: "03256022", name: "Teststadt"),
                           levels: [AreaLevel(key: "stadt", name: "Stadt", rank: 0), AreaLevel(key: "sr", name: "Sozialraum", parentKey: "stadt", rank: 1)],
                           areas: areas,
                           variables: [Variable(key: "ew", label: "Einwohner"), Variable(key: "kinder", label: "Kinder", unit: "Personen", source: "Register")],
                           values: values,
                           indicators: [Indicator(key: "kq", name: "Kinderquote", formula: "share(kinder, ew)", unit: "%", topic: "T", polarity: .neutral)])
    }

    @Test(arguments: Backend.available) func roundTripOfEverything(_ backend: Backend) async throws {
        let store = try await makeStore(backend)
        let batch = sampleBatch()
        let r = try await store.apply(batch, progress: nil)
        #expect(r.values == 5 && r.areas == 3 && r.variables == 2 && r.indicators == 1)
        #expect(try await store.municipality()?.ags == "03256022")
        #expect(try await store.levels().map(\.key) == ["stadt", "sr"])
        let areas = try await store.areas(levelKey: "sr")
        #expect(areas.map(\.code) == ["001", "002"])
        #expect(areas[0].geometryWKB == batch.areas[1].geometryWKB)
        #expect(areas[0].validFrom == "2020-01-01")
        #expect(areas[0].parentCode == "T")
        #expect(try await store.area(code: "002")?.name == "Neustadt")
        #expect(try await store.variables().first { $0.key == "kinder" }?.source == "Register")
        #expect(try await store.periods() == [Period(date: "2023-12-31"), Period(date: "2024-12-31")])
        #expect(try await store.indicator(key: "kq")?.formula == "share(kinder, ew)")
        let values = try await store.values(variableKeys: ["ew", "kinder"], periods: nil, areaCodes: nil)
        let expected = Set(batch.values.entries.map(batch.values.dataValue))
        #expect(Set(values) == expected)
        let suppressed = try #require(values.first { $0.areaCode == "002" && $0.variableKey == "kinder" })
        #expect(suppressed.value == nil && suppressed.status == .suppressed && suppressed.symbol == "*")
        let dash = try #require(values.first { $0.areaCode == "001" && $0.variableKey == "ew" && $0.period.year == 2024 })
        #expect(dash.value == 0 && dash.symbol == "-")
        #expect(try await store.values(variableKeys: ["ew"], periods: [Period(year: 2023)], areaCodes: ["001"]).count == 1)
        if let sqlite = store as? SQLiteAtlasStore { #expect(try await sqlite.integrityCheck() == "ok") }
    }

    @Test(arguments: Backend.available) func reimportReplacesValues(_ backend: Backend) async throws {
        let store = try await makeStore(backend)
        _ = try await store.apply(sampleBatch(), progress: nil)
        let update = ImportBatch(label: "u", kind: "table", values: ValueBatch(areaCodes: ["001"], variableKeys: ["ew"], periods: ["2023-12-31"],
                                                                              entries: [.init(area: 0, variable: 0, period: 0, value: 1111)]))
        _ = try await store.apply(update, progress: nil)
        let v = try await store.values(variableKeys: ["ew"], periods: [Period(date: "2023-12-31")], areaCodes: ["001"])
        #expect(v.map(\.value) == [1111])
        #expect(try await store.statistics().values == 5)
        #expect(try await store.statistics().batches == 2)
    }

    @Test(arguments: Backend.available) func failingBatchLeavesDatabaseUnchanged(_ backend: Backend) async throws {
        let store = try await makeStore(backend)
        _ = try await store.apply(sampleBatch(), progress: nil)
        let before = try await store.statistics()
        // Values for an area that does not exist: the whole batch must roll back, including its new variable.
        let bad = ImportBatch(label: "bad", kind: "table", variables: [Variable(key: "neu", label: "Neu")],
                              values: ValueBatch(areaCodes: ["001", "999"], variableKeys: ["neu"], periods: ["2025-12-31"],
                                                 entries: [.init(area: 0, variable: 0, period: 0, value: 1), .init(area: 1, variable: 0, period: 0, value: 2)]))
        await #expect(throws: StoreError.self) { try await store.apply(bad, progress: nil) }
        #expect(try await store.statistics() == before)
        #expect(try await store.variables().map(\.key) == ["ew", "kinder"])
        #expect(try await store.periods().count == 2)
    }

    @Test func usesWriteAheadLogging() async throws {
        let path = temporaryDatabasePath()
        _ = try SQLiteAtlasStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        let header = try #require(FileManager.default.contents(atPath: path))
        // Bytes 18 and 19 of the SQLite header are 2 when the file is in WAL mode.
        #expect(header[18] == 2 && header[19] == 2)
    }

    @Test func reopenKeepsDataAndSchemaVersion() async throws {
        let path = temporaryDatabasePath()
        do {
            let store = try SQLiteAtlasStore(path: path)
            _ = try await store.apply(sampleBatch(), progress: nil)
        }
        let again = try SQLiteAtlasStore(path: path)
        #expect(try await again.statistics().values == 5)
    }
}

@Suite struct IndicatorVersionTests {
    @Test(arguments: Backend.available) func aChangedDefinitionIsANewVersionAndKeepsTheOld(_ backend: Backend) async throws {
        let store = try await makeStore(backend)
        let v1 = Indicator(key: "kinderarmut", name: "Kinderarmut", formula: "share(a, b)", unit: "%", topic: "T", polarity: .higherIsNeed)
        var v2 = v1
        v2.formula = "share(a + c, b)"
        v2.validFrom = "2021-01-01"
        _ = try await store.apply(ImportBatch(label: "v1", kind: "indicators", indicators: [v1]), progress: nil)
        _ = try await store.apply(ImportBatch(label: "v2", kind: "indicators", indicators: [v2]), progress: nil)
        let versions = try await store.indicatorVersions(key: "kinderarmut")
        #expect(versions.map(\.formula) == ["share(a, b)", "share(a + c, b)"])
        #expect(try await store.indicators().map(\.formula) == ["share(a + c, b)"])
        #expect(try await store.indicator(key: "kinderarmut")?.validFrom == "2021-01-01")
        #expect(try await store.statistics().indicators == 1)
        #expect(Indicator.version(at: Period(year: 2020), in: versions)?.formula == "share(a, b)")
    }

    /// Facilities are released like data: a new or changed one is internal, an unchanged re-import
    /// keeps its release, the public view shows released ones only; notes likewise, and an empty
    /// text deletes a note.
    @Test(arguments: Backend.available) func facilitiesAndAreaNotesAreReleasedLikeData(_ backend: Backend) async throws {
        let store = try await makeStore(backend)
        let area = Area(code: "SR01", name: "Nordertor", levelKey: "sozialraum")
        _ = try await store.apply(ImportBatch(label: "Gebiete", kind: "areas", levels: [AreaLevel(key: "sozialraum", name: "Sozialraum", rank: 1)], areas: [area]), progress: nil)
        try await store.setLevelReleased(true, keys: ["sozialraum"], by: "Test")
        var kita = Facility(key: "kita-1", category: .kita, name: "Kita Nordertor", capacity: 60, longitude: 9.2, latitude: 52.6, areaCode: "SR01")
        let school = Facility(key: "schule-1", category: .schule, name: "Grundschule", longitude: 9.21, latitude: 52.61, areaCode: "SR01")
        _ = try await store.apply(ImportBatch(label: "Einrichtungen", kind: "facilities", facilities: [kita, school]), progress: nil)
        let publicView = PublicAtlasStore(base: store)
        #expect(try await store.facilities().allSatisfy { $0.release == nil })
        #expect(try await publicView.facilities().isEmpty)

        try await store.setFacilityReleased(true, keys: ["kita-1", "schule-1"], by: "Rita")
        #expect(try await publicView.facilities().map(\.key).sorted() == ["kita-1", "schule-1"])
        // The same facility again keeps its release; a changed one is internal again.
        _ = try await store.apply(ImportBatch(label: "gleich", kind: "facilities", facilities: [kita]), progress: nil)
        #expect(try await publicView.facilities().count == 2)
        kita.capacity = 75
        _ = try await store.apply(ImportBatch(label: "mehr Plätze", kind: "facilities", facilities: [kita]), progress: nil)
        #expect(try await publicView.facilities().map(\.key) == ["schule-1"])
        #expect(try await store.facilities().first { $0.key == "kita-1" }?.capacity == 75)
        await #expect(throws: StoreError.self) { try await store.setFacilityReleased(true, keys: ["gibt-es-nicht"], by: "Rita") }
        #expect(try await store.deleteFacility(key: "schule-1"))
        #expect(try await store.deleteFacility(key: "schule-1") == false)
        #expect(try await publicView.facilities().isEmpty)

        let v0 = try await store.dataVersion()
        try await store.save(areaNote: AreaNote(areaCode: "SR01", text: "  Neubaugebiet „Am Deich“ mit 120 Wohnungen.\r\n\r\nBezug ab 2026.  "), by: "Karla")
        #expect(try await store.dataVersion() > v0)
        let note = try #require(try await store.areaNotes().first)
        #expect(note.text == "Neubaugebiet „Am Deich“ mit 120 Wohnungen.\n\nBezug ab 2026.")
        #expect(note.writtenBy == "Karla" && note.release == nil)
        #expect(try await publicView.areaNotes().isEmpty)
        try await store.setAreaNoteReleased(true, codes: ["SR01"], by: "Rita")
        #expect(try await publicView.areaNotes().first?.release?.by == "Rita")
        // Saving the same text keeps the release; a changed text is internal again.
        try await store.save(areaNote: AreaNote(areaCode: "SR01", text: note.text), by: "Karla")
        #expect(try await publicView.areaNotes().count == 1)
        try await store.save(areaNote: AreaNote(areaCode: "SR01", text: "Bezug ab 2027."), by: "Karla")
        #expect(try await publicView.areaNotes().isEmpty)
        await #expect(throws: StoreError.self) { try await store.save(areaNote: AreaNote(areaCode: "XX99", text: "?"), by: "Karla") }
        await #expect(throws: AreaNote.TooLong.self) { try await store.save(areaNote: AreaNote(areaCode: "SR01", text: String(repeating: "x", count: 2_001)), by: "Karla") }
        try await store.save(areaNote: AreaNote(areaCode: "SR01", text: " "), by: "Karla")
        #expect(try await store.areaNotes().isEmpty)
    }
}

/// The value writer's packed-key order is the table key's order (variable, period, area ids).
@Suite struct KeyOrderTests {
    @Test func packedOrderIsTheKeyOrder() {
        var rng = SystemRandomNumberGenerator()
        let variableIDs: [Int64] = [7, 3, 12, 1], periodIDs: [Int64] = [40, 2, 9], areaIDs: [Int64] = (0..<50).map { Int64(1_000 - $0 * 7) }
        var entries: [ValueBatch.Entry] = []
        for v in 0..<4 { for p in 0..<3 { for a in 0..<50 where Bool.random(using: &rng) || a == 0 {
            entries.append(ValueBatch.Entry(area: Int32(a), variable: Int32(v), period: Int32(p), status: 0, symbol: 0, value: Double(a)))
        } } }
        entries.shuffle(using: &rng)
        let batch = ValueBatch(areaCodes: (0..<50).map { "A\($0)" }, variableKeys: ["a", "b", "c", "d"], periods: ["2020", "2021", "2022"], entries: entries)
        let key = { (i: Int) in (variableIDs[Int(entries[i].variable)], periodIDs[Int(entries[i].period)], areaIDs[Int(entries[i].area)]) }
        let order = SQLiteAtlasStore.keyOrder(batch, variableIDs: variableIDs, periodIDs: periodIDs, areaIDs: areaIDs)
        #expect(Set(order) == Set(entries.indices))
        #expect(zip(order, order.dropFirst()).allSatisfy { key($0) < key($1) })
    }
}
