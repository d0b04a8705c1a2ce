import Foundation
import QuartierCore
import QuartierStore
import Testing

/// The command-line paths of issues 18 and 19 that the service tests do not go through:
/// `release --dry-run`, `import areas --encoding` and `--make-valid`, with their refusals.
@Suite struct YearlyCommandTests {
    @Test func releaseDryRunSaysWhatMovesAndChangesNothing() async throws {
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("d.sqlite").path
        #expect(try Support.run(["demo", "--db", db]).status == 0)
        let csv = "Gebiet;Variable;Jahr;Wert\n" + (1...16).map { String(format: "SR%02d;ew_gesamt;2026;%d\n", $0, 1900 + 7 * $0) }.joined()
        let file = try Support.write(csv, to: "ew2026.csv", in: dir)
        #expect(try Support.run(["import", "table", file.path, "--db", db]).status == 0)
        let before = try await SQLiteAtlasStore(path: db).publication()
        let r = try Support.run(["release", "--variable", "ew_gesamt", "--year", "2026", "--by", "Test", "--dry-run", "--db", db])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Probelauf: Freigabe von 1 Datensätzen, 0 Indikatoren, 0 Gebietsebenen; nichts wird geändert."), "\(r.stdout)")
        #expect(r.stdout.contains("  Einwohnerinnen und Einwohner: Stand 31.12.2025 → 31.12.2026; Werte in 16 von 16 Gebieten (Sozialraum)."))
        #expect(r.stdout.contains("! Teiljahr: „Frauenanteil“ bleibt bei Stand 31.12.2025, denn für den 31.12.2026 fehlen noch Werte für Einwohnerinnen (weiblich) (31.12.2026)."))
        #expect(try await SQLiteAtlasStore(path: db).publication() == before)
    }

    @Test func areaImportEncodingAndMakeValidOnTheCommandLine() async throws {
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("a.sqlite").path
        func layer(_ name: [UInt8], _ ring: String) -> [UInt8] {
            Array(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"c":"Q1","n":""#.utf8) + name
                + Array(#""},"geometry":{"type":"Polygon","coordinates":\#(ring)}}]}"#.utf8)
        }
        let square = "[[[9.2,52.63],[9.21,52.63],[9.21,52.64],[9.2,52.64],[9.2,52.63]]]"
        let latin1 = try Support.write(layer([0x53, 0xFC, 0x64], square), to: "sued.geojson", in: dir)   // "Süd" in ISO-8859-1
        let refused = try Support.run(["import", "areas", latin1.path, "--db", db, "--level", "Quartier", "--code-property", "c", "--name-property", "n"])
        #expect(refused.status != 0 && refused.stderr.contains("offenbar ISO-8859-1 kodiert") && refused.stderr.contains("--encoding iso-8859-1"), "\(refused.stderr)")
        let read = try Support.run(["import", "areas", latin1.path, "--db", db, "--level", "Quartier", "--code-property", "c", "--name-property", "n",
                                    "--encoding", "iso-8859-1"])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(try await SQLiteAtlasStore(path: db).area(code: "Q1")?.name == "Süd")
        let unknown = try Support.run(["import", "areas", latin1.path, "--db", db, "--level", "Quartier", "--code-property", "c", "--encoding", "ebcdic"])
        #expect(unknown.status != 0 && unknown.stderr.contains("--encoding: unbekannte Kodierung „ebcdic“"), "\(unknown.stderr)")
        let shp = try Support.run(["import", "areas", dir.appendingPathComponent("x.shp").path, "--db", db, "--level", "Quartier", "--code-property", "c",
                                   "--encoding", "windows-1252"])
        #expect(shp.status != 0 && shp.stderr.contains("--encoding gilt für GeoJSON"), "\(shp.stderr)")
        // A bow tie: refused with the option named, repaired with it, and the repair listed.
        let bowtie = try Support.write(layer(Array("Bogen".utf8), "[[[9.2,52.63],[9.21,52.64],[9.21,52.63],[9.2,52.64],[9.2,52.63]]]"), to: "bogen.geojson", in: dir)
        let invalid = try Support.run(["import", "areas", bowtie.path, "--db", db, "--level", "Quartier", "--code-property", "c", "--name-property", "n"])
        #expect(invalid.status != 0 && invalid.stderr.contains("schneidet sich selbst") && invalid.stderr.contains("--make-valid"), "\(invalid.stderr)")
        let repaired = try Support.run(["import", "areas", bowtie.path, "--db", db, "--level", "Quartier", "--code-property", "c", "--name-property", "n", "--make-valid"])
        #expect(repaired.status == 0, "\(repaired.stderr)")
        #expect(repaired.stdout.contains("Mit --make-valid repariert: 1 Gebiet") && repaired.stdout.contains("  Q1 (Bogen): Der Rand schneidet sich selbst")
                && repaired.stdout.contains("jetzt 2 Teilflächen"), "\(repaired.stdout)")
    }
}
