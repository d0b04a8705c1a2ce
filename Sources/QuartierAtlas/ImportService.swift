import Foundation
import QuartierCore
import QuartierFormats
import QuartierGeo
import QuartierStore

/// Reads and checks a file, then writes it in one transaction. Used by the CLI and by tests,
/// so what the tests prove about bad input holds for the command too.
public struct ImportService: Sendable {
    public let store: any AtlasStore
    /// Written with every batch: who imports, from which upload.
    public let origin: ImportOrigin?

    public init(store: any AtlasStore, origin: ImportOrigin? = nil) {
        self.store = store
        self.origin = origin
    }

    private func apply(_ batch: ImportBatch, progress: (@Sendable (Int) -> Void)?) async throws -> ImportReceipt {
        var batch = batch
        batch.origin = origin
        return try await store.apply(batch, progress: progress)
    }

    /// Checks a table against the atlas; throws `ImportFailure` listing every problem.
    /// The standard variables (`StandardCatalog`) are known even before the first import.
    public func checkTable(raw: [UInt8], file: String, mapping: TableMapping) async throws -> TableData {
        var variables = try await store.variables()
        let stored = Set(variables.map(\.key))
        variables += StandardCatalog.variables.filter { !stored.contains($0.key) }
        let context = TableContext(areaCodes: Set(try await store.areas(levelKey: nil, includeGeometry: false).map(\.code)), variables: variables)
        return try TableReader(mapping: mapping, context: context).read(raw: raw, file: file)
    }

    /// The batch for a checked table, with every standard indicator whose variables exist once
    /// the table is in (so a town that imports the standard variables gets the maps at once).
    public func batch(for data: TableData, label: String) async throws -> ImportBatch {
        var batch = data.importBatch(label: label)
        let present = Set(try await store.variables().map(\.key)).union(data.variables.map(\.key))
        let existing = Set(try await store.indicators().map(\.key))
        batch.indicators = StandardCatalog.indicators.filter { ind in
            !existing.contains(ind.key) && ((try? Formula(ind.formula))?.variables.allSatisfy(present.contains) ?? false)
        }
        return batch
    }

    /// Checks and imports a table. Nothing is written if anything is wrong.
    public func importTable(raw: [UInt8], file: String, mapping: TableMapping, label: String? = nil,
                            progress: (@Sendable (Int) -> Void)? = nil) async throws -> (TableData, ImportReceipt) {
        let data = try await checkTable(raw: raw, file: file, mapping: mapping)
        return (data, try await write(data, label: label ?? file, progress: progress))
    }

    /// Writes a checked table (with the standard indicators it completes) in one transaction.
    public func write(_ data: TableData, label: String, progress: (@Sendable (Int) -> Void)? = nil) async throws -> ImportReceipt {
        try await apply(try await batch(for: data, label: label), progress: progress)
    }

    public struct AreaOptions: Sendable {
        public var levelName: String
        public var parentLevelName: String?
        public var codeProperty: String
        public var nameProperty: String?
        public var parentProperty: String?
        public var crs: CoordinateSystem?
        public var validFrom: String?
        /// The town these areas belong to (name and official key), set with the import.
        public var municipality: Municipality?
        /// Take `crs` even where the file's .prj names another system (the .prj is wrong).
        public var forceCRS = false
        /// The layer of a GeoPackage (needed when it has several).
        public var layer: String?
        /// Read a GeoJSON file in this encoding instead of UTF-8 (RFC 7946 asks for UTF-8).
        public var encoding: TextEncoding?
        /// Repair invalid polygons with GEOS instead of refusing them; the repaired areas are listed.
        public var makeValid = false

        public init(levelName: String, parentLevelName: String? = nil, codeProperty: String, nameProperty: String? = nil,
                    parentProperty: String? = nil, crs: CoordinateSystem? = nil, validFrom: String? = nil, municipality: Municipality? = nil) {
            self.levelName = levelName
            self.parentLevelName = parentLevelName
            self.codeProperty = codeProperty
            self.nameProperty = nameProperty
            self.parentProperty = parentProperty
            self.crs = crs
            self.validFrom = validFrom
            self.municipality = municipality
        }
    }

