import Foundation
import QuartierCore
import QuartierFormats
import QuartierStore
import QuartierTestSupport
import Testing

/// The built `quartier` binary, run end to end on fixture files.
@Suite(.serialized) struct CommandLineTests {
    @Test func helpShowsExamples() throws {
        let root = try Support.run(["--help"])
        #expect(root.status == 0)
        #expect(root.stdout.contains("Examples:"))
        for sub in [["serve", "--help"], ["demo", "--help"], ["import", "table", "--help"], ["import", "areas", "--help"]] {
            let r = try Support.run(sub)
            #expect(r.status == 0, "\(sub)")
            #expect(r.stdout.contains("Example"), "\(sub)")
        }
    }

    @Test func demoThenImportAreasAndTables() throws {
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("a.sqlite").path
        let demo = try Support.run(["demo", "--db", db])
        #expect(demo.status == 0)
        #expect(demo.stdout.contains("22 Gebiete"))
        let again = try Support.run(["demo", "--db", db])
        #expect(again.status == 1)
        #expect(again.stderr.contains("enthält schon Gebiete"))

        let db2 = dir.appendingPathComponent("b.sqlite").path
        let areas = try Support.run(["import", "areas", Support.examples.appendingPathComponent("gebiete.geojson").path, "--db", db2,
                                     "--level", "Sozialraum", "--code-property", "SR_ID", "--name-property", "SR_Name"])
        #expect(areas.status == 0, "\(areas.stderr)")
        #expect(areas.stdout.contains("3 Gebiete der Ebene „Sozialraum“ importiert (Koordinatensystem EPSG:25832, ETRS89 / UTM zone 32N; nach ETRS89 umgerechnet mit: Inverse of UTM zone 32N"), "\(areas.stdout)")
        let long = try Support.run(["import", "table", Support.examples.appendingPathComponent("werte-lang.csv").path, "--db", db2])
        #expect(long.status == 0, "\(long.stderr)")
        #expect(long.stdout.contains("Importiert: 6 Werte"))
        let wide = try Support.run(["import", "table", Support.examples.appendingPathComponent("werte-breit.csv").path, "--db", db2,
                                    "--period", "2024", "--map", "Einwohner=ew_gesamt", "--map", "Arbeitslose=alo_gesamt"])
        #expect(wide.status == 0, "\(wide.stderr)")
        #expect(wide.stdout.contains("Breitformat"))
        let dry = try Support.run(["import", "table", Support.examples.appendingPathComponent("werte-lang.csv").path, "--db", db2, "--dry-run"])
        #expect(dry.stdout.contains("Probelauf: nichts geschrieben."))
    }

    @Test func reportCommandWritesAPrintableFile() throws {
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("r.sqlite").path
        #expect(try Support.run(["demo", "--db", db]).status == 0)
        let out = dir.appendingPathComponent("bericht.html").path
        let r = try Support.run(["report", out, "--db", db, "--year", "2025"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("href=\"quartier.css\""))
        #expect(html.contains("Sozialbericht Weserbrück"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("quartier.css").path))
        let empty = try Support.run(["report", dir.appendingPathComponent("x.html").path, "--db", dir.appendingPathComponent("leer.sqlite").path])
        #expect(empty.status == 1 && empty.stderr.contains("keine Indikatoren"))
    }

    @Test func databaseLocationFromEnvironment() async throws {
        let dir = try Support.temporaryDirectory()
        let r = try Support.run(["demo"], environment: ["QUARTIER_DATA_DIR": dir.path])
        #expect(r.status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("quartier.sqlite").path))
        let explicit = dir.appendingPathComponent("x.sqlite").path
        #expect(try Support.run(["demo"], environment: ["QUARTIER_DB": explicit]).status == 0)
        #expect(FileManager.default.fileExists(atPath: explicit))
    }

    @Test func badFileFailsWithMessageAndExitCode() throws {
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("c.sqlite").path
        #expect(try Support.run(["demo", "--db", db]).status == 0)
        let before = try Support.run(["import", "table", "--help"]).status
        #expect(before == 0)
        let bad = try Support.write("Gebiet;Variable;Jahr;Wert\nSR01;ew_gesamt;2025;viele\n", to: "bad.csv", in: dir)
        let r = try Support.run(["import", "table", bad.path, "--db", db])
        #expect(r.status == 1)
        #expect(r.stderr.contains("bad.csv:2:4: Spalte 4 (Wert): gefunden „viele“"))
        #expect(r.stderr.contains("Nichts wurde importiert."))
        let missing = try Support.run(["import", "table", dir.appendingPathComponent("fehlt.csv").path, "--db", db])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("fehlt.csv: Datei nicht gefunden"))
        let badOption = try Support.run(["import", "areas", bad.path, "--db", db, "--level", "X", "--code-property", "c", "--crs", "EPSG:9999"])
        #expect(badOption.status == 1)
        #expect(badOption.stderr.contains("--crs"))
    }

