import Foundation
@testable import QuartierCLI
import QuartierTestSupport
import Testing

/// `quartier index` and `quartier classify` in every published convention (issue 24): the
/// closure from the command line, ranks and deciles of rank methods, each method's own classes,
/// options refused where they would do nothing, the warning on inputs far outside.
@Suite struct IndexConventionTests {
    static func rows(_ stdout: String) -> [[String]] {
        stdout.split(separator: "\n").map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func classifyTakesTheClosure() throws {
        let dir = try Support.temporaryDirectory()
        let f = try Support.write("1\n2\n3\n4\n5\n", to: "werte.txt", in: dir)
        let right = try Support.run(["classify", f.path, "--method", "quantile", "--classes", "2", "--quantile-type", "7"])
        #expect(right.status == 0 && right.stdout.contains("(-inf, 3.0]\t3") && right.stdout.contains("(3.0, 5.0]\t2"), "\(right.stdout)")
        let left = try Support.run(["classify", f.path, "--method", "quantile", "--classes", "2", "--closure", "left"])
        #expect(left.status == 0 && left.stdout.contains("(-inf, 3.0)\t2") && left.stdout.contains("[3.0, 5.0]\t3") && left.stdout.contains("R findInterval"), "\(left.stdout)")
        let type3 = try Support.run(["classify", f.path, "--classes", "2", "--quantile-type", "3", "--closure", "left"])
        #expect(type3.stdout.contains("(-inf, 2.0)\t1") && type3.stdout.contains("[2.0, 5.0]\t4"), "\(type3.stdout)")
        // Options the method ignores are refused with the reason.
        for (args, reason) in [(["--method", "jenks", "--quantile-type", "9"], "--quantile-type gilt nur für --method quantile"),
                               (["--method", "quantile", "--breaks", "2,3"], "--breaks gilt nur für --method manual"),
                               (["--method", "stddev", "--classes", "4"], "bestimmt die Zahl der Klassen selbst"),
                               (["--closure", "oben"], "--closure: erwartet right oder left")] {
            let r = try Support.run(["classify", f.path] + args)
            #expect(r.status != 0 && r.stderr.contains(reason), "\(args): \(r.stderr)")
        }
    }

    /// 20 areas with one indicator: ranks and deciles, the method's own classes, refusals, the
    /// z warning with the way out named.
    @Test func indexConventionsFromTheCommandLine() throws {
        let dir = try Support.temporaryDirectory()
        var text = "Gebiet;EW;alo;sgb2\n"
        for i in 1...20 { text += "G\(i);\(500 + i);\(i);\(i % 5)\n" }
        let f = try Support.write(text, to: "gebiete.csv", in: dir)
        // Rank-exponential: rank 1 = most need, deciles of the rank as its classes.
        let imd = try Support.run(["index", f.path, "--method", "rank-exp", "--status", "alo"])
        #expect(imd.status == 0, "\(imd.stderr)")
        let rows = Self.rows(imd.stdout)
        #expect(rows[0].prefix(5) == ["Gebiet", "Index", "Rang", "Dezil", "Klasse"])
        let g20 = try #require(rows.first { $0[0] == "G20" }), g1 = try #require(rows.first { $0[0] == "G1" })
        #expect(g20[2] == "1" && g20[3] == "1" && g20[4] == "1" && g1[2] == "20" && g1[3] == "10" && g1[4] == "10", "\(g20) \(g1)")
        // Every index printed differently (enough digits).
        #expect(Set(rows.dropFirst().map { $0[1] }).count == 20)
        // Min–max: quintiles of the index by default, not Berlin's z thresholds.
        let minmax = try Support.run(["index", f.path, "--method", "minmax", "--status", "alo"])
        #expect(Set(Self.rows(minmax.stdout).dropFirst().map { $0[2] }) == ["1", "2", "3", "4", "5"], "\(minmax.stdout)")
        // A value on a threshold: lower class with right, upper with left (alo of G11 scales to 10/19, G1 to 0).
        let onBound = try Support.run(["index", f.path, "--method", "minmax", "--status", "alo", "--status-thresholds", "0"])
        let onBoundLeft = try Support.run(["index", f.path, "--method", "minmax", "--status", "alo", "--status-thresholds", "0", "--closure", "left"])
        #expect(Self.rows(onBound.stdout).first { $0[0] == "G1" }?[2] == "1" && Self.rows(onBoundLeft.stdout).first { $0[0] == "G1" }?[2] == "2",
                "\(onBound.stdout)\n\(onBoundLeft.stdout)")
        // Options that do nothing here are refused, each with its reason.
        for (args, reason) in [(["--min-population", "600"], "--min-population wirkt nur zusammen mit --population-column"),
                               (["--dimensions", "Arbeit"], "--dimensions gilt nur für --method pca"),
                               (["--weights", "2"], "das Berliner Verfahren (--method z mit Schwellen) gewichtet alle Indikatoren gleich"),
                               (["--dynamics-labels", "a,b,c"], "gelten nur zusammen mit --dynamics"),
                               (["--method", "minmax", "--quantile-classes", "5", "--status-thresholds", "0.5"], "schließen sich aus"),
                               (["--method", "minmax", "--status-labels", "a,b"], "braucht bei --method minmax eigene --status-thresholds")] {
            let r = try Support.run(["index", f.path, "--status", "alo"] + args)
            #expect(r.status != 0 && r.stderr.contains(reason), "\(args): \(r.stderr)")
        }
        #expect(try Support.run(["index", f.path, "--status", "alo", "--population-column", "EW", "--min-population", "510"]).stdout.contains("weniger als 510 Einwohner"))
    }