    /// Checks and imports areas from a shapefile (the .shp and its .shx, .dbf, .prj, .cpg),
    /// creating their level if it is new.
    public func importShapefile(files: [String: [UInt8]], file: String, options o: AreaOptions, label: String? = nil) async throws -> (GeoJSONAreaReader.Result, ImportReceipt) {
        let result = try Self.shapefileAreas(files: files, file: file, options: o)
        return try await store(areas: result, file: file, options: o, label: label)
    }

    /// Reads and checks the areas of a shapefile without storing them.
    public static func shapefileAreas(files: [String: [UInt8]], file: String, options o: AreaOptions) throws -> GeoJSONAreaReader.Result {
        try layerAreas(try ShapefileReader(name: file, files: files).read(), file: file, crsFile: ShapefileReader.sibling(file, "prj"),
                       attributesFile: ShapefileReader.sibling(file, "dbf"), options: o)
    }

    /// Areas from the records of a shapefile or a GeoPackage layer: codes, names, parents, the
    /// geometry converted and checked. `crsFile` and `attributesFile` name where the system and
    /// the attributes came from in messages.
    static func layerAreas(_ shape: ShapefileReader.Result, file: String, crsFile: String, attributesFile: String, options o: AreaOptions) throws -> GeoJSONAreaReader.Result {
        // A --crs that contradicts the .prj is a question, not an override: one of them is wrong.
        if let given = o.crs, let declared = shape.crs, given != declared, !o.forceCRS {
            throw ImportFailure(ImportIssue(file: crsFile, found: "\(declared) (\(declared.name))",
                expected: "dasselbe Koordinatensystem wie --crs \(given) (\(given.name)); ist die .prj falsch, nimmt --force-crs die Angabe von --crs"))
        }
        guard let system = o.crs ?? shape.crs else {
            throw ImportFailure(ImportIssue(file: crsFile,
                expected: (crsFile.lowercased().hasSuffix(".prj") ? "eine .prj-Datei mit dem Koordinatensystem" : "ein Koordinatensystem der Ebene (gpkg_spatial_ref_sys)")
                    + ", oder die Angabe --crs (\(CoordinateSystem.supportedList))"))
        }
        guard shape.fields.contains(o.codeProperty) else {
            throw ImportFailure(ImportIssue(file: attributesFile, found: shape.fields.joined(separator: ", "),
                                            expected: "ein Feld „\(o.codeProperty)“ mit dem Gebietscode"))
        }
        if let n = o.nameProperty, !shape.fields.contains(n) {
            throw ImportFailure(ImportIssue(file: attributesFile, found: shape.fields.joined(separator: ", "),
                                            expected: "ein Feld „\(n)“ mit dem Gebietsnamen"))
        }
        let toWGS = system.converterToWGS84()
        let levelKey = AreaLevel.key(forName: o.levelName)
        var areas: [Area] = []
        var native: [MultiPolygon] = []
        var issues: [ImportIssue] = []
        var seen: [String: Int] = [:]
        for (k, r) in shape.records.enumerated() {
            let code = r.attributes[o.codeProperty] ?? ""
            guard !code.isEmpty else {
                issues.append(ImportIssue(file: file, line: k + 1, columnName: o.codeProperty, found: "", expected: "ein Gebietscode in jedem Datensatz"))
                continue
            }
            if let first = seen[code] {
                issues.append(ImportIssue(file: file, line: k + 1, found: code, expected: "eindeutige Gebietscodes; „\(code)“ steht schon in Datensatz \(first)"))
                continue
            }
            seen[code] = k + 1
            guard let g = r.geometry else {
                issues.append(ImportIssue(file: file, line: k + 1, found: code, expected: "eine Fläche (Polygon) für jedes Gebiet"))
                continue
            }
            let converted = g.map(toWGS)
            guard system.isPlausible(converted: converted.boundingBox) else {
                issues.append(ImportIssue(file: file, line: k + 1, found: code, expected: system.implausibility(converted: converted.boundingBox)))
                continue
            }
            native.append(g)
            areas.append(Area(code: code, name: o.nameProperty.flatMap { r.attributes[$0] } ?? code, levelKey: levelKey,
                              parentCode: o.parentProperty.flatMap { r.attributes[$0] }, geometryWKB: WKB.encode(converted), validFrom: o.validFrom))
        }
        if !issues.isEmpty { throw ImportFailure(issues: Array(issues.prefix(ImportFailure.limit)), moreCount: max(0, issues.count - ImportFailure.limit)) }
        return GeoJSONAreaReader.Result(areas: areas, crs: system, transformation: system.transformationToWGS84()?.lastOperationText, native: native)
    }

