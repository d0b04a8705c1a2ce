import QuartierCore
import QuartierGeo

/// Reads areas from a GeoJSON FeatureCollection (RFC 7946, plus the legacy `crs` member naming
/// EPSG:25832/25833). Geometry is converted to WGS84 and kept as WKB.
public struct GeoJSONAreaReader: Sendable {
    public var codeProperty: String
    public var nameProperty: String?
    public var parentProperty: String?
    public var levelKey: String
    /// Overrides whatever the file says about its coordinate system.
    public var crs: CoordinateSystem?
    public var validFrom: String?
    /// The file's encoding where it is not UTF-8 (`--encoding`); nil reads UTF-8 and refuses anything else.
    public var encoding: TextEncoding?

    public init(codeProperty: String, nameProperty: String? = nil, parentProperty: String? = nil, levelKey: String,
                crs: CoordinateSystem? = nil, validFrom: String? = nil) {
        self.codeProperty = codeProperty
        self.nameProperty = nameProperty
        self.parentProperty = parentProperty
        self.levelKey = levelKey
        self.crs = crs
        self.validFrom = validFrom
    }

    public struct Result: Sendable {
        public var areas: [Area]
        public var crs: CoordinateSystem
        /// The transformation PROJ used to bring the coordinates to ETRS89 (for the last point),
        /// with its accuracy: "DHDN to ETRS89 (8), Genauigkeit 0,9 m"; nil for longitude/latitude.
        public var transformation: String?
        /// The areas' geometries as the file holds them, in `crs` (same order as `areas`; empty
        /// where the reader converts while parsing, as for GeoJSON).
        public var native: [MultiPolygon]
        /// Areas whose invalid polygons were repaired on import (`--make-valid`).
        public var repaired: [Repaired] = []
        public struct Repaired: Sendable {
            public var code: String
            public var name: String
            public var problem: String
            /// Area after the repair relative to before; nil where the invalid polygon had no area.
            public var areaRatio: Double?
            public var parts: Int
            public init(code: String, name: String, problem: String, areaRatio: Double?, parts: Int) {
                self.code = code; self.name = name; self.problem = problem; self.areaRatio = areaRatio; self.parts = parts
            }
        }
        public init(areas: [Area], crs: CoordinateSystem, transformation: String? = nil, native: [MultiPolygon] = []) {
            self.areas = areas
            self.crs = crs
            self.transformation = transformation
            self.native = native
        }
    }

