import Foundation
import QuartierCore
import QuartierDemo
import QuartierFormats
import QuartierTestSupport
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
    static func convert(_ file: URL, to filter: String, into: URL, profile: URL, from input: String? = nil) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/soffice")
        p.arguments = ["--headless", "-env:UserInstallation=file://" + profile.appendingPathComponent("profile").path]
            + (input.map { ["--infilter=" + $0] } ?? []) + ["--convert-to", filter, "--outdir", into.path, file.path]
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

    /// A table's cells as Quartier reads them, line by line (empty cells as "").
    static func cells(_ raw: [UInt8], file: String) throws -> [[String]] {
        var out: [[String]] = []
        try CSVDocument(raw: raw, file: file).forEachRecord { rec in out.append((0..<rec.count).map { rec.string($0) }) }
        return out
    }

    /// The same table, written as CSV and saved by LibreOffice as Excel 97–2003 (.xls), reads to the
    /// same cells: thousands of distinct texts and one of 20,000 characters (the shared-string table
    /// then runs over CONTINUE records, a string split between two of them), umlauts, numbers as
    /// integers and as fractions (RK and NUMBER records), negative numbers.
    @Test func anXLSSavedByLibreOfficeReadsLikeItsCSV() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice"), "libreoffice-calc-nogui is installed by .ci/run")
        let dir = try Support.temporaryDirectory()
        var lines = ["Gebiet,Name,Anzahl,Anteil"]
        for i in 1...3000 { lines.append("\(1000 + i),Straße Nr. \(i) – Łódź-Ufer,\(i * 7 - 5000),\(i % 8 == 0 ? "\(i / 8)" : "\(Double(i) / 8)")") }
        lines.append("9999," + String(repeating: "Längster Text", count: 1430) + ",12,0.1")
        let csv = dir.appendingPathComponent("tabelle.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        #expect(try Self.convert(csv, to: "xls:MS Excel 97", into: dir.appendingPathComponent("xls"), profile: dir, from: "CSV:44,34,76,1") == 0)
        let xls = [UInt8](try Data(contentsOf: dir.appendingPathComponent("xls/tabelle.xls")))
        #expect(xls.starts(with: [0xD0, 0xCF, 0x11, 0xE0]))
        let fromCSV = try Self.cells([UInt8](try Data(contentsOf: csv)), file: "tabelle.csv")
        let fromXLS = try Self.cells(xls, file: "tabelle.xls")
        #expect(fromXLS.count == 3002 && fromXLS.count == fromCSV.count)
        for (a, b) in zip(fromCSV, fromXLS) where a != b {
            Issue.record("\(a.prefix(4)) vs \(b.prefix(4))")
            break
        }
        #expect(fromXLS.last.map { $0.count > 1 ? $0[1].count : 0 } == 13 * 1430)
    }

    /// The real IT.NRW workbook reads cell by cell as LibreOffice reads it (every text and number
    /// LibreOffice shows; merged ranges are filled by Quartier, so cells LibreOffice leaves empty
    /// may hold their range's text).
    @Test(Oracle.needs(shared: ["data/formats/it_nrw/13211-03ir.xls"], "real IT.NRW .xls table"))
    func theRealXLSReadsAsLibreOfficeReadsIt() throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice"), "libreoffice-calc-nogui is installed by .ci/run")
        let dir = try Support.temporaryDirectory()
        let file = Oracle.sharedFile("data/formats/it_nrw/13211-03ir.xls")
        #expect(try Self.convert(file, to: "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,false,false,false,false", into: dir, profile: dir) == 0)
        let theirs = Self.table(try String(contentsOf: dir.appendingPathComponent("13211-03ir.csv"), encoding: .utf8), decimalComma: false)
        let ours = try Self.cells([UInt8](try Data(contentsOf: file)), file: "13211-03ir.xls")
        // Quartier leaves out rows without any cell; LibreOffice writes them as empty lines.
        let theirRows = theirs.filter { $0.contains { !$0.isEmpty } }
        #expect(ours.count == theirRows.count, "\(ours.count) vs \(theirRows.count)")
        var compared = 0
        for (a, b) in zip(ours, theirRows) {
            for (i, y) in b.enumerated() where !y.isEmpty {
                let x = i < a.count ? a[i] : ""
                if let u = Double(x), let v = Double(y) { #expect(u == v, "\(x) vs \(y)") } else { #expect(x == y, "\(x) vs \(y)") }
                compared += 1
            }
        }
        #expect(compared > 15 * 37)
    }
}
