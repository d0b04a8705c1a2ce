import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import QuartierAtlas
import QuartierCore
@testable import QuartierFormats
import QuartierGeo
import QuartierRender
import QuartierServer
import QuartierStore
import Testing
import ZIPFoundation

/// Regressions of the hostile-input probe (issue 16), one test per finding.
@Suite struct HostileInputTests {
    /// Row 3: a town's administration cannot take over an account of another town.
    @Test func aTownAdminCannotTakeOverAnotherTownsAccount() async throws {
        let inst = try await Installation.make()
        let vera = try #require(try await inst.instance.user(login: "vera"))
        try await inst.app().test(.live) { client in
            let anna = try await HTTP.login(client, "anna")
            // Adding vera (Nordstadt) to Weserbrück is refused, whatever password is sent.
            let add = try await HTTP.post(client, "/intern/verwaltung/benutzer", [("csrf", anna.csrf), ("login", "vera"), ("name", "Vera"),
                                                                                  ("rolle", "admin"), ("passwort", "Neues-Passwort-2026")], cookie: anna.cookie)
            #expect(add.status == .forbidden)
            #expect(HTTP.body(add).contains("gehört auch zu einer anderen Gemeinde"))
            #expect(try await inst.instance.user(login: "vera")?.roles[inst.townA.id] == nil)
            // Vera in both towns (given by the instance administration): anna may not set her password.
            try await inst.instance.setRole(.viewer, userID: vera.id, townID: inst.townA.id)
            let reset = try await HTTP.post(client, "/intern/verwaltung/benutzer/\(vera.id)/passwort",
                                            [("csrf", anna.csrf), ("passwort", "Uebernahme-2026-x")], cookie: anna.cookie)
            #expect(reset.status == .forbidden)
            #expect(try await inst.instance.user(login: "vera")?.passwordHash == vera.passwordHash)
            #expect(try await HTTP.attempt(client, "vera", "Uebernahme-2026-x").status != .seeOther)
            // Olga belongs to Weserbrück alone: anna manages her.
            let olga = try #require(try await inst.instance.user(login: "olga"))
            let own = try await HTTP.post(client, "/intern/verwaltung/benutzer/\(olga.id)/passwort",
                                          [("csrf", anna.csrf), ("passwort", "Neu-gesetzt-2026")], cookie: anna.cookie)
            #expect(own.status == .ok)
            // The instance administration may do both.
            let root = try await HTTP.login(client, "root")
            let byRoot = try await HTTP.post(client, "/intern/verwaltung/benutzer/\(vera.id)/passwort",
                                             [("csrf", root.csrf), ("passwort", "Vom-Root-2026-x")], cookie: root.cookie)
            #expect(byRoot.status == .ok)
        }
    }

    /// Row 2: absurd stored values are shown, never crash the formatter.
    @Test func hugeValuesAreFormattedNotFatal() {
        #expect(NumberFormat.german.format(-1.2345678901234567e19, decimals: 1) == "−1,23 × 10¹⁹")
        #expect(NumberFormat.german.format(9.9e307, decimals: 0) == "9,90 × 10³⁰⁷")
        #expect(NumberFormat.german.format(1_234_567.25, decimals: 1) == "1.234.567,3")
        #expect(NumberFormat.german.format(.infinity, decimals: 1) == "–")
    }

    /// Row 6: one number parser that reads a cell exactly or refuses it.
    @Test func numbersAreReadExactlyOrRefused() {
        func parse(_ s: String, _ d: CellParser.DecimalMark = .comma) -> ParsedCell {
            Array(s.utf8).withUnsafeBufferPointer { CellParser.parse($0, decimal: d) }
        }
        #expect(parse(String(repeating: "9", count: 400)) == .invalid)
        #expect(parse("12345678901234567890abc") == .invalid)
        #expect(parse("-12345678901234567890-99") == .invalid)
        #expect(parse("1234567890123456789") == .invalid)             // beyond 10^15: not exact in a double
        #expect(parse("−123456789012,3456") == .number(-123456789012.3456))
        #expect(parse("0,1234567890123456789") == .number(0.1234567890123456789))
        #expect(parse("999.999.999.999.999") == .number(999_999_999_999_999))
        #expect(parse("1.234,5") == .number(1234.5))
    }

