import Foundation
import QuartierCore
import QuartierDemo
import QuartierGeo
import Testing
@testable import QuartierStore

/// Everything a store answers through the `AtlasStore` contract, as text: row ids and clock
/// times left out (they are the stores' own), everything else in the order the store gives it.
func contractSnapshot(_ store: any AtlasStore) async throws -> String {
    var out = ""
    func line(_ s: String) { out += s + "\n" }
    line("municipality \(String(describing: try await store.municipality().map { ($0.ags, $0.name) }))")
    for l in try await store.levels() { line("level \(l.key) \(l.name) \(l.parentKey ?? "-") \(l.rank)") }
    for a in try await store.areas(levelKey: nil, includeGeometry: true) {
        line("area \(a.code) \(a.name) \(a.levelKey) \(a.parentCode ?? "-") \(a.geometryWKB?.count ?? -1) \(a.geometryWKB.map { TokenDigest.hex(bytes: $0) } ?? "-") \(a.validFrom ?? "-") \(a.validTo ?? "-")")
    }
    for a in try await store.areaVersions(levelKey: nil, includeGeometry: true) {
        line("version \(a.code) \(a.geometryWKB.map { TokenDigest.hex(bytes: $0) } ?? "-") \(a.validFrom ?? "-") \(a.validTo ?? "-")")
    }
    let variables = try await store.variables()
    for v in variables { line("variable \(v.key) \(v.label) \(v.unit) \(v.source)") }
    line("periods \(try await store.periods().map(\.date))")
    for i in try await store.indicators() {
        line("indicator \(i.key) \(i.name) \(i.formula) \(i.unit) \(i.topic) \(i.polarity) \(i.decimals) \(i.validFrom ?? "-")")
        for v in try await store.indicatorVersions(key: i.key) { line("  version \(v.formula) \(v.validFrom ?? "-")") }
    }
    for v in try await store.values(variableKeys: variables.map(\.key), periods: nil, areaCodes: nil) {
        line("value \(v.period.date) \(v.variableKey) \(v.areaCode) \(v.value.map { String($0) } ?? "null") \(v.status) \(v.symbol ?? "-")")
    }
    for f in try await store.facilities() { line("facility \(f.key) \(f.category) \(f.name) \(f.capacity ?? -1) \(f.longitude) \(f.latitude) \(f.areaCode ?? "-") \(f.release?.by ?? "-")") }
    line("statistics \(try await store.statistics())")
    line("version \(try await store.dataVersion())")
    let p = try await store.publication()
    line("released \(p.datasets.map { $0.variableKey + "@" + $0.period.date }.sorted()) \(p.indicators.sorted()) \(p.levels.sorted())")
    line("level releases \(try await store.levelReleases().mapValues(\.by).sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" })")
    for d in try await store.datasets() { line("dataset \(d.dataset.variableKey) \(d.dataset.period.date) \(d.values) \(d.release?.by ?? "-")") }
    line("indicator releases \(try await store.indicatorReleases().mapValues(\.by).sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" })")
    for b in try await store.batches() { line("batch \(b.id) \(b.label) \(b.kind) \(b.values) \(b.areas) \(b.rolledBackAt != nil) \(b.importedBy ?? "-") \(b.rolledBackBy ?? "-")") }
    for n in try await store.areaNotes() { line("note \(n.areaCode) \(n.text) \(n.writtenBy ?? "-") \(n.release?.by ?? "-")") }
    for m in try await store.measures() {
        line("measure \(m.key) \(m.title) \(m.areaCodes) \(m.start) \(m.end ?? "-") \(m.budget ?? -1) \(m.targets.map { "\($0.indicatorKey)\($0.direction)" }) \(m.release?.by ?? "-")")
    }
    for t in try await store.reportTemplates() { line("template \(t.name) \(t.indicators ?? []) \(t.texts.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }) \(t.updatedBy ?? "-")") }
    return out
}

