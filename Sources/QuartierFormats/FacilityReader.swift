import Foundation
import QuartierCore
import QuartierGeo

/// Reads facilities (Kitas, schools, youth centres, playgrounds) with category, name, capacity
/// and coordinates from a CSV table, GeoJSON points or a point shapefile.
public struct FacilityReader: Sendable {
    public var categoryField: String?
    /// One category for the whole file (instead of a column).
    public var category: Facility.Category?
    public var nameField: String
    public var capacityField: String?
    public var xField: String
    public var yField: String
    public var keyField: String?
    public var crs: CoordinateSystem?
    /// Take `crs` even where a shapefile's .prj or a GeoPackage layer names another system.
    public var forceCRS = false

    public init(categoryField: String? = "Kategorie", category: Facility.Category? = nil, nameField: String = "Name", capacityField: String? = "Plaetze",
                xField: String = "Rechtswert", yField: String = "Hochwert", keyField: String? = nil, crs: CoordinateSystem? = nil) {
        self.categoryField = categoryField
        self.category = category
        self.nameField = nameField
        self.capacityField = capacityField
        self.xField = xField
        self.yField = yField
        self.keyField = keyField
        self.crs = crs
    }

    /// Category words as towns write them.
    public static func category(_ text: String) -> Facility.Category? {
        let t = text.lowercased()
        if t.contains("kita") || t.contains("kindertages") || t.contains("krippe") || t.contains("kindergarten") || t.contains("hort") { return .kita }
        if t.contains("schule") || t.contains("gymnasium") || t == "school" { return .schule }
        if t.contains("jugend") || t == "youth" { return .jugend }
        if t.contains("spielplatz") || t == "playground" { return .spielplatz }
        return Facility.Category(rawValue: t)
    }

    static func slug(_ s: String) -> String { Variable.key(forLabel: s).replacingOccurrences(of: "_", with: "-") }

    func make(_ file: String, line: Int, attributes: (String) -> String?, point: Point?, system: CoordinateSystem,
              issues: inout [ImportIssue]) -> Facility? {
        let name = attributes(nameField) ?? ""
        guard !name.isEmpty else {
            issues.append(ImportIssue(file: file, line: line, columnName: nameField, found: "", expected: "ein Name für jede Einrichtung"))
            return nil
        }
        var cat = category
        if cat == nil, let f = categoryField {
            let text = attributes(f) ?? ""
            cat = Self.category(text)
            if cat == nil {
                issues.append(ImportIssue(file: file, line: line, columnName: f, found: text,
                                          expected: "eine Art: Kita, Schule, Jugendzentrum oder Spielplatz"))
                return nil
            }
        }
        guard let cat else {
            issues.append(ImportIssue(file: file, line: line, expected: "eine Art der Einrichtung (--category oder eine Spalte „\(categoryField ?? "Kategorie")“)"))
            return nil
        }
        var capacity: Int?
        if let c = capacityField, let text = attributes(c), !text.isEmpty {
            guard let v = Int(text.replacingOccurrences(of: ".", with: "")), v >= 0 else {
                issues.append(ImportIssue(file: file, line: line, columnName: c, found: text, expected: "eine ganze Zahl von Plätzen"))
                return nil
            }
            capacity = v
        }
        guard let p = point else {
            issues.append(ImportIssue(file: file, line: line, found: name, expected: "Koordinaten (\(xField), \(yField))"))
            return nil
        }
        let ll = system.toWGS84(p)
        // Outside the system's area of use (longitudes read as UTM, Gauß-Krüger read as UTM …)
        // the point is refused with the likely system named.
        let box = BoundingBox(minX: ll.x, minY: ll.y, maxX: ll.x, maxY: ll.y)
        guard ll.x >= -180, ll.x <= 180, ll.y >= -90, ll.y <= 90, system.isPlausible(converted: box) else {
            let shown = system == .wgs84 ? BoundingBox(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y) : box
            issues.append(ImportIssue(file: file, line: line, found: "\(name): \(p.x), \(p.y)", expected: system.implausibility(converted: shown)))
            return nil
        }
        let key = keyField.flatMap(attributes).map { Self.slug($0) } ?? "\(cat.rawValue)-\(Self.slug(name))"
        return Facility(key: key, category: cat, name: name, capacity: capacity, longitude: ll.x, latitude: ll.y)
    }

    func finish(_ out: [Facility], _ issues: [ImportIssue], file: String) throws(ImportFailure) -> [Facility] {
        var all = issues
        var seen: [String: String] = [:]
        for f in out {
            if let other = seen[f.key] { all.append(ImportIssue(file: file, found: f.name, expected: "eindeutige Einrichtungen; „\(f.key)“ kommt doppelt vor (\(other))")) }
            seen[f.key] = f.name
        }
        if !all.isEmpty { throw ImportFailure(issues: Array(all.prefix(ImportFailure.limit)), moreCount: max(0, all.count - ImportFailure.limit)) }
        if out.isEmpty { throw ImportFailure(ImportIssue(file: file, expected: "mindestens eine Einrichtung")) }
        return out
    }

