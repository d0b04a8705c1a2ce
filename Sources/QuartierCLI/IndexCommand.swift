import ArgumentParser
import Foundation
import QuartierCore
import QuartierFormats

struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Compute a Berlin-style social index (status and dynamics classes) for the areas of a CSV table.",
        discussion: """
            One row per area; columns with the status indicators (shares) and, optionally, their
            changes (dynamics). A column name may end in ":-" when a higher value means less need.
            Method: z-scores over the valid areas (population standard deviation), summed and
            standardised again; areas under --min-population or listed with --exclude get no index.
            Output: CSV (semicolon, decimal comma) with index, class, each indicator's z-value and
            the indicators whose omission would change the class. See docs/METHODS.md.

            Example:
              quartier index planungsraeume.csv --area-column PLR --population-column EW \\
                --status "Arbeitslose,Transfer,Kinderarmut" --dynamics "d_Arbeitslose,d_Transfer,d_Kinderarmut"
            """
    )

    @Argument(help: "CSV file, one row per area.")
    var file: String

    @Option(help: "Column with the area code.")
    var areaColumn = "Gebiet"

    @Option(help: "Column with the population (for the minimum-population rule).")
    var populationColumn: String?

    @Option(help: "Status indicator columns, comma-separated; append :- where higher is better.")
    var status: String

    @Option(help: "Dynamics columns (changes), comma-separated; append :- where higher is better.")
    var dynamics: String?

    @Option(help: "Areas with fewer residents get no index.")
    var minPopulation: Double = 300

    @Option(help: "Area codes to leave out, comma-separated.")
    var exclude: String?

    @Option(help: "Status class thresholds, comma-separated (decimal point).")
    var statusThresholds = "-1,1,1.5"

    @Option(help: "Status class labels, comma-separated (one more than thresholds).")
    var statusLabels = "hoch,mittel,niedrig,sehr niedrig"

    @Option(help: "Dynamics class thresholds.")
    var dynamicsThresholds = "-1,1"

    @Option(help: "Dynamics class labels.")
    var dynamicsLabels = "positiv,stabil,negativ"

    @Option(help: "Method: z (Berlin), ratio (to the town row), minmax, rank-exp (English IMD), pca (RKI GISD).")
    var method = "z"

    @Option(help: "Weights of the status indicators, comma-separated, in their order.")
    var weights: String?

    @Option(help: "Dimension of each status indicator for pca, comma-separated, in their order.")
    var dimensions: String?

    @Option(help: "Code of the row with the town's values (needed by --method ratio; not an area).")
    var townRow: String?

    @Option(help: "Quantile classes instead of thresholds: k or k:type (R type 1–9), e.g. 5:9 for GISD quintiles.")
    var quantileClasses: String?

    @Option(help: "Decimal mark of the table: comma or point (default: decided per column from its cells; a column whose cells allow both is refused).")
    var decimal: String?

    @Option(help: "Sheet of an Excel workbook, by name or number (default: the first).")
    var sheet: String?

    @Option(help: "Compute the index this many times and report the median time on standard error (for benchmarks).")
    var repeats = 1

    /// Runs `body` `repeats` times; with more than one run, reports the median time on standard error.
    func timed<T>(_ body: () -> T) -> T {
        var result = body()
        guard repeats > 1 else { return result }
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = ContinuousClock.now
            result = body()
            let d = ContinuousClock.now - start
            times.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
        }
        times.sort()
        printError("median_seconds \(times[times.count / 2])")
        return result
    }

    static func components(_ list: String) -> [SocialIndex.Component] {
        list.split(separator: ",").map { part in
            let t = part.trimmingCharacters(in: .whitespaces)
            if t.hasSuffix(":-") { return .init(key: String(t.dropLast(2)), direction: -1) }
            if t.hasSuffix(":+") { return .init(key: String(t.dropLast(2)), direction: 1) }
            return .init(key: t, direction: 1)
        }
    }

    static func scale(_ thresholds: String, _ labels: String, option: String) throws -> SocialIndex.Scale {
        var t: [Double] = []
        for p in thresholds.split(separator: ",") {
            guard let v = Double(p.trimmingCharacters(in: .whitespaces)) else {
                printError("--\(option)-thresholds: „\(p)“ ist keine Zahl (Dezimalpunkt verwenden)")
                throw ExitCode.failure
            }
            t.append(v)
        }
        let l = labels.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard l.count == t.count + 1, t == t.sorted() else {
            printError("--\(option)-labels: erwartet \(t.count + 1) Bezeichnungen für \(t.count) aufsteigende Schwellen")
            throw ExitCode.failure
        }
        return SocialIndex.Scale(thresholds: t, labels: l)
    }

    /// The general index (any method, thresholds or quantile classes), status indicators only.
    func compositeIndex(_ components: [SocialIndex.Component]) throws -> CompositeIndex {
        guard let m = CompositeIndex.Method(rawValue: method) else {
            printError("--method: „\(method)“ unbekannt; erwartet \(CompositeIndex.Method.allCases.map(\.rawValue).joined(separator: ", "))")
            throw ExitCode.failure
        }
        func list(_ text: String?, option: String) throws -> [String]? {
            guard let text else { return nil }
            let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == components.count else {
                printError("--\(option): \(parts.count) Angaben für \(components.count) Indikatoren")
                throw ExitCode.failure
            }
            return parts
        }
        var ws: [Double] = Array(repeating: 1, count: components.count)
        if let w = try list(weights, option: "weights") {
            ws = try w.map { t in
                guard let v = Double(t), v >= 0 else { printError("--weights: „\(t)“ ist kein Gewicht (Zahl ≥ 0, Dezimalpunkt)"); throw ExitCode.failure }
                return v
            }
        }
        let dims = try list(dimensions, option: "dimensions") ?? Array(repeating: "", count: components.count)
        var rule: CompositeIndex.ClassRule
        if let q = quantileClasses {
            let parts = q.split(separator: ":").compactMap { Int($0) }
            guard (1...2).contains(parts.count), (2...20).contains(parts[0]), parts.count == 1 || (1...9).contains(parts[1]) else {
                printError("--quantile-classes: erwartet k oder k:typ, z. B. 5 oder 5:9, nicht „\(q)“")
                throw ExitCode.failure
            }
            rule = .quantiles(parts[0], type: parts.count == 2 ? parts[1] : 7)
        } else {
            let s = try Self.scale(statusThresholds, statusLabels, option: "status")
            rule = .thresholds(s.thresholds, labels: s.labels)
        }
        return CompositeIndex(method: m, components: zip(components, zip(ws, dims)).map { c, wd in
            CompositeIndex.Component(key: c.key, direction: c.direction, weight: wd.0, dimension: wd.1)
        }, classes: rule)
    }

    func run() async throws {
        let statusComponents = Self.components(status)
        let dynamicsComponents = dynamics.map(Self.components) ?? []
        let index = SocialIndex(status: statusComponents, dynamics: dynamicsComponents,
                                minimumPopulation: populationColumn == nil ? 0 : minPopulation,
                                excludedCodes: Set((exclude ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }),
                                statusScale: try Self.scale(statusThresholds, statusLabels, option: "status"),
                                dynamicsScale: try Self.scale(dynamicsThresholds, dynamicsLabels, option: "dynamics"))
        let raw = try readFile(file)
        let doc: CSVDocument
        do { doc = try CSVDocument(raw: raw, file: file, sheet: sheet) } catch { printError(error.description); throw ExitCode.failure }
        var forced: CellParser.DecimalMark?
        if let decimal {
            guard let d = CellParser.DecimalMark(option: decimal) else { printError("--decimal: erwartet comma oder point, nicht „\(decimal)“"); throw ExitCode.failure }
            forced = d
        }
        var codes: [String] = []
        var population: [String: Double] = [:]
        var values: [String: [String: Double]] = [:]
        var columns: [String: Int] = [:]
        var problems: [String] = []
        var numberColumns: [String: NumberColumn] = [:]
        let needed = [areaColumn] + (populationColumn.map { [$0] } ?? []) + (statusComponents + dynamicsComponents).map(\.key)
        try doc.forEachRecord { rec in
            if columns.isEmpty {
                for i in 0..<rec.count { columns[rec.string(i)] = i }
                let missing = needed.filter { columns[$0] == nil }
                if !missing.isEmpty {
                    printError("\(file):\(rec.line): Spalte(n) fehlen: \(missing.joined(separator: ", ")); vorhanden: \((0..<rec.count).map { rec.string($0) }.joined(separator: ", "))")
                    throw ExitCode.failure
                }
                return
            }
            let code = rec.string(columns[areaColumn]!)
            guard !code.isEmpty else { return }
            if codes.contains(code) { problems.append("\(file):\(rec.line): Gebiet „\(code)“ steht doppelt in der Tabelle"); return }
            codes.append(code)
            for column in (populationColumn.map { [$0] } ?? []) + (statusComponents + dynamicsComponents).map(\.key) {
                numberColumns[column, default: NumberColumn(file: file, name: column)].append(rec, columns[column]!)
            }
        }
        if !problems.isEmpty {
            printError(problems.joined(separator: "\n"))
            throw ExitCode.failure
        }
        // Each column's numbers by the one number reader (decimal mark decided per column).
        var failures: [String] = []
        for (column, cells) in numberColumns.sorted(by: { $0.key < $1.key }) {
            do {
                let read = try cells.values(forced: forced)
                for (code, v) in zip(codes, read) {
                    if column == populationColumn { population[code] = v }
                    if (statusComponents + dynamicsComponents).contains(where: { $0.key == column }) { values[column, default: [:]][code] = v }
                }
            } catch { failures.append(error.description) }
        }
        if !failures.isEmpty {
            printError(failures.joined(separator: "\n"))
            throw ExitCode.failure
        }
        let nf = { (v: Double) -> String in
            let r = (v * 10_000).rounded() / 10_000
            return String(r).replacingOccurrences(of: ".", with: ",")
        }
        var town: [String: Double] = [:]
        if let townRow {
            guard codes.contains(townRow) else {
                printError("--town-row: keine Zeile mit dem Code „\(townRow)“")
                throw ExitCode.failure
            }
            for c in statusComponents { town[c.key] = values[c.key]?[townRow] }
            codes.removeAll { $0 == townRow }
        }
        if method != "z" || quantileClasses != nil {
            if dynamics != nil {
                printError("--dynamics gibt es nur mit --method z und Schwellen (Berliner Verfahren)")
                throw ExitCode.failure
            }
            if method == "ratio" && townRow == nil {
                printError("--method ratio braucht --town-row mit den Werten der Gesamtstadt")
                throw ExitCode.failure
            }
            let ci = try compositeIndex(statusComponents)
            let excluded = SocialIndex.exclusions(codes: codes, population: population, values: values, keys: statusComponents.map(\.key),
                                                  minimumPopulation: index.minimumPopulation, excludedCodes: index.excludedCodes)
            let valid = codes.filter { excluded[$0] == nil }
            let results = Dictionary(uniqueKeysWithValues: timed { ci.compute(codes: valid, values: values, town: town) }.map { ($0.code, $0) })
            print((["Gebiet", "Index", "Klasse", "Ausschluss"] + statusComponents.map { "Anteil_" + $0.key } + ["Klasse_aendert_sich_ohne"]).joined(separator: ";"))
            for code in codes {
                let r = results[code]
                var row = [code, r.map { nf($0.index) } ?? "", r?.label ?? "", excluded[code] ?? ""]
                row += (r?.contributions ?? statusComponents.map { _ in .nan }).map { $0.isNaN ? "" : nf($0) }
                row.append(r?.classChangesWithout.joined(separator: ",") ?? "")
                print(row.map { $0.contains(";") ? "\"\($0)\"" : $0 }.joined(separator: ";"))
            }
            return
        }
        let results = timed { index.compute(codes: codes, population: population, values: values) }
        var header = ["Gebiet", "Status_Index", "Status_Klasse", "Dynamik_Index", "Dynamik_Klasse", "Gruppe", "Ausschluss"]
        header += statusComponents.map { "z_" + $0.key } + dynamicsComponents.map { "z_" + $0.key }
        header += ["Status_Klasse_aendert_sich_ohne", "Dynamik_Klasse_aendert_sich_ohne"]
        print(header.joined(separator: ";"))
        for r in results {
            var row = [r.code, r.status.map { nf($0.index) } ?? "", r.status?.label ?? "", r.dynamics.map { nf($0.index) } ?? "",
                       r.dynamics?.label ?? "", r.group ?? "", r.excluded ?? ""]
            row += (r.status?.contributions ?? Array(repeating: .nan, count: statusComponents.count)).map { $0.isNaN ? "" : nf($0) }
            if !dynamicsComponents.isEmpty {
                row += (r.dynamics?.contributions ?? Array(repeating: .nan, count: dynamicsComponents.count)).map { $0.isNaN ? "" : nf($0) }
            }
            row += [r.status?.classChangesWithout.joined(separator: ",") ?? "", r.dynamics?.classChangesWithout.joined(separator: ",") ?? ""]
            print(row.map { $0.contains(";") ? "\"\($0)\"" : $0 }.joined(separator: ";"))
        }
    }
}
