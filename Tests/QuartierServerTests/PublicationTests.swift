import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import QuartierCore
import QuartierDemo
import QuartierFormats
import QuartierAtlas
import QuartierServer
import QuartierStore
import Testing

/// Released data only, on every public page and API.
@Suite struct PublicationTests {
    static func tempStore(_ name: String) throws -> SQLiteAtlasStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quartier-pub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try SQLiteAtlasStore(path: dir.appendingPathComponent(name).path)
    }

    /// The demo town as an atlas that never held anything but the released part.
    static func referenceBatch(_ full: ImportBatch, datasets: Set<Dataset>, indicators: Set<String>, measures: Set<String>, levels: Set<String>,
                               facilities: Set<String>) -> ImportBatch {
        let vb = full.values
        let areas = full.areas.filter { levels.contains($0.levelKey) }
        let areaCodes = Set(areas.map(\.code))
        var variables: [String] = [], periods: [String] = []
        var vIndex: [Int32: Int32] = [:], pIndex: [Int32: Int32] = [:], aIndex: [Int32: Int32] = [:]
        var codes: [String] = []
        var entries: [ValueBatch.Entry] = []
        for e in vb.entries {
            let d = Dataset(variableKey: vb.variableKeys[Int(e.variable)], period: Period(date: vb.periods[Int(e.period)]))
            guard datasets.contains(d), areaCodes.contains(vb.areaCodes[Int(e.area)]) else { continue }
            var x = e
            if let a = aIndex[e.area] { x.area = a } else { aIndex[e.area] = Int32(codes.count); x.area = Int32(codes.count); codes.append(vb.areaCodes[Int(e.area)]) }
            if let v = vIndex[e.variable] { x.variable = v } else { vIndex[e.variable] = Int32(variables.count); x.variable = Int32(variables.count); variables.append(d.variableKey) }
            if let p = pIndex[e.period] { x.period = p } else { pIndex[e.period] = Int32(periods.count); x.period = Int32(periods.count); periods.append(d.period.date) }
            entries.append(x)
        }
        let used = Set(variables)
        return ImportBatch(label: "Referenz", kind: "table", municipality: full.municipality, levels: full.levels.filter { levels.contains($0.key) }, areas: areas,
                           variables: full.variables.filter { used.contains($0.key) },
                           values: ValueBatch(areaCodes: codes, variableKeys: variables, periods: periods, entries: entries),
                           indicators: full.indicators.filter { indicators.contains($0.key) }, facilities: full.facilities.filter { facilities.contains($0.key) },
                           measures: full.measures.filter { measures.contains($0.key) })
    }

    static func get(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String) {
        let r = try await client.execute(uri: uri, method: .get)
        return (r.status, String(buffer: r.body))
    }

    /// Property: for random release states, every public page and API answer is exactly what an
    /// atlas would show that never held the unreleased data; unreleased datasets are absent
    /// from the raw values, and suppressed cells carry no value.
    @Test(arguments: 0..<6) func publicOutputEqualsAnAtlasWithoutTheUnreleasedData(seed: Int) async throws {
        var rng = SplitMix64(seed: UInt64(seed) &* 7919 &+ 17)
        let full = DemoTown.batch()
        let store = try Self.tempStore("atlas.sqlite")
        _ = try await store.apply(full, progress: nil)
        let all = try await store.datasets().map(\.dataset)
        let allIndicators = try await store.indicators().map(\.key)
        let share = seed == 0 ? 0.0 : seed == 1 ? 1.0 : Double.random(in: 0.2...0.9, using: &rng)
        let released = Set(all.filter { _ in Double.random(in: 0..<1, using: &rng) < share })
        let releasedIndicators = Set(allIndicators.filter { _ in Double.random(in: 0..<1, using: &rng) < share })
        try await store.setReleased(true, datasets: released.sorted(), indicators: releasedIndicators.sorted(), by: "Test")
        let releasedMeasures = Set(full.measures.map(\.key).filter { _ in Double.random(in: 0..<1, using: &rng) < share })
        if !releasedMeasures.isEmpty { try await store.setMeasureReleased(true, keys: releasedMeasures.sorted(), by: "Test") }
        let releasedFacilities = Set(full.facilities.map(\.key).filter { _ in Double.random(in: 0..<1, using: &rng) < share })
        if !releasedFacilities.isEmpty { try await store.setFacilityReleased(true, keys: releasedFacilities.sorted(), by: "Test") }
        // Area levels: none while nothing is released, otherwise the Sozialräume (which carry
        // the values) and the coarser levels at random; an internal level's areas, boundaries
        // and values are not public.
        let releasedLevels: Set<String> = share == 0 ? [] : Set(["sozialraum"] + ["gesamtstadt", "stadtteil"].filter { _ in Double.random(in: 0..<1, using: &rng) < share })
        try await store.setLevelReleased(true, keys: releasedLevels.sorted(), by: "Test")

        // Staff notes on three areas, released at random (a note on an internal level stays internal).
        var releasedNotes: [AreaNote] = []
        for code in ["SR01", "SR05", "ST1"] {
            let note = AreaNote(areaCode: code, text: "Notiz zu \(code): neues Baugebiet")
            try await store.save(areaNote: note, by: "Test")
            guard Double.random(in: 0..<1, using: &rng) < share else { continue }
            try await store.setAreaNoteReleased(true, codes: [code], by: "Test")
            if let a = full.areas.first(where: { $0.code == code }), releasedLevels.contains(a.levelKey) { releasedNotes.append(note) }
        }

        let reference = try Self.tempStore("reference.sqlite")
        _ = try await reference.apply(Self.referenceBatch(full, datasets: released, indicators: releasedIndicators, measures: releasedMeasures,
                                                          levels: releasedLevels, facilities: releasedFacilities), progress: nil)
        for note in releasedNotes { try await reference.save(areaNote: note, by: "Test") }
        try await reference.releaseAll(by: "Test")

        var uris = ["/", "/gebiete", "/gebiet/SR01", "/gebiet/ST1", "/gebiet/03256999", "/gebiet/SR01/pyramide.csv", "/sozialindex", "/sozialindex.csv",
                    "/fruehwarnung", "/bericht", "/vergleich", "/streudiagramm", "/streudiagramm.csv", "/suche?q=kind", "/api/variables",
                    "/api/indicators", "/api/areas?ebene=sozialraum", "/api/fruehwarnung", "/api/facilities", "/ogc/collections",
                    "/massnahmen", "/massnahmen?indikator=arbeitslosenanteil", "/gebiet/SR05", "/gebiet/SR15"]
        uris += full.measures.map { "/massnahme/\($0.key)" }
        for k in allIndicators {
            uris += ["/indikator/\(k)", "/indikator/\(k)/daten.csv", "/indikator/\(k)/daten.xlsx", "/indikator/\(k)/karte.svg", "/api/indicators/\(k)",
                     "/indikator/\(k)/zeitreihe.csv?gebiet=SR01", "/indikator/\(k)/veraenderung.csv"]
        }
        for v in Set(all.map(\.variableKey)).sorted() { uris.append("/api/values?variable=\(v)") }

        let publicApp = try buildApplication(store: store, configuration: ServerConfiguration())
        let referenceApp = try buildApplication(store: reference, configuration: ServerConfiguration())
        let fixed = uris
        let (crawled, outputs) = try await publicApp.test(.router) { client in
            var uris = fixed
            var outputs: [String: (HTTPResponse.Status, String)] = [:]
            let (_, collections) = try await Self.get(client, "/ogc/collections")
            let ids = (try JSONScanner.parse(Array(collections.utf8))["collections"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            for id in ids { uris.append("/ogc/collections/\(id)/items") }
            for uri in uris { outputs[uri] = try await Self.get(client, uri) }
            // Raw values: nothing of an unreleased dataset, no value in a suppressed cell.
            for v in Set(all.map(\.variableKey)).sorted() {
                let (_, body) = try await Self.get(client, "/api/values?variable=\(v)")
                for item in try JSONScanner.parse(Array(body.utf8)).arrayValue ?? [] {
                    let date = item["period"]?.stringValue ?? item["date"]?.stringValue ?? ""
                    let year = Int(date.prefix(4)) ?? Int(item["year"]?.numberValue ?? 0)
                    #expect(released.contains { $0.variableKey == v && $0.period.year == year }, "\(v) \(year) is not released")
                    if item["status"]?.stringValue == "suppressed" { #expect(item["value"] == .null) }
                }
            }
            return (uris, outputs)
        }
        #expect(crawled.count > 200)
        try await referenceApp.test(.router) { client in
            for uri in crawled {
                let (status, body) = try await Self.get(client, uri)
                let (pStatus, pBody) = try #require(outputs[uri])
                #expect(pStatus == status, "\(uri): \(pStatus) vs. reference \(status)")
                if pBody != body {
                    let i = zip(pBody, body).prefix { $0 == $1 }.count
                    Issue.record("\(uri) differs at \(i): …\(pBody.dropFirst(max(0, i - 80)).prefix(200))… vs. …\(body.dropFirst(max(0, i - 80)).prefix(200))…")
                }
            }
        }
    }

    @Test func uploadPreviewConfirmReleaseAndRollBack() async throws {
        let inst = try await Installation.make { $0.publishAfterDays = 0 }
        let csv = Array("Gebiet;Variable;Jahr;Wert\nSR01;ew_gesamt;2030;1234\nSR02;ew_gesamt;2030;2345\n".utf8)
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil")
            let (body, type) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("tabelle".utf8)), ("datei", "neu.csv", csv)])
            let preview = try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: type], body: body)
            let html = HTTP.body(preview)
            #expect(preview.status == .ok)
            for fact in ["UTF-8", "Semikolon", "2030-12-31", "SR01", "Noch ist nichts gespeichert"] { #expect(html.contains(fact), "\(fact)") }
            // Nothing stored before confirming.
            #expect(try await inst.a.periods().contains(Period(year: 2030)) == false)
            let token = try #require(html.range(of: "/verwaltung/hochladen/").map { String(html[$0.upperBound...].prefix(64)) })
            let done = try await HTTP.post(client, "/intern/verwaltung/hochladen/\(token)/uebernehmen", [("csrf", emil.csrf)], cookie: emil.cookie)
            #expect(done.status == .ok)
            #expect(HTTP.body(done).contains("intern, bis sie freigegeben werden"))
            // Internal: the staff see it, the public does not.
            let q = "/api/values?variable=ew_gesamt&jahr=2030"
            #expect(!HTTP.body(try await client.execute(uri: q, method: .get)).contains("1234"))
            let internalPage = HTTP.body(try await client.execute(uri: "/intern/gebiet/SR01?jahr=2030", method: .get, headers: emil.headers))
            #expect(internalPage.contains("1.234"))
            let overview = HTTP.body(try await client.execute(uri: "/intern/verwaltung", method: .get, headers: emil.headers))
            #expect(overview.contains("Länger als 0 Tage intern"))
            #expect(overview.contains("2030: seit 0 Tagen intern"))
            // Release through the form, then the public sees it.
            let rel = try await HTTP.post(client, "/intern/verwaltung/freigabe", [("csrf", emil.csrf), ("aktion", "freigeben"), ("d", "ew_gesamt|2030-12-31")], cookie: emil.cookie)
            #expect(rel.status == .ok)
            #expect(HTTP.body(try await client.execute(uri: q + "&gebiet=SR01", method: .get)).contains("1234"))
            // An older batch cannot be rolled back before the newer ones.
            let old = try await HTTP.post(client, "/intern/verwaltung/importe/1/zuruecknehmen", [("csrf", emil.csrf)], cookie: emil.cookie)
            #expect(old.status == .conflict)
            #expect(HTTP.body(old).contains("zuerst den jüngeren Import"))
            // Roll back: the values go, the public sees nothing again.
            let batch = try #require(try await inst.a.batches().first)
            let rb = try await HTTP.post(client, "/intern/verwaltung/importe/\(batch.id)/zuruecknehmen", [("csrf", emil.csrf)], cookie: emil.cookie)
            #expect(rb.status == .ok)
            #expect(!HTTP.body(try await client.execute(uri: q, method: .get)).contains("1234"))
            #expect(!HTTP.body(try await client.execute(uri: "/intern/gebiet/SR01", method: .get, headers: emil.headers)).contains("2030"))
            // Bad upload: a clear error naming the line, nothing stored.
            let bad = Array("Gebiet;Variable;Jahr;Wert\nSR01;ew_gesamt;2031;viele\n".utf8)
            let (b2, t2) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("tabelle".utf8)), ("datei", "kaputt.csv", bad)])
            let refused = try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: t2], body: b2)
            #expect(refused.status == .unprocessableContent)
            #expect(HTTP.body(refused).contains("kaputt.csv"))
            #expect(HTTP.body(refused).contains("kaputt.csv:2:4"))
            // A file of the wrong kind is named with the kinds expected.
            let (b3, t3) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("tabelle".utf8)), ("datei", "bericht.pdf", Array("%PDF".utf8))])
            let wrongKind = try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: t3], body: b3)
            #expect(wrongKind.status == .badRequest)
            #expect(HTTP.body(wrongKind).contains("Datei „bericht.pdf“: erwartet .csv, .txt, .xlsx, .ods, .xls."))
            let anna = try await HTTP.login(client, "anna")
            let log = HTTP.body(try await client.execute(uri: "/intern/verwaltung/protokoll", method: .get, headers: anna.headers))
            for action in ["importiert", "freigegeben", "Import zurückgenommen"] { #expect(log.contains(action), "\(action)") }
        }
        #expect(try await inst.a.periods().contains(Period(year: 2030)) == false)
        #expect(try await inst.a.batches().filter { $0.rolledBackAt != nil }.count == 1)
    }

    @Test func rollbackRestoresOverwrittenValuesAndAreas() async throws {
        let store = try Self.tempStore("atlas.sqlite")
        try await DemoTown.install(into: store)
        let before = try await store.values(variableKeys: ["ew_gesamt"], periods: [Period(year: 2025)], areaCodes: ["SR01", "SR02"])
        let sr01 = try #require(try await store.area(code: "SR01"))
        var renamed = sr01
        renamed.name = "Umbenannt"
        var batch = ImportBatch(label: "Korrektur", kind: "table", areas: [renamed],
                                values: ValueBatch(areaCodes: ["SR01"], variableKeys: ["ew_gesamt"], periods: ["2025-12-31"], entries: [.init(area: 0, variable: 0, period: 0, value: 1)]))
        batch.variables = try await store.variables().filter { $0.key == "ew_gesamt" }
        let receipt = try await store.apply(batch, progress: nil)
        #expect(try await store.area(code: "SR01")?.name == "Umbenannt")
        // Changed figures are internal again.
        #expect(!(try await store.publication().datasets.contains(Dataset(variableKey: "ew_gesamt", period: Period(year: 2025)))))
        _ = try await store.rollback(batchID: receipt.batchID)
        let after = try await store.values(variableKeys: ["ew_gesamt"], periods: [Period(year: 2025)], areaCodes: ["SR01", "SR02"])
        #expect(after == before)
        #expect(try await store.area(code: "SR01")?.name == sr01.name)
        await #expect(throws: StoreError.self) { _ = try await store.rollback(batchID: receipt.batchID) }
    }

    @Test func severalTownsEachWithTheirOwnPublicAtlasAndALandingPage() async throws {
        let inst = try await Installation.make()
        // Town B withdraws one indicator; town A keeps it.
        try await inst.b.setReleased(false, datasets: [], indicators: ["kinderarmut"], by: "Test")
        try await inst.app().test(.live) { client in
            let landing = HTTP.body(try await client.execute(uri: "/gemeinden", method: .get))
            #expect(landing.contains("href=\"/\""))
            #expect(landing.contains("href=\"/nordstadt/\""))
            #expect(landing.contains("Nordstadt"))
            #expect(landing.contains("Vergleich der Gemeinden"))
            let b = HTTP.body(try await client.execute(uri: "/nordstadt/", method: .get))
            #expect(b.contains("Nordstadt"))
            #expect(b.contains("href=\"/nordstadt/gebiete\""))
            #expect(!b.contains("href=\"/nordstadt/indikator/kinderarmut\""))
            #expect(try await client.execute(uri: "/nordstadt/indikator/kinderarmut", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/indikator/kinderarmut", method: .get).status == .ok)
            let ogc = HTTP.body(try await client.execute(uri: "/nordstadt/ogc/collections", method: .get))
            #expect(ogc.contains("/nordstadt/ogc/collections/"))
        }
    }

    @Test func measureFormChecksItsFieldsAndMeasuresAreInternalUntilReleased() async throws {
        let inst = try await Installation.make()
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil")
            func save(_ fields: [(String, String)]) async throws -> TestResponse {
                try await HTTP.post(client, "/intern/verwaltung/massnahmen/neu", fields + [("csrf", emil.csrf)], cookie: emil.cookie)
            }
            let noArea = try await save([("titel", "Streetwork"), ("beginn", "2021-01-01"), ("ziel1", "kinderarmut")])
            #expect(noArea.status == .badRequest)
            #expect(HTTP.body(noArea).contains("Feld „Gebiete“"))
            let badDate = try await save([("titel", "Streetwork"), ("beginn", "1.1.2021"), ("gebiet", "SR01")])
            #expect(HTTP.body(badDate).contains("Feld „Beginn“: erwartet ein Datum JJJJ-MM-TT"))
            let badBudget = try await save([("titel", "Streetwork"), ("beginn", "2021-01-01"), ("gebiet", "SR01"), ("budget", "viel")])
            #expect(HTTP.body(badBudget).contains("Feld „Budget“"))
            let unknownArea = try await save([("titel", "Streetwork"), ("beginn", "2021-01-01"), ("gebiet", "SR99")])
            #expect(HTTP.body(unknownArea).contains("SR99"))
            // The form keeps what was typed.
            #expect(HTTP.body(unknownArea).contains("value=\"Streetwork\""))
            let ok = try await save([("titel", "Streetwork Bahnhof"), ("beginn", "2021-01-01"), ("gebiet", "SR09"), ("gebiet", "SR10"),
                                     ("budget", "120.000"), ("ziel1", "jugendarbeitslosigkeit"), ("richtung1", "-1")])
            #expect(ok.status == .ok)
            let stored = try #require(try await inst.a.measures().first { $0.key == "streetwork-bahnhof" })
            #expect(stored.budget == 120_000)
            #expect(stored.areaCodes == ["SR09", "SR10"])
            #expect(stored.release == nil)
            #expect(try await client.execute(uri: "/massnahme/streetwork-bahnhof", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/intern/massnahme/streetwork-bahnhof", method: .get, headers: emil.headers).status == .ok)
            let rel = try await HTTP.post(client, "/intern/verwaltung/massnahmen/streetwork-bahnhof/freigeben", [("csrf", emil.csrf)], cookie: emil.cookie)
            #expect(rel.status == .ok)
            let page = HTTP.body(try await client.execute(uri: "/massnahme/streetwork-bahnhof", method: .get))
            #expect(page.contains("Streetwork Bahnhof"))
            #expect(page.contains("Differenz der Differenzen"))
            // Editing makes it internal again.
            let edit = try await HTTP.post(client, "/intern/verwaltung/massnahmen/streetwork-bahnhof",
                                           [("csrf", emil.csrf), ("titel", "Streetwork Bahnhof"), ("beginn", "2021-06-01"), ("gebiet", "SR10")], cookie: emil.cookie)
            #expect(edit.status == .ok)
            #expect(try await client.execute(uri: "/massnahme/streetwork-bahnhof", method: .get).status == .notFound)
            let del = try await HTTP.post(client, "/intern/verwaltung/massnahmen/streetwork-bahnhof/loeschen", [("csrf", emil.csrf)], cookie: emil.cookie)
            #expect(del.status == .ok)
            #expect(try await inst.a.measures().contains { $0.key == "streetwork-bahnhof" } == false)
        }
        let log = try await inst.instance.audit(town: "weserbrueck").map(\.action)
        for action in ["Maßnahme angelegt", "Maßnahme freigegeben", "Maßnahme geändert", "Maßnahme gelöscht"] { #expect(log.contains(action), "\(action)") }
    }

    @Test func demoMeasuresShowTheirEffects() async throws {
        let store = try Self.tempStore("atlas.sqlite")
        try await DemoTown.install(into: store)
        let queries = AtlasQueries(store: PublicAtlasStore(base: store), minimumDenominator: 50)
        let family = try await queries.measureEffect(key: "familienzentrum-altstadt")
        let poverty = try #require(family.targets.first { $0.target.indicatorKey == "kinderarmut" }?.estimate)
        #expect(poverty.verdict == .expected)
        #expect(poverty.difference < 0)
        #expect(!poverty.comparison.map(\.code).contains("SR06"))
        let kita = try await queries.measureEffect(key: "sprachkita-neue-heide")
        #expect(kita.targets.first?.estimate?.smallNumbers == true)
        // Rolling back the demo import takes its measures with it.
        _ = try await store.rollback(batchID: 1)
        #expect(try await store.measures().isEmpty)
    }
}