/// One contract, two stores: the same operations on SQLite and on PostgreSQL must leave the
/// same answers to every question the contract allows, step by step.
@Suite struct ContractTests {
    @Test(.enabled(if: TestPostgres.url != nil, "needs a PostgreSQL server named in QUARTIER_TEST_POSTGRES (scripts/test starts one)")) func sqliteAndPostgresAnswerAlikeStepByStep() async throws {
        let sqlite = try await makeStore(.sqlite), postgres = try await makeStore(.postgres)
        let stores: [any AtlasStore] = [sqlite, postgres]
        func same(_ step: String) async throws {
            let a = try await contractSnapshot(sqlite), b = try await contractSnapshot(postgres)
            if a != b {
                let la = a.split(separator: "\n"), lb = b.split(separator: "\n")
                let first = zip(la, lb).first { $0 != $1 }
                Issue.record("after \(step): first difference\n sqlite:   \(first?.0 ?? "(shorter)")\n postgres: \(first?.1 ?? "(shorter)")")
            }
            #expect(a == b, "\(step)")
        }
        for s in stores { _ = try await DemoTown.install(into: s) }
        try await same("demo town")

        // A re-import overwrites values (with a symbol and a suppressed cell) and takes the dataset off the public atlas.
        let areas = try await sqlite.areas(levelKey: "sozialraum", includeGeometry: false).map(\.code)
        let period = try #require(try await sqlite.periods().last).date
        let update = ImportBatch(label: "Korrektur", kind: "table", values: ValueBatch(areaCodes: Array(areas.prefix(3)), variableKeys: ["ew_gesamt"], periods: [period], entries: [
            .init(area: 0, variable: 0, period: 0, value: 1234.5),
            .init(area: 1, variable: 0, period: 0, status: 1, symbol: 3, value: 0),
            .init(area: 2, variable: 0, period: 0, status: 0, symbol: 1, value: 0),
        ]))
        for s in stores { _ = try await s.apply(update, progress: nil) }
        try await same("re-import")

        for s in stores {
            try await s.setReleased(false, datasets: [Dataset(variableKey: "ew_gesamt", period: Period(date: period))], indicators: ["kinderarmut"], by: "Test")
            try await s.setReleased(true, datasets: [Dataset(variableKey: "ew_gesamt", period: Period(date: period))], indicators: [], by: "Karla")
        }
        try await same("release and withdrawal")

        for s in stores {
            try await s.setLevelReleased(false, keys: ["stadtteil"], by: "Karla")
            try await s.setLevelReleased(true, keys: ["gesamtstadt"], by: "Karla")
            await #expect(throws: StoreError.self) { try await s.setLevelReleased(true, keys: ["gibt-es-nicht"], by: "Karla") }
            #expect(try await s.publication().levels == ["gesamtstadt", "sozialraum"])
        }
        try await same("level releases")

        // An import records who made it and the upload it consumed; an upload goes in once.
        let origin = ImportOrigin(user: "emil", uploadToken: String(repeating: "ab", count: 32))
        for s in stores {
            var upload = ImportBatch(label: "Upload", kind: "table", values: ValueBatch(areaCodes: [areas[0]], variableKeys: ["ew_gesamt"], periods: [period],
                                                                                       entries: [.init(area: 0, variable: 0, period: 0, value: 99)]))
            upload.origin = origin
            let receipt = try await s.apply(upload, progress: nil)
            do {
                _ = try await s.apply(upload, progress: nil)
                Issue.record("the same upload was imported twice")
            } catch let e as StoreError {
                #expect(e.takenBy == receipt.batchID)
            }
            _ = try await s.rollback(batchID: receipt.batchID, by: "anna")
        }
        try await same("upload origin and rollback by")

        let measure = Measure(key: "test-massnahme", title: "Testmaßnahme „Ä“", description: "Beschreibung", department: "Jugendamt",
                              areaCodes: Array(areas.prefix(2)), start: "2022-01-01", end: "2024-12-31", budget: 12_500.5,
                              fundingProgramme: "ESF", targetGroup: "Familien", targets: [.init(indicatorKey: "kinderarmut", direction: -1)])
        for s in stores {
            try await s.save(measure: measure)
            try await s.setMeasureReleased(true, keys: [measure.key], by: "Karla")
            #expect(try await s.deleteMeasure(key: "gibt-es-nicht") == false)
            var t = ReportTemplate(name: "Sozialbericht 2025")
            t.indicators = ["kinderarmut"]
            t.texts = ["einleitung": "Text mit Umlauten äöü und ß"]
            try await s.save(template: t, by: "Karla")
        }
        try await same("measure and template")

        // Facilities: a changed one is internal again, an unchanged one keeps its release; notes.
        for s in stores {
            var f = try #require(try await s.facilities().first)
            _ = try await s.apply(ImportBatch(label: "gleich", kind: "facilities", facilities: [f]), progress: nil)
            f.capacity = (f.capacity ?? 0) + 5
            _ = try await s.apply(ImportBatch(label: "geändert", kind: "facilities", facilities: [f]), progress: nil)
            #expect(try await s.deleteFacility(key: "gibt-es-nicht") == false)
            try await s.save(areaNote: AreaNote(areaCode: areas[0], text: "Neubaugebiet „Am Deich“"), by: "Karla")
            try await s.save(areaNote: AreaNote(areaCode: areas[1], text: "Schule geschlossen"), by: "Karla")
            try await s.setAreaNoteReleased(true, codes: [areas[1]], by: "Rita")
        }
        try await same("facility release and area notes")

        // A dated boundary change keeps the old boundary as a version.
        let square = MultiPolygon([Polygon(outer: [Point(9.2, 52.6), Point(9.21, 52.6), Point(9.21, 52.61), Point(9.2, 52.61)])])
        let old = try #require(try await sqlite.area(code: areas[0]))
        let moved = ImportBatch(label: "Grenzänderung", kind: "areas", areas: [Area(code: old.code, name: old.name, levelKey: old.levelKey, parentCode: old.parentCode,
                                                                                    geometryWKB: WKB.encode(square), validFrom: "2025-01-01")])
        for s in stores { _ = try await s.apply(moved, progress: nil) }
        try await same("dated boundary change")

        for s in stores {
            let newest = try #require(try await s.batches().first).id
            _ = try await s.rollback(batchID: newest)
            let again = try #require(try await s.batches().first { $0.rolledBackAt == nil }).id
            _ = try await s.rollback(batchID: again)
        }
        try await same("two rollbacks")

        let deleted = Dataset(variableKey: "ew_gesamt", period: Period(date: period))
        // (Not `#require(…first { … }).values`: Swift 6.3's debug build crashed destroying that
        // Result<DatasetState, Error> once DatasetState grew optional batch fields.)
        let counts = try await sqlite.datasets().filter { $0.dataset == deleted }.map(\.values)
        let expected = try #require(counts.first)
        for s in stores {
            let n = try await s.delete(dataset: deleted)
            #expect(n == expected)
            #expect(try await s.deleteMeasure(key: measure.key))
        }
        try await same("deletions")

        // A batch that fails changes nothing, on both.
        let bad = ImportBatch(label: "kaputt", kind: "table", variables: [Variable(key: "neu", label: "Neu")],
                              values: ValueBatch(areaCodes: [areas[0], "GIBTESNICHT"], variableKeys: ["neu"], periods: ["2030-12-31"],
                                                 entries: [.init(area: 0, variable: 0, period: 0, value: 1), .init(area: 1, variable: 0, period: 0, value: 2)]))
        for s in stores {
            await #expect(throws: StoreError.self) { try await s.apply(bad, progress: nil) }
            await #expect(throws: StoreError.self) { try await s.rollback(batchID: 999) }
            await #expect(throws: StoreError.self) { try await s.setReleased(true, datasets: [Dataset(variableKey: "neu", period: Period(date: "2030-12-31"))], indicators: [], by: "x") }
        }
        try await same("failed operations")
    }

