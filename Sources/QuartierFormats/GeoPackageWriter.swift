import Foundation
import GRDB
import QuartierCore
import QuartierGeo

/// Writes areas with attribute columns as an OGC GeoPackage 1.3 (an SQLite file) that QGIS and
/// GDAL open directly: WGS84 (EPSG:4326), one MultiPolygon feature table.
public enum GeoPackageWriter {
    public struct Column: Sendable {
        public var name: String
        /// Values by area code; nil where suppressed or missing.
        public var values: [String: Double?]
        public init(name: String, values: [String: Double?]) {
            self.name = name
            self.values = values
        }
    }

    static let wgs84WKT = #"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]"#

    /// GeoPackage geometry: the "GP" header with an envelope, then WKB.
    static func geometryBlob(_ mp: MultiPolygon) -> Data {
        var out: [UInt8] = [0x47, 0x50, 0, 0b0000_0011]   // "GP", version 0, flags: little endian, envelope [minx, maxx, miny, maxy]
        withUnsafeBytes(of: Int32(4326).littleEndian) { out.append(contentsOf: $0) }
        let bb = mp.boundingBox
        for v in [bb.minX, bb.maxX, bb.minY, bb.maxY] { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        out.append(contentsOf: WKB.encode(mp))
        return Data(out)
    }

    /// Writes `areas` (with geometry) and `columns` to a new GeoPackage at `path` (replaced if present).
    public static func write(path: String, table: String, description: String, areas: [Area], columns: [Column]) throws {
        let fm = FileManager.default
        for suffix in ["", "-wal", "-shm", "-journal"] where fm.fileExists(atPath: path + suffix) { try fm.removeItem(atPath: path + suffix) }
        let queue = try DatabaseQueue(path: path)
        let shapes = areas.compactMap { a in a.multiPolygon.map { (a, $0) } }
        var bb = BoundingBox.empty
        for (_, g) in shapes { bb.include(g.boundingBox) }
        try queue.write { db in
            try db.execute(sql: "PRAGMA application_id = 1196444487")
            try db.execute(sql: "PRAGMA user_version = 10300")
            try db.execute(sql: """
                CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
                    organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
                CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
                    description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                    min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
                    CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
                CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
                    srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
                    CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
                    CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
                    CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
                """)
            try db.execute(sql: "INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL)")
            try db.execute(sql: "INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL)")
            try db.execute(sql: "INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, ?, 'longitude/latitude')",
                           arguments: [wgs84WKT])
            let quoted = { (s: String) in "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            let extra = columns.map { "\(quoted($0.name)) REAL" }.joined(separator: ", ")
            try db.execute(sql: "CREATE TABLE \(quoted(table)) (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom MULTIPOLYGON, code TEXT NOT NULL, name TEXT, parent TEXT"
                           + (extra.isEmpty ? "" : ", " + extra) + ")")
            try db.execute(sql: "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, 4326)",
                           arguments: [table, table, description, bb.minX, bb.minY, bb.maxX, bb.maxY])
            try db.execute(sql: "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', 'MULTIPOLYGON', 4326, 0, 0)", arguments: [table])
            let names = ["geom", "code", "name", "parent"] + columns.map(\.name)
            let stmt = try db.makeStatement(sql: "INSERT INTO \(quoted(table)) (\(names.map(quoted).joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))")
            for (a, g) in shapes {
                var args: [(any DatabaseValueConvertible)?] = [geometryBlob(g), a.code, a.name, a.parentCode]
                for c in columns { args.append(c.values[a.code] ?? nil) }
                try stmt.execute(arguments: StatementArguments(args))
            }
        }
    }
}
