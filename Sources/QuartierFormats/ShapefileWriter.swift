import QuartierGeo

/// Writes a polygon shapefile (ESRI Shapefile Technical Description, 1998): `.shp`, `.shx`,
/// `.dbf` with character fields, `.cpg` (UTF-8) and, when a projection text is given, `.prj`.
/// Outer rings are written clockwise and holes counter-clockwise, as the format requires.
public enum ShapefileWriter {
    public struct Feature: Sendable {
        public var geometry: MultiPolygon
        public var attributes: [String]
        public init(geometry: MultiPolygon, attributes: [String]) {
            self.geometry = geometry
            self.attributes = attributes
        }
    }

    /// The files by extension (`shp`, `shx`, `dbf`, `cpg`, `prj`). Field names are cut to the
    /// format's 10 bytes; each field is as wide as its longest value (at most 254 bytes).
    public static func polygons(_ features: [Feature], fields: [String], prj: String?) -> [String: [UInt8]] {
        var records: [[UInt8]] = []
        var total = BoundingBox.empty
        for f in features {
            let bb = f.geometry.boundingBox
            total.include(bb)
            var rings: [Ring] = []
            for polygon in f.geometry.polygons {
                for (k, ring) in polygon.rings.enumerated() {
                    var r = ring
                    if r.first != r.last, let first = r.first { r.append(first) }
                    let clockwise = MultiPolygon.ringArea(r) < 0
                    if (k == 0) != clockwise { r.reverse() }
                    rings.append(r)
                }
            }
            var rec = Bytes()
            rec.int32LE(5)
            rec.box(bb)
            rec.int32LE(rings.count)
            rec.int32LE(rings.reduce(0) { $0 + $1.count })
            var start = 0
            for r in rings { rec.int32LE(start); start += r.count }
            for r in rings { for p in r { rec.double(p.x); rec.double(p.y) } }
            records.append(rec.bytes)
        }
        var shp = header(fileBytes: 100 + records.reduce(0) { $0 + 8 + $1.count }, box: total)
        var shx = header(fileBytes: 100 + 8 * records.count, box: total)
        for (k, rec) in records.enumerated() {
            shx.int32BE(shp.bytes.count / 2)
            shx.int32BE(rec.count / 2)
            shp.int32BE(k + 1)
            shp.int32BE(rec.count / 2)
            shp.bytes += rec
        }
        var out = ["shp": shp.bytes, "shx": shx.bytes, "dbf": dbf(features.map(\.attributes), fields: fields), "cpg": Array("UTF-8".utf8)]
        if let prj { out["prj"] = Array(prj.utf8) }
        return out
    }

    /// The `.prj` text of ETRS89 / UTM zone `zone`N.
    public static func utmPRJ(zone: Int) -> String {
        let meridian = zone * 6 - 183
        return #"PROJCS["ETRS89_UTM_zone_\#(zone)N",GEOGCS["GCS_ETRS_1989",DATUM["D_ETRS_1989",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",\#(meridian).0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#
    }

    private static func header(fileBytes: Int, box: BoundingBox) -> Bytes {
        var h = Bytes()
        h.int32BE(9994)
        for _ in 0..<5 { h.int32BE(0) }
        h.int32BE(fileBytes / 2)
        h.int32LE(1000)
        h.int32LE(5)
        h.box(box)
        for _ in 0..<4 { h.double(0) }   // z and m ranges
        return h
    }

    private static func dbf(_ rows: [[String]], fields: [String]) -> [UInt8] {
        let values = rows.map { row in fields.indices.map { Array((($0 < row.count) ? row[$0] : "").utf8).prefix(254) } }
        let widths = fields.indices.map { i in max(1, values.map { $0[i].count }.max() ?? 1) }
        let recordLength = 1 + widths.reduce(0, +)
        let headerLength = 32 + 32 * fields.count + 1
        var d = Bytes()
        d.bytes += [0x03, 126, 12, 1]              // dBASE III, last update 2026-12-01
        d.int32LE(rows.count)
        d.bytes += [UInt8(headerLength & 0xff), UInt8(headerLength >> 8), UInt8(recordLength & 0xff), UInt8(recordLength >> 8)]
        d.bytes += [UInt8](repeating: 0, count: 17)
        d.bytes.append(0)                           // language driver: none (the .cpg names UTF-8)
        d.bytes += [0, 0]
        for (i, name) in fields.enumerated() {
            var n = Array(Array(name.utf8).prefix(10))
            n += [UInt8](repeating: 0, count: 11 - n.count)
            d.bytes += n
            d.bytes.append(UInt8(ascii: "C"))
            d.bytes += [0, 0, 0, 0]
            d.bytes.append(UInt8(widths[i]))
            d.bytes += [UInt8](repeating: 0, count: 15)
        }
        d.bytes.append(0x0D)
        for row in values {
            d.bytes.append(0x20)
            for (i, v) in row.enumerated() {
                d.bytes += v
                d.bytes += [UInt8](repeating: 0x20, count: widths[i] - v.count)
            }
        }
        d.bytes.append(0x1A)
        return d.bytes
    }

    private struct Bytes {
        var bytes: [UInt8] = []
        mutating func int32BE(_ v: Int) {
            let u = UInt32(truncatingIfNeeded: v)
            bytes += [UInt8(u >> 24), UInt8((u >> 16) & 0xff), UInt8((u >> 8) & 0xff), UInt8(u & 0xff)]
        }
        mutating func int32LE(_ v: Int) {
            let u = UInt32(truncatingIfNeeded: v)
            bytes += [UInt8(u & 0xff), UInt8((u >> 8) & 0xff), UInt8((u >> 16) & 0xff), UInt8(u >> 24)]
        }
        mutating func double(_ v: Double) {
            let u = v.bitPattern
            for k in 0..<8 { bytes.append(UInt8((u >> (8 * UInt64(k))) & 0xff)) }
        }
        mutating func box(_ b: BoundingBox) {
            double(b.minX); double(b.minY); double(b.maxX); double(b.maxY)
        }
    }
}
