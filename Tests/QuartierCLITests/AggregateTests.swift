import Foundation
import QuartierDemo
import QuartierTestSupport
import Testing

/// `quartier aggregate`: from a person-level register extract to protected counts.
@Suite(.serialized) struct AggregateTests {
    static var python: String { Oracle.python }

    static func runPython(_ args: [String], in dir: URL) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = args
        p.currentDirectoryURL = dir
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// The demo town's synthetic register (Quartier's own generator): every count equals the
    /// count of the persons the generator placed in that area, and the long table imports.
    @Test func countsEqualTheGeneratorsPlacementOnTheDemoTown() throws {
        let dir = try Support.temporaryDirectory()
        try DemoFiles.write(to: dir, seed: 7, persons: 31_507)
        let persons = dir.appendingPathComponent("melderegister.csv").path, areas = dir.appendingPathComponent("sozialraeume.geojson").path
        let groups = [0...2, 3...5, 6...9, 10...14, 15...17, 18...64, 65...200]
        let r = try Support.run(["aggregate", persons, "--areas", areas, "--code-property", "SR_ID", "--date", "2024-12-31",
                                 "--age-groups", "0-2,3-5,6-9,10-14,15-17,18-64,65-",
                                 "--out", dir.appendingPathComponent("ours.csv").path, "--crosstab", dir.appendingPathComponent("ours_crosstab.csv").path])
        #expect(r.status == 0, "\(r.stderr)")
        let labels = ["00-02", "03-05", "06-09", "10-14", "15-17", "18-64", "65+"]
        var ours: [String: Int] = [:]
        let lines = try String(contentsOf: dir.appendingPathComponent("ours_crosstab.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "SR_ID;Altersgruppe;Geschlecht;auslaendisch;Anzahl")
        for line in lines.dropFirst() {
            let f = line.split(separator: ";").map(String.init)
            let g = try #require(labels.firstIndex(of: f[1]), "age group \(f[1])")
            ours["\(f[0])|\(g)|\(f[2])|\(f[3] == "True")"] = Int(f[4])
        }
        let truth = SyntheticRegister(seed: 7, persons: 31_507).counts(ageGroups: groups)
        #expect(truth.values.reduce(0, +) == 31_500)
        #expect(ours == truth)
        let log = try String(contentsOf: dir.appendingPathComponent("ours.log"), encoding: .utf8)
        #expect(log.contains("Datensätze gelesen: 31507"))
        #expect(log.contains("ohne Koordinaten: 7"))
        // With the standard age groups the long table imports as it is, onto the demo's areas.
        #expect(try Support.run(["aggregate", persons, "--areas", areas, "--code-property", "SR_ID", "--date", "2024-12-31",
                                 "--out", dir.appendingPathComponent("ours.csv").path]).status == 0)
        let db = dir.appendingPathComponent("atlas.sqlite").path
        #expect(try Support.run(["import", "areas", areas, "--db", db, "--level", "Sozialraum", "--code-property", "SR_ID", "--name-property", "SR_Name"]).status == 0)
        let imp = try Support.run(["import", "table", dir.appendingPathComponent("ours.csv").path, "--db", db])
        #expect(imp.status == 0, "\(imp.stderr)")
        #expect(!imp.stdout.contains("neue Gebiete"), "\(imp.stdout)")
    }

    @Test(Oracle.needs(shared: ["bench/peers/gen_town.py", "bench/peers/peer_geopandas.py"], python: ["numpy", "shapely", "geopandas"], "geopandas peer pipeline"))
    func countsEqualThePeerPipelineOnTheSyntheticTown() throws {
        let dir = try Support.temporaryDirectory()
        let peers = Oracle.sharedFile("bench/peers")
        #expect(try Self.runPython([peers.appendingPathComponent("gen_town.py").path, "--preset", "nienburg", "--out", dir.path], in: dir) == 0)
        #expect(try Self.runPython([peers.appendingPathComponent("peer_geopandas.py").path, "nienburg_persons.csv", "nienburg_areas.geojson", "peer"], in: dir) == 0)
        let r = try Support.run(["aggregate", dir.appendingPathComponent("nienburg_persons.csv").path, "--areas", dir.appendingPathComponent("nienburg_areas.geojson").path,
                                 "--code-property", "SR_ID", "--date", "2024-12-31", "--age-groups", "0-2,3-5,6-9,10-14,15-17,18-64,65-",
                                 "--out", dir.appendingPathComponent("ours.csv").path, "--crosstab", dir.appendingPathComponent("ours_crosstab.csv").path])
        #expect(r.status == 0, "\(r.stderr)")
        let ours = try Data(contentsOf: dir.appendingPathComponent("ours_crosstab.csv"))
        let peer = try Data(contentsOf: dir.appendingPathComponent("peer_counts.csv"))
        #expect(ours == peer)
        let log = try String(contentsOf: dir.appendingPathComponent("ours.log"), encoding: .utf8)
        #expect(log.contains("Datensätze gelesen: 31507"))
        #expect(log.contains("ohne Koordinaten: 7"))
        // With the standard age groups the long table imports as it is.
        #expect(try Support.run(["aggregate", dir.appendingPathComponent("nienburg_persons.csv").path, "--areas", dir.appendingPathComponent("nienburg_areas.geojson").path,
                                 "--code-property", "SR_ID", "--date", "2024-12-31", "--out", dir.appendingPathComponent("ours.csv").path]).status == 0)
        let db = dir.appendingPathComponent("atlas.sqlite").path
        #expect(try Support.run(["import", "areas", dir.appendingPathComponent("nienburg_areas.geojson").path, "--db", db, "--level", "Sozialraum",
                                 "--code-property", "SR_ID", "--name-property", "SR_Name"]).status == 0)
        let imp = try Support.run(["import", "table", dir.appendingPathComponent("ours.csv").path, "--db", db])
        #expect(imp.status == 0, "\(imp.stderr)")
    }

    /// A small register with street addresses, households, dates and residence status.
    static func register(in dir: URL, bad: [String] = []) throws -> (persons: URL, streets: URL, areas: URL) {
        var rows = ["Personen_ID;Geburtsdatum;Geschlecht;Staatsangehoerigkeit;Haushalt_ID;Wohnungsstatus;Einzugsdatum;Strassenschluessel;Strasse;Hausnummer"]
        var id = 0
        func person(_ birth: String, _ sex: String, _ nat: String, _ hh: Int, _ street: String, _ name: String, _ number: String,
                    status: String = "H", moveIn: String = "2010-05-01") {
            id += 1
            rows.append("PX-\(90000 + id);\(birth);\(sex);\(nat);HH\(hh);\(status);\(moveIn);\(street);\(name);\(number)")
        }
        // Street 0101 (Lindenallee) odd numbers → A, even → B; street 0202 (Ulmenweg) → B.
        for k in 0..<120 {
            let hh = 1000 + k / 3
            person(k % 3 == 2 ? "2016-03-0\(1 + k % 9)" : "1980-01-1\(k % 10)", k % 2 == 0 ? "w" : "m", k % 7 == 0 ? "türkisch" : "deutsch", hh,
                   "0101", "Lindenallee", "\(2 * (k % 20) + 1)a")
        }
        for k in 0..<90 {
            person("1950-07-2\(k % 10)", k % 2 == 0 ? "weiblich" : "männlich", k % 11 == 0 ? "polnisch,deutsch" : "deutsch", 2000 + k,
                   k % 2 == 0 ? "0101" : "0202", k % 2 == 0 ? "Lindenallee" : "Ulmenweg", "\(2 * (k % 15) + 2)c", moveIn: k % 3 == 0 ? "2023-01-01" : "2001-01-01")
        }
        // A single parent with two children; a secondary residence; a street the directory does not know.
        person("1985-02-02", "w", "deutsch", 3000, "0202", "Ulmenweg", "4711b")
        person("2012-02-02", "m", "deutsch", 3000, "0202", "Ulmenweg", "4711b")
        person("2014-02-02", "w", "deutsch", 3000, "0202", "Ulmenweg", "4711b")
        person("1970-01-01", "m", "deutsch", 3001, "0202", "Ulmenweg", "13c", status: "N")
        person("1970-01-01", "m", "deutsch", 3002, "0909", "Geheimgasse", "999z")
        rows += bad
        let persons = try Support.write(rows.joined(separator: "\n") + "\n", to: "register.csv", in: dir)
        let streets = try Support.write("""
            Strassenschluessel;Hausnummer_von;Hausnummer_bis;Seite;Gebiet
            0101;1;199;ungerade;A
            0101;2;198;gerade;B
            0202;1;5000;alle;B
            """, to: "strassen.csv", in: dir)
        let areas = try Support.write("""
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"code":"A","parent":"N"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}},
             {"type":"Feature","properties":{"code":"B","parent":"N"},"geometry":{"type":"Polygon","coordinates":[[[10,0],[20,0],[20,10],[10,10],[10,0]]]}}]}
            """, to: "gebiete.geojson", in: dir)
        return (persons, streets, areas)
    }

    static func values(_ csv: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ";", omittingEmptySubsequences: false)
            out["\(f[0])/\(f[1])"] = String(f[3])
        }
        return out
    }

    @Test func streetDirectoryHouseholdsProtectionAndNoPersonDataInAnyOutput() throws {
        let dir = try Support.temporaryDirectory()
        let (persons, streets, areas) = try Self.register(in: dir)
        let out = dir.appendingPathComponent("counts.csv"), crosstab = dir.appendingPathComponent("kreuz.csv")
        let r = try Support.run(["aggregate", persons.path, "--streets", streets.path, "--areas", areas.path, "--parent-property", "parent",
                                 "--date", "2024-12-31", "--out", out.path, "--crosstab", crosstab.path, "--min-population", "20", "--town-code", "03256999"])
        #expect(r.status == 0, "\(r.stderr)")
        let csv = try String(contentsOf: out, encoding: .utf8)
        let v = Self.values(csv)
        // 60 odd Lindenallee persons (A), 60 even + 45 + 45 others… A: the odd 120 go to A.
        #expect(v["A/ew_gesamt"] == "120")
        #expect(v["B/ew_gesamt"] == "93")   // 90 + the single-parent household of three
        #expect(v["N/ew_gesamt"] == "213")
        #expect(v["03256999/ew_gesamt"] == "213")
        #expect(v["B/hh_alleinerziehend"] == "." || v["B/hh_alleinerziehend"] == "1" ? true : false)
        #expect(v["B/hh_alleinerziehend"] == ".")   // one household: withheld
        #expect(v["B/hh_einpersonen"] == "90")
        // B's single single-parent household is withheld; so A's households with children (40)
        // are withheld too, else B's would follow from the parent's total.
        #expect(v["N/hh_mit_kindern"] == "41")
        #expect(v["A/hh_mit_kindern"] == ".")
        // Residence ≥ 5 years: 30 of B's 90 older persons moved in 2023; the family of three in 2010.
        #expect(v["B/ew_wohndauer_5"] == "63")
        let log = try String(contentsOf: dir.appendingPathComponent("counts.log"), encoding: .utf8)
        #expect(log.contains("ausgeschlossen (Nebenwohnung): 1"))
        #expect(log.contains("Prüfung (lineare Programmierung): jede gesperrte Zelle bleibt geschützt"))
        #expect(log.contains("0909: 1"))
        // No relation is left with exactly one withheld cell.
        let ageKeys = ["ew_0_2", "ew_3_5", "ew_6_9", "ew_10_14", "ew_15_17", "ew_18_24", "ew_25_64", "ew_65_79", "ew_80_plus"]
        for area in ["A", "B", "N", "03256999"] {
            let hidden = (["ew_gesamt"] + ageKeys).filter { v["\(area)/\($0)"] == "." }.count
            #expect(hidden != 1, "\(area)")
        }
        for key in ["ew_gesamt", "hh_alleinerziehend"] + ageKeys {
            let hidden = ["A", "B", "N"].filter { v["\($0)/\(key)"] == "." }.count
            #expect(hidden != 1, "\(key) across A, B and their parent")
        }
        // Privacy: no person ID, street name or house number anywhere in what was written.
        var written = ""
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) where f != "register.csv" && f != "strassen.csv" {
            written += (try? String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)) ?? ""
        }
        written += r.stdout + r.stderr
        for secret in ["PX-9", "Lindenallee", "Ulmenweg", "Geheimgasse", "4711b", "999z", "13c", "1a;", "HH1", "HH3000"] {
            #expect(!written.contains(secret), "\(secret) leaked")
        }
    }

    @Test func badRowsAreCountedByLineAndTooManyStopTheRun() throws {
        let dir = try Support.temporaryDirectory()
        let (persons, streets, areas) = try Self.register(in: dir, bad: [
            "PX-99901;31.02.19xx;m;deutsch;HH9;H;;0101;Lindenallee;3a",
            "PX-99902;1990-01-01;q;deutsch;HH9;H;;0101;Lindenallee;3a",
        ])
        let out = dir.appendingPathComponent("counts.csv")
        let ok = try Support.run(["aggregate", persons.path, "--streets", streets.path, "--areas", areas.path, "--date", "2024-12-31", "--out", out.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        let log = try String(contentsOf: dir.appendingPathComponent("counts.log"), encoding: .utf8)
        #expect(log.contains("fehlerhafte Datensätze: 2"))
        #expect(log.contains("Zeile 217, Spalte 2: erwartet ein Geburtsdatum"))
        #expect(log.contains("Zeile 218, Spalte 3: erwartet ein Geschlecht"))
        #expect(!log.contains("PX-999"))
        // With a lower threshold the run stops and writes nothing.
        try? FileManager.default.removeItem(at: out)
        let stop = try Support.run(["aggregate", persons.path, "--streets", streets.path, "--areas", areas.path, "--date", "2024-12-31", "--out", out.path,
                                    "--max-bad-share", "0.005"])
        #expect(stop.status != 0)
        #expect(stop.stderr.contains("2 von 217 Datensätzen sind fehlerhaft"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(!stop.stderr.contains("PX-999"))
    }

    @Test func aFileScannedInPartsNamesTheRightLines() throws {
        // More than a megabyte: the extract is counted in parts on several threads; the line
        // numbers of bad rows must still be those of the file.
        let dir = try Support.temporaryDirectory()
        let (persons, streets, areas) = try Self.register(in: dir)
        let text = try String(contentsOf: persons, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        var all = [header]
        for _ in 0..<100 { all += lines }
        let badLine = all.count * 3 / 4
        all[badLine] = "PX-99902;1990-01-01;q;deutsch;HH9;H;;0101;Lindenallee;3a"
        let big = dir.appendingPathComponent("gross.csv")
        try Data((all.joined(separator: "\n") + "\n").utf8).write(to: big)
        #expect(try FileManager.default.attributesOfItem(atPath: big.path)[.size] as! Int > 1_000_000)
        let out = dir.appendingPathComponent("gross-counts.csv")
        let r = try Support.run(["aggregate", big.path, "--streets", streets.path, "--areas", areas.path, "--date", "2024-12-31", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let log = try String(contentsOf: dir.appendingPathComponent("gross-counts.log"), encoding: .utf8)
        #expect(log.contains("Zeile \(badLine + 1), Spalte 3: erwartet ein Geschlecht"), "\(log)")
        #expect(log.contains("Datensätze gelesen: \(all.count - 1)\n"), "\(log)")
        // The same file with a quote in its last line goes through the general reader, with the same counts.
        var quoted = all
        quoted[quoted.count - 1] = quoted[quoted.count - 1].replacingOccurrences(of: "Lindenallee", with: "\"Lindenallee\"")
        let q = dir.appendingPathComponent("quote.csv")
        try Data((quoted.joined(separator: "\n") + "\n").utf8).write(to: q)
        let qOut = dir.appendingPathComponent("quote-counts.csv")
        #expect(try Support.run(["aggregate", q.path, "--streets", streets.path, "--areas", areas.path, "--date", "2024-12-31", "--out", qOut.path]).status == 0)
        #expect(try String(contentsOf: qOut, encoding: .utf8) == (try String(contentsOf: out, encoding: .utf8)))
    }

    @Test func overlappingStreetRangesAreRejected() throws {
        let dir = try Support.temporaryDirectory()
        let (persons, _, areas) = try Self.register(in: dir)
        let streets = try Support.write("Strassenschluessel;Hausnummer_von;Hausnummer_bis;Seite;Gebiet\n0101;1;99;alle;A\n0101;51;120;ungerade;B\n", to: "s.csv", in: dir)
        let r = try Support.run(["aggregate", persons.path, "--streets", streets.path, "--areas", areas.path, "--date", "2024-12-31",
                                 "--out", dir.appendingPathComponent("x.csv").path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("s.csv:3"))
        #expect(r.stderr.contains("keine Überschneidung mit Zeile 2"))
    }

    @Test func aPointOnASharedBoundaryBelongsToExactlyOneArea() throws {
        let dir = try Support.temporaryDirectory()
        let (_, _, areas) = try Self.register(in: dir)
        let persons = try Support.write("""
            Personen_ID;Geburtsjahr;Geschlecht;Staatsangehoerigkeit;Rechtswert;Hochwert
            1;1990;m;deutsch;10;5
            2;1990;w;deutsch;10;10
            3;1990;w;deutsch;5;5
            4;1990;w;deutsch;15;5
            5;1990;w;deutsch;25;5
            """, to: "p.csv", in: dir)
        let out = dir.appendingPathComponent("o.csv")
        let r = try Support.run(["aggregate", persons.path, "--areas", areas.path, "--date", "2024-12-31", "--out", out.path, "--min-count", "1",
                                 "--min-population", "0", "--crs", "EPSG:4326"])
        #expect(r.status == 0, "\(r.stderr)")
        let v = Self.values(try String(contentsOf: out, encoding: .utf8))
        // (10, 5) lies on the shared edge: it goes east, to B. (10, 10) is on the top edge: outside.
        #expect(v["A/ew_gesamt"] == "1")
        #expect(v["B/ew_gesamt"] == "2")
        let log = try String(contentsOf: dir.appendingPathComponent("o.log"), encoding: .utf8)
        #expect(log.contains("Koordinaten außerhalb aller Gebiete: 2"))
    }

    /// Coordinates are read like every other number (issue 17): a decimal point or comma with
    /// thousands separators in groups of three; a cell like "5.123" in a file whose coordinates
    /// use a decimal point is refused with the cell and the option named, and `--decimal` settles it.
    @Test func coordinatesAreReadExactlyOrRefusedWithTheCellNamed() throws {
        let dir = try Support.temporaryDirectory()
        let (_, _, areas) = try Self.register(in: dir)
        func run(_ rows: [String], _ extra: [String] = []) throws -> (status: Int32, stderr: String, values: [String: String]) {
            let persons = try Support.write((["Personen_ID;Geburtsjahr;Geschlecht;Staatsangehoerigkeit;Rechtswert;Hochwert"] + rows).joined(separator: "\n") + "\n",
                                            to: "k.csv", in: dir)
            let out = dir.appendingPathComponent("k-out.csv")
            try? FileManager.default.removeItem(at: out)
            let r = try Support.run(["aggregate", persons.path, "--areas", areas.path, "--date", "2024-12-31", "--out", out.path, "--min-count", "1",
                                     "--min-population", "0", "--crs", "EPSG:4326"] + extra)
            return (r.status, r.stderr, (try? String(contentsOf: out, encoding: .utf8)).map(Self.values) ?? [:])
        }
        // German forms: decimal comma, thousands points with a decimal comma, thousands only.
        let german = try run(["1;1990;m;deutsch;5,5;2,25", "2;1990;w;deutsch;1.000,5;5", "3;1990;w;deutsch;15;1.000", "4;1990;w;deutsch;12,125;3"])
        #expect(german.status == 0, "\(german.stderr)")
        #expect(german.values["A/ew_gesamt"] == "1" && german.values["B/ew_gesamt"] == "1", "\(german.values)")
        // A decimal point elsewhere makes "5.123" open: refused, nothing written, both ways named.
        let open = try run(["1;1990;m;deutsch;5.5;2.25", "2;1990;w;deutsch;5.123;5"])
        #expect(open.status != 0)
        #expect(open.stderr.contains("„5.123“ (Zeile 3)") && open.stderr.contains("--decimal point oder --decimal comma"), "\(open.stderr)")
        #expect(open.values.isEmpty)
        let settled = try run(["1;1990;m;deutsch;5.5;2.25", "2;1990;w;deutsch;5.123;5", "3;1990;w;deutsch;15.5;5"], ["--decimal", "point"])
        #expect(settled.status == 0, "\(settled.stderr)")
        #expect(settled.values["A/ew_gesamt"] == "2" && settled.values["B/ew_gesamt"] == "1", "\(settled.values)")
        // Point and comma as decimal marks in one file: refused with both lines.
        let mixed = try run(["1;1990;m;deutsch;5.5;2", "2;1990;w;deutsch;5,5;5"])
        #expect(mixed.status != 0 && mixed.stderr.contains("Dezimalpunkt (Zeile 2)") && mixed.stderr.contains("Dezimalkomma (Zeile 3)"), "\(mixed.stderr)")
    }

    @Test func missingColumnsAndBadOptionsAreNamed() throws {
        let dir = try Support.temporaryDirectory()
        let (_, _, areas) = try Self.register(in: dir)
        let persons = try Support.write("Personen_ID;Geburtsjahr;Staatsangehoerigkeit;Rechtswert;Hochwert\n1;1990;deutsch;5;5\n", to: "ohne.csv", in: dir)
        let out = dir.appendingPathComponent("o.csv")
        let r = try Support.run(["aggregate", persons.path, "--areas", areas.path, "--date", "2024-12-31", "--out", out.path, "--crs", "EPSG:4326"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("ohne.csv:1"))
        #expect(r.stderr.contains("eine Spalte für Geschlecht"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let groups = try Support.run(["aggregate", persons.path, "--areas", areas.path, "--date", "2024-12-31", "--out", out.path, "--age-groups", "0-5,7-"])
        #expect(groups.status != 0)
        #expect(groups.stderr.contains("--age-groups"))
        let date = try Support.run(["aggregate", persons.path, "--areas", areas.path, "--date", "31.12.2024", "--out", out.path])
        #expect(date.status != 0)
        #expect(date.stderr.contains("--date: erwartet ein Datum JJJJ-MM-TT"))
    }
}
