import ArgumentParser
import Foundation
import QuartierCore
import QuartierFormats

struct ClassifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Compute map classes for a column of numbers (one value a line, or a CSV column).",
        discussion: """
            Prints each class and how many values fall in it. By default intervals are closed on the
            right, (lower, upper], as in mapclassify: a value equal to a bound is in the lower class;
            --closure left gives [lower, upper), as R's findInterval, with the value in the upper
            class. Methods: \(Classification.Method.allCases.map(\.rawValue).joined(separator: ", ")).

            Examples (run from the repository):
              quartier classify examples/index/planungsraeume.csv --column kinderarmut --method jenks --classes 3
              quartier classify examples/index/planungsraeume.csv --column kinderarmut --method quantile --classes 4 --quantile-type 9 --closure left
              quartier classify examples/index/planungsraeume.csv --column kinderarmut --method manual --breaks 10,20,30
            """
    )

    @Argument(help: "File with the values.")
    var file: String

    @Option(help: "Column name, for a CSV file with a header.")
    var column: String?

    @Option(help: "Classification method.")
    var method: String = "quantile"

    @Option(help: "Number of classes (default 5; stddev, headtail and manual set their own).")
    var classes: Int?

    @Option(help: "R quantile type (1–9) for the quantile method (default 7).")
    var quantileType: Int?

    @Option(help: "Which class a value equal to a bound belongs to: right (lower class; mapclassify) or left (upper class; R's findInterval).")
    var closure = "right"

    @Option(help: "Bounds for the manual method, comma-separated.")
    var breaks: String?

    @Option(help: "Decimal mark: comma or point (default: decided from all values; values that allow both are refused).")
    var decimal: String?

    @Option(help: "Repeat the classification and report the median time (for benchmarks).")
    var repeats = 1

    func run() async throws {
        guard let m = Classification.Method(rawValue: method) else {
            printError("--method: „\(method)“ unbekannt; erwartet \(Classification.Method.allCases.map(\.rawValue).joined(separator: ", "))")
            throw ExitCode.failure
        }
        let closure = try parseClosure(self.closure)
        // Options the method would ignore are refused, with the reason.
        var pointless: [String] = []
        if quantileType != nil && m != .quantile { pointless.append("--quantile-type gilt nur für --method quantile") }
        if breaks != nil && m != .manual { pointless.append("--breaks gilt nur für --method manual") }
        if m == .manual && breaks == nil { pointless.append("--method manual braucht --breaks mit den Klassengrenzen") }
        if classes != nil && [.standardDeviation, .headTail, .manual].contains(m) {
            pointless.append("--classes: --method \(m.rawValue) bestimmt die Zahl der Klassen selbst")
        }
        if !pointless.isEmpty { printError(pointless.joined(separator: "\n")); throw ExitCode.failure }
        let quantileType = self.quantileType ?? 7, classes = self.classes ?? 5
        guard (1...9).contains(quantileType) else {
            printError("--quantile-type: erwartet 1 bis 9, nicht \(quantileType)")
            throw ExitCode.failure
        }
        guard classes >= 1 && classes <= 20 else {
            printError("--classes: erwartet 1 bis 20, nicht \(classes)")
            throw ExitCode.failure
        }
        let values = try readValues()
        var manual: [Double] = []
        if let breaks {
            for part in breaks.split(separator: ",") {
                guard let v = Double(part.trimmingCharacters(in: .whitespaces)) else {
                    printError("--breaks: „\(part)“ ist keine Zahl (Dezimalpunkt verwenden)")
                    throw ExitCode.failure
                }
                manual.append(v)
            }
        }
        var result = Classification(upperBounds: [], method: m.rawValue)
        var times: [Double] = []
        for _ in 0..<max(1, repeats) {
            let start = ContinuousClock.now
            result = Classification.make(m, values: values, classes: classes, quantileType: quantileType, manualBreaks: manual)
            result.closure = closure
            let d = ContinuousClock.now - start
            times.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
        }
        let counts = result.counts(values)
        print("\(m.germanName), \(values.count) Werte, \(result.upperBounds.count) Klassen "
              + (closure == .right ? "(Intervalle rechts geschlossen: ein Wert auf einer Grenze gehört zur unteren Klasse, wie in mapclassify)"
                                   : "(Intervalle links geschlossen: ein Wert auf einer Grenze gehört zur oberen Klasse, wie R findInterval)"))
        var lower = "-inf"
        for (i, (b, c)) in zip(result.upperBounds, counts).enumerated() {
            // Left-closed: [a, b); the last class holds the maximum, [a, max].
            let last = i == result.upperBounds.count - 1
            print(closure == .right ? "(\(lower), \(b)]\t\(c)" : (i == 0 ? "(-inf, \(b)" : "[\(lower), \(b)") + (last ? "]" : ")") + "\t\(c)")
            lower = String(b)
        }
        if repeats > 1 {
            times.sort()
            print("median_seconds \(times[times.count / 2])")
        }
    }

    /// Values from a one-per-line file, or from a CSV column (German or English numbers).
    func readValues() throws -> [Double] {
        let raw = try readFile(file)
        var forced: CellParser.DecimalMark?
        if let decimal {
            guard let d = CellParser.DecimalMark(option: decimal) else { printError("--decimal: erwartet comma oder point, nicht „\(decimal)“"); throw ExitCode.failure }
            forced = d
        }
        var cells = NumberColumn(file: file, name: column ?? "Wert")
        if let column {
            let doc: CSVDocument
            do { doc = try CSVDocument(raw: raw, file: file) } catch { printError(error.description); throw ExitCode.failure }
            var index: Int?
            var problems: [String] = []
            try doc.forEachRecord { rec in
                guard let i = index else {
                    index = (0..<rec.count).first { rec.string($0) == column }
                    if index == nil { problems.append("\(file):\(rec.line): keine Spalte „\(column)“ in der Kopfzeile") }
                    return
                }
                cells.append(rec, i)
            }
            if !problems.isEmpty { printError(problems.joined(separator: "\n")); throw ExitCode.failure }
        } else {
            // One value a line, read by the same number reader as a table's column.
            var lineNo = 0
            for line in String(decoding: raw, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false) {
                lineNo += 1
                let t = line.trimmingCharacters(in: .whitespacesAndNewlines)
                if !t.isEmpty { cells.append(text: t, line: lineNo) }
            }
        }
        let values: [Double]
        do { values = try cells.values(forced: forced).compactMap { $0 } } catch { printError(error.description); throw ExitCode.failure }
        if values.isEmpty { printError("\(file): keine Werte gefunden"); throw ExitCode.failure }
        return values
    }
}
