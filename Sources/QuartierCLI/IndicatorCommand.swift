import ArgumentParser
import Foundation
import QuartierCore
import QuartierStore

struct IndicatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicator",
        abstract: "Define indicators (formulas over variables) or list them.",
        subcommands: [IndicatorAddCommand.self, IndicatorListCommand.self]
    )
}

struct IndicatorAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add an indicator, or a new version of one (with --valid-from).",
        discussion: """
            Functions: share(a, b) = 100·a/b, per100, per1000, ratio(a, b), sum(a, …), change(x, n) (n years).
            Examples:
              quartier indicator add --key anteil_u3 --name "Anteil unter 3 Jahren" --formula "share(ew_0_2, ew_gesamt)" --unit % --topic "Demografie der Kinder"
              quartier indicator add --key kinderarmut --name "Kinderarmut" --formula "share(sgb2_u15 + sgb2_u15_nef, ew_0_14)" --unit % --topic "Soziale Lage" --polarity need --valid-from 2021-01-01
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Key (lower case letters, digits, _).") var key: String
    @Option(help: "Name shown to users.") var name: String
    @Option(help: "Formula over variable keys.") var formula: String
    @Option(help: "Unit, e.g. %, je 100, Personen.") var unit: String
    @Option(help: "Topic, e.g. Soziale Lage.") var topic: String
    @Option(help: "need (higher = more need), asset (higher = better) or neutral.") var polarity = "neutral"
    @Option(help: "Definition in words.") var definition = ""
    @Option(help: "Source of the data.") var source = ""
    @Option(help: "Decimal places shown.") var decimals = 1
    @Option(help: "Date from which this definition applies (YYYY-MM-DD); earlier periods keep the older version.") var validFrom: String?

    /// The formula error with a caret under the character.
    static func explain(_ e: FormulaError) -> String {
        "\(e.description)\n  \(e.formula)\n  \(String(repeating: " ", count: max(0, e.position - 1)))^"
    }

    func run() async throws {
        guard Variable.isValidKey(key) else {
            printError("--key: „\(key)“ ist kein gültiger Schlüssel (Kleinbuchstaben, Ziffern, _; beginnt mit einem Buchstaben)")
            throw ExitCode.failure
        }
        guard let pol = Polarity(rawValue: polarity) else {
            printError("--polarity: erwartet need, asset oder neutral, nicht „\(polarity)“")
            throw ExitCode.failure
        }
        if let validFrom, !Period.isValidISODate(validFrom) {
            printError("--valid-from: erwartet ein Datum wie 2021-01-01, nicht „\(validFrom)“")
            throw ExitCode.failure
        }
        guard (0...6).contains(decimals) else {
            printError("--decimals: erwartet 0 bis 6, nicht \(decimals)")
            throw ExitCode.failure
        }
        let store = try await database.open()
        do {
            let f = try Formula(formula)
            try f.validate(knownVariables: Set(try await store.variables().map(\.key)))
        } catch let e as FormulaError {
            printError(Self.explain(e))
            throw ExitCode.failure
        }
        let ind = Indicator(key: key, name: name, formula: formula, unit: unit, topic: topic, polarity: pol,
                            definition: definition, source: source, decimals: decimals, validFrom: validFrom)
        _ = try await store.apply(ImportBatch(label: "indicator \(key)", kind: "indicator", indicators: [ind]), progress: nil)
        print("Indikator „\(name)“ (\(key)) gespeichert" + (validFrom.map { ", gültig ab \($0)" } ?? "") + ".")
    }
}

struct IndicatorListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the indicators with their formulas.",
                                                    discussion: "Example:\n  quartier indicator list")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let store = try await database.open()
        for i in try await store.indicators() {
            let versions = try await store.indicatorVersions(key: i.key).count
            print("\(i.key)\t\(i.name)\t\(i.formula)\t\(i.unit)" + (versions > 1 ? "\t(\(versions) Versionen)" : ""))
        }
    }
}