    public func read(raw input: [UInt8], file: String) throws(ImportFailure) -> Result {
        var raw = input
        if let encoding, encoding != .utf8 { raw = try TextDecoder.decode(input, file: file, forced: encoding).utf8 }
        if raw.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) {
            throw ImportFailure(ImportIssue(file: file, expected: "die Datei ist leer; erwartet eine GeoJSON-FeatureCollection"))
        }
        // RFC 8259 §8.1: JSON exchanged between systems is UTF-8. A Latin-1 file is refused
        // where its first other byte stands, rather than stored with replacement characters.
        if let bad = TextDecoder.firstInvalidUTF8(raw) {
            let line = TextDecoder.lineNumber(raw, at: bad)
            let lineStart = raw[..<bad].lastIndex(of: 10).map { $0 + 1 } ?? 0
            // Name the encoding the bytes look like, and the option that reads it.
            let likely = (try? TextDecoder.decode(raw, file: file))?.encoding
            let named = likely.map { $0 == .utf8 || $0 == .utf8BOM ? "gemischt kodiert" : "offenbar \($0.rawValue) kodiert" } ?? "nicht UTF-8 kodiert"
            let option = likely.flatMap { $0 == .utf8 || $0 == .utf8BOM ? nil : " oder mit --encoding \($0.rawValue.lowercased()) lesen" } ?? ""
            throw ImportFailure(ImportIssue(file: file, line: line, column: bad - lineStart + 1, found: "Byte \(TextDecoder.hex(raw[bad]))",
                                            expected: "UTF-8, wie GeoJSON es verlangt (RFC 7946, RFC 8259 §8.1); die Datei ist \(named): als UTF-8 speichern\(option)"))
        }
        let root: JSONValue
        do { root = try JSONScanner.parse(raw) } catch {
            throw ImportFailure(ImportIssue(file: file, line: error.line, column: error.column, expected: "gültiges JSON: \(error.message)"))
        }
        guard root["type"]?.stringValue == "FeatureCollection", let features = root["features"]?.arrayValue else {
            throw ImportFailure(ImportIssue(file: file, found: root["type"]?.stringValue ?? "kein „type“",
                                            expected: "ein GeoJSON-Objekt mit \"type\": \"FeatureCollection\" und einer Liste „features“"))
        }
        var system = CoordinateSystem.wgs84
        if let override = crs { system = override }
        else if let name = root["crs"]?["properties"]?["name"]?.stringValue {
            guard let s = CoordinateSystem(identifier: name) else {
                throw ImportFailure(ImportIssue(file: file, found: name, expected: "ein unterstütztes Koordinatensystem (\(CoordinateSystem.supportedList)); mit --crs vorgeben"))
            }
            system = s
        }
        let toWGS = system.converterToWGS84()
        var issues = IssueCollector()
        var areas: [Area] = []
        var seen: [String: Int] = [:]
        for (n, f) in features.enumerated() {
            let where_ = "Objekt \(n + 1)"
            let props = f["properties"]
            guard let code = props?[codeProperty]?.textValue, !code.isEmpty else {
                let keys: [String] = { if case .object(let p)? = props { return p.map(\.0) } else { return [] } }()
                issues.add(ImportIssue(file: file, columnName: codeProperty, found: "\(where_): keine Eigenschaft „\(codeProperty)“",
                    expected: "jedes Gebiet braucht einen Code in „\(codeProperty)“" + (keys.isEmpty ? "" : " (vorhandene Eigenschaften: \(keys.joined(separator: ", ")))")))
                continue
            }
            if let first = seen[code] {
                issues.add(ImportIssue(file: file, found: "\(where_): Code „\(code)“", expected: "eindeutige Gebietscodes; „\(code)“ steht schon bei Objekt \(first)"))
                continue
            }
            seen[code] = n + 1
            guard let geometry = f["geometry"], case .object = geometry else {
                issues.add(ImportIssue(file: file, found: "\(where_) (\(code)): keine Geometrie", expected: "eine Polygon- oder MultiPolygon-Geometrie"))
                continue
            }
            let mp: MultiPolygon
            do { mp = try Self.multiPolygon(geometry, convert: toWGS) } catch {
                issues.add(ImportIssue(file: file, found: "\(where_) (\(code)): \(error.found)", expected: error.expected))
                continue
            }
            if !system.isPlausible(converted: mp.boundingBox) {
                issues.add(ImportIssue(file: file, found: "\(where_) (\(code))", expected: system.implausibility(converted: mp.boundingBox)))
                continue
            }
            if system == .wgs84 {
                let bb = mp.boundingBox
                if bb.minX < -180 || bb.maxX > 180 || bb.minY < -90 || bb.maxY > 90 {
                    issues.add(ImportIssue(file: file, found: "\(where_) (\(code)): Koordinaten wie \(bb.minX), \(bb.minY)",
                        expected: "Längen- und Breitengrade (EPSG:4326); für UTM-Koordinaten --crs EPSG:25832 angeben"))
                    continue
                }
            }
            let name = nameProperty.flatMap { props?[$0]?.textValue } ?? code
            let parent = parentProperty.flatMap { props?[$0]?.textValue }
            areas.append(Area(code: code, name: name, levelKey: levelKey, parentCode: parent, geometryWKB: WKB.encode(mp), validFrom: validFrom))
        }
        if features.isEmpty {
            issues.add(ImportIssue(file: file, expected: "mindestens ein Gebiet in „features“"))
        }
        try issues.throwIfAny()
        return Result(areas: areas, crs: system, transformation: system.transformationToWGS84()?.lastOperationText)
    }

    struct GeometryProblem: Error { var found: String; var expected: String }

    static func multiPolygon(_ g: JSONValue, convert: (Point) -> Point) throws(GeometryProblem) -> MultiPolygon {
        let type = g["type"]?.stringValue ?? ""
        guard let coords = g["coordinates"]?.arrayValue else {
            throw GeometryProblem(found: "Geometrie ohne „coordinates“", expected: "eine Polygon- oder MultiPolygon-Geometrie mit Koordinaten")
        }
        func ring(_ v: JSONValue) throws(GeometryProblem) -> Ring {
            guard let pts = v.arrayValue else { throw GeometryProblem(found: "Ring ist keine Liste", expected: "Ringe als Listen von [x, y]") }
            var r: Ring = []
            r.reserveCapacity(pts.count)
            var first: Point?, last: Point?
            for p in pts {
                guard let xy = p.arrayValue, xy.count >= 2, let x = xy[0].numberValue, let y = xy[1].numberValue, x.isFinite, y.isFinite else {
                    throw GeometryProblem(found: "ungültige Position", expected: "Positionen als [x, y] mit Zahlen")
                }
                if first == nil { first = Point(x, y) }
                last = Point(x, y)
                r.append(convert(Point(x, y)))
            }
            guard r.count >= 4 else {
                throw GeometryProblem(found: "Ring mit \(r.count) Punkten", expected: "Ringe mit mindestens 4 Positionen (geschlossen)")
            }
            // RFC 7946 §3.1.6: the last position repeats the first.
            guard first == last else {
                throw GeometryProblem(found: "offener Ring (beginnt bei \(first.map { "\($0.x), \($0.y)" } ?? "?"), endet bei \(last.map { "\($0.x), \($0.y)" } ?? "?"))",
                                      expected: "geschlossene Ringe: die letzte Position wiederholt die erste (RFC 7946)")
            }
            return r
        }
        func polygon(_ v: JSONValue) throws(GeometryProblem) -> Polygon {
            guard let rings = v.arrayValue, !rings.isEmpty else { throw GeometryProblem(found: "leeres Polygon", expected: "ein Polygon mit Außenring") }
            var out: [Ring] = []
            for r in rings { out.append(try ring(r)) }
            return Polygon(rings: out)
        }
        switch type {
        case "Polygon": return MultiPolygon([try polygon(.array(coords))])
        case "MultiPolygon":
            var polys: [Polygon] = []
            for p in coords { polys.append(try polygon(p)) }
            guard !polys.isEmpty else { throw GeometryProblem(found: "leeres MultiPolygon", expected: "mindestens ein Polygon") }
            return MultiPolygon(polys)
        default:
            throw GeometryProblem(found: "Geometrietyp „\(type)“", expected: "Polygon oder MultiPolygon")
        }
    }
}
