import Foundation
import QuartierFormats
import QuartierGeo

/// The demo town as the files a town starts from: its 16 Sozialräume as a shapefile and as a
/// GeoJSON file in ETRS89/UTM 32N (EPSG:25832), and a synthetic residents' register extract.
/// `quartier demo --files DIR` writes them, to try `import areas`, `validate` and `aggregate`
/// without real data; the tests use them as fixtures the project makes itself.
public enum DemoFiles {
    public static let shapefileName = "sozialraeume"
    public static let geoJSONName = "sozialraeume.geojson"
    public static let registerName = "melderegister.csv"
    /// Property and field names of the area files.
    public static let codeProperty = "SR_ID", nameProperty = "SR_Name", parentProperty = "ST_ID"

    /// The Sozialräume in ETRS89/UTM 32N, to the centimetre, in the demo's order (SR01…SR16).
    public static func sozialraumShapesUTM() -> [MultiPolygon] {
        let geometry = DemoGeometry()
        let utm = CoordinateSystem.utm(zone: 32)
        return DemoTown.profiles.map { p in
            geometry.union(of: [(p.row, p.col)]).map { q in
                let u = utm.fromWGS84(q)
                return Point(SyntheticRegister.centimetres(u.x), SyntheticRegister.centimetres(u.y))
            }
        }
    }

    /// Code, name and Stadtteil of each Sozialraum, in the order of `sozialraumShapesUTM()`.
    public static var sozialraumAttributes: [[String]] { DemoTown.profiles.map { [$0.code, $0.name, $0.stadtteil] } }

    /// The shapefile's files by extension (shp, shx, dbf, prj, cpg).
    public static func shapefile() -> [String: [UInt8]] {
        let features = zip(sozialraumShapesUTM(), sozialraumAttributes).map { ShapefileWriter.Feature(geometry: $0, attributes: $1) }
        return ShapefileWriter.polygons(features, fields: [codeProperty, nameProperty, parentProperty], prj: ShapefileWriter.utmPRJ(zone: 32))
    }

    /// The Sozialräume as a GeoJSON FeatureCollection in EPSG:25832 (with the legacy `crs` member).
    public static func geoJSON() -> String {
        var j = JSONOutput()
        j.beginObject()
        j.field("type", "FeatureCollection")
        j.beginObject("crs")
        j.field("type", "name")
        j.beginObject("properties")
        j.field("name", "urn:ogc:def:crs:EPSG::25832")
        j.endObject()
        j.endObject()
        j.beginArray("features")
        for (shape, attributes) in zip(sozialraumShapesUTM(), sozialraumAttributes) {
            j.beginObject()
            j.field("type", "Feature")
            j.beginObject("properties")
            j.field(codeProperty, attributes[0])
            j.field(nameProperty, attributes[1])
            j.field(parentProperty, attributes[2])
            j.endObject()
            j.rawField("geometry", GeoJSONWriter.geometry(shape))
            j.endObject()
        }
        j.endArray()
        j.endObject()
        return j.text
    }

    /// Writes the shapefile, the GeoJSON file and the register extract into `directory`
    /// (created if needed) and returns the paths written.
    @discardableResult
    public static func write(to directory: URL, seed: UInt64 = 1, persons: Int = 31_507) throws -> [String] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var written: [String] = []
        func put(_ bytes: [UInt8], _ name: String) throws {
            let url = directory.appendingPathComponent(name)
            try Data(bytes).write(to: url, options: .atomic)
            written.append(url.path)
        }
        for (ext, bytes) in shapefile().sorted(by: { $0.key < $1.key }) { try put(bytes, "\(shapefileName).\(ext)") }
        try put(Array(geoJSON().utf8), geoJSONName)
        try put(Array(SyntheticRegister(seed: seed, persons: persons).csv.utf8), registerName)
        return written
    }
}
