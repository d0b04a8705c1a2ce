import Foundation
import Testing

/// `quartier audit`: intervals of withheld cells by linear programming.
@Suite(.serialized) struct AuditTests {
    @Test func twoWithheldCellsPerRowAndColumnCanStillBeTooNarrow() throws {
        let dir = try Support.temporaryDirectory()
        // Every row and column with a withheld cell has two; the naive rule is satisfied. Yet
        // x11 + x12 = 2, x21 + x22 = 3, x11 + x21 = 1, x12 + x22 = 4 leave x11 in [0; 1].
        let table = try Support.write("""
            Gebiet;unter 18;18 bis 64;65 und älter;Insgesamt
            Nord;.;.;10;12
            Süd;.;.;20;23
            West;4;6;8;18
            Insgesamt;5;10;38;53
            """, to: "t.csv", in: dir)
        let r = try Support.run(["audit", table.path])
        #expect(r.status != 0)
        #expect(r.stdout.contains("NICHT GESCHÜTZT\tNord / unter 18\t[0; 1]"))
        #expect(r.stdout.contains("4 gesperrte Zellen, 4 nicht ausreichend geschützt"))
        // With larger numbers the same pattern protects.
        let wide = try Support.write("""
            Gebiet;unter 18;18 bis 64;65 und älter;Insgesamt
            Nord;.;.;10;40
            Süd;.;.;20;50
            West;4;6;8;18
            Insgesamt;34;36;38;108
            """, to: "w.csv", in: dir)
        let ok = try Support.run(["audit", wide.path])
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect(ok.stdout.contains("geschützt\tNord / unter 18\t[0; 30]"))
    }

    @Test func linkedTablesAreAuditedTogether() throws {
        let dir = try Support.temporaryDirectory()
        // By sex: the two areas' cells and totals are withheld; alone every interval is wide.
        let sex = try Support.write("""
            Gebiet;Frauen;Männer;Insgesamt
            Nord;.;.;.
            Süd;.;.;.
            Insgesamt;6;8;14
            """, to: "geschlecht.csv", in: dir)
        // By age, another table of the same areas publishes Nord's total (2).
        let age = try Support.write("""
            Gebiet;jung;alt;Insgesamt
            Nord;.;.;2
            Süd;.;.;.
            Insgesamt;5;9;14
            """, to: "alter.csv", in: dir)
        let alone = try Support.run(["audit", sex.path])
        #expect(alone.status == 0, "\(alone.stdout)")
        let together = try Support.run(["audit", sex.path, age.path])
        #expect(together.status != 0)
        #expect(together.stdout.contains("NICHT GESCHÜTZT\tNord / Frauen\t[0; 2]"))
    }

    /// Two consecutive years and the published changes between them.
    static let year2023 = """
        Gebiet;Frauen;Männer;Insgesamt
        Nord;3;17;20
        Süd;21;9;30
        Insgesamt;24;26;50
        """
    static let year2024 = """
        Gebiet;Frauen;Männer;Insgesamt
        Nord;2;17;19
        Süd;22;9;31
        Insgesamt;24;26;50
        """
    static let change = """
        Gebiet;Frauen;Männer;Insgesamt
        Nord;-1;0;-1
        Süd;1;0;1
        Insgesamt;0;0;0
        """

    @Test func twoConsecutiveYearsAreLinkedByThePublishedChanges() throws {
        let dir = try Support.temporaryDirectory()
        let y23 = try Support.write(Self.year2023, to: "2023.csv", in: dir)
        // 2024 withholds Nord's women (2) and, so that the margins do not give them away, three more cells.
        let y24 = try Support.write(Self.year2024.replacingOccurrences(of: "Nord;2;17;19", with: "Nord;.;.;19")
                                        .replacingOccurrences(of: "Süd;22;9;31", with: "Süd;.;.;31"), to: "2024.csv", in: dir)
        let delta = try Support.write(Self.change, to: "veraenderung.csv", in: dir)
        // 2024 alone is protected, and so are both years together: their cells are different cells.
        #expect(try Support.run(["audit", y24.path]).status == 0)
        let both = try Support.run(["audit", "2023=" + y23.path, "2024=" + y24.path])
        #expect(both.status == 0, "\(both.stdout)")
        #expect(both.stdout.contains("geschützt\t2024: Nord / Frauen\t[0; 19]"))
        // Untagged, the two years' equal labels would wrongly be one cell: 2023's figures fill 2024's gaps.
        #expect(try Support.run(["audit", y23.path, y24.path]).stdout.contains("0 gesperrte Zellen"))
        // With the changes published, 2024's Nord women are 2023's 3 minus 1: recomputable.
        let linked = try Support.run(["audit", "2023=" + y23.path, "2024=" + y24.path, "2023-2024=" + delta.path])
        #expect(linked.status != 0)
        #expect(linked.stdout.contains("NICHT GESCHÜTZT\t2024: Nord / Frauen\t[2; 2]"), "\(linked.stdout)")
        // A bad year tag and a negative count in a year's table are named.
        let bad = try Support.run(["audit", "20234=" + y23.path])
        #expect(bad.status != 0 && bad.stderr.contains("20234"))
        let negative = try Support.write(Self.year2023.replacingOccurrences(of: "Nord;3;17;20", with: "Nord;-3;17;20"), to: "n.csv", in: dir)
        #expect(try Support.run(["audit", "2023=" + negative.path]).stderr.contains("n.csv:2:2"))
    }

