import Foundation
import QuartierCore
import QuartierDemo
import QuartierStore
import Testing

/// `export --values` writes every stored digit, status and symbol; importing the file into an
/// atlas that has only the areas gives the same values again, from CSV and from XLSX (issue 17).
@Suite struct RoundTripTests {
    @Test(arguments: ["csv", "xlsx"]) func exportedValuesImportBackExactly(format: String) async throws {
        let dir = try Support.temporaryDirectory()
        let full = dir.appendingPathComponent("voll.sqlite").path
        #expect(try Support.run(["demo", "--db", full]).status == 0)
        // A few values no four-decimal rounding keeps, and a cell with a value, a status and a symbol.
        let store = try SQLiteAtlasStore(path: full)
        _ = try await store.apply(ImportBatch(label: "genau", kind: "table", values: ValueBatch(
            areaCodes: ["SR01", "SR02", "SR03"], variableKeys: ["ew_gesamt"], periods: ["2030-12-31"],
            entries: [.init(area: 0, variable: 0, period: 0, value: 4.22594),
                      .init(area: 1, variable: 0, period: 0, value: 0.1 + 0.2),
                      .init(area: 2, variable: 0, period: 0, status: 1, symbol: 3, value: 7)])), progress: nil)
        let exported = dir.appendingPathComponent("werte.\(format)").path
        let e = try Support.run(["export", exported, "--db", full, "--values", "--internal"])
        #expect(e.status == 0, "\(e.stderr)")

        // An atlas with the same areas and variables, and no values.
        let empty = dir.appendingPathComponent("leer.sqlite").path
        let demo = DemoTown.batch()
        _ = try await SQLiteAtlasStore(path: empty).apply(ImportBatch(label: "Gebiete", kind: "areas", municipality: demo.municipality, levels: demo.levels,
                                                                      areas: demo.areas, variables: demo.variables), progress: nil)
        let i = try Support.run(["import", "table", exported, "--db", empty])
        #expect(i.status == 0, "\(i.stderr)")

        let again = dir.appendingPathComponent("wieder.csv").path, first = dir.appendingPathComponent("erst.csv").path
        #expect(try Support.run(["export", first, "--db", full, "--values", "--internal"]).status == 0)
        #expect(try Support.run(["export", again, "--db", empty, "--values", "--internal"]).status == 0)
        let a = try String(contentsOfFile: first, encoding: .utf8), b = try String(contentsOfFile: again, encoding: .utf8)
        #expect(a.split(separator: "\r\n").count > 5_000)
        #expect(a == b)
        #expect(a.contains("SR01;ew_gesamt;2030-12-31;4,22594;ok;\r\n"))
        #expect(a.contains("SR02;ew_gesamt;2030-12-31;0,30000000000000004;ok;\r\n"))
        #expect(a.contains("SR03;ew_gesamt;2030-12-31;*;suppressed;*\r\n"))
    }

    /// `export` without --level takes the finest level, also from an atlas without indicators.
    @Test func exportWithoutLevelUsesTheFinestLevel() async throws {
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("gebiete.sqlite").path
        let demo = DemoTown.batch()
        _ = try await SQLiteAtlasStore(path: db).apply(ImportBatch(label: "Gebiete", kind: "areas", levels: demo.levels, areas: demo.areas), progress: nil)
        let out = dir.appendingPathComponent("gebiete.csv").path
        let r = try Support.run(["export", out, "--db", db, "--internal"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("nur die Gebiete der Ebene „sozialraum“"))
        #expect(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\r\n").count == 17)
    }
}