    /// CSV or an Excel sheet with one facility a row; coordinates with a decimal comma or point,
    /// decided for each coordinate column from all of its cells (the one number reader).
    public func readCSV(raw: [UInt8], file: String) throws(ImportFailure) -> [Facility] {
        let doc = try CSVDocument(raw: raw, file: file)
        let system = crs ?? .utm(zone: 32)
        var header: [String] = []
        var rows: [(line: Int, values: [String])] = []
        var xs = NumberColumn(file: file, name: xField), ys = NumberColumn(file: file, name: yField)
        do {
            try doc.forEachRecord { rec in
                if header.isEmpty {
                    header = (0..<rec.count).map { rec.string($0) }
                    let needed = [nameField, xField, yField] + (category == nil ? [categoryField].compactMap { $0 } : [])
                    let missing = needed.filter { !header.contains($0) }
                    if !missing.isEmpty {
                        throw ImportFailure(ImportIssue(file: file, line: rec.line, found: header.joined(separator: " | "),
                                                        expected: "die Spalten \(missing.joined(separator: ", "))"))
                    }
                    return
                }
                rows.append((rec.line, (0..<header.count).map { rec.string($0) }))
                xs.append(rec, header.firstIndex(of: xField)!)
                ys.append(rec, header.firstIndex(of: yField)!)
            }
        } catch let f as ImportFailure { throw f } catch { throw ImportFailure(ImportIssue(file: file, expected: "\(error)")) }
        let x = try xs.values(), y = try ys.values()
        var out: [Facility] = []
        var issues: [ImportIssue] = []
        for (k, row) in rows.enumerated() {
            func value(_ name: String) -> String? { header.firstIndex(of: name).map { row.values[$0] } }
            guard let px = x[k], let py = y[k] else {
                issues.append(ImportIssue(file: file, line: row.line, columnName: "\(xField)/\(yField)", found: "\(value(xField) ?? "") / \(value(yField) ?? "")",
                                          expected: "Zahlen als Koordinaten"))
                continue
            }
            if let f = make(file, line: row.line, attributes: value, point: Point(px, py), system: system, issues: &issues) { out.append(f) }
        }
        return try finish(out, issues, file: file)
    }

    /// GeoJSON Point features (RFC 7946 or the legacy crs member).
    public func readGeoJSON(raw: [UInt8], file: String) throws(ImportFailure) -> [Facility] {
        let root: JSONValue
        do { root = try JSONScanner.parse(raw) } catch {
            throw ImportFailure(ImportIssue(file: file, line: error.line, column: error.column, expected: "gültiges JSON: \(error.message)"))
        }
        guard let features = root["features"]?.arrayValue else { throw ImportFailure(ImportIssue(file: file, expected: "eine GeoJSON-FeatureCollection")) }
        var system = crs ?? .wgs84
        if crs == nil, let name = root["crs"]?["properties"]?["name"]?.stringValue, let s = CoordinateSystem(identifier: name) { system = s }
        var out: [Facility] = []
        var issues: [ImportIssue] = []
        for (n, f) in features.enumerated() {
            let c = f["geometry"]?["coordinates"]?.arrayValue
            let p = (f["geometry"]?["type"]?.stringValue == "Point" && (c?.count ?? 0) >= 2) ? c.flatMap { a in a[0].numberValue.flatMap { x in a[1].numberValue.map { Point(x, $0) } } } : nil
            if let made = make(file, line: n + 1, attributes: { f["properties"]?[$0]?.textValue }, point: p, system: system, issues: &issues) { out.append(made) }
        }
        return try finish(out, issues, file: file)
    }

    /// A point shapefile.
    public func readShapefile(files: [String: [UInt8]], file: String) throws(ImportFailure) -> [Facility] {
        try readPoints(try ShapefileReader(name: file, files: files).read(), file: file, crsFile: ShapefileReader.sibling(file, "prj"))
    }

    /// A point layer of a GeoPackage (`layer` needed when it has several).
    public func readGeoPackage(path: String, file: String, layer: String?) throws(ImportFailure) -> [Facility] {
        let (l, records) = try GeoPackageReader.read(path: path, shown: file, layer: layer)
        let place = "\(file) (Ebene „\(l.name)“)"
        return try readPoints(records, file: place, crsFile: place)
    }

    func readPoints(_ shape: ShapefileReader.Result, file: String, crsFile: String) throws(ImportFailure) -> [Facility] {
        // A --crs that contradicts the file's own declaration is a question: one of them is wrong.
        if let given = crs, let declared = shape.crs, given != declared, !forceCRS {
            throw ImportFailure(ImportIssue(file: crsFile, found: "\(declared) (\(declared.name))",
                expected: "dasselbe Koordinatensystem wie --crs \(given) (\(given.name)); ist die Angabe der Datei falsch, nimmt --force-crs die von --crs"))
        }
        guard let system = crs ?? shape.crs else {
            throw ImportFailure(ImportIssue(file: crsFile, expected: "ein Koordinatensystem (eine .prj-Datei, gpkg_spatial_ref_sys) oder die Angabe --crs"))
        }
        var out: [Facility] = []
        var issues: [ImportIssue] = []
        for (k, r) in shape.records.enumerated() {
            if let made = make(file, line: k + 1, attributes: { r.attributes[$0] }, point: r.point, system: system, issues: &issues) { out.append(made) }
        }
        return try finish(out, issues, file: file)
    }
}