    @Test(.enabled(if: TestPostgres.url != nil, "needs a PostgreSQL server named in QUARTIER_TEST_POSTGRES (scripts/test starts one)")) func postgresMigrationsAreRecordedAndIdempotent() async throws {
        let location = try TestPostgres.location()
        #expect(try await PostgresAtlasStore.migrate(location: location) == ["v1-atlas", "v2-variable-batch", "v3-batch-origin", "v4-level-release", "v5-source-templates", "v6-level-source", "v7-legal-pages", "v8-facility-release-area-notes"])
        #expect(try await PostgresAtlasStore.migrate(location: location) == [])
        let store = try await PostgresAtlasStore(location: location)
        _ = try await store.apply(StoreTests().sampleBatch(), progress: nil)
        // A second store on the same schema (another server) sees the data.
        let other = try await PostgresAtlasStore(url: location.url)
        #expect(try await other.statistics().values == 5)
    }

    @Test func postgresURLsAreCheckedAndRedacted() throws {
        let l = try PostgresLocation(url: "postgres://quartier:geheim%21@db.example:5433/atlas?schema=nienburg")
        #expect(l.host == "db.example" && l.port == 5433 && l.user == "quartier" && l.password == "geheim!" && l.database == "atlas" && l.schema == "nienburg")
        #expect(!l.description.contains("geheim"))
        #expect(try PostgresLocation(url: l.url) == l)
        #expect(try PostgresLocation(url: "postgres://u@h/d").schema == "atlas")
        #expect(throws: StoreError.self) { try PostgresLocation(url: "postgres://u@h/d?schema=x;drop") }
        #expect(throws: StoreError.self) { try PostgresLocation(url: "postgres:///d") }
    }
}