    /// Row 6: a column with 1.234 next to 12.5 is refused with the option that decides.
    @Test func aDecimalMarkThatCouldMeanTwoThingsIsRefused() throws {
        let raw = Array("Gebiet;Variable;Jahr;Wert\nSR01;ew_gesamt;2024;1.234\nSR02;ew_gesamt;2024;12.5\n".utf8)
        let reader = TableReader(mapping: TableMapping(), context: TableContext(areaCodes: ["SR01", "SR02"], variables: StandardCatalog.variables))
        do {
            _ = try reader.read(raw: raw, file: "werte.csv")
            Issue.record("accepted")
        } catch {
            let text = error.description
            #expect(text.contains("werte.csv:2:4"), "\(text)")
            #expect(text.contains("„1.234“"))
            #expect(text.contains("--decimal point oder --decimal comma"))
        }
        // With the option, the same file is read as the planner says.
        var point = TableMapping()
        point.decimal = .point
        let data = try TableReader(mapping: point, context: TableContext(areaCodes: ["SR01", "SR02"], variables: StandardCatalog.variables)).read(raw: raw, file: "werte.csv")
        #expect(data.entries.map(\.value) == [1.234, 12.5])
    }

    /// Row 1: an anonymous multipart body with a huge boundary is refused before it costs anything;
    /// without a pre-login cookie the body is not read at all, and anonymous bodies are small.
    @Test func anonymousMultipartCannotBurnTheServer() async throws {
        let inst = try await Installation.make()
        try await inst.app().test(.live) { client in
            let boundary = String(repeating: "-", count: 20_000)
            let page = try await client.execute(uri: "/anmelden", method: .get)
            let pre = try #require(HTTP.cookie("quartier_pre", in: page))
            // No cookie: refused unread.
            let unread = try await client.execute(uri: "/anmelden", method: .post, headers: [.contentType: "multipart/form-data; boundary=\(boundary)"],
                                                  body: ByteBuffer(bytes: [UInt8](repeating: 45, count: 4_000_000)))
            #expect(unread.status == .forbidden)
            // With the cookie: more than 64 KB is too large for a form without a session.
            let big = try await client.execute(uri: "/anmelden", method: .post,
                                               headers: [.cookie: "quartier_pre=\(pre)", .contentType: "multipart/form-data; boundary=\(boundary)"],
                                               body: ByteBuffer(bytes: [UInt8](repeating: 45, count: 4_000_000)))
            #expect(big.status == .contentTooLarge)
            // A small body with a boundary longer than RFC 2046 allows: a bad form, at once.
            let small = try await client.execute(uri: "/anmelden", method: .post,
                                                 headers: [.cookie: "quartier_pre=\(pre)", .contentType: "multipart/form-data; boundary=\(boundary)"],
                                                 body: ByteBuffer(bytes: [UInt8](repeating: 45, count: 60_000)))
            #expect(small.status == .badRequest)
            #expect(try await client.execute(uri: "/health/live", method: .get).status == .ok)
        }
        // The parser itself: the longest boundary RFC 2046 allows, almost matching everywhere in
        // 4 MB of dashes, is searched in linear time (bench/hostile.py times it); one longer is refused.
        let dashes = [UInt8](repeating: 45, count: 4_000_000)
        #expect(throws: FormError.self) { try FormData.multipart(dashes, boundary: String(repeating: "-", count: 69) + "x") }
        #expect(throws: FormError.self) { try FormData.multipart(dashes, boundary: String(repeating: "-", count: 71)) }
        #expect(FormData.find(Array("abcabd".utf8), in: Array("abcabcabd".utf8), from: 0) == 3)
        #expect(FormData.find(Array("aab".utf8), in: Array("aaab".utf8), from: 1) == 1)
        #expect(FormData.find(Array("b".utf8), in: Array("aaab".utf8), from: 0) == 3)
    }