    /// Assigns facilities to the areas of the finest level that contain them (point in polygon,
    /// boxes first) and stores them. A facility outside every area refuses the whole file.
    ///
    /// With `capacityVariable` and `period`, the capacities of all facilities of the file's
    /// categories (stored and new) are also summed per area
    /// (areas without one get 0; the top area, if any, the town total) and stored as that variable,
    /// so indicators such as Kita places per child follow the facility list.
    public func importFacilities(_ facilities: [Facility], file: String, capacityVariable: String? = nil,
                                 period: Period? = nil) async throws -> (assigned: Int, receipt: ImportReceipt) {
        let levels = try await store.levels()
        guard let finest = levels.max(by: { $0.rank < $1.rank }) else {
            throw ImportFailure(ImportIssue(file: file, expected: "Gebiete mit Geometrie, denen die Einrichtungen zugeordnet werden; zuerst Gebiete importieren"))
        }
        let shapes: [(code: String, box: BoundingBox, shape: MultiPolygon)] = try await store.areas(levelKey: finest.key).compactMap { a in
            a.multiPolygon.map { (a.code, $0.boundingBox, $0) }
        }
        var out: [Facility] = []
        var issues: [ImportIssue] = []
        for var f in facilities {
            let p = Point(f.longitude, f.latitude)
            let hit = shapes.first { $0.box.minX <= p.x && p.x <= $0.box.maxX && $0.box.minY <= p.y && p.y <= $0.box.maxY && $0.shape.contains(p) }
            guard let hit else {
                issues.append(ImportIssue(file: file, found: f.name, expected: "eine Lage in einem Gebiet der Ebene „\(finest.name)“ (Koordinaten oder Koordinatensystem prüfen)"))
                continue
            }
            f.areaCode = hit.code
            out.append(f)
        }
        if !issues.isEmpty { throw ImportFailure(issues: Array(issues.prefix(ImportFailure.limit)), moreCount: max(0, issues.count - ImportFailure.limit)) }
        var batch = ImportBatch(label: file, kind: "facilities", facilities: out)
        if let key = capacityVariable, let period {
            guard Variable.isValidKey(key) else { throw ImportFailure(ImportIssue(file: file, found: key, expected: "ein gültiger Variablenschlüssel")) }
            let known = try await store.variables().first { $0.key == key } ?? StandardCatalog.variables.first { $0.key == key }
                ?? Variable(key: key, label: "Plätze in Einrichtungen (\(key))", unit: "Plätze", source: "Einrichtungsverzeichnis")
            // All facilities of the file's categories after this import: the stored ones it does not replace, and its own.
            let categories = Set(out.map(\.category)), newKeys = Set(out.map(\.key))
            let kept = try await store.facilities().filter { categories.contains($0.category) && !newKeys.contains($0.key) }
            var sums: [String: Double] = [:]
            for f in kept + out { if let a = f.areaCode { sums[a, default: 0] += Double(f.capacity ?? 0) } }
            var codes = shapes.map(\.code)
            var totals = codes.map { sums[$0] ?? 0 }
            if let top = levels.first(where: { $0.rank == 0 }), top.key != finest.key,
               let town = try await store.areas(levelKey: top.key, includeGeometry: false).first {
                codes.append(town.code)
                totals.append(totals.reduce(0, +))
            }
            batch.variables = [known]
            batch.values = ValueBatch(areaCodes: codes, variableKeys: [key], periods: [period.date],
                                      entries: totals.enumerated().map { .init(area: Int32($0.offset), variable: 0, period: 0, value: $0.element) })
        }
        let receipt = try await apply(batch, progress: nil)
        return (out.count, receipt)
    }

