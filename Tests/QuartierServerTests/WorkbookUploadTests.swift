import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import QuartierAtlas
import QuartierCore
import QuartierFormats
import QuartierServer
import QuartierStore
import Testing

/// Excel workbooks through the web upload, and the atlas's own downloads read back (issue 17).
@Suite struct WorkbookUploadTests {
    /// The indicator table downloaded as CSV and as XLSX reads back to the same values.
    @Test func theAtlasOwnDownloadsReadBackUnchanged() async throws {
        let store = try await RouteTests.demoStore()
        let (csv, xlsx) = try await buildApplication(store: store, configuration: ServerConfiguration()).test(.router) { client in
            let c = try await client.execute(uri: "/indikator/kinderarmut/daten.csv?jahr=2024", method: .get)
            let x = try await client.execute(uri: "/indikator/kinderarmut/daten.xlsx?jahr=2024", method: .get)
            #expect(c.status == .ok && x.status == .ok)
            return (Array(c.body.readableBytesView), Array(x.body.readableBytesView))
        }
        var mapping = try TableMapping(mappingText: """
            [columns]
            period = Stichtag
            [options]
            layout = wide
            unmapped = skip
            [variables]
            Kinderarmut (SGB II unter 15) (%) = kinderarmut_wert
            Zähler = kinderarmut_zaehler
            Nenner = kinderarmut_nenner
            """, file: "rueck.ini")
        mapping.unmapped = .skip
        let context = TableContext(areaCodes: Set(try await store.areas(levelKey: nil, includeGeometry: false).map(\.code)), variables: [])
        let fromCSV = try TableReader(mapping: mapping, context: context).read(raw: csv, file: "daten.csv")
        let fromXLSX = try TableReader(mapping: mapping, context: context).read(raw: xlsx, file: "daten.xlsx")
        func cells(_ d: TableData) -> [String] {
            d.entries.map { "\(d.areaCodes[Int($0.area)]) \(d.variables[Int($0.variable)].label) \($0.status) \($0.value)" }.sorted()
        }
        #expect(fromCSV.entries.count >= 16)
        #expect(cells(fromXLSX) == cells(fromCSV))
        #expect(fromXLSX.sheetName != nil && fromCSV.sheetName == nil)
        #expect(fromCSV.rowsWithoutCode.count == 1 && fromXLSX.rowsWithoutCode == fromCSV.rowsWithoutCode)
        #expect(Set(fromCSV.skipped.keys) == ["Status", "KI 95 % unten", "KI 95 % oben", "geringe Aussagekraft"])
    }

