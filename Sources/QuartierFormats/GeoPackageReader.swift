import Foundation
import GRDB
import QuartierCore
import QuartierGeo

/// Reads a feature layer of an OGC GeoPackage (QGIS's default format) through SQLite (GRDB, the
/// library the atlas already uses): the layers from `gpkg_contents`, the geometry column from
/// `gpkg_geometry_columns`, the coordinate system from `gpkg_spatial_ref_sys` (its EPSG code, or
/// its WKT identified by PROJ), each geometry from the GeoPackage binary header ("GP", flags, SRS,
/// envelope) and the WKB after it, the other columns as attributes. The result has the shape of a
/// shapefile's, so areas and facilities are checked by the same code.
public enum GeoPackageReader {
    public struct Layer: Sendable, Equatable {
        public var name: String
        public var geometryColumn: String
        public var geometryType: String
        public var srsID: Int
    }

    /// The feature layers of the GeoPackage at `path`.
    public static func layers(path: String, shown: String) throws(ImportFailure) -> [Layer] {
        do {
            let queue = try open(path)
            return try queue.read { db in
                guard try db.tableExists("gpkg_contents"), try db.tableExists("gpkg_geometry_columns") else { throw NotGeoPackage() }
                return try Row.fetchAll(db, sql: """
                    SELECT c.table_name AS t, g.column_name AS g, g.geometry_type_name AS k, g.srs_id AS s
                    FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
                    WHERE c.data_type = 'features' ORDER BY c.table_name
                    """).map { Layer(name: $0["t"], geometryColumn: $0["g"], geometryType: $0["k"], srsID: $0["s"]) }
            }
        } catch is NotGeoPackage {
            throw ImportFailure(ImportIssue(file: shown, expected: "eine GeoPackage-Datei (SQLite mit gpkg_contents und gpkg_geometry_columns)"))
        } catch {
            throw ImportFailure(ImportIssue(file: shown, expected: "eine lesbare GeoPackage-Datei (\(error))"))
        }
    }

    /// The layer `name` (or the only feature layer) as records with attributes and geometry.
    public static func read(path: String, shown: String, layer name: String?) throws(ImportFailure) -> (layer: Layer, result: ShapefileReader.Result) {
        let all = try layers(path: path, shown: shown)
        let list = all.map { "„\($0.name)“ (\($0.geometryType))" }.joined(separator: ", ")
        let layer: Layer
        if let name {
            guard let l = all.first(where: { $0.name == name }) ?? all.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                throw ImportFailure(ImportIssue(file: shown, found: name, expected: "eine Ebene der GeoPackage-Datei: \(list.isEmpty ? "sie hat keine" : list)"))
            }
            layer = l
        } else {
            guard all.count == 1 else {
                throw ImportFailure(ImportIssue(file: shown, found: all.isEmpty ? "keine Feature-Ebene" : "\(all.count) Ebenen",
                                                expected: all.isEmpty ? "eine GeoPackage-Datei mit einer Feature-Ebene" : "die Angabe der Ebene mit --layer: \(list)"))
            }
            layer = all[0]
        }
        do {
            let queue = try open(path)
            return try queue.read { db in
                var crs: CoordinateSystem?
                if let srs = try Row.fetchOne(db, sql: "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?",
                                              arguments: [layer.srsID]) {
                    let org: String = srs["organization"] ?? "", code: Int = srs["organization_coordsys_id"] ?? 0, wkt: String = srs["definition"] ?? ""
                    crs = org.uppercased() == "EPSG" ? CoordinateSystem(epsg: code) : nil
                    if crs == nil, wkt != "undefined", !wkt.isEmpty { crs = CoordinateSystem(wkt: wkt) }
                    if crs == nil, layer.srsID > 0 {
                        throw ImportFailure(ImportIssue(file: shown, found: "\(org):\(code)", expected: "ein Koordinatensystem, das PROJ kennt; mit --crs vorgeben"))
                    }
                }
                let columns = try db.columns(in: layer.name).map(\.name)
                let fields = columns.filter { $0 != layer.geometryColumn && $0.lowercased() != "fid" }
                let quoted = { (s: String) in "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
                var records: [ShapefileReader.Record] = []
                let cursor = try Row.fetchCursor(db, sql: "SELECT " + ([layer.geometryColumn] + fields).map(quoted).joined(separator: ", ") + " FROM " + quoted(layer.name))
                var k = 0
                while let row = try cursor.next() {
                    k += 1
                    var attributes: [String: String] = [:]
                    for f in fields {
                        let v: DatabaseValue = row[f]
                        switch v.storage {
                        case .null: break
                        case .int64(let i): attributes[f] = String(i)
                        case .double(let d): attributes[f] = d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
                        case .string(let s): attributes[f] = s
                        case .blob: break
                        }
                    }
                    var geometry: MultiPolygon?, point: Point?
                    if let blob: Data = row[layer.geometryColumn] {
                        do { (geometry, point) = try Self.geometry([UInt8](blob)) } catch {
                            throw ImportFailure(ImportIssue(file: shown, line: k, found: layer.name, expected: "eine lesbare Geometrie (GeoPackage-Kopf und WKB): \(error)"))
                        }
                    }
                    records.append(ShapefileReader.Record(geometry: geometry, point: point, attributes: attributes))
                }
                return (layer, ShapefileReader.Result(records: records, fields: fields, crs: crs, encoding: .utf8))
            }
        } catch let f as ImportFailure {
            throw f
        } catch {
            throw ImportFailure(ImportIssue(file: shown, found: layer.name, expected: "eine lesbare Ebene der GeoPackage-Datei (\(error))"))
        }
    }

    struct NotGeoPackage: Error {}
    enum BlobError: Error, CustomStringConvertible {
        case header, wkb(WKB.DecodeError)
        var description: String {
            switch self {
            case .header: "kein GeoPackage-Geometriekopf („GP“)"
            case .wkb(let e): "WKB: \(e)"
            }
        }
    }

    /// A GeoPackage geometry: "GP", version, flags (bit 0 byte order, bits 1–3 envelope kind,
    /// bit 4 empty), SRS id, the envelope (0, 32, 48, 48 or 64 bytes), then WKB.
    static func geometry(_ b: [UInt8]) throws(BlobError) -> (MultiPolygon?, Point?) {
        guard b.count >= 8, b[0] == 0x47, b[1] == 0x50 else { throw .header }
        let flags = b[3]
        if flags & 0x10 != 0 { return (nil, nil) }
        let envelope = [0, 32, 48, 48, 64]
        let kind = Int(flags >> 1) & 7
        guard kind < envelope.count, b.count >= 8 + envelope[kind] else { throw .header }
        let wkb = Array(b[(8 + envelope[kind])...])
        do {
            if let p = try WKB.decodePoint(wkb) { return (nil, p) }
            return (try WKB.decode(wkb), nil)
        } catch {
            throw .wkb(error)
        }
    }

    private static func open(_ path: String) throws -> DatabaseQueue {
        var c = Configuration()
        c.readonly = true
        return try DatabaseQueue(path: path, configuration: c)
    }
}