    /// The real Flensburg social atlas imports with the example mapping, and its values reach the API.
    @Test(Oracle.needs(shared: ["data/flensburg/flensburg_long.csv"], "real Flensburg table"))
    func flensburgImportsWithTheShippedMapping() async throws {
        let csv = Oracle.sharedFile("data/flensburg/flensburg_long.csv")
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("fl.sqlite").path
        let r = try Support.run(["import", "table", csv.path, "--db", db, "--mapping", Support.examples.appendingPathComponent("flensburg/mapping.ini").path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Importiert: 2275 Werte"))
        let store = try SQLiteAtlasStore(path: db)
        #expect(try await store.areas(levelKey: "stadtteil").count == 13)
        let altstadt = try await store.values(variableKeys: ["ew_gesamt"], periods: [Period(year: 2022)], areaCodes: ["STGT01"])
        #expect(altstadt.first?.value == 3907)
        let suppressed = try await store.values(variableKeys: ["housing_assistance_cases_by_district_notices_of_rent_arrears"], periods: [Period(year: 2021)], areaCodes: ["STGT01"])
        #expect(suppressed.first?.status == .suppressed)
    }
}

@Suite struct AnalysisCommandTests {
    @Test func classifyPrintsBoundsAndCounts() throws {
        let dir = try Support.temporaryDirectory()
        let f = try Support.write("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n", to: "v.txt", in: dir)
        let r = try Support.run(["classify", f.path, "--method", "quantile", "--classes", "5"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("(-inf, 2.8]\t2"))
        #expect(r.stdout.contains("(8.2, 10.0]\t2"))
        let csv = try Support.write("Gebiet;Wert\n1;1,5\n2;2,5\n3;x\n4;10\n", to: "v.csv", in: dir)
        let j = try Support.run(["classify", csv.path, "--column", "Wert", "--method", "jenks", "--classes", "2"])
        #expect(j.stdout.contains("3 Werte"))
        let bad = try Support.run(["classify", f.path, "--method", "zufall"])
        #expect(bad.status == 1 && bad.stderr.contains("--method"))
    }

    /// A few hundred areas, Berlin-style status and dynamics classes, from a CSV file.
    @Test func indexOnAFewHundredAreas() throws {
        let dir = try Support.temporaryDirectory()
        var text = "PLR;EW;alo;transfer;kinderarmut;d_alo;d_transfer;d_kinderarmut\n"
        var g = UInt64(12345)
        func next() -> Double { g = g &* 6364136223846793005 &+ 1442695040888963407; return Double(g >> 11) / Double(1 << 53) }
        for i in 0..<300 {
            let level = next()
            let ew = i % 50 == 0 ? 150 : 400 + Int(next() * 5000)
            let v = [2 + 10 * level, 5 + 30 * level, 8 + 50 * level, next() - 0.5, next() - 0.5, next() - 0.5]
            text += "P\(1000 + i);\(ew);" + v.map { String(format: "%.2f", $0).replacingOccurrences(of: ".", with: ",") }.joined(separator: ";") + "\n"
        }
        let f = try Support.write(text, to: "plr.csv", in: dir)
        let r = try Support.run(["index", f.path, "--area-column", "PLR", "--population-column", "EW",
                                 "--status", "alo,transfer,kinderarmut", "--dynamics", "d_alo,d_transfer,d_kinderarmut"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 301)
        #expect(lines[0].hasPrefix("Gebiet;Status_Index;Status_Klasse;Dynamik_Index;Dynamik_Klasse;Gruppe;Ausschluss;z_alo"))
        #expect(lines.filter { $0.contains("weniger als 300 Einwohner") }.count == 6)
        for label in ["hoch", "mittel", "niedrig"] { #expect(lines.contains { $0.split(separator: ";", omittingEmptySubsequences: false)[2] == label }) }
        #expect(lines.contains { $0.contains(";stabil;") })
        let gisd = try Support.run(["index", f.path, "--area-column", "PLR", "--population-column", "EW", "--method", "pca",
                                    "--status", "alo,transfer,kinderarmut", "--dimensions", "Arbeit,Einkommen,Einkommen", "--quantile-classes", "5:9"])
        #expect(gisd.status == 0, "\(gisd.stderr)")
        let gisdRows = gisd.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ";", omittingEmptySubsequences: false) }
        #expect(Set(gisdRows.map { String($0[2]) }).subtracting([""]) == ["1", "2", "3", "4", "5"])
        let imd = try Support.run(["index", f.path, "--area-column", "PLR", "--population-column", "EW", "--method", "rank-exp",
                                   "--status", "alo,transfer,kinderarmut", "--weights", "0.5,0.3,0.2", "--quantile-classes", "10"])
        #expect(imd.status == 0, "\(imd.stderr)")
        #expect(imd.stdout.hasPrefix("Gebiet;Index;Rang;Dezil;Klasse;Ausschluss;Anteil_alo;Anteil_transfer;Anteil_kinderarmut;Klasse_aendert_sich_ohne"))
        let ratio = try Support.run(["index", f.path, "--area-column", "PLR", "--method", "ratio", "--status", "alo"])
        #expect(ratio.status == 1 && ratio.stderr.contains("--town-row"))
        let ratioOK = try Support.run(["index", f.path, "--area-column", "PLR", "--method", "ratio", "--status", "alo,transfer",
                                       "--town-row", "P1000", "--status-thresholds", "100", "--status-labels", "unter Stadt,über Stadt"])
        #expect(ratioOK.status == 0, "\(ratioOK.stderr)")
        #expect(!ratioOK.stdout.contains("P1000;"))
        let badWeights = try Support.run(["index", f.path, "--area-column", "PLR", "--method", "minmax", "--status", "alo,transfer", "--weights", "1"])
        #expect(badWeights.status == 1 && badWeights.stderr.contains("--weights: 1 Angaben für 2 Indikatoren"))
        let missing = try Support.run(["index", f.path, "--status", "gibtsnicht"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("Spalte(n) fehlen: Gebiet, gibtsnicht"))
    }
}

@Suite struct IndicatorCommandTests {
    @Test func addValidatesTheFormulaAndKeepsVersions() throws {
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("i.sqlite").path
        #expect(try Support.run(["demo", "--db", db]).status == 0)
        let bad = try Support.run(["indicator", "add", "--db", db, "--key", "x", "--name", "X", "--formula", "share(ew_0_2, ew_gesamt", "--unit", "%", "--topic", "T"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("Zeichen 24: „)“ erwartet"))
        #expect(bad.stderr.contains("\n                         ^"))
        let unknown = try Support.run(["indicator", "add", "--db", db, "--key", "x", "--name", "X", "--formula", "share(kinder, ew_gesamt)", "--unit", "%", "--topic", "T"])
        #expect(unknown.status == 1 && unknown.stderr.contains("unbekannte Variable „kinder“"))
        let ok = try Support.run(["indicator", "add", "--db", db, "--key", "kinderarmut", "--name", "Kinderarmut (neu)", "--formula",
                                  "share(sgb2_u15, ew_0_2 + ew_3_5 + ew_6_9 + ew_10_14 + ew_15_17)", "--unit", "%", "--topic", "Soziale Lage",
                                  "--polarity", "need", "--valid-from", "2022-01-01"])
        #expect(ok.status == 0, "\(ok.stderr)")
        let list = try Support.run(["indicator", "list", "--db", db])
        #expect(list.stdout.contains("kinderarmut\tKinderarmut (neu)\tshare(sgb2_u15, ew_0_2 + ew_3_5 + ew_6_9 + ew_10_14 + ew_15_17)\t%\t(2 Versionen)"))
    }
}