@Suite struct CopyToPostgresTests {
    @Test(.enabled(if: TestPostgres.url != nil, "needs a PostgreSQL server named in QUARTIER_TEST_POSTGRES (scripts/test starts one)")) func aSQLiteAtlasAndInstanceArriveWhole() async throws {
        let sqlite = try SQLiteAtlasStore(path: temporaryDatabasePath())
        _ = try await DemoTown.install(into: sqlite)
        let batch = try #require(try await sqlite.batches().first).id
        _ = try await sqlite.apply(ImportBatch(label: "zweiter", kind: "table", values: ValueBatch(areaCodes: ["SR01"], variableKeys: ["ew_gesamt"],
                                                                                                  periods: ["2030-12-31"], entries: [.init(area: 0, variable: 0, period: 0, value: 7)])), progress: nil)
        _ = try await sqlite.rollback(batchID: batch + 1)
        var t = ReportTemplate(name: "Bericht")
        t.texts = ["fazit": "Schluss"]
        try await sqlite.save(template: t, by: "Karla")
        let target = try await PostgresAtlasStore(location: try TestPostgres.location())
        let counts = try await SQLiteToPostgres.copy(atlas: sqlite, to: target)
        #expect(counts["value"] == (try await sqlite.statistics().values))
        #expect(try await contractSnapshot(target) == (try await contractSnapshot(sqlite)))
        // The copy carries on where the original stood: the next batch number, rollback history.
        let next = try await target.apply(ImportBatch(label: "danach", kind: "table"), progress: nil)
        #expect(next.batchID == batch + 2)
        // A second copy into the same (now filled) schema is refused.
        await #expect(throws: StoreError.self) { try await SQLiteToPostgres.copy(atlas: sqlite, to: target) }

        let dir = (temporaryDatabasePath() as NSString).deletingLastPathComponent
        let instance = try SQLiteInstanceStore(path: dir + "/instance.sqlite")
        let town = try await instance.addTown(slug: "stadt", name: "Stadt", ags: "03256022", database: dir + "/atlas.sqlite")
        let user = try await instance.addUser(login: "Karla", name: "Karla Meier", passwordHash: "$2b$04$abc", instanceAdmin: false)
        try await instance.setRole(.editor, userID: user.id, townID: town.id)
        try await instance.log(user: "Karla", town: "stadt", action: "importiert", detail: "„x.csv“")
        let pgInstance = try await PostgresInstanceStore(location: try TestPostgres.location())
        _ = try await SQLiteToPostgres.copy(instance: instance, to: pgInstance, townLocation: { _ in target.location.url })
        #expect(try await pgInstance.towns() == [Town(id: town.id, slug: "stadt", name: "Stadt", ags: "03256022", database: target.location.url)])
        let copied = try #require(try await pgInstance.user(login: "karla"))
        #expect(copied.roles == [town.id: .editor] && copied.passwordHash == "$2b$04$abc" && !copied.instanceAdmin)
        #expect(try await pgInstance.audit(town: "stadt").map(\.detail) == ["„x.csv“"])
        let next2 = try await pgInstance.addUser(login: "neu", name: "Neu", passwordHash: "h", instanceAdmin: false)
        #expect(next2.id == user.id + 1)
    }
}

@Suite struct InstanceContractTests {
    func stores() async throws -> [any InstanceStore] {
        var out: [any InstanceStore] = [try SQLiteInstanceStore(path: (temporaryDatabasePath() as NSString).deletingLastPathComponent + "/instance.sqlite")]
        if TestPostgres.url != nil { out.append(try await PostgresInstanceStore(location: try TestPostgres.location())) }
        return out
    }

