import Foundation
import Testing

/// One number reader for every command (issue 17): a column holding `1.464`, `4.22594` and
/// `12` is refused with the cell named, and `--decimal point` reads `1.464` as 1.464.
@Suite struct NumberReaderTests {
    @Test func everyCommandRefusesTheAmbiguousCellAndReadsItWithDecimalPoint() throws {
        let dir = try Support.temporaryDirectory()
        let table = try Support.write("Gebiet;alo;EW\nSR01;1.464;1000\nSR02;4.22594;1200\nSR03;12;900\nSR04;7.5;1100\n", to: "werte.csv", in: dir)

        let classify = try Support.run(["classify", table.path, "--column", "alo", "--method", "quantile", "--classes", "2"])
        #expect(classify.status == 1)
        #expect(classify.stderr.contains("werte.csv:2:2") && classify.stderr.contains("„1.464“") && classify.stderr.contains("--decimal point"), "\(classify.stderr)")
        let classifyPoint = try Support.run(["classify", table.path, "--column", "alo", "--method", "manual", "--breaks", "2,100", "--decimal", "point"])
        #expect(classifyPoint.status == 0, "\(classifyPoint.stderr)")
        #expect(classifyPoint.stdout.contains("(-inf, 2.0]\t1"), "\(classifyPoint.stdout)")      // 1.464 only

        let list = try Support.write("1.464\n4.22594\n12\n", to: "liste.txt", in: dir)
        let classifyList = try Support.run(["classify", list.path, "--method", "quantile", "--classes", "2"])
        #expect(classifyList.status == 1 && classifyList.stderr.contains("liste.txt:1:1"), "\(classifyList.stderr)")

        let index = try Support.run(["index", table.path, "--area-column", "Gebiet", "--status", "alo"])
        #expect(index.status == 1)
        #expect(index.stderr.contains("werte.csv:2:2") && index.stderr.contains("--decimal point"), "\(index.stderr)")
        let indexPoint = try Support.run(["index", table.path, "--area-column", "Gebiet", "--status", "alo", "--decimal", "point"])
        #expect(indexPoint.status == 0, "\(indexPoint.stderr)")
        #expect(indexPoint.stdout.split(separator: "\n").count == 5)

        let facilities = try Support.write("Name;Kategorie;x;y\nKita Nord;kita;9.464;52.6\nKita Süd;kita;9.22594;52.61\n", to: "kitas.csv", in: dir)
        let db = dir.appendingPathComponent("a.sqlite").path
        _ = try Support.run(["demo", "--database", db])
        let fac = try Support.run(["import", "facilities", facilities.path, "--database", db, "--crs", "EPSG:4326", "--x-column", "x", "--y-column", "y"])
        #expect(fac.status == 1 && fac.stderr.contains("kitas.csv:2:3") && fac.stderr.contains("„9.464“"), "\(fac.stderr)")

        let imported = try Support.run(["import", "table", table.path, "--database", db, "--layout", "wide", "--period", "2024", "--create-variables", "--dry-run"])
        #expect(imported.status == 1 && imported.stderr.contains("werte.csv:2:2"), "\(imported.stderr)")
        // Only the column that needs a point is read with one: EW keeps its German reading.
        let importedPoint = try Support.run(["import", "table", table.path, "--database", db, "--layout", "wide", "--period", "2024", "--create-variables",
                                             "--dry-run", "--decimal", "point"])
        #expect(importedPoint.status == 0, "\(importedPoint.stderr)")

        let counts = try Support.write("Gebiet;A;Insgesamt\nX;1.464;1\nY;4.22594;2\nZ;12;3\nInsgesamt;6;6\n", to: "zaehlung.csv", in: dir)
        let audit = try Support.run(["audit", counts.path])
        #expect(audit.status == 1 && audit.stderr.contains("zaehlung.csv:2:2") && audit.stderr.contains("„1.464“"), "\(audit.stderr)")
    }

    /// German numbers stay German: thousands points and decimal commas, and "-" is zero everywhere.
    @Test func germanNumbersAndTheDashReadAlike() throws {
        let dir = try Support.temporaryDirectory()
        let table = try Support.write("Gebiet;alo\nA1;1.464\nA2;2,5\nA3;-\nA4;12\n", to: "de.csv", in: dir)
        let r = try Support.run(["classify", table.path, "--column", "alo", "--method", "manual", "--breaks", "1,100,10000"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("4 Werte"), "\(r.stdout)")
        #expect(r.stdout.contains("(-inf, 1.0]\t1"), "\(r.stdout)")        // the dash: 0
        #expect(r.stdout.contains("(100.0, 10000.0]\t1"), "\(r.stdout)")   // 1.464 = 1464
    }
}
