import QuartierAtlas
import ArgumentParser
import Foundation
import QuartierCore
import QuartierFormats
import QuartierGeo
import QuartierStore

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check an area layer: duplicate codes, ring orientation, self-intersections, overlaps, gaps, areas outside their parent.",
        discussion: """
            Checks a file before import, or a level already in the atlas (against its parent level).
            Examples:
              quartier validate Stadtteile.shp --code-property AREA_ID --name-property AREA_NAME
              quartier validate --level sozialraum
            Exit code 1 when overlaps, gaps, self-intersections, duplicate codes or areas outside their parent are found.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "GeoJSON, shapefile or zipped shapefile to check (without: check the stored --level).") var file: String?
    @Option(help: "Stored level to check, e.g. sozialraum.") var level: String?
    @Option(help: "Property holding the area code (files).") var codeProperty: String?
    @Option(help: "Property holding the area name (files).") var nameProperty: String?
    @Option(help: "Coordinate system of the file (any EPSG code PROJ knows); a shapefile's .prj must agree unless --force-crs.") var crs: String?

    @Flag(help: "Take --crs even where the shapefile's .prj names another system.")
    var forceCrs = false
    @Option(help: "Overlaps and gaps under this many square metres are reported as slivers (a note, not an error).") var sliverArea: Double = 1

    func run() async throws {
        var shapes: [LayerValidator.Shape] = []
        var parents: [LayerValidator.Shape] = []
        var frame = CoordinateSystem.wgs84
        let system = try parseCRS(crs)
        if let file {
            guard let code = codeProperty else { printError("--code-property fehlt: welches Feld enthält den Gebietscode?"); throw ExitCode.failure }
            var options = ImportService.AreaOptions(levelName: "Prüfung", codeProperty: code, nameProperty: nameProperty, crs: system)
            options.forceCRS = forceCrs
            let result: GeoJSONAreaReader.Result
            do {
                result = try ImportService.readAreas(path: file, options: options)
            } catch let f as ImportFailure {
                printError(f.description.replacingOccurrences(of: "Nichts wurde importiert.", with: ""))
                throw ExitCode.failure
            }
            if result.native.count == result.areas.count {
                // Checked in the file's own system, where neighbours share their vertices exactly.
                frame = result.crs
                shapes = zip(result.areas, result.native).map { a, g in LayerValidator.Shape(code: a.code, name: a.name, geometry: g) }
            } else {
                shapes = result.areas.compactMap { a in a.multiPolygon.map { LayerValidator.Shape(code: a.code, name: a.name, geometry: $0) } }
            }
        } else {
            guard let level else { printError("Bitte eine Datei oder --level angeben."); throw ExitCode.failure }
            let store = try await database.open()
            let levels = try await store.levels()
            guard let l = levels.first(where: { $0.key == level }) else {
                printError("Die Ebene „\(level)“ gibt es nicht; vorhanden: \(levels.map(\.key).joined(separator: ", "))")
                throw ExitCode.failure
            }
            shapes = try await store.areas(levelKey: l.key).compactMap { a in a.multiPolygon.map { LayerValidator.Shape(code: a.code, name: a.name, parentCode: a.parentCode, geometry: $0) } }
            if let pk = l.parentKey {
                parents = try await store.areas(levelKey: pk).compactMap { a in a.multiPolygon.map { LayerValidator.Shape(code: a.code, name: a.name, geometry: $0) } }
            }
        }
        guard sliverArea >= 0, sliverArea.isFinite else { printError("--sliver-area: erwartet eine Fläche in m² ab 0"); throw ExitCode.failure }
        let findings = LayerValidator(sliverArea: sliverArea, frame: frame).validate(shapes, parents: parents)
        print("\(shapes.count) Gebiete geprüft (Überlappungen und Lücken exakt mit GEOS, Flächen in ETRS89-LAEA; Splitter unter \(CSVWriter.numberText(sliverArea)) m² sind Hinweise).")
        if findings.isEmpty { print("Keine Befunde."); return }
        for f in findings { print((f.isError ? "- " : "- Hinweis: ") + f.message) }
        if findings.contains(where: \.isError) { throw ExitCode.failure }
    }
}