    /// Row 7: after login, only same-site paths are redirect targets.
    @Test func loginRedirectsOnlyToPathsOfThisSite() async throws {
        let inst = try await Installation.make()
        try await inst.app().test(.live) { client in
            for target in ["/\t/evil.example/x", "//evil.example", "/\\evil.example", "https://evil.example/", "/\n/evil.example", "/%09/x\t"] {
                let page = try await client.execute(uri: "/anmelden", method: .get)
                let pre = try #require(HTTP.cookie("quartier_pre", in: page))
                let token = try #require(HTTP.csrf(in: HTTP.body(page)))
                let r = try await HTTP.post(client, "/anmelden", [("csrf", token), ("login", "olga"), ("password", Installation.password), ("weiter", target)],
                                            cookie: "quartier_pre=\(pre)")
                #expect(r.status == .seeOther)
                let location = r.headers[.location] ?? ""
                #expect(location.hasPrefix("/") && !location.hasPrefix("//") && !location.contains("evil"), "\(target) → \(location)")
            }
            let tab = try await client.execute(uri: "/anmelden?weiter=/%09/evil.example/path", method: .get)
            #expect(!HTTP.body(tab).contains("evil.example"))
            let page = try await client.execute(uri: "/anmelden", method: .get)
            let pre = try #require(HTTP.cookie("quartier_pre", in: page))
            let token = try #require(HTTP.csrf(in: HTTP.body(page)))
            let ok = try await HTTP.post(client, "/anmelden", [("csrf", token), ("login", "olga"), ("password", Installation.password), ("weiter", "/intern/indikator/kinderarmut?jahr=2024")],
                                         cookie: "quartier_pre=\(pre)")
            #expect(ok.headers[.location] == "/intern/indikator/kinderarmut?jahr=2024")
        }
    }

