import Foundation
import QuartierCore
import QuartierDemo
import QuartierStore
import Testing

/// LibreOffice (Debian libreoffice-calc-nogui, installed by .ci/run) opens the XLSX exports with
/// the same values as the CSV.
@Suite(.serialized) struct SpreadsheetTests {
    /// Splits our CSV (semicolon, quotes) or LibreOffice's; numbers as Double where they parse.
    static func table(_ text: String, decimalComma: Bool) -> [[String]] {
        var rows: [[String]] = []
        for line in text.replacingOccurrences(of: "\u{FEFF}", with: "").split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            var fields: [String] = [], current = "", quoted = false
            for ch in line {
                if ch == "\"" { quoted.toggle(); continue }
                if ch == ";" && !quoted { fields.append(current); current = ""; continue }
                if ch != "\r" { current.append(ch) }
            }
            fields.append(current)
            rows.append(fields)
        }
        return rows
    }

    /// Has LibreOffice (headless, its own profile under `profile`) convert `file` with `filter`
    /// into the folder `into`; its exit status.
    static func convert(_ file: URL, to filter: String, into: URL, profile: URL) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/soffice")
        p.arguments = ["--headless", "-env:UserInstallation=file://" + profile.appendingPathComponent("profile").path,
                       "--convert-to", filter, "--outdir", into.path, file.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    static func number(_ s: String, comma: Bool) -> Double? {
        Double(comma ? s.replacingOccurrences(of: ",", with: ".") : s)
    }

    @Test func xlsxOpensInLibreOfficeWithTheCSVsValues() throws {
        let soffice = "/usr/bin/soffice"
        try #require(FileManager.default.isExecutableFile(atPath: soffice), "libreoffice-calc-nogui is installed by .ci/run")
        let dir = try Support.temporaryDirectory()
        let db = dir.appendingPathComponent("atlas.sqlite").path
        #expect(try Support.run(["demo", "--db", db]).status == 0)
        let csv = dir.appendingPathComponent("werte.csv"), xlsx = dir.appendingPathComponent("werte.xlsx")
        #expect(try Support.run(["export", csv.path, "--db", db, "--year", "2024"]).status == 0)
        #expect(try Support.run(["export", xlsx.path, "--db", db, "--year", "2024"]).status == 0)
        let out = dir.appendingPathComponent("lo")
        #expect(try Self.convert(xlsx, to: "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,false,false,false,false", into: out, profile: dir) == 0)
        let ours = Self.table(try String(contentsOf: csv, encoding: .utf8), decimalComma: true)
        let theirs = Self.table(try String(contentsOf: out.appendingPathComponent("werte.csv"), encoding: .utf8), decimalComma: false)
        #expect(ours.count == theirs.count)
        #expect(ours.count == 17)   // header and the 16 Sozialräume
        var numbers = 0
        for (a, b) in zip(ours, theirs) {
            #expect(a.count == b.count)
            for (x, y) in zip(a, b) {
                if let u = Self.number(x, comma: true), let v = Self.number(y, comma: false), !x.hasPrefix("0") || x.contains(",") {
                    #expect(abs(u - v) < 1e-9, "\(x) vs \(y)")
                    numbers += 1
                } else {
                    #expect(x == y, "\(x) vs \(y)")
                }
            }
        }
        #expect(numbers > 16 * 20)
        // Umlauts survive.
        #expect(theirs.contains { $0.contains("Mühlentorsfeld") })
    }

    /// LibreOffice saves the exported raw values as ODS; importing that file into an atlas with
    /// only the areas gives the same values, statuses and symbols (issue 17).
    @Test func anODSSavedByLibreOfficeImportsExactly() async throws {
        let soffice = "/usr/bin/soffice"
        try #require(FileManager.default.isExecutableFile(atPath: soffice), "libreoffice-calc-nogui is installed by .ci/run")
        let dir = try Support.temporaryDirectory()
        let full = dir.appendingPathComponent("voll.sqlite").path
        #expect(try Support.run(["demo", "--db", full]).status == 0)
        let xlsx = dir.appendingPathComponent("werte.xlsx"), first = dir.appendingPathComponent("erst.csv")
        #expect(try Support.run(["export", xlsx.path, "--db", full, "--values", "--internal", "--variable", "ew_gesamt", "--variable", "sgb2_u15"]).status == 0)
        #expect(try Support.run(["export", first.path, "--db", full, "--values", "--internal", "--variable", "ew_gesamt", "--variable", "sgb2_u15"]).status == 0)
        #expect(try Self.convert(xlsx, to: "ods", into: dir, profile: dir) == 0)
        let ods = dir.appendingPathComponent("werte.ods").path
        let empty = dir.appendingPathComponent("leer.sqlite").path
        let demo = DemoTown.batch()
        _ = try await SQLiteAtlasStore(path: empty).apply(ImportBatch(label: "Gebiete", kind: "areas", levels: demo.levels, areas: demo.areas,
                                                                      variables: demo.variables), progress: nil)
        let i = try Support.run(["import", "table", ods, "--db", empty])
        #expect(i.status == 0, "\(i.stderr)")
        #expect(i.stdout.contains("Blätter: 1 „werte“"), "\(i.stdout)")
        let again = dir.appendingPathComponent("wieder.csv")
        #expect(try Support.run(["export", again.path, "--db", empty, "--values", "--internal"]).status == 0)
        let a = try String(contentsOf: first, encoding: .utf8), b = try String(contentsOf: again, encoding: .utf8)
        #expect(a.split(separator: "\r\n").count > 300)
        #expect(a == b)
    }
}