    /// The files of a shapefile beside `path` (.shp, .shx, .dbf, .prj, .cpg; upper-case extensions too).
    public static func shapefileFiles(_ path: String) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            let lower = ShapefileReader.sibling(path, ext), upper = ShapefileReader.sibling(path, ext.uppercased())
            if let d = FileManager.default.contents(atPath: lower) ?? FileManager.default.contents(atPath: upper) { files[ext] = [UInt8](d) }
        }
        return files
    }

    /// Reads and checks areas from a file by its kind: a .zip holding one shapefile, a .shp with
    /// its sibling files, or GeoJSON. Messages name the file `name` (an upload's own name) or its path.
    public static func readAreas(path: String, options o: AreaOptions, named name: String? = nil) throws -> GeoJSONAreaReader.Result {
        let shown = name ?? path
        let lower = path.lowercased()
        if lower.hasSuffix(".zip") {
            let (inner, files) = try ShapefileArchive.files(zip: path, name: shown)
            return try shapefileAreas(files: files, file: inner, options: o)
        }
        if lower.hasSuffix(".gpkg") {
            let (layer, records) = try GeoPackageReader.read(path: path, shown: shown, layer: o.layer)
            let place = "\(shown) (Ebene „\(layer.name)“)"
            return try layerAreas(records, file: place, crsFile: place, attributesFile: place, options: o)
        }
        if lower.hasSuffix(".shp") {
            let files = shapefileFiles(path)
            guard files["shp"] != nil else { throw ImportFailure(ImportIssue(file: shown, expected: "eine lesbare Datei; sie fehlt oder ist nicht lesbar")) }
            return try shapefileAreas(files: files, file: shown, options: o)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ImportFailure(ImportIssue(file: shown, expected: "eine lesbare Datei; sie fehlt oder ist nicht lesbar"))
        }
        var reader = GeoJSONAreaReader(codeProperty: o.codeProperty, nameProperty: o.nameProperty, parentProperty: o.parentProperty,
                                       levelKey: AreaLevel.key(forName: o.levelName), crs: o.crs, validFrom: o.validFrom)
        reader.encoding = o.encoding
        return try reader.read(raw: [UInt8](data), file: shown)
    }

    /// Reads, checks and imports areas from a GeoJSON file, a shapefile or a zipped shapefile.
    public func importAreas(path: String, options o: AreaOptions, label: String? = nil, named name: String? = nil) async throws -> (GeoJSONAreaReader.Result, ImportReceipt) {
        try await store(areas: try Self.readAreas(path: path, options: o, named: name), file: name ?? path, options: o, label: label)
    }

    /// Checks and imports areas from GeoJSON, creating their level if it is new.
    public func importAreas(raw: [UInt8], file: String, options o: AreaOptions, label: String? = nil) async throws -> (GeoJSONAreaReader.Result, ImportReceipt) {
        let levelKey = AreaLevel.key(forName: o.levelName)
        var reader = GeoJSONAreaReader(codeProperty: o.codeProperty, nameProperty: o.nameProperty, parentProperty: o.parentProperty,
                                       levelKey: levelKey, crs: o.crs, validFrom: o.validFrom)
        reader.encoding = o.encoding
        let result = try reader.read(raw: raw, file: file)
        return try await store(areas: result, file: file, options: o, label: label)
    }

    private func store(areas read: GeoJSONAreaReader.Result, file: String, options o: AreaOptions, label: String?) async throws -> (GeoJSONAreaReader.Result, ImportReceipt) {
        var result = read
        let levelKey = AreaLevel.key(forName: o.levelName)
        let existing = try await store.levels()
        let parentKey = o.parentLevelName.map(AreaLevel.key(forName:))
        var level: AreaLevel
        if let l = existing.first(where: { $0.key == levelKey }) {
            level = AreaLevel(key: l.key, name: o.levelName, parentKey: parentKey ?? l.parentKey, rank: l.rank)
        } else {
            let parentRank = parentKey.flatMap { pk in existing.first { $0.key == pk }?.rank }
            level = AreaLevel(key: levelKey, name: o.levelName, parentKey: parentKey,
                              rank: parentRank.map { $0 + 1 } ?? ((existing.map(\.rank).max() ?? 0) + 1))
        }
        // The layer keeps where its coordinates came from and how they were converted.
        level.sourceCRS = "\(result.crs) \(result.crs.name)"
        level.transformation = result.transformation
        // A code is one area: an area of another level with the same code is not silently moved.
        let stored = try await store.areas(levelKey: nil, includeGeometry: false)
        let levelOf = Dictionary(stored.map { ($0.code, $0.levelKey) }, uniquingKeysWith: { a, _ in a })
        let clashes = result.areas.filter { a in levelOf[a.code].map { $0 != level.key } ?? false }
        if !clashes.isEmpty {
            let names = Dictionary(existing.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
            throw ImportFailure(issues: clashes.prefix(ImportFailure.limit).map { a in
                ImportIssue(file: file, columnName: o.codeProperty, found: a.code,
                            expected: "Codes, die nicht schon ein Gebiet einer anderen Ebene tragen („\(a.code)“ gehört zur Ebene „\(names[levelOf[a.code] ?? ""] ?? levelOf[a.code] ?? "")“); Codes mit einem Präfix je Ebene unterscheiden")
            }, moreCount: max(0, clashes.count - ImportFailure.limit))
        }
        // Polygons must be valid (OGC Simple Features, checked by GEOS): a ring that crosses
        // itself has no well-defined area, and persons or facilities would land in the wrong area.
        // With --make-valid GEOS repairs them instead, and the import says which and by how much.
        var invalid: [ImportIssue] = []
        var invalidCount = 0
        for (i, a) in result.areas.enumerated() {
            guard let wkb = a.geometryWKB, let problem = GeometryValidity.problem(wkb: wkb) else { continue }
            if o.makeValid, let repair = GeometryValidity.repaired(wkb: wkb) {
                result.areas[i].geometryWKB = WKB.encode(repair.geometry)
                result.repaired.append(.init(code: a.code, name: a.name, problem: problem.description, areaRatio: repair.areaRatio,
                                             parts: repair.geometry.polygons.count))
                continue
            }
            invalidCount += 1
            if invalid.count < ImportFailure.limit {
                invalid.append(ImportIssue(file: file, columnName: o.codeProperty, found: "\(a.code) (\(a.name)): \(problem.description)",
                                           expected: o.makeValid
                                               ? "ein Polygon, das GEOS reparieren kann; es bleibt keine Fläche übrig: in QGIS „Geometrie überprüfen“ und von Hand korrigieren"
                                               : "gültige Polygone (OGC Simple Features); --make-valid repariert sie mit GEOS (die Liste der reparierten Gebiete wird ausgegeben), in QGIS zeigt „Geometrie überprüfen“ die Stelle"))
            }
        }
        if !invalid.isEmpty { throw ImportFailure(issues: invalid, moreCount: invalidCount - invalid.count) }
        if let parentProperty = o.parentProperty {
            let known = Set(stored.map(\.code))
            let missing = Set(result.areas.compactMap(\.parentCode)).subtracting(known).sorted()
            if !missing.isEmpty {
                throw ImportFailure(ImportIssue(file: file, columnName: parentProperty, found: missing.prefix(10).joined(separator: ", "),
                    expected: "übergeordnete Gebiete, die es schon gibt (Eigenschaft „\(parentProperty)“); zuerst die übergeordnete Ebene importieren"))
            }
        }
        let receipt = try await apply(ImportBatch(label: label ?? file, kind: "areas", municipality: o.municipality, levels: [level], areas: result.areas),
                                            progress: nil)
        return (result, receipt)
    }
}
