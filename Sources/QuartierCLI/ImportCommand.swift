import QuartierAtlas
import ArgumentParser
import Foundation
import QuartierCore
import QuartierFormats
import QuartierGeo
import QuartierStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import areas (GeoJSON) or tables (CSV). All or nothing: a file with any error imports nothing.",
        subcommands: [ImportTableCommand.self, ImportAreasCommand.self, ImportFacilitiesCommand.self]
    )
}

/// Reads a whole file, with a message naming it when that fails.
func readFile(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        printError("\(path): Datei nicht gefunden oder nicht lesbar.")
        throw ExitCode.failure
    }
    return [UInt8](data)
}

struct ImportTableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Import a table (CSV, an Excel workbook .xlsx or .xls, or an OpenDocument .ods) in long form (area; variable; period; value) or wide form (area plus one column per variable).",
        discussion: """
            German conventions are understood: delimiter ; , or tab (detected), decimal comma, thousands
            separators, UTF-8 (with or without BOM), Windows-1252 and ISO-8859-1 (detected), and the
            official symbols - (zero), . * / (withheld), x ... (not available).

            Excel workbooks: the sheet is chosen with --sheet (name or number; default the first);
            number cells are taken as stored, date cells as dates. In CSV and Excel alike, title
            rows above the header (up to 20) are passed over, a header over several rows becomes
            one name per column ("Ausländer / absolut"), and lines with a single text cell below
            the table (footnotes, source) are left out; the report lists them.

            Examples:
              quartier import table werte.csv                      # columns Gebiet;Variable;Jahr;Wert
              quartier import table sgb2.csv --layout wide --period 2024 --map "SGB II=sgb2_personen"
              quartier import table flensburg_long.csv --mapping examples/flensburg/mapping.ini
              quartier import table Regionaltabelle.xlsx --sheet Bevölkerung --skip-unknown-areas --mapping zensus.ini
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "CSV, XLSX, XLS or ODS file.")
    var file: String

    @Option(help: "Sheet of an Excel workbook, by name or number (default: the first).")
    var sheet: String?

    @Flag(help: "Skip rows of areas the atlas does not have (a state-wide table) instead of refusing the file.")
    var skipUnknownAreas = false

    @Option(help: ArgumentHelp("A value that stands for missing data in this file, e.g. -9999 (repeatable): such cells are stored as missing.", valueName: "code"))
    var missing: [Double] = []

    @Flag(help: "Take values such as -9999 or 99999, which usually stand for missing data, as real numbers.")
    var confirmValues = false

    @Option(help: "Mapping file (INI: [columns], [options], [variables]); see the README, section Data formats.")
    var mapping: String?

    @Option(help: "Source template saved in the atlas (by the web upload's mapping step or --save-template): its mapping is used.")
    var template: String?

    @Option(help: "Save the --mapping file as a source template of this name once the import succeeds (the web upload then applies it to files with the same header).")
    var saveTemplate: String?

    @Option(help: "long, wide or auto.")
    var layout: String?

    @Option(help: "Column holding the area code.")
    var areaColumn: String?

    @Option(help: "Column(s) naming the variable, comma-separated (long form).")
    var variableColumn: String?

    @Option(help: "Column holding the year or date.")
    var periodColumn: String?

    @Option(help: "Column holding the value (long form).")
    var valueColumn: String?

    @Option(help: "Year or date for the whole file (e.g. 2024 or 31.12.2024).")
    var period: String?

    @Option(help: "Delimiter: ; , or tab (default: detected).")
    var delimiter: String?

    @Option(help: "Encoding: utf-8, windows-1252, iso-8859-1 (default: detected).")
    var encoding: String?

    @Option(help: "Decimal mark: comma or point (default: comma unless the numbers only make sense with a point).")
    var decimal: String?

    @Option(name: .customLong("map"), help: ArgumentHelp("Map a label or column to a variable key, e.g. \"Einwohner=ew_gesamt\".", valueName: "label=key"))
    var maps: [String] = []

    @Flag(help: "Create variables for unmapped labels (key derived from the label).")
    var createVariables = false

    @Flag(help: "Skip unmapped labels instead of refusing the file.")
    var skipUnmapped = false

    @Flag(help: "Check the file and report what would be imported, without writing.")
    var dryRun = false

    @Flag(help: "Report progress while writing.")
    var progress = false

    func buildMapping(templateText: String? = nil) throws -> TableMapping {
        var m = TableMapping()
        if let templateText {
            do { m = try TableMapping(mappingText: templateText, file: "Vorlage „\(template ?? "")“") } catch {
                printError(error.description)
                throw ExitCode.failure
            }
        }
        if let mapping {
            let bytes = try readFile(mapping)
            do { m = try TableMapping(mappingText: String(decoding: bytes, as: UTF8.self), file: mapping) } catch {
                printError(error.description)
                throw ExitCode.failure
            }
        }
        func fail(_ message: String) -> ExitCode { printError(message); return ExitCode.failure }
        if let layout {
            guard let l = TableMapping.Layout(rawValue: layout) else { throw fail("--layout: erwartet long, wide oder auto, nicht „\(layout)“") }
            m.layout = l
        }
        if let areaColumn { m.areaColumn = areaColumn }
        if let variableColumn { m.variableColumns = variableColumn.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
        if let periodColumn { m.periodColumn = periodColumn }
        if let valueColumn { m.valueColumn = valueColumn }
        if let period { m.period = period }
        if let delimiter {
            switch delimiter.lowercased() {
            case ";", "semicolon": m.delimiter = 59
            case ",", "comma": m.delimiter = 44
            case "tab", "\\t", "\t": m.delimiter = 9
            default: throw fail("--delimiter: erwartet ;, , oder tab, nicht „\(delimiter)“")
            }
        }
        if let encoding {
            guard let e = TextEncoding(name: encoding) else { throw fail("--encoding: unbekannte Kodierung „\(encoding)“; erwartet utf-8, windows-1252 oder iso-8859-1") }
            m.encoding = e
        }
        if let decimal {
            switch decimal.lowercased() {
            case "comma", ",": m.decimal = .comma
            case "point", ".": m.decimal = .point
            default: throw fail("--decimal: erwartet comma oder point, nicht „\(decimal)“")
            }
        }
        for entry in maps {
            guard let eq = entry.lastIndex(of: "=") else { throw fail("--map: erwartet „Bezeichnung=schluessel“, nicht „\(entry)“") }
            let label = String(entry[..<eq]), key = String(entry[entry.index(after: eq)...])
            guard Variable.isValidKey(key) else { throw fail("--map: „\(key)“ ist kein gültiger Variablenschlüssel (Kleinbuchstaben, Ziffern, _)") }
            m.variables[label] = .init(key: key)
        }
        if let sheet { m.sheet = sheet }
        if skipUnknownAreas { m.skipUnknownAreas = true }
        if !missing.isEmpty { m.missingCodes += missing }
        if confirmValues { m.confirmValues = true }
        if createVariables { m.unmapped = .create }
        if skipUnmapped { m.unmapped = .skip }
        return m
    }

    func run() async throws {
        let store = try await database.open()
        var templateText: String?
        if let template {
            let all = try await store.sourceTemplates()
            guard let t = all.first(where: { $0.name == template }) else {
                printError("--template: keine Vorlage „\(template)“; vorhanden: \(all.isEmpty ? "keine" : all.map { "„\($0.name)“" }.joined(separator: ", "))")
                throw ExitCode.failure
            }
            templateText = t.mapping
        }
        if saveTemplate != nil && mapping == nil {
            printError("--save-template: speichert die Zuordnungsdatei; --mapping angeben")
            throw ExitCode.validationFailure
        }
        let mapping = try buildMapping(templateText: templateText)
        let raw = try readFile(file)
        let service = ImportService(store: store, origin: ImportOrigin(user: "Kommandozeile"))
        let data: TableData
        do {
            data = try await service.checkTable(raw: raw, file: file, mapping: mapping)
        } catch let failure as ImportFailure {
            printError(failure.description)
            throw ExitCode.failure
        }
        if data.sheetName != nil {
            print("\(file): \(data.delimiterName) (Blätter: \(data.sheetNames.enumerated().map { "\($0.offset + 1) „\($0.element)“" }.joined(separator: ", "))), \(data.layout.words), \(data.recordsRead) Zeilen")
        } else {
            print("\(file): \(data.encoding.rawValue), Trennzeichen \(data.delimiterName), \(data.layout.words), \(data.recordsRead) Zeilen")
        }
        for t in data.titleLines where !t.isEmpty { print("  über der Kopfzeile übergangen: \(t)") }
        for f in data.footnotes { print("  unter der Tabelle übergangen: \(f)") }
        if data.skippedAreaRows > 0 { print("  übersprungen (Gebiet nicht im Atlas): \(data.skippedAreaRows) Zeilen") }
        if data.declaredMissing > 0 { print("  als fehlend gespeichert (--missing): \(data.declaredMissing) Zellen") }
        for o in data.outliers { print("  auffällig (weit außerhalb der übrigen Werte; prüfen): \(o)") }
        if !data.rowsWithoutCode.isEmpty { print("  ohne Gebietscode übergangen (Summen): \(data.rowsWithoutCode.joined(separator: ", "))") }
        print("  \(data.entries.count) Werte für \(data.areaCodes.count) Gebiete, \(data.variables.count) Variablen, \(data.periods.count) Zeitpunkte")
        if !data.newAreas.isEmpty { print("  neue Gebiete: \(data.newAreas.count)") }
        if !data.newVariableKeys.isEmpty { print("  neue Variablen: \(data.newVariableKeys.sorted().joined(separator: ", "))") }
        if !data.skipped.isEmpty {
            print("  übersprungen (nicht zugeordnet): \(data.skipped.values.reduce(0, +)) Zeilen mit \(data.skipped.count) Bezeichnungen")
        }
        if dryRun {
            print("Probelauf: nichts geschrieben.")
            return
        }
        var report: (@Sendable (Int) -> Void)?
        if progress {
            report = { @Sendable (n: Int) in printError("geschrieben: \(n) Werte") }
        }
        let receipt = try await service.write(data, label: (file as NSString).lastPathComponent, progress: report)
        print("Importiert: \(receipt.values) Werte (Import Nr. \(receipt.batchID))." + (receipt.indicators > 0 ? " Neue Standard-Indikatoren: \(receipt.indicators)." : ""))
        if let name = saveTemplate, let path = self.mapping, let header = SourceTemplates.fingerprint(raw: raw, file: file, mapping: mapping) {
            do {
                try await store.save(sourceTemplate: SourceTemplate(name: name, mapping: String(decoding: try readFile(path), as: UTF8.self), header: header), by: "Kommandozeile")
            } catch let e as StoreError { printError(e.message); throw ExitCode.failure }
            print("Vorlage „\(name)“ gespeichert.")
        }
    }
}

struct ImportAreasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "areas",
        abstract: "Import areas from GeoJSON (RFC 7946; the legacy crs member is understood), an ESRI Shapefile (.shp with .shx, .dbf, .prj, .cpg; also zipped) or a GeoPackage layer (.gpkg).",
        discussion: """
            Example:
              quartier import areas sozialraeume.geojson --level Sozialraum --code-property SR_ID --name-property SR_Name
              quartier import areas stadtteile.geojson --level Stadtteil --code-property ST --name-property Name --crs EPSG:25832
              quartier import areas Stadtteile.shp --level Stadtteil --code-property AREA_ID --name-property AREA_NAME
              quartier import areas gis.gpkg --layer sozialraeume --level Sozialraum --code-property SR_ID --name-property SR_Name
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "GeoJSON file with a FeatureCollection of (Multi)Polygons, a .shp file, a zipped shapefile or a GeoPackage.")
    var file: String

    @Option(help: "Level name, e.g. Sozialraum or Stadtteil.")
    var level: String

    @Option(help: "Property holding the area code.")
    var codeProperty: String

    @Option(help: "Property holding the area name.")
    var nameProperty: String?

    @Option(help: "Property holding the code of the parent area.")
    var parentProperty: String?

    @Option(help: "Name of the next coarser level (for a new level).")
    var parentLevel: String?

    @Option(help: "Coordinate system of the file (any EPSG code PROJ knows); a shapefile's .prj must agree unless --force-crs.")
    var crs: String?

    @Flag(help: "Take --crs even where the shapefile's .prj names another system.")
    var forceCrs = false

    @Option(help: "Layer of a GeoPackage (.gpkg), when it has several.")
    var layer: String?

    @Option(help: "Encoding of a GeoJSON file that is not UTF-8 (windows-1252, iso-8859-1, utf-16).")
    var encoding: String?

    @Flag(help: "Repair invalid polygons with GEOS (make valid, structure method) instead of refusing the file; the repaired areas are listed.")
    var makeValid = false

    @Option(help: "Date from which these boundaries are valid (YYYY-MM-DD).")
    var validFrom: String?

    @Option(help: "Name of the town, shown in the atlas's header (with --ags).")
    var municipality: String?

    @Option(help: "Official municipality key (Amtlicher Gemeindeschlüssel, 8 digits).")
    var ags: String?

    func run() async throws {
        let system = try parseCRS(crs)
        if let validFrom, !Period.isValidISODate(validFrom) {
            printError("--valid-from: erwartet ein Datum wie 2024-01-01, nicht „\(validFrom)“")
            throw ExitCode.failure
        }
        var town: Municipality?
        if municipality != nil || ags != nil {
            guard let municipality, !municipality.isEmpty, let ags, ags.count == 8, ags.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                printError("--municipality und --ags gehören zusammen; der AGS hat 8 Ziffern (z. B. 01001000 für Flensburg)")
                throw ExitCode.failure
            }
            town = Municipality(ags: ags, name: municipality)
        }
        let service = ImportService(store: try await database.open(), origin: ImportOrigin(user: "Kommandozeile"))
        var options = ImportService.AreaOptions(levelName: level, parentLevelName: parentLevel, codeProperty: codeProperty,
                                                nameProperty: nameProperty, parentProperty: parentProperty, crs: system, validFrom: validFrom,
                                                municipality: town)
        options.forceCRS = forceCrs
        options.layer = layer
        options.makeValid = makeValid
        if let encoding {
            guard let e = TextEncoding(name: encoding) else {
                printError("--encoding: unbekannte Kodierung „\(encoding)“; erwartet utf-8, windows-1252, iso-8859-1 oder utf-16")
                throw ExitCode.failure
            }
            guard file.lowercased().hasSuffix(".geojson") || file.lowercased().hasSuffix(".json") else {
                printError("--encoding gilt für GeoJSON; die Kodierung eines Shapefiles steht in seiner .cpg-Datei, eine GeoPackage ist immer UTF-8")
                throw ExitCode.failure
            }
            options.encoding = e
        }
        do {
            let (result, receipt) = try await service.importAreas(path: file, options: options, label: (file as NSString).lastPathComponent)
            print("\(file): \(receipt.areas) Gebiete der Ebene „\(level)“ importiert (Koordinatensystem \(result.crs), \(result.crs.name)"
                  + (result.transformation.map { "; nach ETRS89 umgerechnet mit: \($0)" } ?? "") + ").")
            if !result.repaired.isEmpty {
                print("Mit --make-valid repariert: \(result.repaired.count) Gebiet\(result.repaired.count == 1 ? "" : "e")")
                for r in result.repaired {
                    let change = r.areaRatio.map { ratio -> String in
                        let pct = (ratio - 1) * 100
                        let text = String(format: "%.1f", abs(pct)).replacingOccurrences(of: ".", with: ",")
                        return "Fläche " + (abs(pct) < 0.05 ? "unverändert" : (pct < 0 ? "−" : "+") + text + " %")
                    } ?? "die Fläche vorher war nicht bestimmbar (gegenläufige Teile heben sich auf)"
                    print("  \(r.code) (\(r.name)): \(r.problem); jetzt \(r.parts) Teilfläche\(r.parts == 1 ? "" : "n"), \(change)")
                }
            }
            let key = AreaLevel.key(forName: level)
            if try await service.store.levelReleases()[key] == nil {
                print("Die Ebene ist intern, bis sie freigegeben wird: quartier release --level \(key) --by NAME")
            }
        } catch let failure as ImportFailure {
            printError(failure.description)
            throw ExitCode.failure
        }
    }
}

