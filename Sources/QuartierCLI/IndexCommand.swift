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

            Methods and their classes: z (Berlin thresholds -1, 1, 1.5), rank-exp (English IMD;
            prints rank and decile; classes are deciles of the rank), minmax, ratio and pca
            (quintiles of the index unless --status-thresholds or --quantile-classes say
            otherwise). --closure left puts a value on a bound into the upper class (R's
            findInterval). Options that would do nothing are refused; inputs more than --z-bound
            standard deviations out are named on standard error with --exclude as the way out.

            Examples (run from the repository; docs/METHODS.md shows their output):
              quartier index examples/index/planungsraeume.csv --area-column PLR --population-column EW --min-population 300 --status "alo,transfer,kinderarmut" --dynamics "d_alo,d_transfer,d_kinderarmut"
              quartier index examples/index/planungsraeume.csv --area-column PLR --method minmax --status "alo,transfer,kinderarmut" --quantile-classes 5:9
              quartier index examples/index/planungsraeume.csv --area-column PLR --method rank-exp --status "alo,transfer,kinderarmut" --weights 0.5,0.3,0.2
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

    @Option(help: "Areas with fewer residents get no index (default 300; needs --population-column).")
    var minPopulation: Double?

    @Option(help: "Area codes to leave out, comma-separated.")
    var exclude: String?

    @Option(help: "Status class thresholds, comma-separated (decimal point); default -1,1,1.5 for --method z.")
    var statusThresholds: String?

    @Option(help: "Status class labels, comma-separated (one more than thresholds); default hoch,mittel,niedrig,sehr niedrig.")
    var statusLabels: String?

    @Option(help: "Dynamics class thresholds (default -1,1).")
    var dynamicsThresholds: String?

    @Option(help: "Dynamics class labels (default positiv,stabil,negativ).")
    var dynamicsLabels: String?

    @Option(help: "Which class a value equal to a bound belongs to: right (the lower class, mapclassify's and Quartier's default) or left (the upper class, R's findInterval).")
    var closure = "right"

    @Option(help: "Warn where an input's z-score lies beyond this bound (a missing-value code such as -9999 read as a number).")
    var zBound: Double = 5

    @Option(help: "Method: z (Berlin), ratio (to the town row), minmax, rank-exp (English IMD), pca (RKI GISD).")
    var method = "z"

    @Option(help: "Weights of the status indicators, comma-separated, in their order.")
    var weights: String?

    @Option(help: "Dimension of each status indicator for pca, comma-separated, in their order.")
    var dimensions: String?

    @Option(help: "Code of the row with the town's values (needed by --method ratio; not an area).")
    var townRow: String?

    @Option(help: "Quantile classes of the index instead of thresholds: k or k:type (R type 1–9), e.g. 5:9 for GISD quintiles. Default for minmax, ratio and pca: 5; rank-exp uses deciles of the rank.")
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

    static func scale(_ thresholds: String, _ labels: String?, option: String, closure: Classification.Closure) throws -> SocialIndex.Scale {
        var t: [Double] = []
        for p in thresholds.split(separator: ",") {
            guard let v = Double(p.trimmingCharacters(in: .whitespaces)) else {
                printError("--\(option)-thresholds: „\(p)“ ist keine Zahl (Dezimalpunkt verwenden)")
                throw ExitCode.failure
            }
            t.append(v)
        }
        // Without labels, classes are numbered.
        let l = labels.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? (0...t.count).map { String($0 + 1) }
        guard l.count == t.count + 1, t == t.sorted() else {
            printError("--\(option)-labels: erwartet \(t.count + 1) Bezeichnungen für \(t.count) aufsteigende Schwellen")
            throw ExitCode.failure
        }
        return SocialIndex.Scale(thresholds: t, labels: l, closure: closure)
    }

    static let berlinStatus = ("-1,1,1.5", "hoch,mittel,niedrig,sehr niedrig")
    static let berlinDynamics = ("-1,1", "positiv,stabil,negativ")

    /// Options that would do nothing in the combination given, each with the reason.
    func pointlessOptions() -> [String] {
        var out: [String] = []
        if minPopulation != nil && populationColumn == nil {
            out.append("--min-population wirkt nur zusammen mit --population-column (der Spalte mit der Einwohnerzahl); ohne sie bekommt jedes Gebiet einen Index")
        }
        if dynamics == nil && (dynamicsThresholds != nil || dynamicsLabels != nil) {
            out.append("--dynamics-thresholds und --dynamics-labels gelten nur zusammen mit --dynamics")
        }
        if dimensions != nil && method != "pca" {
            out.append("--dimensions gilt nur für --method pca (die Dimensionen des GISD)")
        }
        if quantileClasses != nil && (statusThresholds != nil || statusLabels != nil) {
            out.append("--quantile-classes und --status-thresholds/--status-labels schließen sich aus: Klassen nach Quantilen oder nach Schwellen")
        }
        if method == "z" && quantileClasses == nil && weights != nil {
            out.append("--weights: das Berliner Verfahren (--method z mit Schwellen) gewichtet alle Indikatoren gleich; gewichtet rechnen --method z mit --quantile-classes und die anderen Methoden")
        }
        if method != "z" && statusLabels != nil && statusThresholds == nil {
            out.append("--status-labels braucht bei --method \(method) eigene --status-thresholds (die Berliner Schwellen -1, 1, 1,5 gelten für z-Werte)")
        }
        return out
    }

    /// Index values as text with as many decimals (at least four) as it takes to tell every
    /// two different values apart, decimal comma.
    static func indexText(_ values: [Double]) -> (Double) -> String {
        let finite = Set(values.filter(\.isFinite))
        var decimals = 4
        while decimals < 12 {
            let shown = Set(finite.map { String(format: "%.\(decimals)f", $0) })
            if shown.count == finite.count { break }
            decimals += 1
        }
        let d = decimals
        return { v in
            var t = String(format: "%.\(d)f", v)
            // Trailing zeros go (as before: 1,5 not 1,5000), the decimals that matter stay.
            while t.contains("."), t.hasSuffix("0") { t.removeLast() }
            if t.hasSuffix(".") { t.removeLast() }
            if t == "-0" { t = "0" }
            return t.replacingOccurrences(of: ".", with: ",")
        }
    }

    /// Inputs lying beyond `zBound` standard deviations of their column among the areas that get
    /// an index: probably a code for a missing value read as a number, or an error.
    static func outlierWarnings(columns: [String], codes: [String], values: [String: [String: Double]], bound: Double) -> [String] {
        var out: [String] = []
        for column in columns {
            let pairs = codes.compactMap { c in values[column]?[c].flatMap { $0.isFinite ? (c, $0) : nil } }
            guard pairs.count > 2 else { continue }
            let (mean, sd) = SocialIndex.meanAndSD(pairs.map(\.1))
            guard sd > 0 else { continue }
            for (code, v) in pairs {
                let z = (v - mean) / sd
                guard abs(z) > bound else { continue }
                out.append("Warnung: Gebiet \(code), Spalte \(column): der Wert \(CSVWriter.numberText(v)) liegt \(String(format: "%.1f", abs(z)).replacingOccurrences(of: ".", with: ",")) Standardabweichungen vom Mittel (|z| > \(CSVWriter.numberText(bound))); ist es ein Code für einen fehlenden Wert oder ein Fehler, nimmt --exclude \(code) das Gebiet aus dem Index.")
            }
        }
        return out
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
        let closure = try parseClosure(closure)
        if let q = quantileClasses {
            let parts = q.split(separator: ":").compactMap { Int($0) }
            guard (1...2).contains(parts.count), (2...20).contains(parts[0]), parts.count == 1 || (1...9).contains(parts[1]) else {
                printError("--quantile-classes: erwartet k oder k:typ, z. B. 5 oder 5:9, nicht „\(q)“")
                throw ExitCode.failure
            }
            rule = .quantiles(parts[0], type: parts.count == 2 ? parts[1] : 7)
        } else if let t = statusThresholds {
            let s = try Self.scale(t, statusLabels, option: "status", closure: closure)
            rule = .thresholds(s.thresholds, labels: s.labels)
        } else {
            // Each method's own scale: Berlin's z thresholds, deciles of the rank (English IMD),
            // quintiles of the index for the rest.
            switch m {
            case .zScore:
                let s = try Self.scale(Self.berlinStatus.0, statusLabels ?? Self.berlinStatus.1, option: "status", closure: closure)
                rule = .thresholds(s.thresholds, labels: s.labels)
            case .rankExponential: rule = .rankGroups(10)
            case .ratioToTown, .minMax, .principalComponent: rule = .quantiles(5, type: 7)
            }
        }
        return CompositeIndex(method: m, components: zip(components, zip(ws, dims)).map { c, wd in
            CompositeIndex.Component(key: c.key, direction: c.direction, weight: wd.0, dimension: wd.1)
        }, classes: rule, closure: closure)
    }

    func run() async throws {
        let pointless = pointlessOptions()
        if !pointless.isEmpty {
            printError(pointless.joined(separator: "\n"))
            throw ExitCode.failure
        }
        let closure = try parseClosure(closure)
        let statusComponents = Self.components(status)
        let dynamicsComponents = dynamics.map(Self.components) ?? []
        let index = SocialIndex(status: statusComponents, dynamics: dynamicsComponents,
                                minimumPopulation: populationColumn == nil ? 0 : minPopulation ?? 300,
                                excludedCodes: Set((exclude ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }),
                                statusScale: try Self.scale(statusThresholds ?? Self.berlinStatus.0, statusLabels ?? (statusThresholds == nil ? Self.berlinStatus.1 : nil),
                                                            option: "status", closure: closure),
                                dynamicsScale: try Self.scale(dynamicsThresholds ?? Self.berlinDynamics.0, dynamicsLabels ?? (dynamicsThresholds == nil ? Self.berlinDynamics.1 : nil),
                                                              option: "dynamics", closure: closure))
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
            return (r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : String(r)).replacingOccurrences(of: ".", with: ",")
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
        let inputKeys = (statusComponents + dynamicsComponents).map(\.key)
        let excludedHere = SocialIndex.exclusions(codes: codes, population: population, values: values, keys: inputKeys,
                                                  minimumPopulation: index.minimumPopulation, excludedCodes: index.excludedCodes)
        for w in Self.outlierWarnings(columns: inputKeys, codes: codes.filter { excludedHere[$0] == nil }, values: values, bound: zBound) { printError(w) }
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
            let computed = timed { ci.compute(codes: valid, values: values, town: town) }
            let results = Dictionary(uniqueKeysWithValues: computed.map { ($0.code, $0) })
            let text = Self.indexText(computed.map(\.index))
            // Rank methods: the rank (1 = most need) and its decile, as published.
            let ranked = ci.method == .rankExponential
            print((["Gebiet", "Index"] + (ranked ? ["Rang", "Dezil"] : []) + ["Klasse", "Ausschluss"] + statusComponents.map { "Anteil_" + $0.key }
                   + ["Klasse_aendert_sich_ohne"]).joined(separator: ";"))
            for code in codes {
                let r = results[code]
                var row = [code, r.map { text($0.index) } ?? ""]
                if ranked { row += [r.map { String($0.rank) } ?? "", r.map { String(($0.rank - 1) * 10 / max(1, computed.count) + 1) } ?? ""] }
                row += [r?.label ?? "", excluded[code] ?? ""]
                row += (r?.contributions ?? statusComponents.map { _ in .nan }).map { $0.isNaN ? "" : nf($0) }
                row.append(r?.classChangesWithout.joined(separator: ",") ?? "")
                print(row.map { $0.contains(";") ? "\"\($0)\"" : $0 }.joined(separator: ";"))
            }
            return
        }
        let results = timed { index.compute(codes: codes, population: population, values: values) }
        let statusText = Self.indexText(results.compactMap { $0.status?.index }), dynamicsText = Self.indexText(results.compactMap { $0.dynamics?.index })
        var header = ["Gebiet", "Status_Index", "Status_Klasse", "Dynamik_Index", "Dynamik_Klasse", "Gruppe", "Ausschluss"]
        header += statusComponents.map { "z_" + $0.key } + dynamicsComponents.map { "z_" + $0.key }
        header += ["Status_Klasse_aendert_sich_ohne", "Dynamik_Klasse_aendert_sich_ohne"]
        print(header.joined(separator: ";"))
        for r in results {
            var row = [r.code, r.status.map { statusText($0.index) } ?? "", r.status?.label ?? "", r.dynamics.map { dynamicsText($0.index) } ?? "",
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
