import ArgumentParser
import Foundation
import QuartierAggregate
import QuartierFormats
import QuartierGeo

struct AggregateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Count a person-level register extract per area and protect small numbers (run inside the registration office).",
        discussion: """
            Reads the yearly extract (one row per person), assigns every person to an area by
            coordinates (point in polygon) or by a street directory, forgets the addresses, counts
            per area (age groups, sex, German/foreign, residence ≥ 5 years, households) and withholds
            small numbers. Writes a long table that 'quartier import table' reads, and a processing
            log. No person-level field, address or withheld value is written anywhere.

            Example:
              quartier aggregate melderegister.csv --areas sozialraeume.geojson --code-property SR_ID \\
                --date 2024-12-31 --out einwohner-2024.csv
              quartier aggregate melderegister.csv --streets strassenverzeichnis.csv --areas sozialraeume.geojson \\
                --code-property SR_ID --date 2024-12-31 --out einwohner-2024.csv --min-count 3 --min-population 50

            Boundary rule: a person exactly on the boundary between two areas belongs to the area to
            the east (vertical boundary) or to the north (horizontal boundary).
            """
    )

    @Argument(help: "The register extract (CSV, one row per person).") var persons: String
    @Option(help: "Area layer (GeoJSON) for assignment by coordinates.") var areas: String
    @Option(help: "Property with the area code.") var codeProperty = "code"
    @Option(help: "Property with the parent area's code (for counts of the higher level).") var parentProperty: String?
    @Option(help: "Street directory (CSV) for persons without coordinates.") var streets: String?
    @Option(help: "Mapping file naming the columns ([columns] birth = GEBDAT, …).") var mapping: String?
    @Option(help: "Reference date (Stichtag), YYYY-MM-DD.") var date: String
    @Option(help: "Age groups, e.g. \"0-2,3-5,6-9,10-14,15-17,18-24,25-64,65-79,80-\".") var ageGroups: String?
    @Flag(help: "Count secondary residences too (default: main residence only).") var includeSecondary = false
    @Option(help: "Smallest count published (smaller ones are withheld).") var minCount = 3
    @Option(help: "Areas with fewer persons are withheld entirely.") var minPopulation = 50
    @Option(help: "Round every count to a multiple of 3 or 5 instead of withholding.") var rounding: Int?
    @Option(help: "Share of bad rows above which nothing is written.") var maxBadShare = 0.01
    @Option(help: "Code of the whole town (e.g. its AGS) for a town row.") var townCode: String?
    @Option(help: "Coordinate system of the persons' coordinates.") var crs = "EPSG:25832"
    @Option(help: "Decimal mark of the coordinates (point or comma), where cells such as 567.123 leave it open.") var decimal: String?
    @Option(help: "Output: the protected long table.") var out: String
    @Option(help: "Processing log (default: the output with .log).") var log: String?
    @Option(help: "Also write the UNPROTECTED cross-table area × age × sex × foreign (for checks inside the office only).") var crosstab: String?

    func run() async throws {
        guard let pointsCRS = CoordinateSystem(identifier: crs) else {
            printError("--crs: unbekanntes Koordinatensystem „\(crs)“; möglich: \(CoordinateSystem.supportedList)"); throw ExitCode.validationFailure
        }
        if let r = rounding, r != 3 && r != 5 { printError("--rounding: erwartet 3 oder 5, nicht \(r)"); throw ExitCode.validationFailure }
        var options = AggregateOptions(referenceDate: date)
        if let g = ageGroups {
            guard let parsed = AgeGroup.parse(g) else {
                printError("--age-groups: erwartet lückenlose Gruppen ab 0 mit offenem Ende, z. B. \"0-2,3-5,6-17,18-64,65-\""); throw ExitCode.validationFailure
            }
            options.ageGroups = parsed
        }
        options.includeSecondaryResidences = includeSecondary
        if let decimal {
            guard let mark = CellParser.DecimalMark(option: decimal) else { printError("--decimal: erwartet point oder comma, nicht „\(decimal)“"); throw ExitCode.failure }
            options.decimal = mark
        }
        options.maxBadShare = maxBadShare
        options.townCode = townCode
        options.pointsCRS = pointsCRS
        do {
            if let mapping { options.columns = try Self.columns(mappingFile: mapping) }
            guard let areaBytes = FileManager.default.contents(atPath: areas) else { throw AggregateFailure(message: "\(areas): die Datei fehlt oder ist nicht lesbar") }
            var layer = try AreaLayerReader.read(raw: [UInt8](areaBytes), file: areas, codeProperty: codeProperty, parentProperty: parentProperty)
            if layer.crs != pointsCRS {
                let from = layer.crs
                layer.rings = layer.rings.map { $0.map { $0.map { pointsCRS.fromWGS84(from.toWGS84($0)) } } }
            }
            let index = AreaIndex(codes: layer.codes, parents: layer.parents, rings: layer.rings)
            var directory: StreetDirectory?
            if let streets {
                guard let s = FileManager.default.contents(atPath: streets) else { throw AggregateFailure(message: "\(streets): die Datei fehlt oder ist nicht lesbar") }
                directory = try StreetDirectory(raw: [UInt8](s), file: streets)
            }
            guard let personFile = PersonFile(path: persons) else { throw AggregateFailure(message: "\(persons): die Datei fehlt oder ist nicht lesbar") }
            let terminal = isatty(2) == 1
            let started = Date()
            let size = personFile.count
            let counts = try await Aggregator.count(persons: personFile, file: persons, areas: index, streets: directory, options: options) { n, _ in
                guard terminal else { return }
                let s = Date().timeIntervalSince(started)
                let rate = Double(n) / max(s, 0.001)
                let expected = Double(size) / 40
                let left = max(0, (expected - Double(n)) / rate)
                FileHandle.standardError.write(Data("\r\(n) Datensätze, \(Int(rate)) je Sekunde, noch etwa \(Int(left)) s   ".utf8))
            }
            if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            var logData = counts.log
            let protection = Protection(minCount: minCount, minPopulation: minPopulation, rounding: rounding)
            let cells = protection.apply(counts, log: &logData)
            if logData.auditWeakCells > 0 {
                throw AggregateFailure(message: "Die Prüfung der Geheimhaltung ist fehlgeschlagen: \(logData.auditWeakCells) gesperrte Zellen ließen sich zu genau zurückrechnen (\(logData.auditWeakLabels.joined(separator: ", "))). Es wurde nichts geschrieben.")
            }
            let table = AggregateOutput.longCSV(counts, cells: cells, date: date)
            let logPath = log ?? (out.hasSuffix(".csv") ? String(out.dropLast(4)) : out) + ".log"
            let text = AggregateOutput.logText(logData, file: persons, date: date, areas: counts.baseCount, protection: protection)
            // All or nothing: every file is written next to its place and renamed at the end.
            var files: [(String, Data)] = [(out, Data(table.utf8)), (logPath, Data(text.utf8))]
            if let crosstab { files.append((crosstab, Data(Aggregator.crosstabCSV(counts, codeColumn: codeProperty).utf8))) }
            for (path, data) in files { try data.write(to: URL(fileURLWithPath: path + ".tmp")) }
            for (path, _) in files {
                _ = try? FileManager.default.removeItem(atPath: path)
                try FileManager.default.moveItem(atPath: path + ".tmp", toPath: path)
            }
            print("\(out): \(counts.codes.count) Gebiete × \(counts.variables.count) Merkmale; \(logData.assigned) von \(logData.recordsIn) Personen zugeordnet, "
                  + "\(logData.suppressedPrimary + logData.suppressedSecondary) Zellen gesperrt. Protokoll: \(logPath)")
        } catch let e as ImportFailure {
            printError(e.description); throw ExitCode.failure
        } catch let e as AggregateFailure {
            printError(e.message); throw ExitCode.failure
        }
    }

    /// `[columns]` of a mapping file: role = column name.
    static func columns(mappingFile path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { throw AggregateFailure(message: "\(path): die Datei fehlt oder ist nicht lesbar") }
        var out: [String: String] = [:]
        var section = ""
        let roles = ["id", "birth", "sex", "citizenship", "household", "residence", "move_in", "street", "house_number", "suffix", "x", "y"]
        for (n, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") { section = line.lowercased(); continue }
            guard section == "[columns]" else { continue }
            let kv = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, roles.contains(kv[0].lowercased()) else {
                throw AggregateFailure(message: "\(path):\(n + 1): erwartet „Rolle = Spalte“ mit einer Rolle aus \(roles.joined(separator: ", "))")
            }
            out[kv[0].lowercased()] = kv[1]
        }
        return out
    }
}
