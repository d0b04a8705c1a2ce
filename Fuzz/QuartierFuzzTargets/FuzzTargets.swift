import Foundation
import QuartierCore
import QuartierFormats

/// What each fuzz harness does with its input: read it as an upload would be read, and either
/// accept or refuse it. The libFuzzer harnesses (`Fuzz/Fuzz*/`, built by `bench/fuzz.sh`) call
/// these; the test suite replays the committed corpus (`Fuzz/corpus/`) through them.
public enum FuzzTargets {
    public static let all: [(name: String, run: @Sendable ([UInt8]) -> Void)] = [
        ("FuzzCSV", csv), ("FuzzGeoJSON", geoJSON), ("FuzzShapefile", shapefile), ("FuzzZip", zip), ("FuzzMultipart", multipart), ("FuzzFormula", formula), ("FuzzXLS", xls),
    ]

    public static func csv(_ bytes: [UInt8]) {
        let reader = TableReader(mapping: TableMapping(), context: TableContext(areaCodes: ["SR01", "SR02", "001"], variables: StandardCatalog.variables))
        _ = try? reader.read(raw: bytes, file: "fuzz.csv")
    }

    /// An Excel 97–2003 workbook (OLE2 container, BIFF8 records): every sheet read as an upload
    /// reads it.
    public static func xls(_ bytes: [UInt8]) {
        guard let workbook = try? XLSXWorkbook(raw: bytes, file: "fuzz.xls") else { return }
        for name in workbook.sheetNames.prefix(8) { _ = try? workbook.sheet(name) }
    }

    public static func geoJSON(_ bytes: [UInt8]) {
        _ = try? GeoJSONAreaReader(codeProperty: "c", nameProperty: "n", parentProperty: "p", levelKey: "sozialraum").read(raw: bytes, file: "fuzz.geojson")
    }

    /// The input cut into .shp, .shx, .dbf and .cpg by its first three bytes (units of 64, 4 and 16 bytes).
    public static func shapefile(_ bytes: [UInt8]) {
        guard bytes.count >= 3 else { return }
        let body = Array(bytes[3...])
        let a = min(body.count, Int(bytes[0]) * 64), b = min(body.count, a + Int(bytes[1]) * 4), c = min(body.count, b + Int(bytes[2]) * 16)
        let files = ["shp": Array(body[..<a]), "shx": Array(body[a..<b]), "dbf": Array(body[b..<c]), "cpg": Array(body[c...])]
        _ = try? ShapefileReader(name: "fuzz.shp", files: files).read()
    }

    /// Shapefile parts in the layout `shapefile` reads: three length bytes, then the parts.
    public static func shapefileInput(_ files: [String: [UInt8]]) -> [UInt8] {
        var shp = files["shp"] ?? [], shx = files["shx"] ?? [], dbf = files["dbf"] ?? []
        shp += [UInt8](repeating: 0, count: (64 - shp.count % 64) % 64)
        shx += [UInt8](repeating: 0, count: (4 - shx.count % 4) % 4)
        dbf += [UInt8](repeating: 0x20, count: (16 - dbf.count % 16) % 16)
        return [UInt8(min(255, shp.count / 64)), UInt8(min(255, shx.count / 4)), UInt8(min(255, dbf.count / 16))] + shp + shx + dbf + (files["cpg"] ?? [])
    }

    /// Read from a file, as uploads and the command line read zips. (ZIPFoundation's in-memory
    /// archive traps on some truncated archives, which this harness found; Quartier does not use it.)
    public static func zip(_ bytes: [UInt8]) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("quartier-fuzz-\(getpid()).zip").path
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
        defer { try? FileManager.default.removeItem(atPath: path) }
        if let (name, files) = try? ShapefileArchive.files(zip: path, name: "fuzz.zip") {
            _ = try? ShapefileReader(name: name, files: files).read()
        }
    }

    /// The first byte chooses the boundary's length (taken from the next bytes), the rest is the body.
    public static func multipart(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        let rest = Array(bytes.dropFirst())
        let n = min(rest.count, Int(first % 80))
        let boundary = String(decoding: rest[..<n], as: UTF8.self)
        _ = try? FormData(contentType: "multipart/form-data; boundary=\"\(boundary)\"", body: Array(rest[n...]))
        _ = FormData.urlEncoded(rest)
    }

    public static func formula(_ bytes: [UInt8]) {
        if let f = try? Formula(String(decoding: bytes, as: UTF8.self)) {
            _ = f.variables
            _ = f.evaluate { _ in Cell(value: 7) }
        }
    }
}
