import QuartierFormats
import QuartierGeo

/// Point-in-polygon for area layers, with a grid index: each polygon's edges are bucketed by
/// rows of its own height, so a test looks at a handful of edges.
///
/// Boundary rule (half-open crossing number): a point exactly on a boundary shared by two
/// areas belongs to exactly one of them, the one to its east (on a vertical edge) or to its
/// north (on a horizontal edge). A point on the outer boundary of the town belongs to the area
/// if the area lies east or north of it, else to none.
public struct AreaIndex: Sendable {
    struct Edge: Sendable { var x1, y1, x2, y2: Double }
    struct Shape: Sendable {
        var minX, minY, maxX, maxY: Double
        var bucketHeight: Double
        /// The shape's buckets are `bucketStart[firstBucket ..< firstBucket + bucketCount]`.
        var firstBucket: Int
        var bucketCount: Int
    }

    public let codes: [String]
    public let parents: [String?]
    // Flat storage (no nested arrays on the hot path): edges by bucket, buckets by shape, shapes by cell.
    let shapes: [Shape]
    let edges: [Edge]
    /// `edges[bucketStart[b] ..< bucketStart[b + 1]]` are bucket b's edges.
    let bucketStart: [Int32]
    /// `cellItems[cellStart[c] ..< cellStart[c + 1]]` are the shapes whose box covers cell c.
    let cellStart: [Int32]
    let cellItems: [Int32]
    let gridMinX, gridMinY, cellW, cellH: Double
    let cols, rows: Int

    /// `polygons[i]` are the rings (outer and holes of every part) of area `codes[i]`, in the
    /// points' coordinate system.
    public init(codes: [String], parents: [String?], rings: [[[Point]]]) {
        self.codes = codes
        self.parents = parents
        var shapes: [Shape] = []
        var allEdges: [Edge] = []
        var bucketStart: [Int32] = []
        var gx0 = Double.infinity, gy0 = Double.infinity, gx1 = -Double.infinity, gy1 = -Double.infinity
        for rs in rings {
            var edges: [Edge] = []
            var x0 = Double.infinity, y0 = Double.infinity, x1 = -Double.infinity, y1 = -Double.infinity
            for r in rs where r.count >= 3 {
                for k in 0..<r.count {
                    let a = r[k], b = r[(k + 1) % r.count]
                    if a == b { continue }
                    edges.append(Edge(x1: a.x, y1: a.y, x2: b.x, y2: b.y))
                    x0 = min(x0, a.x); y0 = min(y0, a.y); x1 = max(x1, a.x); y1 = max(y1, a.y)
                }
            }
            let n = max(1, min(256, edges.count / 8))
            let h = max((y1 - y0) / Double(n), 1e-9)
            var buckets = [[Edge]](repeating: [], count: n)
            for e in edges {
                let lo = max(0, min(n - 1, Int((min(e.y1, e.y2) - y0) / h)))
                let hi = max(0, min(n - 1, Int((max(e.y1, e.y2) - y0) / h)))
                for b in lo...hi { buckets[b].append(e) }
            }
            shapes.append(Shape(minX: x0, minY: y0, maxX: x1, maxY: y1, bucketHeight: h, firstBucket: bucketStart.count, bucketCount: n))
            for bucket in buckets {
                bucketStart.append(Int32(allEdges.count))
                allEdges += bucket
            }
            gx0 = min(gx0, x0); gy0 = min(gy0, y0); gx1 = max(gx1, x1); gy1 = max(gy1, y1)
        }
        bucketStart.append(Int32(allEdges.count))
        self.shapes = shapes
        self.edges = allEdges
        self.bucketStart = bucketStart
        let side = max(1, Int(Double(max(1, shapes.count)).squareRoot() * 4))
        gridMinX = gx0.isFinite ? gx0 : 0
        gridMinY = gy0.isFinite ? gy0 : 0
        cols = side; rows = side
        cellW = max((gx1 - gridMinX) / Double(side), 1e-9)
        cellH = max((gy1 - gridMinY) / Double(side), 1e-9)
        var cells = [[Int32]](repeating: [], count: side * side)
        for (i, s) in shapes.enumerated() where s.minX.isFinite {
            let c0 = max(0, Int((s.minX - gridMinX) / cellW)), c1 = min(side - 1, Int((s.maxX - gridMinX) / cellW))
            let r0 = max(0, Int((s.minY - gridMinY) / cellH)), r1 = min(side - 1, Int((s.maxY - gridMinY) / cellH))
            guard c0 <= c1, r0 <= r1 else { continue }
            for r in r0...r1 { for c in c0...c1 { cells[r * side + c].append(Int32(i)) } }
        }
        var cellStart: [Int32] = [], cellItems: [Int32] = []
        for c in cells { cellStart.append(Int32(cellItems.count)); cellItems += c }
        cellStart.append(Int32(cellItems.count))
        self.cellStart = cellStart
        self.cellItems = cellItems
    }