    @Test func usersSessionsAttemptsUploadsAndAuditBehaveAlike() async throws {
        for s in try await stores() {
            let town = try await s.addTown(slug: "stadt", name: "Stadt", ags: "1", database: "x")
            await #expect(throws: StoreError.self) { try await s.addTown(slug: "stadt", name: "Doppelt", ags: "1", database: "y") }
            await #expect(throws: StoreError.self) { try await s.addTown(slug: "Nicht OK", name: "x", ags: "1", database: "y") }
            let u = try await s.addUser(login: "Anna", name: "Anna", passwordHash: "h1", instanceAdmin: false)
            await #expect(throws: StoreError.self) { try await s.addUser(login: "anna", name: "Doppelt", passwordHash: "h", instanceAdmin: false) }
            try await s.setRole(.admin, userID: u.id, townID: town.id)
            #expect(try await s.user(login: "ANNA")?.role(in: town.id) == .admin)
            #expect(try await s.users(townID: town.id).map(\.login) == ["Anna"])
            let (token, csrf) = try await s.createSession(userID: u.id, lifetime: 3600)
            #expect(try await s.session(token: token)?.csrf == csrf)
            #expect(try await s.session(token: String(repeating: "0", count: 64)) == nil)
            try await s.setPassword(userID: u.id, hash: "h2")
            #expect(try await s.session(token: token) == nil, "a new password ends the sessions")
            let (t2, _) = try await s.createSession(userID: u.id, lifetime: -1)
            #expect(try await s.session(token: t2) == nil, "an expired session is no session")
            let now = Date()
            for i in 0..<3 { try await s.recordAttempt(login: "Anna", address: "10.0.0.1", success: false, at: now.addingTimeInterval(Double(i))) }
            try await s.recordAttempt(login: "anna", address: "10.0.0.2", success: true, at: now.addingTimeInterval(5))
            try await s.recordAttempt(login: "anna", address: "10.0.0.1", success: false, at: now.addingTimeInterval(6))
            let f = try await s.failures(login: "anna", address: "10.0.0.1", since: now.addingTimeInterval(-60))
            #expect(f.login == 1 && f.address == 4)
            // A begun attempt counts those before it and is itself a failure until it succeeds.
            let begun = try await s.beginAttempt(login: "Anna", address: "10.0.0.1", since: now.addingTimeInterval(-60), at: now.addingTimeInterval(7))
            #expect(begun.login == 1 && begun.address == 4)
            #expect(try await s.failures(login: "anna", address: "10.0.0.1", since: now.addingTimeInterval(-60)) == (2, 5))
            try await s.succeedAttempt(login: "anna", address: "10.0.0.1", at: now.addingTimeInterval(7))
            let after = try await s.failures(login: "anna", address: "10.0.0.1", since: now.addingTimeInterval(-60))
            #expect(after.login == 0 && after.address == 4)
            try await s.lock(userID: u.id, until: now.addingTimeInterval(600))
            #expect(try await s.user(id: u.id)?.lockedUntil != nil)
            let upload = RandomToken.make()
            try await s.stashUpload(token: upload, meta: "{\"a\":1}", bytes: [0, 1, 2, 255])
            #expect(try await s.upload(token: upload)?.bytes == [0, 1, 2, 255])
            try await s.dropUpload(token: upload)
            #expect(try await s.upload(token: upload) == nil)
            try await s.log(user: "Anna", town: "stadt", action: "a", detail: "1")
            try await s.log(user: "Anna", town: "andere", action: "b", detail: "2")
            #expect(try await s.audit(town: "stadt").map(\.action) == ["a"])
            #expect(try await s.audit(town: nil).map(\.action) == ["b", "a"])
            try await s.deleteUser(id: u.id)
            #expect(try await s.userCount() == 0)
        }
    }

    /// Administrators of the installation are named and revoked alike; the last one stays, and
    /// the changed person's sessions end.
    @Test func instanceAdministratorsAreGrantedAndRevokedAlike() async throws {
        for s in try await stores() {
            let root = try await s.addUser(login: "root", name: "Root", passwordHash: "h", instanceAdmin: true)
            let olga = try await s.addUser(login: "olga", name: "Olga", passwordHash: "h", instanceAdmin: false)
            await #expect(throws: StoreError.self) { try await s.setInstanceAdmin(false, userID: root.id) }
            let (token, _) = try await s.createSession(userID: olga.id, lifetime: 3600)
            try await s.setInstanceAdmin(true, userID: olga.id)
            #expect(try await s.user(id: olga.id)?.instanceAdmin == true)
            #expect(try await s.session(token: token) == nil, "a changed right ends the sessions")
            try await s.setInstanceAdmin(false, userID: root.id)
            #expect(try await s.user(id: root.id)?.instanceAdmin == false)
            await #expect(throws: StoreError.self) { try await s.setInstanceAdmin(false, userID: olga.id) }
            #expect(try await s.user(id: olga.id)?.instanceAdmin == true)
        }
    }
}
