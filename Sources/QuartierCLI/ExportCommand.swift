import ArgumentParser
import Foundation
import QuartierCore
import QuartierFormats
import QuartierAtlas
import QuartierStore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the areas of one level with every indicator's value for a year: GeoPackage, GeoJSON or CSV.",
        discussion: """
            Suppressed and missing values are written as empty (NULL), never as numbers.
            Examples:
              quartier export sozialraeume.gpkg --level sozialraum          # opens in QGIS
              quartier export sozialraeume.geojson --level sozialraum --year 2024
              quartier export kennzahlen.csv --level stadtteil
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "Output file; the format follows the extension: .gpkg, .geojson, .csv or .xlsx.")
    var file: String

    @Option(help: "Area level key, e.g. sozialraum (default: the finest level).")
    var level: String?

    @Option(help: "Year (default: the latest).")
    var year: String?

    @Flag(help: "Include data not yet released (for internal use; by default an export holds released data only, like the public atlas).")
    var `internal` = false

    @Flag(help: "Export the raw values (area, variable, reference date, value, status, symbol) in the long layout 'quartier import table' reads, instead of indicators (.csv or .xlsx).")
    var values = false

    @Option(help: "With --values: only this variable (repeatable).")
    var variable: [String] = []

    func run() async throws {
        let ext = (file as NSString).pathExtension.lowercased()
        guard ["gpkg", "geojson", "json", "csv", "xlsx"].contains(ext) else {
            printError("\(file): erwartet die Endung .gpkg, .geojson, .csv oder .xlsx")
            throw ExitCode.failure
        }
        let full = try await database.open()
        let store: any AtlasStore = `internal` ? full : PublicAtlasStore(base: full)
        if values {
            guard ext == "csv" || ext == "xlsx" else { printError("--values: erwartet eine .csv- oder .xlsx-Datei"); throw ExitCode.failure }
            let keys = variable.isEmpty ? try await store.variables().map(\.key) : variable
            var w = CSVWriter()
            w.row(["Gebiet", "Variable", "Stichtag", "Wert", "Status", "Zeichen"])
            // Every stored digit; a cell without a value carries its symbol, so that importing
            // the file into an empty atlas gives the same values, statuses and symbols.
            for v in try await store.values(variableKeys: keys, periods: nil, areaCodes: nil) {
                let value: CSVWriter.Cell = v.value == nil && v.symbol != nil ? .text(v.symbol!) : CSVWriter.exact(v.value)
                w.row([.text(v.areaCode), .text(v.variableKey), .text(v.period.date), value, .text(v.status.key), .text(v.symbol ?? "")])
            }
            let data = ext == "csv" ? Data(w.text.utf8) : try XLSXWriter.workbook(sheetName: "werte", rows: w.rows)
            try data.write(to: URL(fileURLWithPath: file))
            return
        }
        let queries = AtlasQueries(store: store, minimumDenominator: Reliability.defaultMinimumDenominator)
        let indicators = try await store.indicators()
        var columns: [GeoPackageWriter.Column] = []
        // The finest level unless one is named (as --help says), also when there are no indicators.
        let finest = try await store.levels().max { $0.rank < $1.rank }?.key
        var levelKey = level ?? finest
        var period: Period?
        do {
            for ind in indicators {
                let r = try await queries.indicator(key: ind.key, year: year, levelKey: levelKey)
                levelKey = r.level.key
                period = r.period
                var values: [String: Double?] = [:]
                for row in r.rows { values[row.area.code] = row.outcome.status == .ok || row.outcome.status == .estimated ? row.outcome.value : nil }
                columns.append(.init(name: ind.key, values: values))
            }
        } catch let e as AtlasError {
            printError(e.message)
            throw ExitCode.failure
        }
        guard let levelKey else {
            printError("Es gibt keine Gebiete zum Exportieren" + (`internal` ? "." : " (ohne --internal nur freigegebene Gebietsebenen)."))
            throw ExitCode.failure
        }
        if indicators.isEmpty {
            printError("Hinweis: keine \(`internal` ? "" : "freigegebenen ")Indikatoren; exportiert werden nur die Gebiete der Ebene „\(levelKey)“"
                       + (`internal` ? "." : " (--internal nimmt nicht freigegebene dazu)."))
        }
        let areas = try await store.areas(levelKey: levelKey)
        let label = "\(levelKey), \(period?.germanDate ?? "")"
        switch ext {
        case "gpkg":
            try GeoPackageWriter.write(path: file, table: levelKey, description: "Quartier: \(label)", areas: areas, columns: columns)
        case "csv", "xlsx":
            var w = CSVWriter()
            w.row(["Gebietscode", "Gebiet", "Stichtag"] + columns.map(\.name))
            for a in areas {
                w.row([.text(a.code), .text(a.name), .text(period?.date ?? "")] + columns.map { CSVWriter.number($0.values[a.code] ?? nil) })
            }
            let data = ext == "csv" ? Data(w.text.utf8) : try XLSXWriter.workbook(sheetName: levelKey, rows: w.rows)
            try data.write(to: URL(fileURLWithPath: file))
        default:
            let json = GeoJSONWriter.featureCollection(areas) { a in
                [("stichtag_jahr", period.map { Double($0.year) })] + columns.map { ($0.name, $0.values[a.code] ?? nil) }
            }
            try Data(json.utf8).write(to: URL(fileURLWithPath: file))
        }
        print("\(file): \(areas.count) Gebiete (\(label)), \(columns.count) Indikatoren.")
    }
}