    /// A published "invalid" marker read as a number is named with the area and the way out.
    @Test func anInputFarOutsideIsNamedWithTheArea() throws {
        let dir = try Support.temporaryDirectory()
        var text = "Gebiet;alo\n"
        for i in 1...40 { text += "G\(i);\(10 + i % 7)\n" }
        text += "G41;-9999\n"
        let f = try Support.write(text, to: "gebiete.csv", in: dir)
        let r = try Support.run(["index", f.path, "--status", "alo", "--method", "z", "--quantile-classes", "5"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("Gebiet G41, Spalte alo: der Wert -9999 liegt") && r.stderr.contains("--exclude G41"), "\(r.stderr)")
        #expect(!r.stderr.contains("Gebiet G1,"))
        let fixed = try Support.run(["index", f.path, "--status", "alo", "--method", "z", "--quantile-classes", "5", "--exclude", "G41"])
        #expect(fixed.status == 0 && !fixed.stderr.contains("Warnung"), "\(fixed.stderr)")
        let quiet = try Support.run(["index", f.path, "--status", "alo", "--z-bound", "7"])
        #expect(!quiet.stderr.contains("Warnung"))
    }

    /// A command line as a shell splits it (double quotes group).
    static func words(_ line: String) -> [String] {
        var out: [String] = [], current = "", quoted = false, any = false
        for ch in line {
            if ch == "\"" { quoted.toggle(); any = true; continue }
            if ch == " " && !quoted { if any || !current.isEmpty { out.append(current) }; current = ""; any = false; continue }
            current.append(ch)
        }
        if any || !current.isEmpty { out.append(current) }
        return out
    }

    /// Every example of `quartier index --help` is in docs/METHODS.md, and every example there,
    /// run from the repository's root, prints exactly the output printed below it.
    @Test func theWorkedExamplesPrintWhatTheDocumentationShows() throws {
        let methods = try String(contentsOf: Oracle.packageRoot.appendingPathComponent("docs/METHODS.md"), encoding: .utf8)
        let blocks = methods.components(separatedBy: "```sh\n").dropFirst()
        var documented: [String: String] = [:]
        for block in blocks {
            let command = String(block.prefix { $0 != "\n" })
            guard command.hasPrefix("quartier index"), let out = block.components(separatedBy: "```text\n").dropFirst().first?.components(separatedBy: "\n```").first else { continue }
            documented[command] = out
        }
        #expect(documented.count == 3, "\(documented.keys)")
        // The help text as written (the terminal may wrap its lines).
        let help = IndexCommand.configuration.discussion
        let examples = help.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("quartier index ") }
        #expect(examples.count == 3, "\(help)")
        #expect(try Support.run(["index", "--help"]).stdout.contains("Examples (run from the repository"))
        for e in examples { #expect(documented[e] != nil, "--help example not in METHODS.md: \(e)") }
        // classify's examples run and print their classes (the first has 3, the second 4, the third 4).
        let classify = ClassifyCommand.configuration.discussion.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("quartier classify ") }
        #expect(classify.count == 3)
        for (command, classes) in zip(classify, [3, 4, 4]) {
            let args = Self.words(command).dropFirst().map { $0.hasPrefix("examples/") ? Oracle.packageRoot.appendingPathComponent($0).path : $0 }
            let r = try Support.run(Array(args))
            #expect(r.status == 0 && r.stdout.contains("12 Werte, \(classes) Klassen"), "\(command): \(r.stdout) \(r.stderr)")
        }
        for (command, expected) in documented {
            let args = Self.words(command).dropFirst().map { $0.hasPrefix("examples/") ? Oracle.packageRoot.appendingPathComponent($0).path : $0 }
            let r = try Support.run(Array(args))
            #expect(r.status == 0, "\(command): \(r.stderr)")
            #expect(r.stdout.trimmingCharacters(in: .newlines) == expected.trimmingCharacters(in: .newlines), "\(command)\n\(r.stdout)")
        }
    }
}
