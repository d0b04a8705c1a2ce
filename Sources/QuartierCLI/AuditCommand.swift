import ArgumentParser
import Foundation
import QuartierAggregate
import QuartierFormats

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check withheld cells of published tables: can they be recomputed from what is published?",
        discussion: """
            For every withheld cell (".", "*", "x"; "-" is a published zero, as on import), computes the interval of values that agrees
            with all published cells, the row and column totals and non-negative counts (linear
            programming), across all tables given together: cells with the same row and column
            label in several tables are the same cell. Fails when an interval is narrower than
            --min-width. Each table: first column the row labels, first row the column labels, a row
            and a column named Insgesamt, Summe, Gesamt or Total as margins.

            Tables of several years published together: put the year before the file name
            (2023=file.csv); a table of changes between two years (2023-2024=file.csv, negative
            numbers allowed) links each of its cells to the cells of the same label in both years.

            Examples:
              quartier audit einwohner-nach-alter.csv einwohner-nach-geschlecht.csv --min-width 3
              quartier audit 2023=alter-2023.csv 2024=alter-2024.csv 2023-2024=veraenderung.csv
            """
    )

    @Argument(help: "Tables (CSV) published together; YEAR=FILE for a year's table, YEAR-YEAR=FILE for changes between two years.") var tables: [String]
    @Option(help: "Smallest protection interval (width in persons).") var minWidth = 3.0
    @Flag(help: "Protect instead of check: the tables hold every true value; counts below --min-count are withheld, then as many more as the audit needs.") var protect = false
    @Option(help: "With --protect: smallest count published.") var minCount = 3
    @Option(help: "With --protect: folder for the protected tables.") var outDir: String?
    @Option(help: "Decimal mark: comma or point (default: decided per column from its cells, as on import).") var decimal: String?
    @Option(help: "The unprotected tables with every true value, in the same order: then only withheld cells below --min-count must be protected (cells withheld to protect them need not be).") var truth: [String] = []

    /// "2024=file.csv" → ("2024", "file.csv"); a plain path has no tag.
    static func tagged(_ argument: String) -> (tag: String?, file: String) {
        guard let eq = argument.firstIndex(of: "="), argument[..<eq].allSatisfy({ $0.isNumber || $0 == "-" }), eq != argument.startIndex else {
            return (nil, argument)
        }
        return (String(argument[..<eq]), String(argument[argument.index(after: eq)...]))
    }

    static func read(_ arguments: [String], decimal: CellParser.DecimalMark? = nil) throws -> DisclosureAudit.Problem {
        var inputs: [(tag: String?, file: String, raw: [UInt8])] = []
        for argument in arguments {
            let (tag, file) = tagged(argument)
            guard let d = FileManager.default.contents(atPath: file) else { printError("\(file): die Datei fehlt oder ist nicht lesbar"); throw ExitCode.failure }
            inputs.append((tag, file, [UInt8](d)))
        }
        do { return try DisclosureAudit.problem(tagged: inputs, decimal: decimal) } catch { printError(error.description); throw ExitCode.failure }
    }

    func run() async throws {
        var forced: CellParser.DecimalMark?
        if let decimal {
            guard let d = CellParser.DecimalMark(option: decimal) else { printError("--decimal: erwartet comma oder point, nicht „\(decimal)“"); throw ExitCode.failure }
            forced = d
        }
        let problem = try Self.read(tables, decimal: forced)
        if protect {
            try protectTables(problem)
            return
        }
        var sensitive: Set<Int>?
        if !truth.isEmpty {
            guard truth.count == tables.count else { printError("--truth: je Tabelle eine Datei mit den wahren Werten"); throw ExitCode.validationFailure }
            // The true tables carry the same year tags as the published ones.
            let real = try Self.read(zip(tables, truth).map { published, true_ in Self.tagged(published).tag.map { "\($0)=\(true_)" } ?? true_ }, decimal: forced)
            let byLabel = Dictionary(uniqueKeysWithValues: real.labels.enumerated().map { ($1, real.values[$0]) })
            sensitive = Set(problem.labels.indices.filter { i in
                problem.values[i] == nil && !problem.free.contains(i) && (byLabel[problem.labels[i]] ?? nil).map { $0 > 0 && $0 < minCount } == true
            })
        }
        let findings = DisclosureAudit.intervals(problem)
        var weak = 0
        for f in findings {
            let ok = f.width >= minWidth || (sensitive.map { !$0.contains(f.cell) } ?? false)
            if !ok { weak += 1 }
            let high = f.high.isFinite ? String(Int(f.high.rounded())) : "∞"
            let low = f.low.isFinite ? String(Int(f.low.rounded())) : "−∞"
            print("\(ok ? "geschützt" : "NICHT GESCHÜTZT")\t\(f.label)\t[\(low); \(high)]")
        }
        print("\(findings.count) gesperrte Zellen, \(weak) nicht ausreichend geschützt (Mindestbreite \(Int(minWidth))).")
        if weak > 0 { throw ExitCode.failure }
    }

    func protectTables(_ original: DisclosureAudit.Problem) throws {
        guard let outDir else { printError("--protect braucht --out-dir"); throw ExitCode.validationFailure }
        var p = original
        if let hidden = p.values.firstIndex(where: { $0 == nil }) {
            printError("\(p.labels[hidden]): zum Schützen müssen alle wahren Werte in der Tabelle stehen"); throw ExitCode.failure
        }
        var sensitive = Set<Int>()
        // Small counts are withheld; changes between years are no counts of persons and need no protection of their own.
        for i in p.values.indices where p.truth[i] > 0 && p.truth[i] < minCount && !p.free.contains(i) { sensitive.insert(i); p.values[i] = nil }
        let result = SecondarySuppression.run(&p, sensitive: sensitive, minWidth: minWidth)
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        for t in p.layout {
            var text = t.header.joined(separator: ";") + "\n"
            for r in t.rows { text += ([r.label] + r.cells.map { p.values[$0].map(String.init) ?? "." }).joined(separator: ";") + "\n" }
            try Data(text.utf8).write(to: URL(fileURLWithPath: outDir).appendingPathComponent((t.file as NSString).lastPathComponent))
        }
        print("primär gesperrt: \(sensitive.count), sekundär gesperrt: \(result.added), nicht ausreichend geschützt: \(result.weak.count)")
        if !result.weak.isEmpty { throw ExitCode.failure }
    }
}
