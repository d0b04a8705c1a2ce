import Foundation
import QuartierCore
import QuartierGeo

/// Reads an ESRI Shapefile (.shp with .shx, .dbf, .prj, .cpg beside it): polygons and
/// multipolygons with holes (types 5, 15, 25) or points (1, 11, 21), the DBF attributes in
/// the encoding the .cpg or the DBF language byte names (detected otherwise), and the
/// coordinate system from the .prj (ESRI or OGC WKT).
public struct ShapefileReader: Sendable {
    public struct Record: Sendable {
        public var geometry: MultiPolygon?
        public var point: Point?
        public var attributes: [String: String]
    }

    public struct Result: Sendable {
        public var records: [Record]
        public var fields: [String]
        public var crs: CoordinateSystem?
        public var encoding: TextEncoding
    }

    /// The files of one shapefile, by extension ("shp", "shx", "dbf", "prj", "cpg"); nil where missing.
    public var files: [String: [UInt8]]
    /// Name used in messages (the .shp path).
    public var name: String

    public init(name: String, files: [String: [UInt8]]) {
        self.name = name
        self.files = files
    }

    func fail(_ expected: String, file: String? = nil, found: String? = nil) -> ImportFailure {
        ImportFailure(ImportIssue(file: file ?? name, found: found, expected: expected))
    }

    public func read() throws(ImportFailure) -> Result {
        guard let shp = files["shp"] else { throw fail("die Datei .shp fehlt") }
        guard let dbf = files["dbf"] else {
            throw fail("die Sachdaten-Datei .dbf neben der .shp (ohne sie fehlen Gebietscodes und -namen)", file: Self.sibling(name, "dbf"))
        }
        let geometries = try readShapes(shp)
        if let shx = files["shx"] { try checkIndex(shx, shp: shp, count: geometries.count) }
        let (fields, rows, encoding) = try readDBF(dbf)
        guard rows.count == geometries.count else {
            throw fail("gleich viele Datensätze in .shp und .dbf", found: "\(geometries.count) Geometrien, \(rows.count) Datensätze")
        }
        var crs: CoordinateSystem?
        if let prj = files["prj"] {
            let text = String(decoding: prj, as: UTF8.self)
            guard let c = CoordinateSystem(wkt: text) else {   // ESRI or OGC WKT, identified by PROJ
                throw fail("ein bekanntes Koordinatensystem (\(CoordinateSystem.supportedList)); mit --crs vorgeben", file: Self.sibling(name, "prj"),
                            found: String(text.prefix(80)))
            }
            crs = c
        }
        var records: [Record] = []
        for (g, row) in zip(geometries, rows) {
            records.append(Record(geometry: g.polygon, point: g.point, attributes: row))
        }
        return Result(records: records, fields: fields, crs: crs, encoding: encoding)
    }

    /// The path of a sibling file ("Gebiete.shp" → "Gebiete.dbf").
    public static func sibling(_ shpPath: String, _ ext: String) -> String {
        var base = shpPath
        if base.lowercased().hasSuffix(".shp") { base.removeLast(4) }
        return base + "." + ext
    }

    // MARK: .shp