    /// Row 9: text that a spreadsheet would run as a formula is neutralised in CSV and XLSX.
    @Test func spreadsheetFormulasInNamesAreNeutralised() async throws {
        let store = try await RouteTests.demoStore()
        let evil = "=HYPERLINK(\"http://evil.example\",\"Klick\")"
        _ = try await store.apply(ImportBatch(label: "Umbenennung", kind: "areas",
                                              areas: [Area(code: "SR06", name: evil, levelKey: "sozialraum", parentCode: "ST2")]), progress: nil)
        try await store.releaseAll(by: "Test")
        try await buildApplication(store: store, configuration: ServerConfiguration()).test(.router) { client in
            try await client.execute(uri: "/indikator/kinderarmut/daten.csv?jahr=2025", method: .get) { r in
                let csv = String(buffer: r.body)
                #expect(csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Klick\"\")\""), "\(csv.prefix(400))")
                #expect(!csv.contains(";=HYPERLINK") && !csv.contains("\n=HYPERLINK"))
            }
        }
        #expect(CSVWriter.field("-12,5") == "-12,5")           // numbers and symbols stay as they are
        #expect(CSVWriter.field("-") == "-")
        #expect(CSVWriter.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVWriter.field("+1+1") == "'+1+1")
        #expect(CSVWriter.field("\tx") == "'\tx")
        let xlsx = try XLSXWriter.workbook(sheetName: "T", rows: [["Name"], [.text(evil)], [.number(-3)]])
        let archive = try Archive(data: xlsx, accessMode: .read)
        var sheetData = Data()
        _ = try archive.extract(try #require(archive["xl/worksheets/sheet1.xml"])) { sheetData.append($0) }
        let sheet = String(decoding: sheetData, as: UTF8.self)
        #expect(sheet.contains("<c r=\"A2\" t=\"inlineStr\" s=\"2\">"))
        #expect(sheet.contains("<c r=\"A3\"><v>-3.0</v></c>"))
    }

    /// Row 6: area layers that would be stored wrongly are refused, and the atlas stays as it was.
    @Test func areaLayersThatWouldBeStoredWronglyAreRefused() async throws {
        let store = try await RouteTests.demoStore()
        let service = ImportService(store: store)
        let before = try await store.areas(levelKey: nil, includeGeometry: false)
        func square(_ x: Double, _ y: Double, _ d: Double, closed: Bool = true) -> String {
            let pts = [(x, y), (x + d, y), (x + d, y + d), (x, y + d)] + (closed ? [(x, y)] : [(x, y + d / 2)])
            return "[[" + pts.map { "[\($0.0),\($0.1)]" }.joined(separator: ",") + "]]"
        }
        func layer(_ code: String, _ name: String, _ coordinates: String, crs: String? = nil) -> [UInt8] {
            let member = crs.map { #""crs":{"type":"name","properties":{"name":"\#($0)"}},"# } ?? ""
            return Array(#"{"type":"FeatureCollection",\#(member)"features":[{"type":"Feature","properties":{"c":"\#(code)","n":"\#(name)"},"geometry":{"type":"Polygon","coordinates":\#(coordinates)}}]}"#.utf8)
        }
        func refusal(_ raw: [UInt8], level: String = "Quartier") async -> String {
            do {
                _ = try await service.importAreas(raw: raw, file: "gebiete.geojson", options: .init(levelName: level, codeProperty: "c", nameProperty: "n"))
                return "accepted"
            } catch { return "\(error)" }
        }
        // SR06 is a Sozialraum: the same code on another level is not moved there.
        let clash = await refusal(layer("SR06", "Altstadt neu", square(9.2, 52.63, 0.01)))
        #expect(clash.contains("„SR06“ gehört zur Ebene „Sozialraum“"), "\(clash)")
        // Longitudes and latitudes declared as UTM would land near 0° N.
        let wgsAsUTM = await refusal(layer("Q1", "Nord", square(9.2, 52.63, 0.01), crs: "urn:ogc:def:crs:EPSG::25832"))
        #expect(wgsAsUTM.contains("außerhalb des Geltungsbereichs (Geltungsbereich: Europe between 6°E and 12°E") && wgsAsUTM.contains("--crs EPSG:4326"), "\(wgsAsUTM)")
        // A ring whose last position is not its first.
        let open = await refusal(layer("Q1", "Nord", square(9.2, 52.63, 0.01, closed: false)))
        #expect(open.contains("offener Ring") && open.contains("RFC 7946"), "\(open)")
        // Latin-1 bytes (Süd with ü as 0xFC) instead of UTF-8.
        var latin1 = layer("Q1", "S?d", square(9.2, 52.63, 0.01))
        latin1[latin1.firstIndex(of: UInt8(ascii: "?"))!] = 0xFC
        let enc = await refusal(latin1)
        #expect(enc.contains("Byte FC") && enc.contains("RFC 7946") && enc.contains("offenbar ISO-8859-1 kodiert")
                && enc.contains("--encoding iso-8859-1"), "\(enc)")
        // A ring that crosses itself (a bow tie): GEOS names the crossing.
        let bowtieRing = "[[[9.2,52.63],[9.21,52.64],[9.21,52.63],[9.2,52.64],[9.2,52.63]]]"
        let bowtie = await refusal(layer("Q1", "Nord", bowtieRing))
        #expect(bowtie.contains("Q1 (Nord): Der Rand schneidet sich selbst (bei 9.205000, 52.635000)") && bowtie.contains("--make-valid"), "\(bowtie)")
        #expect(try await store.areas(levelKey: nil, includeGeometry: false) == before)
        // Read as the encoding named, the Latin-1 file imports with its ü.
        var latin1Options = ImportService.AreaOptions(levelName: "Quartier", codeProperty: "c", nameProperty: "n")
        latin1Options.encoding = .iso88591
        _ = try await service.importAreas(raw: latin1, file: "gebiete.geojson", options: latin1Options)
        #expect(try await store.area(code: "Q1")?.name == "Süd")
        // With --make-valid GEOS splits the bow tie into its two triangles, and says so.
        var repair = ImportService.AreaOptions(levelName: "Quartier", codeProperty: "c", nameProperty: "n")
        repair.makeValid = true
        let (repaired, _) = try await service.importAreas(raw: layer("Q2", "Bogen", bowtieRing), file: "gebiete.geojson", options: repair)
        #expect(repaired.repaired.map(\.code) == ["Q2"] && repaired.repaired.first?.parts == 2
                && repaired.repaired.first?.problem.contains("schneidet sich selbst") == true, "\(repaired.repaired)")
        let triangles = try #require(try await store.area(code: "Q2")?.geometryWKB)
        let parts = try WKB.decode(triangles).polygons.count
        #expect(GeometryValidity.problem(wkb: triangles) == nil && parts == 2)
        // The same square, closed, in UTF-8, on its own code, imports.
        _ = try await service.importAreas(raw: layer("Q1", "Süd", square(9.2, 52.63, 0.01)), file: "gebiete.geojson",
                                          options: .init(levelName: "Quartier", codeProperty: "c", nameProperty: "n"))
        #expect(try await store.area(code: "Q1")?.name == "Süd")
        // The level records that its coordinates were longitude and latitude (nothing to convert).
        let quartier = try #require(try await store.levels().first { $0.key == "quartier" })
        #expect(quartier.sourceCRS == "EPSG:4326 WGS 84" && quartier.transformation == nil, "\(quartier)")
    }

    /// Row 10: an uploaded area layer stays internal, as the confirmation says, until it is
    /// released on the release page; then its areas, boundaries and values are public.
    @Test func anUploadedAreaLayerIsInternalUntilReleased() async throws {
        let inst = try await Installation.make()
        let layer = Array(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"Q1","name":"Quartier am Hafen"},"geometry":{"type":"Polygon","coordinates":[[[9.2,52.63],[9.21,52.63],[9.21,52.64],[9.2,52.64],[9.2,52.63]]]}}]}"#.utf8)
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil")
            let (body, type) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("gebiete".utf8)), ("ebene", nil, Array("Quartier".utf8)),
                                               ("datei", "quartiere.geojson", layer)])
            let preview = HTTP.body(try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: type], body: body))
            #expect(preview.contains("Neue Ebene: intern, bis sie unter „Freigabe“ freigegeben wird."))
            let token = try #require(preview.range(of: "/verwaltung/hochladen/").map { String(preview[$0.upperBound...].prefix(64)) })
            let done = try await HTTP.post(client, "/intern/verwaltung/hochladen/\(token)/uebernehmen", [("csrf", emil.csrf)], cookie: emil.cookie)
            #expect(HTTP.body(done).contains("Die Ebene „Quartier“ ist intern, bis sie unter „Freigabe“ freigegeben wird."))
            #expect(try await inst.a.area(code: "Q1") != nil)
            for uri in ["/gebiet/Q1", "/api/areas?ebene=quartier", "/ogc/collections/quartier/items"] {
                #expect(try await client.execute(uri: uri, method: .get).status == .notFound, "\(uri)")
            }
            #expect(!HTTP.body(try await client.execute(uri: "/gebiete", method: .get)).contains("Quartier am Hafen"))
            #expect(!HTTP.body(try await client.execute(uri: "/ogc/collections", method: .get)).contains("quartier"))
            // Staff see it at once.
            #expect(try await client.execute(uri: "/intern/gebiet/Q1", method: .get, headers: emil.headers).status == .ok)
            let overview = HTTP.body(try await client.execute(uri: "/intern/verwaltung", method: .get, headers: emil.headers))
            #expect(overview.contains("name=\"l\" id=\"l-quartier\" value=\"quartier\""))
            let rel = try await HTTP.post(client, "/intern/verwaltung/freigabe", [("csrf", emil.csrf), ("aktion", "freigeben"), ("l", "quartier")], cookie: emil.cookie)
            #expect(rel.status == .ok)
            #expect(HTTP.body(try await client.execute(uri: "/gebiet/Q1", method: .get)).contains("Quartier am Hafen"))
            #expect(try await client.execute(uri: "/api/areas?ebene=quartier", method: .get).status == .ok)
            // A later upload into the released level says that its changes are public.
            let (b2, t2) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("gebiete".utf8)), ("ebene", nil, Array("Quartier".utf8)),
                                           ("datei", "quartiere-2027.geojson", layer)])
            let second = HTTP.body(try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: t2], body: b2))
            #expect(second.contains("Die Ebene ist freigegeben: geänderte Grenzen und neue Gebiete sind mit der Übernahme öffentlich."))
            // Withdrawn again: gone from the public atlas.
            _ = try await HTTP.post(client, "/intern/verwaltung/freigabe", [("csrf", emil.csrf), ("aktion", "zurueckziehen"), ("l", "quartier")], cookie: emil.cookie)
            #expect(try await client.execute(uri: "/gebiet/Q1", method: .get).status == .notFound)
        }
        #expect(try await inst.instance.audit(town: "weserbrueck").contains { $0.action == "freigegeben" && $0.detail == "Gebietsebene quartier" })
    }

    /// Row 8 and row 11: parallel attempts cannot check more passwords than the limit, and a
    /// missing account is reported locked exactly like a real one.
    @Test func parallelLoginsAreThrottledAtomicallyAndLocksDoNotRevealAccounts() async throws {
        let inst = try await Installation.make { $0.trustedProxies = ["127.0.0.1"] }
        try await inst.app().test(.live) { client in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<24 {
                    group.addTask { try await HTTP.attempt(client, "anna", "falsch-falsch-\(i)", forwardedFor: "198.51.100.\(i + 1)").status.code }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 401 }.count == 5, "\(statuses.sorted())")
            #expect(statuses.filter { $0 == 429 }.count == 19)
            // From one address: 30 parallel attempts on 30 logins check at most 20 passwords.
            let fromOne = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<30 {
                    group.addTask { try await HTTP.attempt(client, "niemand\(i)", "falsch-falsch-1", forwardedFor: "203.0.113.9").status.code }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(fromOne.filter { $0 == 401 }.count == 20, "\(fromOne.sorted())")
            // A missing login after five failures reads exactly like the locked real one.
            for _ in 0..<5 { _ = try await HTTP.attempt(client, "gibtsnicht", "falsch-falsch-1", forwardedFor: "192.0.2.7") }
            let missing = try await HTTP.attempt(client, "gibtsnicht", "falsch-falsch-1", forwardedFor: "192.0.2.8")
            let real = try await HTTP.attempt(client, "anna", Installation.password, forwardedFor: "192.0.2.9")
            #expect(missing.status == .tooManyRequests && real.status == .tooManyRequests)
            func message(_ r: TestResponse) -> String {
                let after = HTTP.body(r).components(separatedBy: "role=\"alert\">").dropFirst().first ?? ""
                return String(after.prefix { $0 != "<" })
            }
            #expect(message(missing).contains("gesperrt"))
            #expect(message(missing) == message(real))
        }
    }

    /// Row 11: HEAD answers like GET without a body, /metrics only for this machine, a huge
    /// search term costs no more than a short one, and upload errors name the uploaded file.
    @Test func headMetricsSearchAndUploadMessages() async throws {
        let store = try await RouteTests.demoStore()
        try await buildApplication(store: store, configuration: ServerConfiguration(port: 0)).test(.live) { client in
            let head = try await client.execute(uri: "/indikator/kinderarmut", method: .head)
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(try await client.execute(uri: "/gibt-es-nicht", method: .head).status == .notFound)
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .ok)
            let proxied = try await client.execute(uri: "/metrics", method: .get, headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.5"])
            #expect(proxied.status == .forbidden)
            // 8 KB: answered, with the term cut to 100 characters.
            let search = try await client.execute(uri: "/suche?q=" + String(repeating: "Altstadt", count: 1_000), method: .get)
            #expect(search.status == .ok)
            #expect(!String(buffer: search.body).contains(String(repeating: "Altstadt", count: 13)))
            // 72 KB in the request line: refused by the HTTP parser's limits before any handler runs (the server then closes the connection).
            let huge = try await client.execute(uri: "/suche?q=" + String(repeating: "Altstadt", count: 9_000), method: .get)
            #expect(huge.status.code >= 400 && huge.status.code < 500)
        }
        let inst = try await Installation.make()
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil")
            let (body, type) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("gebiete".utf8)),
                                               ("code", nil, Array("SR_ID".utf8)), ("datei", "stadtteile-2026.zip", Array("kein zip".utf8))])
            let r = try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: type], body: body)
            #expect(r.status == .unprocessableContent)
            let page = HTTP.body(r)
            #expect(page.contains("stadtteile-2026.zip"))
            #expect(!page.contains(inst.configuration.uploadDirectory))
        }
    }

    /// Row 13: rolling an import back also removes the variables it created (and only those).
    @Test func rollbackRemovesTheVariablesItsImportCreated() async throws {
        let store = try await RouteTests.demoStore()
        var mapping = TableMapping()
        mapping.unmapped = .create
        let raw = Array("Gebiet;Variable;Jahr;Wert\nSR01;Schulwegunfälle;2025;3\nSR02;ew_gesamt;2026;1700\n".utf8)
        let variablesBefore = try await store.variables().map(\.key)
        let (_, receipt) = try await ImportService(store: store).importTable(raw: raw, file: "neu.csv", mapping: mapping)
        let created = Set(try await store.variables().map(\.key)).subtracting(variablesBefore)
        #expect(created.count == 1)
        _ = try await store.rollback(batchID: receipt.batchID)
        #expect(try await store.variables().map(\.key) == variablesBefore)
        #expect(try await store.values(variableKeys: ["ew_gesamt"], periods: [Period(year: 2026)], areaCodes: nil).isEmpty)
    }

    /// Row 13: an upload is claimed before its import, so parallel (or repeated) confirmations
    /// import it once.
    @Test func anUploadIsImportedAtMostOnce() async throws {
        let inst = try await Installation.make()
        let batches = try await inst.a.batches().count
        let csv = Array("Gebiet;Variable;Jahr;Wert\nSR01;ew_gesamt;2030;1234\n".utf8)
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil")
            let (body, type) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("tabelle".utf8)), ("datei", "neu.csv", csv)])
            let preview = HTTP.body(try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: type], body: body))
            let token = try #require(preview.range(of: "/verwaltung/hochladen/").map { String(preview[$0.upperBound...].prefix(64)) })
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await HTTP.post(client, "/intern/verwaltung/hochladen/\(token)/uebernehmen", [("csrf", emil.csrf)], cookie: emil.cookie).status.code }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == 404 || $0 == 409 }.count == 3, "\(statuses)")
        }
        #expect(try await inst.a.batches().count == batches + 1)
    }

    /// Row 13: the import's audit record and the consumption of its upload are written in the
    /// import's own transaction. A server killed right after the commit (the import is in, the
    /// stash still there, no log written by the server) leaves an audit entry, and a second
    /// confirmation of the same upload is refused instead of importing it again.
    @Test func anImportAndItsAuditEntryCommitTogether() async throws {
        let inst = try await Installation.make()
        let batches = try await inst.a.batches().count
        let csv = Array("Gebiet;Variable;Jahr;Wert\nSR01;ew_gesamt;2031;4321\n".utf8)
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil")
            let (body, type) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("tabelle".utf8)), ("datei", "nachkill.csv", csv)])
            let preview = HTTP.body(try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: type], body: body))
            let token = try #require(preview.range(of: "/verwaltung/hochladen/").map { String(preview[$0.upperBound...].prefix(64)) })
            // What the server's confirmation does up to its commit, and then it dies.
            _ = try await ImportService(store: inst.a, origin: ImportOrigin(user: "emil", uploadToken: token))
                .importTable(raw: csv, file: "nachkill.csv", mapping: TableMapping(), label: "nachkill.csv")
            let again = try await HTTP.post(client, "/intern/verwaltung/hochladen/\(token)/uebernehmen", [("csrf", emil.csrf)], cookie: emil.cookie)
            #expect(again.status == .conflict)
            #expect(HTTP.body(again).contains("schon übernommen: Import Nr."))
            // The stash is gone after the refusal.
            let third = try await HTTP.post(client, "/intern/verwaltung/hochladen/\(token)/uebernehmen", [("csrf", emil.csrf)], cookie: emil.cookie)
            #expect(third.status == .notFound)
            #expect(try await inst.a.batches().count == batches + 1)

            // The rollback records who did it in the same way.
            let newest = try #require(try await inst.a.batches().first)
            let rolled = try await HTTP.post(client, "/intern/verwaltung/importe/\(newest.id)/zuruecknehmen", [("csrf", emil.csrf)], cookie: emil.cookie)
            #expect(rolled.status == .ok)

            let anna = try await HTTP.login(client, "anna")
            let log = HTTP.body(try await client.execute(uri: "/intern/verwaltung/protokoll", method: .get, headers: [.cookie: anna.cookie]))
            #expect(log.contains("importiert"))
            #expect(log.contains("„nachkill.csv“ als Nr. \(newest.id)"))
            #expect(log.contains("Import zurückgenommen"))
        }
        let entries = try await TownAudit.entries(instance: inst.instance, store: inst.a, town: "weserbrueck")
        #expect(entries.prefix(2).map(\.action) == ["Import zurückgenommen", "importiert"])
        #expect(entries.filter { $0.action == "importiert" && $0.user == "emil" }.count == 1)
    }

    /// Row 14: error texts say what is wrong, show control characters, and stay short.
    @Test func errorTextsNameTheProblemAndStayShort() {
        func failure(_ raw: [UInt8]) -> String {
            do {
                _ = try TableReader(mapping: TableMapping(), context: TableContext(areaCodes: ["SR01"], variables: StandardCatalog.variables)).read(raw: raw, file: "t.csv")
                return "accepted"
            } catch { return error.description }
        }
        let text = "Gebiet;Variable;Jahr;Wert\nSR01;ew_gesamt;2024;12\n"
        let utf16 = failure(text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(utf16.contains("UTF-16LE ohne Byte-Order-Mark"), "\(utf16)")
        let nul = failure(Array("Gebiet;Variable;Jahr;Wert\nSR01;ew_gesamt;2024;1\u{0}2\n".utf8))
        #expect(nul.contains("„1\\u{0}2“"), "\(nul)")
        #expect(!nul.contains("\u{0}"))
        let wide = "Gebiet;" + (0..<200_000).map { "Spalte\($0)" }.joined(separator: ";") + "\nSR01;" + String(repeating: "1;", count: 199_999) + "1\n"
        let message = failure(Array(wide.utf8))
        #expect(message.contains("Nichts wurde importiert"), "\(message.prefix(300))")
        #expect(message.utf8.count < 200_000, "\(message.utf8.count) bytes")
    }

    /// Found by fuzzing: deeply nested formulas overflowed the parser's stack. Nesting and length
    /// are bounded and refused with a message.
    @Test func deeplyNestedFormulasAreRefused() throws {
        #expect(throws: FormulaError.self) { try Formula(String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)) }
        #expect(throws: FormulaError.self) { try Formula(String(repeating: "-", count: 100_000) + "1") }
        #expect(throws: FormulaError.self) { try Formula(String(repeating: "sum(", count: 5_000) + "1" + String(repeating: ")", count: 5_000)) }
        #expect(throws: FormulaError.self) { try Formula(Array(repeating: "1", count: 2_000).joined(separator: "+")) }
        let nested = String(repeating: "(", count: 60) + "a / b" + String(repeating: ")", count: 60)
        #expect(try Formula(nested).variables.sorted() == ["a", "b"])
        do { _ = try Formula(String(repeating: "(", count: 70) + "1" + String(repeating: ")", count: 70)); Issue.record("accepted") } catch {
            #expect(error.message.contains("mehr als 64 Klammern"))
        }
    }
}
