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
}