    /// The index of the area containing (x, y), or nil.
    @inline(__always)
    public func locate(_ x: Double, _ y: Double) -> Int? {
        guard x.isFinite, y.isFinite else { return nil }
        let fc = (x - gridMinX) / cellW, fr = (y - gridMinY) / cellH
        guard fc >= 0, fr >= 0, fc <= Double(cols), fr <= Double(rows) else { return nil }
        let cell = min(Int(fr), rows - 1) * cols + min(Int(fc), cols - 1)
        return cellItems.withUnsafeBufferPointer { items in
            for k in Int(cellStart[cell])..<Int(cellStart[cell + 1]) where contains(Int(items[k]), x, y) { return Int(items[k]) }
            return nil
        }
    }

    @inline(__always)
    func contains(_ i: Int, _ x: Double, _ y: Double) -> Bool {
        let s = shapes[i]
        guard x >= s.minX, x <= s.maxX, y >= s.minY, y <= s.maxY else { return false }
        let b = s.firstBucket + max(0, min(s.bucketCount - 1, Int((y - s.minY) / s.bucketHeight)))
        var inside = false
        edges.withUnsafeBufferPointer { es in
            for k in Int(bucketStart[b])..<Int(bucketStart[b + 1]) {
                let e = es[k]
                guard (e.y1 > y) != (e.y2 > y) else { continue }
                let xi = e.x1 + (y - e.y1) * (e.x2 - e.x1) / (e.y2 - e.y1)
                if x < xi { inside.toggle() }
            }
        }
        return inside
    }
}

/// Reads an area layer (GeoJSON) with its coordinates as they are in the file.
public enum AreaLayerReader {
    public struct Layer: Sendable {
        public var codes: [String]
        public var parents: [String?]
        public var rings: [[[Point]]]
        public var crs: CoordinateSystem
    }

    public static func read(raw: [UInt8], file: String, codeProperty: String, parentProperty: String?) throws(ImportFailure) -> Layer {
        let root: JSONValue
        do { root = try JSONScanner.parse(raw) } catch {
            throw ImportFailure(ImportIssue(file: file, line: error.line, column: error.column, expected: "gültiges JSON: \(error.message)"))
        }
        var crs = CoordinateSystem.wgs84
        if let name = root["crs"]?["properties"]?["name"]?.stringValue, let c = CoordinateSystem(identifier: name) { crs = c }
        guard let features = root["features"]?.arrayValue else {
            throw ImportFailure(ImportIssue(file: file, expected: "eine GeoJSON-FeatureCollection mit „features“"))
        }
        var layer = Layer(codes: [], parents: [], rings: [], crs: crs)
        var issues: [ImportIssue] = []
        var seen = Set<String>()
        for (n, f) in features.enumerated() {
            guard let code = f["properties"]?[codeProperty]?.textValue, !code.isEmpty else {
                issues.append(ImportIssue(file: file, columnName: codeProperty, expected: "Feature \(n + 1): die Eigenschaft „\(codeProperty)“ mit dem Gebietsschlüssel"))
                continue
            }
            guard seen.insert(code).inserted else {
                issues.append(ImportIssue(file: file, columnName: codeProperty, found: code, expected: "eindeutige Gebietsschlüssel"))
                continue
            }
            let type = f["geometry"]?["type"]?.stringValue
            let coords = f["geometry"]?["coordinates"]?.arrayValue ?? []
            func ring(_ v: JSONValue) -> [Point] {
                (v.arrayValue ?? []).compactMap { p in
                    guard let a = p.arrayValue, a.count >= 2, let x = a[0].numberValue, let y = a[1].numberValue else { return nil }
                    return Point(x, y)
                }
            }
            var rings: [[Point]] = []
            switch type {
            case "Polygon": rings = coords.map(ring)
            case "MultiPolygon": rings = coords.flatMap { ($0.arrayValue ?? []).map(ring) }
            default:
                issues.append(ImportIssue(file: file, columnName: codeProperty, found: code, expected: "Polygon oder MultiPolygon als Geometrie"))
                continue
            }
            layer.codes.append(code)
            layer.parents.append(parentProperty.flatMap { f["properties"]?[$0]?.textValue })
            layer.rings.append(rings)
        }
        if !issues.isEmpty { throw ImportFailure(issues: issues) }
        return layer
    }
}
