import ArgumentParser
import Foundation
import QuartierAggregate
import QuartierFormats

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check withheld cells of published tables: can they be recomputed from what is published?",
        discussion: """
            For every withheld cell (".", "*", "x" or "-"), computes the interval of values that agrees
            with all published cells, the row and column totals and non-negative counts (linear
            programming), across all tables given together: cells with the same row and column
            label in several tables are the same cell. Fails when an interval is narrower than
            --min-width. Each table: first column the row labels, first row the column labels, a row
            and a column named Insgesamt, Summe, Gesamt or Total as margins.

            Example:
              quartier audit einwohner-nach-alter.csv einwohner-nach-geschlecht.csv --min-width 3
            """
    )

    @Argument(help: "Tables (CSV) published together.") var tables: [String]
    @Option(help: "Smallest protection interval (width in persons).") var minWidth = 3.0

    func run() async throws {
        var inputs: [(file: String, raw: [UInt8])] = []
        for t in tables {
            guard let d = FileManager.default.contents(atPath: t) else { printError("\(t): die Datei fehlt oder ist nicht lesbar"); throw ExitCode.failure }
            inputs.append((t, [UInt8](d)))
        }
        let problem: DisclosureAudit.Problem
        do { problem = try DisclosureAudit.problem(tables: inputs) } catch { printError(error.description); throw ExitCode.failure }
        let findings = DisclosureAudit.intervals(problem)
        var weak = 0
        for f in findings {
            let ok = f.width >= minWidth
            if !ok { weak += 1 }
            let high = f.high.isFinite ? String(Int(f.high.rounded())) : "∞"
            print("\(ok ? "geschützt" : "NICHT GESCHÜTZT")\t\(f.label)\t[\(Int(f.low.rounded())); \(high)]")
        }
        print("\(findings.count) gesperrte Zellen, \(weak) nicht ausreichend geschützt (Mindestbreite \(Int(minWidth))).")
        if weak > 0 { throw ExitCode.failure }
    }
}
