import ArgumentParser
import Foundation
import QuartierCore
import QuartierFormats

struct ClassifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Compute map classes for a column of numbers (one value a line, or a CSV column).",
        discussion: """
            Prints the upper bound of each class and how many values fall in it; intervals are
            closed on the right, (lower, upper], as in mapclassify. Methods: \(Classification.Method.allCases.map(\.rawValue).joined(separator: ", ")).

            Examples:
              quartier classify werte.txt --method jenks --classes 5
              quartier classify kinderarmut.csv --column Wert --method quantile --quantile-type 9
              quartier classify werte.txt --method manual --breaks 5,10,20
            """
    )

    @Argument(help: "File with the values.")
    var file: String

    @Option(help: "Column name, for a CSV file with a header.")
    var column: String?

    @Option(help: "Classification method.")
    var method: String = "quantile"

    @Option(help: "Number of classes.")
    var classes = 5

    @Option(help: "R quantile type (1–9) for the quantile method.")
    var quantileType = 7

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
            let d = ContinuousClock.now - start
            times.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
        }
        let counts = result.counts(values)
        print("\(m.germanName), \(values.count) Werte, \(result.upperBounds.count) Klassen (Intervalle rechts geschlossen)")
        var lower = "-inf"
        for (b, c) in zip(result.upperBounds, counts) {
            print("(\(lower), \(b)]\t\(c)")
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