    @Test func protectingTwoYearsWithTheirChangesWithholdsAcrossYears() throws {
        let dir = try Support.temporaryDirectory()
        let y23 = try Support.write(Self.year2023, to: "2023.csv", in: dir)
        let y24 = try Support.write(Self.year2024, to: "2024.csv", in: dir)
        let delta = try Support.write(Self.change, to: "veraenderung.csv", in: dir)
        let out = dir.appendingPathComponent("geschuetzt")
        let r = try Support.run(["audit", "2023=" + y23.path, "2024=" + y24.path, "2023-2024=" + delta.path, "--protect", "--out-dir", out.path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("primär gesperrt: 1,"))
        let protected = { (name: String) in try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8) }
        // 2024's Nord women are withheld, and so is their 2023 value or their change: with both
        // published, the 2024 cell could be recomputed.
        #expect(try protected("2024.csv").contains("Nord;.;"))
        #expect(try protected("2023.csv").contains("Nord;.;") || protected("veraenderung.csv").contains("Nord;.;"))
        let audit = try Support.run(["audit", "2023=" + out.appendingPathComponent("2023.csv").path, "2024=" + out.appendingPathComponent("2024.csv").path,
                                     "2023-2024=" + out.appendingPathComponent("veraenderung.csv").path,
                                     "--truth", y23.path, "--truth", y24.path, "--truth", delta.path])
        #expect(audit.status == 0, "\(audit.stdout)")
    }

    @Test func badTableCellsAreNamed() throws {
        let dir = try Support.temporaryDirectory()
        let t = try Support.write("Gebiet;a;Insgesamt\nNord;viele;3\n", to: "b.csv", in: dir)
        let r = try Support.run(["audit", t.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("b.csv:2:2"))
    }

    @Test func protectWithholdsUntilTheAuditPasses() throws {
        let dir = try Support.temporaryDirectory()
        let table = try Support.write("""
            Gebiet;a;b;c;Insgesamt
            N;1;5;10;16
            S;4;2;20;26
            W;7;6;8;21
            Insgesamt;12;13;38;63
            """, to: "t.csv", in: dir)
        let out = dir.appendingPathComponent("out")
        let r = try Support.run(["audit", "--protect", "--out-dir", out.path, table.path])
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("primär gesperrt: 2, sekundär gesperrt: 2, nicht ausreichend geschützt: 0"))
        let protected = try String(contentsOf: out.appendingPathComponent("t.csv"), encoding: .utf8)
        #expect(protected.contains("N;.;.;10;16"))
        #expect(protected.contains("S;.;.;20;26"))
        let check = try Support.run(["audit", out.appendingPathComponent("t.csv").path, "--truth", table.path])
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test func protectWithholdsNoCellTheAuditDoesNotNeed() throws {
        // A sparse table like a small town's age groups: after protection, publishing any one of the
        // cells withheld in addition must make the audit fail (no needless suppression is left).
        let dir = try Support.temporaryDirectory()
        let rows = [("A", [1, 0, 4, 12, 9]), ("B", [0, 2, 7, 30, 11]), ("C", [5, 1, 0, 25, 2]), ("D", [3, 8, 6, 40, 1]), ("E", [0, 0, 2, 18, 6])]
        var text = "Gebiet;0-2;3-5;6-17;18-64;65+;Insgesamt\n"
        for (label, v) in rows { text += "\(label);" + v.map(String.init).joined(separator: ";") + ";\(v.reduce(0, +))\n" }
        let totals = (0..<5).map { k in rows.reduce(0) { $0 + $1.1[k] } }
        text += "Insgesamt;" + totals.map(String.init).joined(separator: ";") + ";\(totals.reduce(0, +))\n"
        let table = try Support.write(text, to: "alter.csv", in: dir)
        let out = dir.appendingPathComponent("out")
        let r = try Support.run(["audit", "--protect", "--out-dir", out.path, table.path])
        #expect(r.status == 0, "\(r.stdout)")
        let protected = try String(contentsOf: out.appendingPathComponent("alter.csv"), encoding: .utf8)
        let truth = text.split(separator: "\n").map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
        var published = protected.split(separator: "\n").map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
        var tried = 0
        for i in published.indices { for k in published[i].indices where published[i][k] == "." {
            guard let v = Int(truth[i][k]), v == 0 || v >= 3 else { continue }   // primary cells (1, 2) stay withheld
            published[i][k] = truth[i][k]
            let probe = try Support.write(published.map { $0.joined(separator: ";") }.joined(separator: "\n") + "\n", to: "probe.csv", in: dir)
            let audit = try Support.run(["audit", probe.path, "--truth", table.path])
            #expect(audit.status != 0, "cell \(truth[i][0]) / \(truth[0][k]) was withheld without need")
            published[i][k] = "."
            tried += 1
        } }
        #expect(tried > 0)
    }
}