    /// An editor uploads a workbook whose values are on its second sheet; the preview names the
    /// sheets, the confirmation stores the values exactly as the number cells hold them.
    @Test func anExcelUploadIsPreviewedAndImported() async throws {
        let inst = try await Installation.make()
        var w = CSVWriter()
        w.row(["Gebiet", "Variable", "Jahr", "Wert"])
        w.row([.text("SR01"), .text("ew_gesamt"), .text("2032"), .number(1464)])
        w.row([.text("SR02"), .text("ew_gesamt"), .text("2032"), .number(2345)])
        let workbook = Array(try XLSXWriter.workbook(sheetName: "Einwohner", rows: w.rows))
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil")
            let (body, type) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("tabelle".utf8)), ("blatt", nil, Array("Einwohner".utf8)),
                                               ("datei", "einwohner-2032.xlsx", workbook)])
            let preview = try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: type], body: body)
            let html = HTTP.body(preview)
            #expect(preview.status == .ok)
            #expect(html.contains("Tabellenblatt") && html.contains("„Einwohner“ (in der Arbeitsmappe: 1 „Einwohner“)"))
            #expect(html.contains("Excel-Arbeitsmappe (XLSX)") && html.contains("<td>1464</td>"))
            let token = try #require(html.range(of: "/verwaltung/hochladen/").map { String(html[$0.upperBound...].prefix(64)) })
            let done = try await HTTP.post(client, "/intern/verwaltung/hochladen/\(token)/uebernehmen", [("csrf", emil.csrf)], cookie: emil.cookie)
            #expect(done.status == .ok)
            // A sheet that is not there: the message lists the sheets.
            let (b2, t2) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("tabelle".utf8)), ("blatt", nil, Array("Daten".utf8)),
                                           ("datei", "einwohner-2032.xlsx", workbook)])
            let wrong = try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: t2], body: b2)
            #expect(wrong.status == .unprocessableContent)
            let refused = HTTP.body(wrong)
            #expect(refused.contains("1 „Einwohner“"))
            // The error keeps the file and the choices: the sheet field holds what was typed, and
            // the form sent again with only the sheet corrected (no file) gives the preview.
            #expect(refused.contains("Die Datei „einwohner-2032.xlsx“ bleibt gewählt") && refused.contains(#"name="blatt" value="Daten""#), "\(refused.prefix(3000))")
            #expect(!refused.contains(#"name="datei" required"#))
            let kept = try #require(refused.range(of: #"name="behalten" value=""#).map { String(refused[$0.upperBound...].prefix(64)) })
            let (b3, t3) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("tabelle".utf8)), ("blatt", nil, Array("1".utf8)),
                                           ("behalten", nil, Array(kept.utf8)), ("datei", "", [])])
            let again = try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: t3], body: b3)
            let html3 = HTTP.body(again)
            #expect(again.status == .ok && html3.contains("Vorschau: einwohner-2032.xlsx") && html3.contains("<td>1464</td>"), "\(html3.prefix(2000))")
            // The kept file is someone's own: another user's token gives nothing.
            let anna = try await HTTP.login(client, "anna")
            let (b4, t4) = HTTP.multipart([("csrf", nil, Array(anna.csrf.utf8)), ("art", nil, Array("tabelle".utf8)), ("behalten", nil, Array(kept.utf8))])
            let foreign = try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: anna.cookie, .contentType: t4], body: b4)
            #expect(foreign.status == .badRequest || foreign.status == .forbidden)
        }
        let values = try await inst.a.values(variableKeys: ["ew_gesamt"], periods: [Period(year: 2032)], areaCodes: nil)
        #expect(Set(values.map { "\($0.areaCode)=\($0.value ?? -1)" }) == ["SR01=1464.0", "SR02=2345.0"])
    }

    /// The guided import: a workbook with an unknown column gets the mapping step (the file
    /// kept), the choices give a preview and the import, and the next upload of the same source
    /// is read by the saved template without asking.
    @Test func unknownColumnsAreMappedInTheFormAndRememberedAsATemplate() async throws {
        let inst = try await Installation.make()
        @Sendable func workbook(_ year: String, _ a: Double, _ b: Double) throws -> [UInt8] {
            var w = CSVWriter()
            w.row(["Gebiet", "Jahr", "Einwohnende insgesamt", "Bemerkung"])
            w.row([.text("SR01"), .text(year), .number(a), .text("geprüft")])
            w.row([.text("SR02"), .text(year), .number(b), .text("")])
            return Array(try XLSXWriter.workbook(sheetName: "Melderegister", rows: w.rows))
        }
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil")
            func upload(_ bytes: [UInt8], _ name: String) async throws -> (HTTPResponse.Status, String) {
                let (body, type) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("tabelle".utf8)), ("datei", name, bytes)])
                let r = try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: type], body: body)
                return (r.status, HTTP.body(r))
            }
            let (status, step) = try await upload(try workbook("2033", 1501, 1602), "melderegister-2033.xlsx")
            #expect(status == .ok)
            #expect(step.contains("Zuordnen: melderegister-2033.xlsx"))
            #expect(step.contains("name=\"l0\" value=\"Einwohnende insgesamt\"") && step.contains("name=\"l1\" value=\"Bemerkung\""))
            let token = try #require(step.range(of: "/verwaltung/hochladen/").map { String(step[$0.upperBound...].prefix(64)) })
            let mapped = try await HTTP.post(client, "/intern/verwaltung/hochladen/\(token)/zuordnen",
                                             [("csrf", emil.csrf), ("l0", "Einwohnende insgesamt"), ("v0", "ew_gesamt"), ("l1", "Bemerkung"), ("v1", "-"),
                                              ("vorlage", "Melderegister Jahresende")], cookie: emil.cookie)
            let preview = HTTP.body(mapped)
            #expect(mapped.status == .ok)
            #expect(preview.contains("Vorschau: melderegister-2033.xlsx") && preview.contains("Vorlage „Melderegister Jahresende“"), "\(preview.prefix(3000))")
            let next = try #require(preview.range(of: "/verwaltung/hochladen/").map { String(preview[$0.upperBound...].prefix(64)) })
            #expect(next != token)
            let done = try await HTTP.post(client, "/intern/verwaltung/hochladen/\(next)/uebernehmen", [("csrf", emil.csrf)], cookie: emil.cookie)
            #expect(HTTP.body(done).contains("als Vorlage „Melderegister Jahresende“ gespeichert"))
            // Next year's file of the same source: straight to the preview, read by the template.
            let (s2, again) = try await upload(try workbook("2034", 1510, 1611), "melderegister-2034.xlsx")
            #expect(s2 == .ok)
            #expect(again.contains("Vorschau: melderegister-2034.xlsx") && again.contains("Vorlage „Melderegister Jahresende“ (gleiche Spalten wie ein früherer Upload)"))
        }
        let values = try await inst.a.values(variableKeys: ["ew_gesamt"], periods: [Period(year: 2033)], areaCodes: nil)
        #expect(Set(values.map { "\($0.areaCode)=\($0.value ?? -1)" }) == ["SR01=1501.0", "SR02=1602.0"])
        #expect(try await inst.a.sourceTemplates().map(\.name) == ["Melderegister Jahresende"])
    }

    /// A value such as -9999 is asked about in the mapping step; stored as missing when chosen.
    /// Next year's file of a source has other years in its header ("2021 … 2025" where the
    /// template saw "2020 … 2024"): the template is found all the same and says so, and reads the
    /// new years.
    @Test func aTemplateRecognisesNextYearsFileOfItsSource() async throws {
        let inst = try await Installation.make()
        func sheet(_ years: [Int], _ values: [Double]) throws -> [UInt8] {
            var w = CSVWriter()
            w.row([.text("Einwohnerinnen und Einwohner am 31.12., \(years[0]) bis \(years[years.count - 1])"), "Stadtteil Nord"])
            w.row([.text("Merkmal")] + years.map { .number(Double($0)) })
            w.row([.text("Einwohnende insgesamt")] + values.map { .number($0) })
            return Array(try XLSXWriter.workbook(sheetName: "Zeitreihe", rows: w.rows))
        }
        let first = try sheet([2020, 2021, 2022], [1500, 1510, 1520])
        let second = try sheet([2023, 2024, 2025], [1530, 1540, 1555])
        let mapping = "[options]\nlayout = series\narea_code = SR01\nunmapped = skip\n[variables]\nEinwohnende insgesamt = ew_gesamt\n"
        let header = try #require(SourceTemplates.fingerprint(raw: first, file: "zeitreihe.xlsx", mapping: TableMapping()))
        try await inst.a.save(sourceTemplate: SourceTemplate(name: "Zeitreihe Nord", mapping: mapping, header: header), by: "Emil")
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil")
            let (body, type) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("tabelle".utf8)),
                                               ("datei", "zeitreihe-2025.xlsx", second)])
            let r = try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: type], body: body)
            let html = HTTP.body(r)
            #expect(r.status == .ok && html.contains("Vorlage „Zeitreihe Nord“ (gleiche Spalten wie ein früherer Upload, andere Jahre)"), "\(html.prefix(3000))")
            #expect(html.contains("31.12.2025"))
        }
        #expect(SourceTemplates.withoutYears("Merkmal | 2020 | Anzahl_2019 | 12024 | 1850") == "Merkmal | {jahr} | Anzahl_{jahr} | 12024 | 1850")
    }

    @Test func aMissingValueCodeIsAskedAboutInTheBrowser() async throws {
        let inst = try await Installation.make()
        let csv = Array("Gebiet;Variable;Jahr;Wert\nSR01;ew_gesamt;2037;1200\nSR02;ew_gesamt;2037;-9999\n".utf8)
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil")
            let (body, type) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("tabelle".utf8)), ("datei", "fehlwerte.csv", csv)])
            let step = HTTP.body(try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: type], body: body))
            #expect(step.contains("Der Wert -9999 steht meist für einen fehlenden Wert"), "\(step.prefix(2000))")
            let token = try #require(step.range(of: "/verwaltung/hochladen/").map { String(step[$0.upperBound...].prefix(64)) })
            let preview = HTTP.body(try await HTTP.post(client, "/intern/verwaltung/hochladen/\(token)/zuordnen",
                                                        [("csrf", emil.csrf), ("k0", "-9999"), ("c0", "fehlend")], cookie: emil.cookie))
            #expect(preview.contains("Als fehlend gespeichert (missing)"), "\(preview.prefix(3000))")
            let next = try #require(preview.range(of: "/verwaltung/hochladen/").map { String(preview[$0.upperBound...].prefix(64)) })
            _ = try await HTTP.post(client, "/intern/verwaltung/hochladen/\(next)/uebernehmen", [("csrf", emil.csrf)], cookie: emil.cookie)
        }
        let values = try await inst.a.values(variableKeys: ["ew_gesamt"], periods: [Period(year: 2037)], areaCodes: nil)
        #expect(Set(values.map { "\($0.areaCode)=\($0.status.key)" }) == ["SR01=ok", "SR02=missing"])
    }

    /// A cell that reads differently with either decimal mark is a question in the browser, not a
    /// dead end: the planner chooses the mark, and the values are stored as chosen.
    @Test func theDecimalMarkIsAskedInTheBrowser() async throws {
        let inst = try await Installation.make()
        let csv = Array("Gebiet;Variable;Jahr;Wert\nSR01;ew_gesamt;2038;1.464\nSR02;ew_gesamt;2038;4.22594\n".utf8)
        try await inst.app().test(.live) { client in
            let emil = try await HTTP.login(client, "emil")
            let (body, type) = HTTP.multipart([("csrf", nil, Array(emil.csrf.utf8)), ("art", nil, Array("tabelle".utf8)), ("datei", "quoten.csv", csv)])
            let step = HTTP.body(try await client.execute(uri: "/intern/verwaltung/hochladen", method: .post, headers: [.cookie: emil.cookie, .contentType: type], body: body))
            #expect(step.contains("Zellen wie „1.464“ (Zeile 2) lassen sich zweifach lesen"), "\(step.prefix(2500))")
            let token = try #require(step.range(of: "/verwaltung/hochladen/").map { String(step[$0.upperBound...].prefix(64)) })
            let preview = HTTP.body(try await HTTP.post(client, "/intern/verwaltung/hochladen/\(token)/zuordnen", [("csrf", emil.csrf), ("dezimal", "point")], cookie: emil.cookie))
            let next = try #require(preview.range(of: "/verwaltung/hochladen/").map { String(preview[$0.upperBound...].prefix(64)) }, "\(preview.prefix(2500))")
            _ = try await HTTP.post(client, "/intern/verwaltung/hochladen/\(next)/uebernehmen", [("csrf", emil.csrf)], cookie: emil.cookie)
        }
        let values = try await inst.a.values(variableKeys: ["ew_gesamt"], periods: [Period(year: 2038)], areaCodes: nil)
        #expect(Set(values.map { "\($0.areaCode)=\($0.value ?? -1)" }) == ["SR01=1.464", "SR02=4.22594"])
    }
}