    private struct Bytes {
        let b: [UInt8]
        func int32BE(_ o: Int) -> Int { Int(Int32(bitPattern: UInt32(b[o]) << 24 | UInt32(b[o + 1]) << 16 | UInt32(b[o + 2]) << 8 | UInt32(b[o + 3]))) }
        func int32LE(_ o: Int) -> Int { Int(Int32(bitPattern: UInt32(b[o + 3]) << 24 | UInt32(b[o + 2]) << 16 | UInt32(b[o + 1]) << 8 | UInt32(b[o]))) }
        func double(_ o: Int) -> Double {
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(b[o + k]) << (8 * k) }
            return Double(bitPattern: v)
        }
    }

    private func readShapes(_ shp: [UInt8]) throws(ImportFailure) -> [(polygon: MultiPolygon?, point: Point?)] {
        let file = name
        guard shp.count >= 100 else { throw fail("eine .shp-Datei mit 100 Byte Kopf; die Datei ist abgeschnitten", found: "\(shp.count) Byte") }
        let r = Bytes(b: shp)
        guard r.int32BE(0) == 9994 else { throw fail("eine Shapefile-Kennung (9994) am Dateianfang", found: String(r.int32BE(0))) }
        let declared = r.int32BE(24) * 2
        guard declared <= shp.count else {
            throw fail("so viele Bytes, wie der Kopf angibt; die Datei ist abgeschnitten", found: "\(shp.count) von \(declared) Byte")
        }
        let type = r.int32LE(32)
        guard [0, 1, 11, 21, 5, 15, 25].contains(type) else {
            throw fail("Flächen (Polygon) oder Punkte", found: "Geometrietyp \(type)")
        }
        var out: [(MultiPolygon?, Point?)] = []
        var o = 100
        while o + 8 <= declared {
            let number = r.int32BE(o)
            let length = r.int32BE(o + 4) * 2
            let start = o + 8
            guard length >= 4, start + length <= shp.count else {
                throw ImportFailure(ImportIssue(file: file, found: "Datensatz \(number) bei Byte \(o)", expected: "ein vollständiger Datensatz; die Datei ist abgeschnitten"))
            }
            let t = r.int32LE(start)
            switch t {
            case 0: out.append((nil, nil))
            case 1, 11, 21:
                guard length >= 20 else { throw ImportFailure(ImportIssue(file: file, found: "Datensatz \(number)", expected: "ein Punkt mit x und y")) }
                out.append((nil, Point(r.double(start + 4), r.double(start + 12))))
            case 5, 15, 25:
                guard length >= 44 else { throw ImportFailure(ImportIssue(file: file, found: "Datensatz \(number)", expected: "ein vollständiges Polygon")) }
                let parts = r.int32LE(start + 36), points = r.int32LE(start + 40)
                let partsAt = start + 44, pointsAt = partsAt + 4 * parts
                guard parts >= 1, points >= 4, pointsAt + 16 * points <= start + length else {
                    throw ImportFailure(ImportIssue(file: file, found: "Datensatz \(number): \(parts) Ringe, \(points) Punkte",
                                                    expected: "Ringe und Punkte innerhalb des Datensatzes"))
                }
                var rings: [Ring] = []
                for p in 0..<parts {
                    let from = r.int32LE(partsAt + 4 * p)
                    let to = p + 1 < parts ? r.int32LE(partsAt + 4 * (p + 1)) : points
                    guard from >= 0, from < to, to <= points else {
                        throw ImportFailure(ImportIssue(file: file, found: "Datensatz \(number), Ring \(p + 1)", expected: "aufsteigende Ring-Anfänge"))
                    }
                    rings.append((from..<to).map { Point(r.double(pointsAt + 16 * $0), r.double(pointsAt + 16 * $0 + 8)) })
                }
                out.append((Self.assemble(rings), nil))
            default:
                throw ImportFailure(ImportIssue(file: file, found: "Datensatz \(number): Geometrietyp \(t)", expected: "Flächen (Polygon) oder Punkte"))
            }
            o = start + length
        }
        return out
    }

    /// Shapefile rings: outer rings clockwise, holes counter-clockwise. Each hole joins the
    /// outer ring that contains it.
    static func assemble(_ rings: [Ring]) -> MultiPolygon {
        var outers: [Polygon] = []
        var holes: [Ring] = []
        for ring in rings {
            if MultiPolygon.ringArea(ring) <= 0 { outers.append(Polygon(outer: ring)) } else { holes.append(ring) }
        }
        if outers.isEmpty { return MultiPolygon(holes.map { Polygon(outer: $0) }) }   // wrongly oriented: treat as outers
        for h in holes {
            let probe = h[0]
            if let i = outers.firstIndex(where: { MultiPolygon([Polygon(outer: $0.rings[0])]).contains(probe) }) {
                outers[i].rings.append(h)
            } else {
                outers.append(Polygon(outer: h))
            }
        }
        return MultiPolygon(outers)
    }

    private func checkIndex(_ shx: [UInt8], shp: [UInt8], count: Int) throws(ImportFailure) {
        let file = Self.sibling(name, "shx")
        guard shx.count >= 100 else { throw ImportFailure(ImportIssue(file: file, expected: "ein .shx-Index mit 100 Byte Kopf")) }
        let r = Bytes(b: shx), s = Bytes(b: shp)
        let n = (shx.count - 100) / 8
        guard n == count else {
            throw ImportFailure(ImportIssue(file: file, found: "\(n) Einträge", expected: "so viele Indexeinträge wie Geometrien in der .shp (\(count))"))
        }
        for k in 0..<n {
            let offset = r.int32BE(100 + 8 * k) * 2
            guard offset >= 100, offset + 8 <= shp.count, s.int32BE(offset) == k + 1 else {
                throw ImportFailure(ImportIssue(file: file, found: "Eintrag \(k + 1): Byte \(offset)", expected: "Verweise auf die Datensätze der .shp (Index passt nicht zur .shp)"))
            }
        }
    }

    // MARK: .dbf

    private func readDBF(_ dbf: [UInt8]) throws(ImportFailure) -> ([String], [[String: String]], TextEncoding) {
        let file = Self.sibling(name, "dbf")
        guard dbf.count >= 32 else { throw ImportFailure(ImportIssue(file: file, expected: "eine dBASE-Datei mit 32 Byte Kopf")) }
        let count = Int(UInt32(dbf[4]) | UInt32(dbf[5]) << 8 | UInt32(dbf[6]) << 16 | UInt32(dbf[7]) << 24)
        let headerLength = Int(dbf[8]) | Int(dbf[9]) << 8
        let recordLength = Int(dbf[10]) | Int(dbf[11]) << 8
        let languageID = dbf[29]
        var fields: [(name: String, type: UInt8, length: Int)] = []
        var o = 32
        while o + 32 <= dbf.count, dbf[o] != 0x0D {
            let nameBytes = dbf[o..<(o + 11)].prefix { $0 != 0 }
            fields.append((String(decoding: nameBytes, as: UTF8.self), dbf[o + 11], Int(dbf[o + 16])))
            o += 32
        }
        guard !fields.isEmpty, headerLength + count * recordLength <= dbf.count,
              fields.reduce(1, { $0 + $1.length }) == recordLength else {
            throw ImportFailure(ImportIssue(file: file, found: "\(count) Datensätze zu \(recordLength) Byte", expected: "eine vollständige dBASE-Tabelle; die Datei ist abgeschnitten oder beschädigt"))
        }
        // Encoding: the .cpg names it; else the language byte; else detected from the text.
        var encoding: TextEncoding?
        if let cpg = files["cpg"] {
            let n = String(decoding: cpg, as: UTF8.self).trimmingCharacters(in: " \t\r\n").lowercased()
            switch n {
            case "utf-8", "utf8", "65001": encoding = .utf8
            case "88591", "iso-8859-1", "iso88591", "latin1": encoding = .iso88591
            case "1252", "cp1252", "windows-1252", "ansi": encoding = .windows1252
            default: encoding = TextEncoding(name: n)
            }
        }
        if encoding == nil {
            switch languageID {
            case 0x03, 0x57, 0x58, 0x59: encoding = .windows1252
            default: break
            }
        }
        let textBytes = Array(dbf[headerLength..<(headerLength + count * recordLength)])
        let enc = encoding ?? ((try? TextDecoder.decode(textBytes, file: file))?.encoding ?? .windows1252)
        var rows: [[String: String]] = []
        for k in 0..<count {
            var start = headerLength + k * recordLength + 1
            var row: [String: String] = [:]
            for f in fields {
                let raw = Array(dbf[start..<(start + f.length)])
                let text: String
                do { text = String(decoding: try TextDecoder.convert(raw, from: enc, file: file), as: UTF8.self) } catch {
                    throw ImportFailure(ImportIssue(file: file, line: k + 1, columnName: f.name, expected: "Text in der Kodierung \(enc.rawValue)"))
                }
                row[f.name] = text.trimmingCharacters(in: " \0")
                start += f.length
            }
            rows.append(row)
        }
        return (fields.map(\.name), rows, enc)
    }
}