struct ImportFacilitiesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "facilities",
        abstract: "Import facilities (Kitas, schools, youth centres, playgrounds) from CSV with coordinates, GeoJSON points or a point shapefile.",
        discussion: """
            Each facility is assigned to the area (finest level) that contains it; one outside all areas refuses the file.
            Examples:
              quartier import facilities kitas.csv --category kita --name-column Einrichtung --capacity-column Plaetze   # Rechtswert/Hochwert in EPSG:25832
              quartier import facilities einrichtungen.csv --x-column lon --y-column lat --crs EPSG:4326
              quartier import facilities spielplaetze.shp --category spielplatz --name-column NAME
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "CSV, GeoJSON, point shapefile or GeoPackage.") var file: String
    @Option(help: "Layer of a GeoPackage (.gpkg), when it has several.") var layer: String?
    @Option(help: "One category for all: kita, schule, jugend, spielplatz.") var category: String?
    @Option(help: "Column with the category (Kita, Schule, Jugendzentrum, Spielplatz).") var categoryColumn = "Kategorie"
    @Option(help: "Column with the name.") var nameColumn = "Name"
    @Option(help: "Column with the places (capacity).") var capacityColumn = "Plaetze"
    @Option(help: "Column with x / easting / longitude (CSV).") var xColumn = "Rechtswert"
    @Option(help: "Column with y / northing / latitude (CSV).") var yColumn = "Hochwert"
    @Option(help: "Column with a stable key (default: category and name).") var keyColumn: String?
    @Option(help: "Coordinate system (CSV default EPSG:25832, GeoJSON default WGS84, shapefile: its .prj, which must agree unless --force-crs).") var crs: String?
    @Flag(help: "Take --crs even where the shapefile's .prj or the GeoPackage layer names another system.") var forceCrs = false
    @Option(help: "Also store the summed capacities per area as this variable (e.g. kita_plaetze); needs --period.") var capacityVariable: String?
    @Option(help: "Year or date for --capacity-variable.") var period: String?

    func run() async throws {
        let system = try parseCRS(crs)
        var cat: Facility.Category?
        if let category {
            guard let c = FacilityReader.category(category) else { printError("--category: erwartet kita, schule, jugend oder spielplatz, nicht „\(category)“"); throw ExitCode.failure }
            cat = c
        }
        var reader = FacilityReader(categoryField: cat == nil ? categoryColumn : nil, category: cat, nameField: nameColumn, capacityField: capacityColumn,
                                    xField: xColumn, yField: yColumn, keyField: keyColumn, crs: system)
        reader.forceCRS = forceCrs
        let service = ImportService(store: try await database.open(), origin: ImportOrigin(user: "Kommandozeile"))
        do {
            let lower = file.lowercased()
            let facilities: [Facility]
            if lower.hasSuffix(".shp") {
                facilities = try reader.readShapefile(files: ImportService.shapefileFiles(file), file: file)
            } else if lower.hasSuffix(".gpkg") {
                facilities = try reader.readGeoPackage(path: file, file: file, layer: layer)
            } else if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") {
                facilities = try reader.readGeoJSON(raw: try readFile(file), file: file)
            } else {
                facilities = try reader.readCSV(raw: try readFile(file), file: file)
            }
            var p: Period?
            if capacityVariable != nil {
                guard let text = period, let iso = CellParser.period(text) else {
                    printError("--capacity-variable braucht --period (z. B. 2025 oder 31.12.2025)")
                    throw ExitCode.failure
                }
                p = Period(date: iso)
            }
            let (n, receipt) = try await service.importFacilities(facilities, file: file, capacityVariable: capacityVariable, period: p)
            print("\(file): \(n) Einrichtungen importiert und ihren Gebieten zugeordnet." + (receipt.values > 0 ? " \(receipt.values) Werte für \(capacityVariable ?? "")." : ""))
        } catch let failure as ImportFailure {
            printError(failure.description)
            throw ExitCode.failure
        }
    }
}
